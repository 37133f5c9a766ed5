package io.pipewright.bench;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeCache;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RunListener;
import io.pipewright.train.Metrics;
import io.pipewright.train.TrainedModel;
import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import tech.tablesaw.api.Table;

/**
 * Trains on a generated 100,000 × 20 classification set (seeded) with Pipewright's xgboost train
 * node, Pipewright's Smile gradient boosting node, and raw xgboost4j with the same rounds, depth,
 * learning rate and threads, in one process; prints each one's time and test accuracy, and the
 * ratio of the xgboost node's time to raw xgboost4j's (best of five each, after a warm-up).
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=TrainBenchmark</pre>
 */
public final class TrainBenchmark {
    private static final int ROWS = 100_000;
    private static final int FEATURES = 20;
    private static final int ROUNDS = 100;
    private static final int DEPTH = 6;
    private static final double ETA = 0.3;

    private TrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        Path folder = Files.createDirectories(Path.of("target", "bench"));
        Path data = folder.resolve("classification-100k.csv");
        if (!Files.exists(data)) {
            write(data);
        }
        System.out.printf(Locale.US, "data: %s (%,d rows × %d features, 2 classes), %d threads, %d rounds, depth %d%n", data.getFileName(), ROWS,
                FEATURES, threads, ROUNDS, DEPTH);
        Pipeline xgboost = pipeline(data, "xgboost", "{num_round: %d, max_depth: %d, eta: %s, nthread: %d}".formatted(ROUNDS, DEPTH, ETA, threads));
        Pipeline smile = pipeline(data, "gradient_boosting", "{trees: %d, max_depth: %d, max_nodes: 64, learning_rate: %s, subsample: 1.0}"
                .formatted(ROUNDS, DEPTH, ETA));
        // the split once, shared by all: only training is timed
        var split = new PipelineRunner(new NodeCache(4), 1).run(xgboost, "split", 7, RunListener.NONE, Progress.NONE);
        DataTable trainTable = (DataTable) split.outputs().get("split").get("train");
        Table train = trainTable.table();
        Table test = ((DataTable) split.outputs().get("split").get("test")).table();

        double raw = Double.MAX_VALUE;
        double node = Double.MAX_VALUE;
        double rawAccuracy = 0;
        double nodeAccuracy = 0;
        for (int round = 0; round < 6; round++) { // the first is a warm-up; best of five
            System.gc();
            double[] rawResult = rawXgboost(train, test, threads);
            double rawSeconds = rawResult[0];
            rawAccuracy = rawResult[1];
            System.gc();
            var trained = trainNode(xgboost, trainTable);
            double nodeSeconds = trained.seconds();
            nodeAccuracy = accuracy(trained.model(), test);
            if (round > 0) {
                raw = Math.min(raw, rawSeconds);
                node = Math.min(node, nodeSeconds);
            }
        }
        var smileTrained = trainNode(smile, trainTable);
        double smileSeconds = smileTrained.seconds();
        double smileAccuracy = accuracy(smileTrained.model(), test);

