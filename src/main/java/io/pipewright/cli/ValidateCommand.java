package io.pipewright.cli;

import io.pipewright.data.DatasetReader;
import io.pipewright.quality.Suite;
import io.pipewright.quality.SuiteException;
import io.pipewright.quality.ValidationHtml;
import io.pipewright.quality.ValidationOptions;
import io.pipewright.quality.ValidationReport;
import io.pipewright.quality.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = {"Validate a dataset against a suite of expectations (see 'pipewright suite generate').",
    "Prints a summary; exit code 0 when the suite passes, 1 when it fails, 2 for a suite or file that cannot be used."})
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    PipewrightCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = {"CSV, TSV, JSON, JSON Lines, Parquet or ARFF (text formats may be .gz),",
        "or a database: jdbc:postgresql://HOST[:PORT]/DATABASE or jdbc:h2:… with --table or --query."})
    String file;

    @picocli.CommandLine.Mixin
    private SourceOptions database = new SourceOptions();

    @Option(names = "--suite", paramLabel = "SUITE", required = true, description = "The suite (YAML).")
    Path suiteFile;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the report as JSON to OUT ('-' for stdout, instead of the summary).")
    String json;

    @Option(names = "--html", paramLabel = "OUT", description = "Write a self-contained HTML report to OUT.")
    Path html;

    @Option(names = "--threshold", paramLabel = "F", description = "The issue fraction allowed, 0 to 1 (default: the suite's, else 0.001).")
    Double threshold;

    @Option(names = "--na", paramLabel = "TOKEN", split = ",", description = "Values that mean missing, besides empty fields (e.g. NA,NULL).")
    List<String> naTokens = List.of();

    @Option(names = "--threads", paramLabel = "N", description = "Parsing threads (default: the number of cores).")
    Integer threads;

    @Override
    public Integer call() {
        Suite suite = Suite.read(suiteFile);
        var options = ValidationOptions.defaults().withThreshold(threshold);
        if (threads != null) {
            options = options.withThreads(threads);
        }
        var reader = database.reader(file, root).naTokens(naTokens);
        ValidationReport report;
        var bar = new ProgressLine(spec.commandLine().getErr(), reader.name());
        try {
            report = Validator.validate(reader, suite, options, bar);
        } catch (SuiteException e) {
            throw Suite.locate(suiteFile, e);
        } finally {
            bar.done();
        }
        ValidationReport validated = report;
        DatasetVersionRecorder.recordReads(root, store -> new io.pipewright.track.DatasetVersions(store).recordValidated(validated, java.time.Instant.now()), spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        ReportFiles.write(out, json, html, validated::toJson, validated::writeJson, file -> ValidationHtml.write(validated, file));
        if (!"-".equals(json)) {
            summary(report, out);
        }
        return report.passed() ? Cli.OK : Cli.FAILED;
    }

    private static void summary(ValidationReport report, PrintWriter out) {
        int width = Math.max(11, report.results().stream().mapToInt(result -> result.id().length()).max().orElse(0));
        out.printf(Locale.US, "%-" + width + "s  %-6s  %10s  %9s  %s%n", "expectation", "status", "failing", "fraction", "first example");
        for (ValidationReport.Result result : report.failingFirst()) {
            String first = result.examples().isEmpty() ? (result.passed() || result.message() == null ? "" : result.message())
                    : "line " + result.examples().get(0).line() + ": " + clip(result.examples().get(0).value());
            out.printf(Locale.US, "%-" + width + "s  %-6s  %,10d  %9s  %s%n", result.id(), result.passed() ? "pass" : "FAIL", result.failing(),
                    percent(result.fraction()), first);
        }
        out.printf(Locale.US, "%s: %s against %s: %d of %d expectations failed; issue fraction %s (%,d of %,d rows), threshold %s%n",
                report.passed() ? "PASSED" : "FAILED", io.pipewright.data.DatabaseSource.nameIn(report.dataset().path()), report.suite(), report.failures().size(),
                report.results().size(), percent(report.issueFraction()), report.failingRows(), report.dataset().rows(), percent(report.threshold()));
    }

    private static String percent(double fraction) {
        double percent = fraction * 100;
        return String.format(Locale.US, percent != 0 && percent < 0.01 ? "%.4f %%" : "%.2f %%", percent);
    }

    private static String clip(String value) {
        return value == null ? "" : value.length() > 60 ? value.substring(0, 57) + "..." : value;
    }
}
