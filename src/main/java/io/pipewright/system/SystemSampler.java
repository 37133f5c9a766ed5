package io.pipewright.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Samples the machine while work runs, on a daemon thread, once per interval:
 * <ul>
 *   <li>{@code cpu_percent} (the machine), {@code process_cpu_percent} (this process), {@code cpu<i>_percent} per core;</li>
 *   <li>{@code memory_used_mb}, {@code memory_total_mb}, {@code rss_mb} (this process, resident);</li>
 *   <li>{@code heap_used_mb}, {@code heap_committed_mb}, {@code gc_ms} (collection time since the last sample), {@code threads};</li>
 *   <li>per NVIDIA GPU, where {@code nvidia-smi} answers: {@code gpu<i>_percent}, {@code gpu<i>_memory_mb},
 *       {@code gpu<i>_memory_total_mb}, {@code gpu<i>_temperature_c}, {@code gpu<i>_power_w}.</li>
 * </ul>
 * Each sample goes to a {@link Listener} with its step (seconds since the start). Without a GPU, or
 * without {@code nvidia-smi}, there are no GPU series, and {@link GpuProbe#absence()} says why.
 */
public final class SystemSampler implements AutoCloseable {
    /** Hears the samples (on the sampler's thread). */
    public interface Listener {
        void sample(long step, Map<String, Double> values);
    }

    private final Thread thread;
    private final java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);

    private SystemSampler(long intervalMillis, Listener listener, GpuProbe gpu) {
        long started = System.nanoTime();
        var machine = new Machine();
        thread = new Thread(() -> {
            try {
                do {
                    long step = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                    listener.sample(step, machine.sample(gpu));
                } while (!stop.await(intervalMillis, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pipewright-system-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling every {@code intervalMillis}; close to stop. */
    public static SystemSampler start(long intervalMillis, Listener listener) {
        return new SystemSampler(intervalMillis, listener, new GpuProbe(GpuProbe.NVIDIA_SMI));
    }

    /** One sample, now (per-core loads and GC time need two samples, so they are absent here). */
    public static Map<String, Double> sampleNow() {
        return new Machine().sample(new GpuProbe(GpuProbe.NVIDIA_SMI));
    }

    /**
     * Stops sampling. The thread is told, not interrupted: a listener may be writing to the store
     * (a run's recorder flushes from this thread), and an interrupt in the middle of an H2 write
     * closes the store's file channel. It waits for a sample in progress, so that no sample
     * arrives after it returns (a run's last write is then its own).
     */
    @Override
    public void close() {
        stop.countDown();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The machine and this process, read through OSHI and the JVM's own beans; loads are over the time since the last sample. */
    static final class Machine {
        private final oshi.hardware.CentralProcessor processor;
        private final oshi.hardware.GlobalMemory memory;
        private final oshi.software.os.OSProcess process;
        private long[][] ticks;
        private long gcMillis = -1;

        Machine() {
            oshi.hardware.CentralProcessor cpu = null;
            oshi.hardware.GlobalMemory mem = null;
            oshi.software.os.OSProcess self = null;
            try {
                var system = new oshi.SystemInfo();
                cpu = system.getHardware().getProcessor();
                mem = system.getHardware().getMemory();
                self = system.getOperatingSystem().getCurrentProcess();
                ticks = cpu.getProcessorCpuLoadTicks();
            } catch (RuntimeException | LinkageError e) {
                // a platform OSHI does not know: the JVM's figures below still come
            }
            processor = cpu;
            memory = mem;
            process = self;
        }

        Map<String, Double> sample(GpuProbe gpu) {
            var values = new LinkedHashMap<String, Double>();
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                double cpu = os.getCpuLoad();
                double own = os.getProcessCpuLoad();
                if (cpu >= 0) {
                    values.put("cpu_percent", 100 * cpu);
                }
                if (own >= 0) {
                    values.put("process_cpu_percent", 100 * own);
                }
                long total = os.getTotalMemorySize();
                values.put("memory_used_mb", (total - os.getFreeMemorySize()) / 1048576.0);
                values.put("memory_total_mb", total / 1048576.0);
            }
            if (processor != null && ticks != null) {
                double[] loads = processor.getProcessorCpuLoadBetweenTicks(ticks);
                ticks = processor.getProcessorCpuLoadTicks();
                for (int i = 0; i < loads.length; i++) {
                    values.put("cpu" + i + "_percent", 100 * Math.max(0, loads[i]));
                }
            }
            if (process != null && process.updateAttributes()) {
                values.put("rss_mb", process.getResidentMemory() / 1048576.0);
            }
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            values.put("heap_used_mb", heap.getUsed() / 1048576.0);
            values.put("heap_committed_mb", heap.getCommitted() / 1048576.0);
            long collected = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                collected += Math.max(0, collector.getCollectionTime());
            }
            if (gcMillis >= 0) {
                values.put("gc_ms", (double) (collected - gcMillis));
            }
            gcMillis = collected;
            values.put("threads", (double) ManagementFactory.getThreadMXBean().getThreadCount());
            values.putAll(gpu.read());
            return values;
        }
    }

    /** nvidia-smi, asked once per sample while it answers; after a failure it is not asked again, and {@link #absence()} says why. */
    public static final class GpuProbe {
        static final List<String> NVIDIA_SMI = List.of("nvidia-smi",
                "--query-gpu=utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw", "--format=csv,noheader,nounits");
        private static final String[] SERIES = {"percent", "memory_mb", "memory_total_mb", "temperature_c", "power_w"};

        private final List<String> command;
        private volatile String absence;

        GpuProbe(List<String> command) {
            this.command = command;
        }

        /** Why there are no GPU series ("nvidia-smi was not found"), or null while GPUs answer (or before the first sample). */
        public String absence() {
            return absence;
        }

        /** Whether this machine has an NVIDIA GPU that nvidia-smi reports; the reason otherwise, through {@link #absence()}. */
        public static GpuProbe probe() {
            var probe = new GpuProbe(NVIDIA_SMI);
            probe.read();
            return probe;
        }

        /**
         * One line per GPU, "87, 40536, 81559, 64, 312.5" (utilisation %, memory used and total MiB,
         * temperature °C, power W), as gpu0_percent, gpu0_memory_mb, …; a "[N/A]" field is left out,
         * and a line that is not five fields is not a GPU.
         */
        static Map<String, Double> parse(List<String> lines) {
            var values = new LinkedHashMap<String, Double>();
            int index = 0;
            for (String line : lines) {
                String[] parts = line.split(",");
                if (parts.length != SERIES.length) {
                    continue;
                }
                var gpu = new LinkedHashMap<String, Double>();
                for (int k = 0; k < SERIES.length; k++) {
                    try {
                        gpu.put("gpu" + index + "_" + SERIES[k], Double.parseDouble(parts[k].trim()));
                    } catch (NumberFormatException e) {
                        // "[N/A]" or "[Not Supported]" on some boards: that series is simply missing
                    }
                }
                if (!gpu.isEmpty() || parts[0].trim().startsWith("[")) {
                    values.putAll(gpu);
                    index++;
                }
            }
            return values;
        }

        Map<String, Double> read() {
            var values = new LinkedHashMap<String, Double>();
            if (absence != null) {
                return values;
            }
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                List<String> lines;
                try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    lines = new ArrayList<>(reader.lines().toList());
                }
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    absence = "nvidia-smi did not answer within 5 seconds";
                } else if (process.exitValue() != 0) {
                    absence = "no GPU detected (nvidia-smi: " + (lines.isEmpty() ? "exit " + process.exitValue() : lines.get(0).trim()) + ")";
                } else {
                    values.putAll(parse(lines));
                    if (values.isEmpty()) {
                        absence = lines.isEmpty() ? "no GPU detected (nvidia-smi lists none)" : "no GPU detected (nvidia-smi said: " + lines.get(0).trim() + ")";
                    }
                }
            } catch (IOException e) {
                absence = "no GPU detected (" + command.get(0) + " was not found)";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return values;
        }
    }
}