        System.out.printf(Locale.US, "raw xgboost4j:                 %6.2f s, test accuracy %.4f%n", raw, rawAccuracy);
        System.out.printf(Locale.US, "Pipewright xgboost node:       %6.2f s, test accuracy %.4f%n", node, nodeAccuracy);
        System.out.printf(Locale.US, "Pipewright gradient_boosting:  %6.2f s, test accuracy %.4f (Smile, one run)%n", smileSeconds, smileAccuracy);
        System.out.printf(Locale.US, "ratio xgboost node / raw xgboost4j: %.2f (floor: at most 1.2)%n", node / raw);
    }

    private static Pipeline pipeline(Path data, String algorithm, String hyperparameters) {
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
                    params: {strategy: stratified, target: label, test: 0.2}
                  - id: train
                    type: train
                    inputs: {train: split.train}
                    params: {target: label, algorithm: %s, hyperparameters: %s}
                """.formatted(data.toAbsolutePath(), algorithm, hyperparameters);
        PipelineDocument document = PipelineFiles.parse(yaml, "bench.yaml", false);
        return new PipelineValidator(NodeCatalog.standard()).validate(document, data.toAbsolutePath().getParent(), "bench.yaml");
    }

    record Trained(TrainedModel model, double seconds) {
    }

    /**
     * Runs the pipeline's train node on the split's training rows: the node's own code (its encoding of the
     * table included), called as the engine calls it, on input that is already in memory as for raw xgboost4j.
     */
    private static Trained trainNode(Pipeline pipeline, DataTable train) throws Exception {
        var type = pipeline.types().get("train");
        var context = new NodeContext("train", pipeline.params().get("train"), Map.of("train", train), 7, pipeline.folder(), RunListener.NONE,
                Progress.NONE);
        long started = System.nanoTime();
        var outputs = type.run(context);
        return new Trained((TrainedModel) outputs.get("model"), (System.nanoTime() - started) / 1e9);
    }

    private static double accuracy(TrainedModel model, Table test) {
        int[] predicted = model.classes(test);
        int[] truth = new int[test.rowCount()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = model.labels().indexOf(test.stringColumn("label").get(i));
        }
        return Metrics.classification(truth, predicted, null, model.labels().size()).get("accuracy");
    }

    /** Training time (building its matrix included, as the node encodes its table) and test accuracy. */
    private static double[] rawXgboost(Table train, Table test, int threads) throws Exception {
        long started = System.nanoTime();
        DMatrix trainMatrix = matrix(train);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("max_depth", DEPTH);
        params.put("eta", ETA);
        params.put("nthread", threads);
        params.put("tree_method", "hist");
        params.put("seed", 7);
        params.put("verbosity", 0);
        Booster booster = XGBoost.train(trainMatrix, params, ROUNDS, Map.of(), null, null);
        double seconds = (System.nanoTime() - started) / 1e9;
        DMatrix testMatrix = matrix(test);
        float[][] predicted = booster.predict(testMatrix);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            int label = test.stringColumn("label").get(i).equals("pos") ? 1 : 0;
            right += (predicted[i][0] > 0.5 ? 1 : 0) == label ? 1 : 0;
        }
        trainMatrix.dispose();
        testMatrix.dispose();
        return new double[] {seconds, (double) right / predicted.length};
    }

    private static DMatrix matrix(Table table) throws Exception {
        int rows = table.rowCount();
        var flat = new float[rows * FEATURES];
        var labels = new float[rows];
        for (int j = 0; j < FEATURES; j++) {
            double[] column = table.numberColumn("f" + j).asDoubleArray();
            for (int i = 0; i < rows; i++) {
                flat[i * FEATURES + j] = (float) column[i];
            }
        }
        var label = table.stringColumn("label");
        for (int i = 0; i < rows; i++) {
            labels[i] = label.get(i).equals("pos") ? 1 : 0;
        }
        var matrix = new DMatrix(flat, rows, FEATURES, Float.NaN);
        matrix.setLabel(labels);
        return matrix;
    }

    /** Twenty numeric features; the class depends on a few of them, non-linearly, with noise. */
    private static void write(Path file) throws java.io.IOException {
        var random = new Random(11);
        try (var out = Files.newBufferedWriter(file)) {
            var header = new StringBuilder();
            for (int j = 0; j < FEATURES; j++) {
                header.append('f').append(j).append(',');
            }
            out.write(header + "label\n");
            var row = new double[FEATURES];
            for (int i = 0; i < ROWS; i++) {
                var line = new StringBuilder();
                for (int j = 0; j < FEATURES; j++) {
                    row[j] = random.nextGaussian();
                    line.append(String.format(Locale.ROOT, "%.4f", row[j])).append(',');
                }
                double score = row[0] * row[1] + Math.sin(row[2] * 2) + 0.5 * row[3] - 0.7 * Math.abs(row[4]) + 0.6 * random.nextGaussian();
                out.write(line.append(score > 0 ? "pos" : "neg").append('\n').toString());
            }
        }
    }
}
