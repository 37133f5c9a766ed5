package io.pipewright.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemSamplerTest {

    @Test
    void nvidiaSmiLinesBecomeOneSeriesPerGpu() {
        Map<String, Double> parsed = SystemSampler.GpuProbe.parse(List.of("87, 40536", "0, [N/A]", "garbage"));
        assertThat(parsed).containsOnlyKeys("gpu0_percent", "gpu0_memory_mb", "gpu1_percent");
        assertThat(parsed.get("gpu0_percent")).isEqualTo(87.0);
        assertThat(parsed.get("gpu0_memory_mb")).isEqualTo(40536.0);
        assertThat(parsed.get("gpu1_percent")).isZero();
    }

    @Test
    void samplesMemoryAndCpuUntilClosed() throws InterruptedException {
        List<Map<String, Double>> samples = Collections.synchronizedList(new ArrayList<>());
        try (var sampler = SystemSampler.start(50, (step, values) -> samples.add(values))) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (samples.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        int seen = samples.size();
        Thread.sleep(200);
        assertThat(samples.size()).as("no samples after close").isLessThanOrEqualTo(seen + 1);
        assertThat(seen).isGreaterThanOrEqualTo(4);
        Map<String, Double> last = samples.get(samples.size() - 1);
        assertThat(last.get("heap_used_mb")).isPositive();
        assertThat(last.get("memory_used_mb")).isPositive().isLessThanOrEqualTo(last.get("memory_total_mb"));
        samples.forEach(sample -> {
            if (sample.containsKey("cpu_percent")) {
                assertThat(sample.get("cpu_percent")).isBetween(0.0, 100.0);
            }
            sample.keySet().stream().filter(key -> key.startsWith("gpu")).forEach(key -> assertThat(sample.get(key)).isNotNegative());
        });
    }
}
