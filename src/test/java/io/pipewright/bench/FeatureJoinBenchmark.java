package io.pipewright.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The point-in-time join of {@code pipewright features join} (the built jar, a whole process) against DuckDB's
 * {@code ASOF LEFT JOIN} of the same files in the same run: time and peak resident memory, alternated, medians.
 * Arguments: ENTITY_ROWS (default 1,000,000), FEATURE_ROWS (default 10,000,000), PAIRS (default 3). The floor: at
 * most 3× DuckDB's time. Run: {@code mvn -q test-compile exec:exec -Dbench=FeatureJoinBenchmark} after
 * {@code mvn package -DskipTests}.
 */
public final class FeatureJoinBenchmark {
    static final double TIME_FLOOR = 3.0;
    private static final LocalDateTime START = LocalDateTime.of(2026, 1, 1, 0, 0);

    private FeatureJoinBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long entityRows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        long featureRows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path jar = Path.of("target", "pipewright.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the jar first: mvn -B package -DskipTests");
        }
        Path folder = Files.createDirectories(Path.of("target", "bench", "features"));
        long customers = Math.max(1, featureRows / 10);
        Path features = folder.resolve("customer_stats-" + featureRows + ".csv");
        Path entities = folder.resolve("entities-" + entityRows + ".csv");
        if (!Files.isRegularFile(features)) {
            writeFeatures(features, featureRows, customers);
        }
        if (!Files.isRegularFile(entities)) {
            writeEntities(entities, entityRows, customers);
        }
        Path view = folder.resolve("customer_stats.yaml");
        Files.writeString(view, """
                name: customer_stats
                entities: [customer_id]
                timestamp: event_time
                source: %s
                ttl: 30d
                features: [spend, orders, segment]
                """.formatted(features.getFileName()));
        String java = ProcessHandle.current().info().command().orElse("java");
        Path home = Files.createTempDirectory("pipewright-bench");
        List<String> pipewright = List.of(java, "-jar", jar.toString(), "--home", home.toString(), "features", "join", entities.toString(),
                "--view", view.toString(), "--out", folder.resolve("joined-pipewright.csv").toString());
        List<String> duckdb = List.of(java, "-cp", System.getProperty("java.class.path"), DuckDbAsofJoin.class.getName(), entities.toString(),
                features.toString(), folder.resolve("joined-duckdb.csv").toString());
        System.out.printf(Locale.US, "entities: %,d rows (%.0f MB); features: %,d rows of %,d customers (%.0f MB); %d cores, load average %s%n",
                entityRows, Files.size(entities) / 1e6, featureRows, customers, Files.size(features) / 1e6,
                Runtime.getRuntime().availableProcessors(), ProfileBenchmark.loadAverage());
        ProfileBenchmark.run(duckdb); // untimed: warms the page cache and extracts DuckDB's native library
        var duck = new ArrayList<ProfileBenchmark.Measure>();
        var ours = new ArrayList<ProfileBenchmark.Measure>();
        for (int i = 0; i < pairs; i++) {
            ours.add(ProfileBenchmark.run(pipewright));
            duck.add(ProfileBenchmark.run(duckdb));
            System.out.printf(Locale.US, "pair %d: DuckDB %.2f s %.0f MB, pipewright %.2f s %.0f MB%n", i + 1, duck.get(i).seconds(),
                    duck.get(i).peakBytes() / 1e6, ours.get(i).seconds(), ours.get(i).peakBytes() / 1e6);
        }
        double duckTime = ProfileBenchmark.median(duck.stream().mapToDouble(ProfileBenchmark.Measure::seconds).toArray());
        double ourTime = ProfileBenchmark.median(ours.stream().mapToDouble(ProfileBenchmark.Measure::seconds).toArray());
        double duckPeak = ProfileBenchmark.median(duck.stream().mapToDouble(ProfileBenchmark.Measure::peakBytes).toArray());
        double ourPeak = ProfileBenchmark.median(ours.stream().mapToDouble(ProfileBenchmark.Measure::peakBytes).toArray());
        System.out.printf(Locale.US, "DuckDB ASOF JOIN:         median %.2f s, peak RSS %.0f MB (median of %d)%n", duckTime, duckPeak / 1e6, pairs);
        System.out.printf(Locale.US, "pipewright features join: median %.2f s, peak RSS %.0f MB (median of %d)%n", ourTime, ourPeak / 1e6, pairs);
        System.out.printf(Locale.US, "time ratio pipewright/duckdb: %.2f (floor: at most %.1f) %s%n", ourTime / duckTime, TIME_FLOOR,
                ourTime / duckTime <= TIME_FLOOR ? "met" : "NOT MET");
        System.out.printf(Locale.US, "peak RSS ratio pipewright/duckdb: %.2f%n", ourPeak / duckPeak);
    }

    /** Feature rows of customers in random order (late rows), at whole minutes over a year, some at the same time. */
    private static void writeFeatures(Path file, long rows, long customers) throws IOException {
        var random = new SplittableRandom(7);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("customer_id,event_time,spend,orders,segment\n");
            String[] segments = {"bronze", "silver", "gold", "platinum"};
            for (long i = 0; i < rows; i++) {
                out.write(Long.toString(random.nextLong(customers)));
                out.write(',');
                out.write(START.plusMinutes(random.nextInt(365 * 24 * 60)).toString());
                out.write(',');
                out.write(Long.toString(random.nextLong(1_000_000)));
                out.write(',');
                out.write(Integer.toString(random.nextInt(50)));
                out.write(',');
                out.write(segments[random.nextInt(segments.length)]);
                out.write('\n');
            }
        }
    }

    private static void writeEntities(Path file, long rows, long customers) throws IOException {
        var random = new SplittableRandom(11);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("customer_id,event_time,label\n");
            for (long i = 0; i < rows; i++) {
                out.write(Long.toString(random.nextLong(customers + customers / 10)));
                out.write(',');
                out.write(START.plusMinutes(random.nextInt(400 * 24 * 60)).toString());
                out.write(',');
                out.write(Integer.toString(random.nextInt(2)));
                out.write('\n');
            }
        }
    }
}
