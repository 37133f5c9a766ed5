package io.pipewright.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times {@code pipewright profile} against DuckDB's {@code SUMMARIZE} on the same generated CSV, each
 * as a whole process (JVM start included for both), best of five alternating runs, and prints the ratio. Then
 * profiles a 10-million-row file with {@code -Xmx512m} and reports the peak memory.
 *
 * <pre>mvn -B -q package -DskipTests && mvn -q test-compile exec:exec -Dbench=ProfileBenchmark</pre>
 * (arguments, when run directly: rows of the compared file, rows of the big file, 0 to skip it)
 */
public final class ProfileBenchmark {
    private ProfileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        long bigRows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
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

        System.out.printf(Locale.US, "data: %s (%,d rows, %.1f MB), %d cores%n", data, rows, Files.size(data) / 1e6,
                Runtime.getRuntime().availableProcessors());
        run(duckdb); // warm the page cache and DuckDB's native library extraction
        run(pipewright);
        // alternate the two, so that a slow spell of the machine hits both alike; keep each one's best
        double duck = Double.MAX_VALUE;
        double ours = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            duck = Math.min(duck, run(duckdb));
            ours = Math.min(ours, run(pipewright));
        }
        System.out.printf(Locale.US, "DuckDB SUMMARIZE:      %.2f s%n", duck);
        System.out.printf(Locale.US, "pipewright profile:    %.2f s%n", ours);
        System.out.printf(Locale.US, "ratio pipewright/duckdb: %.2f (floor: at most 1.5)%n", ours / duck);

        if (bigRows > 0) {
            Path big = BenchData.ensure(folder, bigRows);
            var command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar.toString(), "--home", home.toString(), "profile",
                    big.toString(), "--json", folder.resolve("profile-big.json").toString()));
            var started = System.nanoTime();
            Process process = new ProcessBuilder(command).inheritIO().start();
            long peak = 0;
            while (process.isAlive()) {
                peak = Math.max(peak, rss(process.pid()));
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.US, "10M rows with -Xmx512m: exit %d in %.1f s (%.1f MB, peak RSS %.0f MB)%n", process.exitValue(), seconds,
                    Files.size(big) / 1e6, peak / 1e6);
        }
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static double run(List<String> command) throws Exception {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
