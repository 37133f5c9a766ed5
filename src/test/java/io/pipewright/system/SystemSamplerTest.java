package io.pipewright.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemSamplerTest {

    /** Recorded from nvidia-smi --query-gpu=utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits. */
    private static final String ONE_GPU = "87, 40536, 81559, 64, 312.50";
    private static final List<String> TWO_GPUS = List.of("100, 79012, 81559, 71, 698.12", "0, 4, 81559, 33, [N/A]");

    @Test
    void oneGpuBecomesFiveSeries() {
        Map<String, Double> parsed = SystemSampler.GpuProbe.parse(List.of(ONE_GPU));
        assertThat(parsed).containsExactly(Map.entry("gpu0_percent", 87.0), Map.entry("gpu0_memory_mb", 40536.0),
                Map.entry("gpu0_memory_total_mb", 81559.0), Map.entry("gpu0_temperature_c", 64.0), Map.entry("gpu0_power_w", 312.5));
    }

    @Test
    void severalGpusAreNumberedAndAMissingFieldIsLeftOut() {
        Map<String, Double> parsed = SystemSampler.GpuProbe.parse(TWO_GPUS);
        assertThat(parsed).containsEntry("gpu0_power_w", 698.12).containsEntry("gpu1_percent", 0.0).containsEntry("gpu1_temperature_c", 33.0)
                .doesNotContainKey("gpu1_power_w").hasSize(9);
    }

    @Test
    void garbageIsNoGpu() {
        assertThat(SystemSampler.GpuProbe.parse(List.of("garbage", "a, b, c, d, e", "", "1, 2"))).isEmpty();
    }

    @Test
    void aMissingBinaryAFailingDriverAndGarbageOutputEachSayWhyThereIsNoGpu() {
        var missing = new SystemSampler.GpuProbe(List.of("/nonexistent/nvidia-smi"));
        assertThat(missing.read()).isEmpty();
        assertThat(missing.absence()).isEqualTo("no GPU detected (/nonexistent/nvidia-smi was not found)");

        var driver = new SystemSampler.GpuProbe(List.of("sh", "-c",
                "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"; exit 9"));
        assertThat(driver.read()).isEmpty();
        assertThat(driver.absence()).isEqualTo("no GPU detected (nvidia-smi: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.)");

        var garbage = new SystemSampler.GpuProbe(List.of("sh", "-c", "echo 'Segmentation fault'"));
        assertThat(garbage.read()).isEmpty();
        assertThat(garbage.absence()).isEqualTo("no GPU detected (nvidia-smi said: Segmentation fault)");
        assertThat(garbage.read()).as("not asked again").isEmpty();

        var recorded = new SystemSampler.GpuProbe(List.of("sh", "-c", "printf '" + String.join("\\n", TWO_GPUS) + "\\n'"));
        assertThat(recorded.read()).containsEntry("gpu0_percent", 100.0).containsEntry("gpu1_memory_mb", 4.0);
        assertThat(recorded.absence()).isNull();
    }

    @Test
    void samplesCpuPerCoreMemoryHeapGcAndThreadsUntilClosed() throws InterruptedException {
        List<Map<String, Double>> samples = Collections.synchronizedList(new ArrayList<>());
        try (var sampler = SystemSampler.start(50, (step, values) -> samples.add(values))) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (samples.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        int seen = samples.size();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).as("the sampler's thread has ended").doesNotContain("pipewright-system-sampler");
        assertThat(samples.size()).as("no samples after close").isEqualTo(seen);
        assertThat(seen).isGreaterThanOrEqualTo(4);
        Map<String, Double> last = samples.get(samples.size() - 1);
        assertThat(last.get("heap_used_mb")).isPositive().isLessThanOrEqualTo(last.get("heap_committed_mb"));
        assertThat(last.get("memory_used_mb")).isPositive().isLessThanOrEqualTo(last.get("memory_total_mb"));
        assertThat(last.get("threads")).isGreaterThanOrEqualTo(2.0);
        assertThat(last.get("gc_ms")).isNotNegative();
        assertThat(last.get("rss_mb")).as("resident memory of this process").isPositive();
        assertThat(last).containsKey("cpu0_percent");
        samples.forEach(sample -> sample.forEach((key, value) -> {
            if (key.startsWith("cpu")) {
                assertThat(value).as(key).isBetween(0.0, 100.0);
            }
        }));
    }
}
