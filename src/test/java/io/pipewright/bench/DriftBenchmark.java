package io.pipewright.bench;

import io.pipewright.data.DatasetReader;
import io.pipewright.profile.Profiler;
import io.pipewright.quality.drift.Drift;
import io.pipewright.quality.drift.DriftOptions;
import io.pipewright.quality.drift.DriftReport;
import io.pipewright.work.Progress;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Times {@code Drift.compare} of two generated 1,000,000-row × 12-column CSVs (the profile
 * benchmark's file as the reference; the current one the same file with income, score and region
 * shifted) against {@code Profiler.profile} of the reference, in the same process, warm, best of
 * three each, alternating; prints the ratio (the budget: validation and drift together
 * under 1.5× one profile).
 *
 * <pre>
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) io.pipewright.bench.DriftBenchmark [rows]
 * </pre>
 */
public final class DriftBenchmark {
    private DriftBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Path folder = Path.of("target", "bench");
        Path reference = BenchData.ensure(folder, rows);
        Path current = shifted(reference, folder.resolve("bench-" + rows + "-shifted.csv"));
        System.out.printf(Locale.US, "reference: %s (%.1f MB), current: %s (%.1f MB), %d cores%n", reference, Files.size(reference) / 1e6, current,
                Files.size(current) / 1e6, Runtime.getRuntime().availableProcessors());
        var profiler = new Profiler();
        var profileOptions = Profiler.Options.defaults();
        var driftOptions = DriftOptions.defaults().withThreads(Runtime.getRuntime().availableProcessors());
        double profile = Double.MAX_VALUE;
        double drift = Double.MAX_VALUE;
        DriftReport report = null;
        for (int i = 0; i < 4; i++) { // the first round warms the JIT and the page cache; not counted
            long t0 = System.nanoTime();
            profiler.profile(DatasetReader.open(reference), profileOptions, new Profiler.Listener() { }, Progress.NONE);
            long t1 = System.nanoTime();
            report = Drift.compare(DatasetReader.open(reference), DatasetReader.open(current), driftOptions, Progress.NONE);
            long t2 = System.nanoTime();
            if (i > 0) {
                profile = Math.min(profile, (t1 - t0) / 1e9);
                drift = Math.min(drift, (t2 - t1) / 1e9);
            }
        }
        System.out.printf(Locale.US, "profile of the reference:        %.2f s%n", profile);
        System.out.printf(Locale.US, "drift of reference vs current:   %.2f s%n", drift);
        System.out.printf(Locale.US, "ratio drift/profile: %.2f (budget for validation and drift together: 1.5)%n", drift / profile);
        System.out.printf(Locale.US, "drifted columns: %s of %d tested; report JSON %,d bytes%n", report.driftedNames(), report.testedColumns(),
                report.toJson().length());
    }

    /** The reference with income × 1.3, score + 0.15 and a third of the regions turned to "west": three columns that drift. */
    static Path shifted(Path reference, Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return file;
        }
        var random = new Random(7);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (BufferedReader in = Files.newBufferedReader(reference, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            out.write(in.readLine());
            out.write('\n');
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",", -1);
                if (!cells[2].isEmpty()) {
                    cells[2] = String.format(Locale.ROOT, "%.2f", Double.parseDouble(cells[2]) * 1.3);
                }
                if (!cells[4].isEmpty()) {
                    cells[4] = String.format(Locale.ROOT, "%.4f", Math.min(1, Double.parseDouble(cells[4]) + 0.15));
                }
                if (random.nextInt(3) == 0) {
                    cells[9] = "west";
                }
                out.write(String.join(",", cells));
                out.write('\n');
            }
        }
        Files.move(part, file);
        return file;
    }
}
