package io.pipewright.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Times {@code java -jar pipewright.jar profile} against DuckDB's {@code SUMMARIZE} of the same generated
 * CSV, each as a whole process (JVM start included for both): one untimed run of each, then alternated
 * pairs; prints each side's median time and peak resident memory (the process's VmHWM, read every 20 ms),
 * and both ratios against their floors. Then profiles a 10-million-row file with {@code -Xmx512m} and
 * reports its time and peak memory.
 *
 * <pre>mvn -B -q package -DskipTests && mvn -q test-compile exec:exec -Dbench=ProfileBenchmark</pre>
 * Arguments, when run directly: rows of the compared file (1,000,000), rows of the big file (10,000,000;
 * 0 skips it), pairs (5). Under {@code exec:exec}, the environment variables {@code PROFILE_BENCH_BIG_ROWS}
 * and {@code PROFILE_BENCH_PAIRS} set the last two.
 */
public final class ProfileBenchmark {
    static final double TIME_FLOOR = 1.2;
    static final double MEMORY_FLOOR = 2.0;
    private static final long POLL_MILLIS = 20;

    private ProfileBenchmark() {
    }

    /** One whole process: its wall time and its peak resident set. */
    record Measure(double seconds, long peakBytes) {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        long bigRows = args.length > 1 ? Long.parseLong(args[1]) : setting("PROFILE_BENCH_BIG_ROWS", 10_000_000L);
        int pairs = (int) (args.length > 2 ? Long.parseLong(args[2]) : setting("PROFILE_BENCH_PAIRS", 5));
        Path folder = Path.of("target", "bench");
        Path jar = Path.of("target", "pipewright.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the jar first: mvn -B package -DskipTests");
        }
        Path data = BenchData.ensure(folder, rows);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path home = Files.createTempDirectory("pipewright-bench");
        List<String> pipewright = List.of(java, "-jar", jar.toString(), "--home", home.toString(), "profile", data.toString(),
                "--json", folder.resolve("profile.json").toString());
        List<String> duckdb = List.of(java, "-cp", System.getProperty("java.class.path"), DuckDbSummarize.class.getName(), data.toString());

        System.out.printf(Locale.US, "data: %s (%,d rows, %.1f MB), %d cores, load average %s%n", data, rows, Files.size(data) / 1e6,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        run(duckdb); // untimed: warms the page cache and extracts DuckDB's native library
        run(pipewright); // untimed: the store is created in the home, as a person's second run finds it
        // alternate the two, so that a slow spell of the machine hits both alike
        var duck = new ArrayList<Measure>();
        var ours = new ArrayList<Measure>();
        for (int i = 0; i < pairs; i++) {
            duck.add(run(duckdb));
            ours.add(run(pipewright));
            System.out.printf(Locale.US, "pair %d: DuckDB %.2f s %.0f MB, pipewright %.2f s %.0f MB%n", i + 1, duck.get(i).seconds(),
                    duck.get(i).peakBytes() / 1e6, ours.get(i).seconds(), ours.get(i).peakBytes() / 1e6);
        }
        double duckTime = median(duck.stream().mapToDouble(Measure::seconds).toArray());
        double ourTime = median(ours.stream().mapToDouble(Measure::seconds).toArray());
        double duckPeak = median(duck.stream().mapToDouble(Measure::peakBytes).toArray());
        double ourPeak = median(ours.stream().mapToDouble(Measure::peakBytes).toArray());
        System.out.printf(Locale.US, "DuckDB SUMMARIZE:   median %.2f s, peak RSS %.0f MB (median of %d)%n", duckTime, duckPeak / 1e6, pairs);
        System.out.printf(Locale.US, "pipewright profile: median %.2f s, peak RSS %.0f MB (median of %d)%n", ourTime, ourPeak / 1e6, pairs);
        System.out.printf(Locale.US, "time ratio pipewright/duckdb:     %.2f (floor: at most %.1f) %s%n", ourTime / duckTime, TIME_FLOOR,
                ourTime / duckTime <= TIME_FLOOR ? "met" : "NOT MET");
        System.out.printf(Locale.US, "peak RSS ratio pipewright/duckdb: %.2f (floor: at most %.1f) %s%n", ourPeak / duckPeak, MEMORY_FLOOR,
                ourPeak / duckPeak <= MEMORY_FLOOR ? "met" : "NOT MET");
        System.out.printf(Locale.US, "load average after: %s%n", loadAverage());

        if (bigRows > 0) {
            Path big = BenchData.ensure(folder, bigRows);
            var command = List.of(java, "-Xmx512m", "-jar", jar.toString(), "--home", home.toString(), "profile",
                    big.toString(), "--json", folder.resolve("profile-big.json").toString());
            Measure measure = run(command);
            System.out.printf(Locale.US, "%,d rows with -Xmx512m: %.1f s (%.1f MB), peak RSS %.0f MB%n", bigRows, measure.seconds(),
                    Files.size(big) / 1e6, measure.peakBytes() / 1e6);
        }
    }

    private static long setting(String variable, long fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", Arrays.copyOf(fields, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The process's peak resident set so far (VmHWM), 0 once it is gone. */
    private static long peakRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Runs a whole process, its output kept aside (printed when it fails), polling its peak memory every 20 ms. */
    static Measure run(List<String> command) throws Exception {
        Path output = Files.createTempFile("profile-bench", ".out");
        try {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            long peak = peakRss(process.pid());
            // waitFor returns as the process ends, so the time is not rounded up to the next poll
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                peak = Math.max(peak, peakRss(process.pid()));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(output));
            }
            return new Measure(seconds, peak);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
