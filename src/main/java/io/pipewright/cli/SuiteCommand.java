package io.pipewright.cli;

import io.pipewright.home.BuildInfo;
import io.pipewright.data.DatasetReader;
import io.pipewright.quality.Suite;
import io.pipewright.quality.SuiteGenerator;
import io.pipewright.quality.Tolerance;
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

@Command(name = "suite", description = "Validation suites: expectations per column and per table, as YAML (see 'pipewright validate').",
        subcommands = {SuiteCommand.Generate.class})
final class SuiteCommand implements Callable<Integer> {

    @ParentCommand
    PipewrightCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Cli.OK;
    }

    @Command(name = "generate", description = {"Profile a dataset and write a suite of expectations that it passes, with room for new data.",
        "Review the suite and tighten it; the tolerances below set the room."})
    static final class Generate implements Callable<Integer> {
        @ParentCommand
        SuiteCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "CSV, TSV, JSON, JSON Lines, Parquet or ARFF (text formats may be .gz).")
        Path file;

        @Option(names = "--out", paramLabel = "SUITE.yaml", required = true, description = "Where to write the suite.")
        Path out;

        @Option(names = "--na", paramLabel = "TOKEN", split = ",", description = "Values that mean missing, besides empty fields (e.g. NA,NULL).")
        List<String> naTokens = List.of();

        @Option(names = "--tolerance-range", paramLabel = "SHARE", defaultValue = "0.05",
                description = "Widen min, max and lengths by this share of the observed range (default: ${DEFAULT-VALUE}).")
        double range;

        @Option(names = "--tolerance-missing", paramLabel = "SHARE", defaultValue = "0.5",
                description = "Allow this much more missing, relatively (default: ${DEFAULT-VALUE}: 2 %% seen allows 3 %%).")
        double missing;

        @Option(names = "--tolerance-rows", paramLabel = "SHARE", defaultValue = "0.1",
                description = "Allow the row count to differ by this share (default: ${DEFAULT-VALUE}).")
        double rows;

        @Option(names = "--tolerance-mean-sigmas", paramLabel = "K", defaultValue = "4",
                description = "Allow the mean to move K standard errors (default: ${DEFAULT-VALUE}).")
        double meanSigmas;

        @Option(names = "--tolerance-stddev", paramLabel = "SHARE", defaultValue = "0.1",
                description = "Allow the standard deviation to differ by this share (default: ${DEFAULT-VALUE}).")
        double stddev;

        @Option(names = "--tolerance-categories", paramLabel = "N", defaultValue = "10",
                description = "List the allowed values of categorical columns with at most N values (default: ${DEFAULT-VALUE}).")
        int categories;

        @Override
        public Integer call() {
            var tolerance = new Tolerance(range, missing, rows, meanSigmas, stddev, categories);
            var reader = DatasetReader.open(file).naTokens(naTokens);
            PrintWriter err = spec.commandLine().getErr();
            var bar = new ProgressLine(err, file.getFileName().toString());
            SuiteGenerator.Generated generated;
            try {
                generated = SuiteGenerator.generate(reader, tolerance, bar);
            } finally {
                bar.done();
            }
            Suite suite = generated.suite();
            suite.write(out, SuiteGenerator.header(generated.profile(), tolerance, BuildInfo.load().version()));
            long expectations = suite.columns().values().stream().mapToLong(Generate::count).sum() + 2;
            spec.commandLine().getOut().printf(Locale.US, "%s: %d expectations on %d columns of %s (%,d rows)%n", out, expectations,
                    suite.columns().size(), file.getFileName(), generated.profile().rows());
            err.flush();
            return Cli.OK;
        }

        private static long count(Suite.ColumnExpectations column) {
            long n = 0;
            for (Object field : new Object[] {column.type(), column.notNull(), column.maxMissing(), column.unique(), column.min(), column.max(),
                column.mean(), column.stddev(), column.allowed(), column.regex(), column.length()}) {
                if (field != null) {
                    n++;
                }
            }
            return n;
        }
    }
}
