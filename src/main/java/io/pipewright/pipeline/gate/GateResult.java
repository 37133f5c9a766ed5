package io.pipewright.pipeline.gate;

import java.util.Map;

/**
 * One gate's verdict for a candidate: {@code name} is "baseline", "regression", "latency" or "ab"; {@code numbers}
 * are what it compared (values, thresholds, interval), {@code message} one line naming the gate, the numbers and the threshold.
 */
public record GateResult(String name, Status status, String message, Map<String, Object> numbers) {
    public enum Status { PASSED, FAILED, SKIPPED }

    public GateResult {
        numbers = numbers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(numbers));
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
