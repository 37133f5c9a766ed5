package io.pipewright.bench;

import io.pipewright.data.DatasetReader;
import io.pipewright.profile.Profiler;
import io.pipewright.quality.Suite;
import io.pipewright.quality.SuiteGenerator;
import io.pipewright.quality.Tolerance;
import io.pipewright.quality.ValidationOptions;
import io.pipewright.quality.ValidationReport;
import io.pipewright.quality.Validator;
import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times validation against profiling of the same generated CSV, in one process, best of five alternating runs after a
 * warm-up, and prints the ratio. The suite is the one {@link SuiteGenerator} makes from the file (every column typed,
 * ranges, allowed values, uniqueness of the id, means and deviations), plus a cross-column rule.
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=ValidationBenchmark</pre>
 * (argument, when run directly: rows of the file, default 1,000,000)
 */
public final class ValidationBenchmark {
    private ValidationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Path data = BenchData.ensure(Path.of("target", "bench"), rows);
        Suite generated = SuiteGenerator.generate(DatasetReader.open(data), Tolerance.defaults(), Progress.NONE).suite();
        String yaml = generated.toYaml().replace("columns:\n  id:", "  rules:\n  - name: ratio below one\n    expression: ratio <= 1\ncolumns:\n  id:");
        Suite suite = Suite.parse(yaml, "bench.suite.yaml");
        System.out.printf(Locale.US, "data: %s (%,d rows, %.1f MB), %d cores, %d expectations%n", data, rows, Files.size(data) / 1e6,
                Runtime.getRuntime().availableProcessors(), Validator.validate(DatasetReader.open(data), suite, ValidationOptions.defaults(),
                        Progress.NONE).results().size());
        double profile = Double.MAX_VALUE;
        double validate = Double.MAX_VALUE;
        ValidationReport report = null;
        for (int i = 0; i < 6; i++) {
            long started = System.nanoTime();
            new Profiler().profile(DatasetReader.open(data), Profiler.Options.defaults(), new Profiler.Listener() {
            }, Progress.NONE);
            double p = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            report = Validator.validate(DatasetReader.open(data), suite, ValidationOptions.defaults(), Progress.NONE);
            double v = (System.nanoTime() - started) / 1e9;
            if (i > 0) { // the first round warms the JIT
                profile = Math.min(profile, p);
                validate = Math.min(validate, v);
            }
        }
        System.out.printf(Locale.US, "profile:  %.2f s%n", profile);
        System.out.printf(Locale.US, "validate: %.2f s (%s, issue fraction %.5f)%n", validate, report.passed() ? "passed" : "failed", report.issueFraction());
        System.out.printf(Locale.US, "ratio validate/profile: %.2f%n", validate / profile);
    }
}
