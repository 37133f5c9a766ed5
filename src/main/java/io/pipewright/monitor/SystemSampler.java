package io.pipewright.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Samples the machine while work runs, on a daemon thread: CPU use of the machine and of this
 * process, memory in use, the Java heap in use, and, where {@code nvidia-smi} answers, each GPU's
 * utilisation and memory. Each sample goes to a {@link Listener} with its step (seconds since the
 * start). Without a GPU, or without {@code nvidia-smi}, there are simply no GPU series.
 */
public final class SystemSampler implements AutoCloseable {
    /** Hears the samples (on the sampler's thread). */
    public interface Listener {
        void sample(long step, Map<String, Double> values);
    }

    private final Thread thread;
    private volatile boolean stopped;

    private SystemSampler(long intervalMillis, Listener listener, GpuProbe gpu) {
        long started = System.nanoTime();
        thread = new Thread(() -> {
            while (!stopped) {
                long step = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                listener.sample(step, sample(gpu));
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pipewright-system-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling every {@code intervalMillis}; close to stop. */
    public static SystemSampler start(long intervalMillis, Listener listener) {
        return new SystemSampler(intervalMillis, listener, new GpuProbe());
    }

    /** One sample, now: cpu_percent, process_cpu_percent, memory_used_mb, memory_total_mb, heap_used_mb, and gpu{i}_percent, gpu{i}_memory_mb. */
    public static Map<String, Double> sampleNow() {
        return sample(new GpuProbe());
    }

    private static Map<String, Double> sample(GpuProbe gpu) {
        var values = new LinkedHashMap<String, Double>();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double cpu = os.getCpuLoad();
            double process = os.getProcessCpuLoad();
            if (cpu >= 0) {
                values.put("cpu_percent", 100 * cpu);
            }
            if (process >= 0) {
                values.put("process_cpu_percent", 100 * process);
            }
            long total = os.getTotalMemorySize();
            values.put("memory_used_mb", (total - os.getFreeMemorySize()) / 1048576.0);
            values.put("memory_total_mb", total / 1048576.0);
        }
        values.put("heap_used_mb", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
        values.putAll(gpu.read());
        return values;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }

    /** nvidia-smi, asked once per sample while it answers; after a failure it is not asked again. */
    static final class GpuProbe {
        /** "87, 40536" per GPU (utilisation %, memory MiB) as gpu0_percent, gpu0_memory_mb, …; "[N/A]" fields are left out. */
        static Map<String, Double> parse(java.util.List<String> lines) {
            var values = new LinkedHashMap<String, Double>();
            int index = 0;
            for (String line : lines) {
                String[] parts = line.split(",");
                if (parts.length != 2) {
                    continue;
                }
                String[] names = {"gpu" + index + "_percent", "gpu" + index + "_memory_mb"};
                for (int k = 0; k < 2; k++) {
                    try {
                        values.put(names[k], Double.parseDouble(parts[k].trim()));
                    } catch (NumberFormatException e) {
                        // "[N/A]" on some boards: that series is simply missing
                    }
                }
                index++;
            }
            return values;
        }

        private boolean absent;

        Map<String, Double> read() {
            var values = new LinkedHashMap<String, Double>();
            if (absent) {
                return values;
            }
            try {
                Process process = new ProcessBuilder("nvidia-smi", "--query-gpu=utilization.gpu,memory.used", "--format=csv,noheader,nounits")
                        .redirectErrorStream(true).start();
                try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    values.putAll(parse(lines.lines().toList()));
                }
                if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    absent = true;
                    values.clear();
                }
            } catch (IOException e) {
                absent = true;
                values.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return values;
        }
    }
}
