package io.pipewright.bench;

import io.pipewright.data.DatasetReader;
import io.pipewright.profile.Profiler;
import io.pipewright.quality.Suite;
import io.pipewright.quality.SuiteGenerator;
import io.pipewright.quality.Tolerance;
import io.pipewright.quality.ValidationOptions;
import io.pipewright.quality.ValidationReport;
import io.pipewright.quality.Validator;
import io.pipewright.quality.drift.Drift;
import io.pipewright.quality.drift.DriftOptions;
import io.pipewright.quality.drift.DriftReport;
import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Quality workspace's speed budget: validation of a new 1,000,000-row × 12-column CSV against
 * the suite generated from the reference (plus a cross-column rule), and drift of the new file
 * against the reference, together against a profile of one file. The new file is the benchmark file
 * with income, score and region shifted. In one process, rounds alternating, the best of five after
 * a warm-up round; prints each time and the ratio (the budget is 1.5).
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=QualityBenchmark</pre>
 * (argument, when run directly: rows of the files, default 1,000,000)
 */
public final class QualityBenchmark {
    private QualityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Path folder = Path.of("target", "bench");
        Path reference = BenchData.ensure(folder, rows);
        Path current = BenchData.shifted(reference, folder.resolve("bench-" + rows + "-shifted.csv"));
        Suite generated = SuiteGenerator.generate(DatasetReader.open(reference), Tolerance.defaults(), Progress.NONE).suite();
        Suite suite = Suite.parse(generated.toYaml().replace("columns:\n  id:", "  rules:\n  - name: ratio below one\n    expression: ratio <= 1\n"
                + "columns:\n  id:"), "bench.suite.yaml");
        System.out.printf(Locale.US, "reference %s (%.1f MB), current %s (%.1f MB), %,d rows each, %d cores%n", reference, Files.size(reference) / 1e6,
                current, Files.size(current) / 1e6, rows, Runtime.getRuntime().availableProcessors());
        var driftOptions = DriftOptions.defaults();
        double profile = Double.MAX_VALUE;
        double validation = Double.MAX_VALUE;
        double drift = Double.MAX_VALUE;
        ValidationReport validated = null;
        DriftReport drifted = null;
        for (int round = 0; round < 6; round++) { // round 0 warms the JIT and the page cache
            long t0 = System.nanoTime();
            new Profiler().profile(DatasetReader.open(reference), Profiler.Options.defaults(), new Profiler.Listener() {
            }, Progress.NONE);
            long t1 = System.nanoTime();
            validated = Validator.validate(DatasetReader.open(current), suite, ValidationOptions.defaults(), Progress.NONE);
            long t2 = System.nanoTime();
            drifted = Drift.compare(DatasetReader.open(reference), DatasetReader.open(current), driftOptions, Progress.NONE);
            long t3 = System.nanoTime();
            if (round > 0) {
                profile = Math.min(profile, (t1 - t0) / 1e9);
                validation = Math.min(validation, (t2 - t1) / 1e9);
                drift = Math.min(drift, (t3 - t2) / 1e9);
            }
        }
        System.out.printf(Locale.US, "profile of the reference:          %.2f s%n", profile);
        System.out.printf(Locale.US, "validation of the current:         %.2f s  (%d expectations, %d failed, issue fraction %.4f)%n", validation,
                validated.results().size(), validated.failures().size(), validated.issueFraction());
        System.out.printf(Locale.US, "drift of reference vs current:     %.2f s  (drifted: %s; report %,d bytes)%n", drift, drifted.driftedNames(),
                drifted.toJson().length());
        System.out.printf(Locale.US, "ratios to the profile: validation %.2f, drift %.2f, together %.2f (budget 1.5)%n", validation / profile,
                drift / profile, (validation + drift) / profile);
    }
}
