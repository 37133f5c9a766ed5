package io.pipewright.pipeline.gate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every gate's result for one candidate ({@code NAME:VERSION}) against the alias's holder ({@code NAME:VERSION},
 * null when the alias named none), judged on {@code metric} over {@code rows} rows of {@code holdout} (a description:
 * which table or file). Stored as JSON with the alias event it allowed or refused.
 */
public record GateEvidence(String candidate, String holder, String metric, String holdout, long rows, List<GateResult> gates) {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public GateEvidence {
        gates = List.copyOf(gates);
    }

    /** No gate failed. */
    @JsonIgnore
    public boolean passed() {
        return gates.stream().noneMatch(GateResult::failed);
    }

    /** The failed gates' messages on one line ("; " between them), or null when every gate passed. */
    @JsonIgnore
    public String failureLine() {
        return passed() ? null : gates.stream().filter(GateResult::failed).map(GateResult::message).collect(Collectors.joining("; "));
    }

    /** The gate of this name, or null. */
    public GateResult gate(String name) {
        return gates.stream().filter(gate -> gate.name().equals(name)).findFirst().orElse(null);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("gate evidence cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Evidence read back from {@link #toJson()}; a text that is not evidence is refused in words. */
    public static GateEvidence fromJson(String json) {
        try {
            return JSON.readValue(json, GateEvidence.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not gate evidence: " + io.pipewright.work.JsonErrors.describe(e), e);
        }
    }
}
