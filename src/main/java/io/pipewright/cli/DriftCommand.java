package io.pipewright.cli;

import io.pipewright.data.DatabaseSource;
import io.pipewright.data.DatasetException;
import io.pipewright.quality.drift.Drift;
import io.pipewright.quality.drift.DriftHtml;
import io.pipewright.quality.drift.DriftOptions;
import io.pipewright.quality.drift.DriftReport;
import io.pipewright.track.DatasetVersions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "drift", description = {"Compare a current dataset with a reference one, column by column: the test Evidently would choose "
        + "(KS, chi-squared, Z, Wasserstein or Jensen–Shannon), PSI, and whether the dataset drifted.",
    "CURRENT may be a request-log folder of 'pipewright serve'. Exit 0 whether or not drift is found, 2 on bad input."})
final class DriftCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    PipewrightCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REFERENCE", description = {"The dataset to compare against (CSV, TSV, JSON, JSON Lines, Parquet, ARFF),",
        "or a database (jdbc:postgresql://… or jdbc:h2:… with --table or --query)."})
    private String reference;

    @Parameters(index = "1", paramLabel = "CURRENT", description = {"The new data: a dataset file, a request-log folder (requests*.jsonl),",
        "or a database (--table or --query is read from each jdbc: argument)."})
    private String current;

    @picocli.CommandLine.Mixin
    private SourceOptions database = new SourceOptions();

    @Option(names = "--json", paramLabel = "OUT", description = "Write the report as JSON to OUT ('-' for stdout).")
    private String json;

    @Option(names = "--html", paramLabel = "OUT", description = "Write a self-contained HTML report to OUT.")
    private Path html;

    @Option(names = "--target", paramLabel = "COL", description = "Report this column's drift apart (target drift), outside the drift share.")
    private String target;

    @Option(names = "--drift-share", paramLabel = "SHARE", defaultValue = "0.5",
            description = "Share of tested columns that must drift for the dataset to drift (default: ${DEFAULT-VALUE}).")
    private double driftShare;

    @Option(names = "--skip", paramLabel = "COL", split = ",", description = "Columns to leave out (e.g. ids).")
    private List<String> skip = List.of();

    @Option(names = "--threads", paramLabel = "N", description = "Parsing threads (default: the number of cores, at most 8).")
    private Integer threads;

    @Override
    public Integer call() {
        DriftOptions options;
        try {
            options = DriftOptions.defaults().withDriftShare(driftShare).withTarget(target).withSkip(skip);
            if (threads != null) {
                options = options.withThreads(threads);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        database.refuseUnlessADatabaseIn(List.of(reference, current));
        for (String argument : List.of(reference, current)) {
            if (!DatabaseSource.isDatabase(argument) && !Files.exists(Path.of(argument))) {
                throw new DatasetException(argument + ": no such file or folder");
            }
        }
        if (!DatabaseSource.isDatabase(reference) && Files.isDirectory(Path.of(reference))) {
            throw new DatasetException(reference + ": the reference must be a dataset file, not a folder");
        }
        var referenceReader = reader(reference);
        var currentReader = reader(current);
        PrintWriter err = spec.commandLine().getErr();
        var bar = new ProgressLine(err, referenceReader.name() + " vs " + currentReader.name());
        DriftReport report;
        try {
            report = Drift.compare(referenceReader, currentReader, options, bar);
        } finally {
            bar.done();
        }
        DatasetVersionRecorder.recordReads(root, store -> new DatasetVersions(store).recordDriftSides(report, java.time.Instant.now()), err);
        PrintWriter out = spec.commandLine().getOut();
        ReportFiles.write(out, json, html, report::toJson, report::writeJson, file -> DriftHtml.write(report, file));
        if (!"-".equals(json)) {
            table(report, out);
        }
        return Cli.OK;
    }

    /** A database argument's reader, or a file's (or request-log folder's) as drift reads them. */
    private io.pipewright.data.DatasetReader reader(String argument) {
        return DatabaseSource.isDatabase(argument) ? database.reader(argument, root) : Drift.reader(Path.of(argument));
    }

    private static void table(DriftReport report, PrintWriter out) {
        out.printf(Locale.ROOT, "%-24s %-15s %12s %10s %-11s %10s %-12s %s%n", "column", "test", "statistic", "p-value", "threshold", "PSI", "band",
                "drifted");
        for (var column : report.columns()) {
            row(out, column, "");
        }
        if (report.target() != null) {
            row(out, report.target(), " (target)");
        }
        for (var skipped : report.skipped()) {
            out.printf(Locale.ROOT, "%-24s not tested: %s%n", fit(skipped.name()), skipped.reason());
        }
        var schema = report.schema();
        if (!schema.onlyInReference().isEmpty()) {
            out.println("only in the reference: " + String.join(", ", schema.onlyInReference()));
        }
        if (!schema.onlyInCurrent().isEmpty()) {
            out.println("only in the current data: " + String.join(", ", schema.onlyInCurrent()));
        }
        for (var mismatch : schema.typeMismatches()) {
            out.printf(Locale.ROOT, "type mismatch: %s is %s in the reference, %s in the current data (%.1f%% of its values do not fit)%n",
                    mismatch.column(), mismatch.reference(), mismatch.current(), mismatch.invalidShare() * 100);
        }
        out.println(report.headline());
    }

    /** The p-value sits beside the threshold it is compared with; a distance has none, and its threshold says so. */
    private static void row(PrintWriter out, DriftReport.ColumnDrift column, String suffix) {
        out.printf(Locale.ROOT, "%-24s %-15s %12s %10s %-11s %10.4f %-12s %s%s%n", fit(column.name()), column.test(), number(column.statistic()),
                column.pValue() == null ? "–" : number(column.pValue()), column.thresholdText(), column.psi(), column.psiBand(),
                column.drifted() ? "yes" : "no", suffix);
    }

    private static String fit(String name) {
        return name.length() <= 24 ? name : name.substring(0, 23) + "…";
    }

    private static String number(double v) {
        if (v == Double.MAX_VALUE) {
            return "inf";
        }
        return Math.abs(v) >= 1e5 || (v != 0 && Math.abs(v) < 1e-3) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
