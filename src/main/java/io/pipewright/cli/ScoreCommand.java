package io.pipewright.cli;

import io.pipewright.serve.BatchScorer;
import io.pipewright.serve.Predictor;
import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "score", description = {"Score a dataset file of any size with a model, in bounded memory: the output has the input's columns, "
        + "then prediction, then p_<class> per class for a classifier.", "Exit 2 when the model or the input cannot be read."})
final class ScoreCommand implements Callable<Integer> {
    @ParentCommand
    private PipewrightCommand root;

    @Spec
    private CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    private ServeCommand.Source source;

    @Option(names = "--input", paramLabel = "IN", required = true, description = "The rows to score (CSV, TSV, JSON, JSON Lines, Parquet, ARFF).")
    private Path input;

    @Option(names = "--output", paramLabel = "OUT", required = true, description = "Where to write the scored rows.")
    private Path output;

    @Option(names = "--format", paramLabel = "csv|jsonl|parquet", description = "The output's format (default: from OUT's extension, else csv).")
    private String format;

    @Override
    public Integer call() {
        Predictor predictor = ServeCommand.load(source, root);
        var err = spec.commandLine().getErr();
        String name = output.toString().toLowerCase(Locale.ROOT);
        var chosen = format != null ? parse(format) : name.endsWith(".jsonl") ? BatchScorer.Format.JSONL
                : name.endsWith(".parquet") ? BatchScorer.Format.PARQUET : BatchScorer.Format.CSV;
        // a line every few seconds on stderr: how far through the input, how many rows so far
        var progress = new Progress() {
            private long last = System.nanoTime();

            @Override
            public void update(long done, long total, String message) {
                if (System.nanoTime() - last > 3_000_000_000L) {
                    last = System.nanoTime();
                    err.printf(Locale.US, "  %s (%.0f %% of %s)%n", message, total > 0 ? 100.0 * done / total : 0, input.getFileName());
                    err.flush();
                }
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        BatchScorer.Summary summary = new BatchScorer(predictor).score(input, output, chosen, progress);
        err.printf(Locale.US, "scored %,d rows in %.1f s (%,.0f rows/s) into %s%n", summary.rows(), summary.seconds(), summary.rowsPerSecond(), output);
        return Cli.OK;
    }

    private static BatchScorer.Format parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "csv" -> BatchScorer.Format.CSV;
            case "jsonl" -> BatchScorer.Format.JSONL;
            case "parquet" -> BatchScorer.Format.PARQUET;
            default -> throw new IllegalArgumentException("--format: expected csv, jsonl or parquet, not '" + text + "'");
        };
    }
}
