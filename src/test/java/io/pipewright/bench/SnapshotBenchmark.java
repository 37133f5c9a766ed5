package io.pipewright.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code datasets commit} of a large CSV and of a second version with 1 % of its rows changed (scattered at random),
 * as whole processes of the built jar, against {@code gzip -1} of the same files (what keeping a copy of each would
 * take) in the same run: seconds and bytes stored; then a checkout of the second version, compared byte for byte.
 * Run after {@code mvn package}: {@code mvn -q test-compile exec:exec -Dbench=SnapshotBenchmark} (1 GB), or with the test class path,
 * {@code java -cp … io.pipewright.bench.SnapshotBenchmark MB} for another size.
 */
public final class SnapshotBenchmark {
    private static final Pattern STORED = Pattern.compile("\"storedBytes\" : (\\d+)");

    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        Path dir = Files.createTempDirectory("pipewright-snapshot-bench");
        try {
            Path v1 = dir.resolve("orders.csv");
            Path v2 = dir.resolve("orders-2.csv");
            long rows = write(v1, v2, megabytes << 20);
            System.out.printf(Locale.ROOT, "files: %,d rows, %s and %s (1 %% of the rows changed, scattered)%n", rows, mb(Files.size(v1)), mb(Files.size(v2)));
            Path home = dir.resolve("home");
            long[] first = commit(home, v1);
            long[] second = commit(home, v2);
            long[] gzipFirst = gzip(v1, dir.resolve("v1.gz"));
            long[] gzipSecond = gzip(v2, dir.resolve("v2.gz"));
            System.out.printf(Locale.ROOT, "commit 1: %.1f s, %s stored | gzip -1: %.1f s, %s%n", first[0] / 1e9, mb(first[1]), gzipFirst[0] / 1e9, mb(gzipFirst[1]));
            System.out.printf(Locale.ROOT, "commit 2: %.1f s, %s stored (%.2f %% of the first's) | gzip -1: %.1f s, %s%n", second[0] / 1e9, mb(second[1]),
                    100.0 * second[1] / first[1], gzipSecond[0] / 1e9, mb(gzipSecond[1]));
            System.out.printf(Locale.ROOT, "ratios against gzip -1: time %.2f and %.2f; bytes %.2f and %.3f%n", (double) first[0] / gzipFirst[0],
                    (double) second[0] / gzipSecond[0], (double) first[1] / gzipFirst[1], (double) second[1] / gzipSecond[1]);
            Path out = dir.resolve("checked-out.csv");
            long started = System.nanoTime();
            run(home, "datasets", "checkout", "orders@2", "--out", out.toString());
            long checkout = System.nanoTime() - started;
            System.out.printf(Locale.ROOT, "checkout 2: %.1f s, identical: %s%n", checkout / 1e9, Files.mismatch(out, v2) == -1);
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static long write(Path v1, Path v2, long bytes) throws IOException {
        var random = new SplittableRandom(42);
        var changes = new SplittableRandom(43);
        long rows = 0;
        long written = 0;
        String[] countries = {"DE", "FR", "NL", "PL", "IT", "ES"};
        try (BufferedWriter a = Files.newBufferedWriter(v1, StandardCharsets.UTF_8); BufferedWriter b = Files.newBufferedWriter(v2, StandardCharsets.UTF_8)) {
            String header = "id,customer,placed,amount,country,paid,note\n";
            a.write(header);
            b.write(header);
            while (written < bytes) {
                rows++;
                long customer = random.nextLong(1_000_000);
                String placed = "2026-" + String.format(Locale.ROOT, "%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
                double amount = random.nextInt(10_000_000) / 100.0;
                String country = countries[random.nextInt(countries.length)];
                boolean paid = random.nextBoolean();
                String note = "n" + Long.toString(random.nextLong(1L << 40), 36);
                String line = rows + ",c" + customer + "," + placed + "," + amount + "," + country + "," + paid + "," + note + "\n";
                a.write(line);
                if (changes.nextInt(100) == 0) {
                    b.write(rows + ",c" + customer + "," + placed + "," + (amount + 1) + "," + country + "," + paid + "," + note + "\n");
                } else {
                    b.write(line);
                }
                written += line.length();
            }
        }
        return rows;
    }

    /** Nanoseconds and bytes stored by one {@code datasets commit}, as a process of the built jar. */
    private static long[] commit(Path home, Path file) throws Exception {
        long started = System.nanoTime();
        String out = run(home, "datasets", "commit", file.toString(), "--name", "orders", "--layer", "bronze", "--key", "id", "--json");
        long elapsed = System.nanoTime() - started;
        Matcher stored = STORED.matcher(out);
        if (!stored.find()) {
            throw new IllegalStateException("no storedBytes in: " + out);
        }
        return new long[] {elapsed, Long.parseLong(stored.group(1))};
    }

    private static long[] gzip(Path file, Path out) throws Exception {
        long started = System.nanoTime();
        Process process = new ProcessBuilder("gzip", "-1", "-c", file.toString()).redirectOutput(out.toFile()).redirectErrorStream(false).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("gzip failed");
        }
        return new long[] {System.nanoTime() - started, Files.size(out)};
    }

    private static String run(Path home, String... args) throws Exception {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", Path.of("target/pipewright.jar").toString(),
                "--home", home.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
