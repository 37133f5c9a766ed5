package io.pipewright.bench;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeCache;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RunListener;
import io.pipewright.train.Algorithms;
import io.pipewright.train.SearchSpace;
import io.pipewright.train.Task;
import io.pipewright.train.Trainer;
import io.pipewright.train.Tuner;
import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What proposing in batches costs TPE: on the credit sample (the stratified split's training rows fit
 * the trials, its validation rows score them on ROC AUC), the best objective of a study whose TPE
 * trials are proposed in constant-liar batches of 4 (as a workflow running 4 trials at a time proposes
 * them) against sequential TPE, the same number of trials, over several seeds; prints each seed's pair,
 * both means and the mean difference with its standard error.
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=TuneBenchmark</pre>
 * (or {@code java -cp … io.pipewright.bench.TuneBenchmark TRIALS SEEDS BATCH}; the defaults are 30, 10 and 4)
 */
public final class TuneBenchmark {
    private TuneBenchmark() {
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path data = Path.of("sample-data", "credit", "credit.csv").toAbsolutePath();
        String yaml = """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: bench
                seed: 7
                nodes:
                  - id: read
                    type: read
                    params: {path: %s}
                  - id: split
                    type: split
                    inputs: {table: read.table}
                    params: {strategy: stratified, target: default, test: 0.2, valid: 0.2}
                """.formatted(data);
        PipelineDocument document = PipelineFiles.parse(yaml, "bench.yaml", false);
        Pipeline pipeline = new PipelineValidator(NodeCatalog.standard()).validate(document, data.getParent(), "bench.yaml");
        var split = new PipelineRunner(new NodeCache(4), 1).run(pipeline, "split", 7, RunListener.NONE, Progress.NONE);
        var train = ((DataTable) split.outputs().get("split").get("train")).table();
        var valid = ((DataTable) split.outputs().get("split").get("valid")).table();
        var xgboost = Algorithms.find("xgboost").orElseThrow();
        SearchSpace space = SearchSpace.parse(Map.of(
                "max_depth", Map.of("int", List.of(1, 8)),
                "eta", Map.of("float", List.of(0.01, 0.5), "log", true),
                "min_child_weight", Map.of("float", List.of(0.5, 20.0), "log", true),
                "subsample", Map.of("float", List.of(0.5, 1.0)),
                "colsample_bytree", Map.of("float", List.of(0.5, 1.0))), xgboost);
        var request = new Trainer.Request("default", "xgboost", Map.of("num_round", 50, "nthread", 1), Task.CLASSIFICATION, List.of("applicant_id"),
                7, null, List.of(), null);
        System.out.printf(Locale.US, "credit sample: %d training rows, %d validation rows; TPE, %d trials (10 random start-up), ROC AUC,"
                + " xgboost 50 rounds; batches of %d against sequential, %d seeds%n", train.rowCount(), valid.rowCount(), trials, batch, seeds);
        double sumSequential = 0;
        double sumBatched = 0;
        double[] differences = new double[seeds];
        long started = System.nanoTime();
        for (int seed = 1; seed <= seeds; seed++) {
            double sequential = best(train, valid, request, space, new Tuner.Settings("tpe", trials, "roc_auc", "none", 1, 5, seed));
            double batched = best(train, valid, request, space, new Tuner.Settings("tpe", trials, "roc_auc", "none", batch, 5, seed));
            System.out.printf(Locale.US, "  seed %2d: sequential %.4f, batches of %d %.4f, difference %+.4f%n", seed, sequential, batch, batched,
                    batched - sequential);
            sumSequential += sequential;
            sumBatched += batched;
            differences[seed - 1] = batched - sequential;
        }
        double mean = (sumBatched - sumSequential) / seeds;
        double variance = 0;
        for (double difference : differences) {
            variance += (difference - mean) * (difference - mean);
        }
        double standardError = seeds > 1 ? Math.sqrt(variance / (seeds - 1) / seeds) : Double.NaN;
        System.out.printf(Locale.US, "best ROC AUC, mean over %d seeds: sequential %.4f, batches of %d %.4f; difference %+.4f (standard error %.4f)"
                + " in %.0f s%n", seeds, sumSequential / seeds, batch, sumBatched / seeds, mean, standardError, (System.nanoTime() - started) / 1e9);
    }

    private static double best(tech.tablesaw.api.Table train, tech.tablesaw.api.Table valid, Trainer.Request request, SearchSpace space,
                               Tuner.Settings settings) {
        return Tuner.run(train, valid, request, space, settings, Tuner.Observer.NONE).best().value();
    }
}
