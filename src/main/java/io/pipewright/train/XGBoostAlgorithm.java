package io.pipewright.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost through its Java API, trained a round at a time: each round's train and validation
 * metrics reach the listener (learning curves), cancellation is noticed between rounds, and with
 * validation rows training stops when the validation metric has not improved for
 * {@code early_stopping_rounds}. Hyperparameter names are XGBoost's own. The model is stored in
 * XGBoost's UBJSON format, never as Java objects.
 */
final class XGBoostAlgorithm implements Algorithm {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(XGBoostAlgorithm.class);

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public String description() {
        return "XGBoost gradient boosting (native library, histogram trees)";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(
                Hyperparameter.integer("num_round", 200, 1, 100_000, "boosting rounds"),
                Hyperparameter.real("eta", 0.1, 1e-4, 1, "learning rate"),
                Hyperparameter.integer("max_depth", 6, 1, 64, "maximum depth of a tree"),
                Hyperparameter.real("min_child_weight", 1, 0, 1e6, "minimum sum of instance weight in a child"),
                Hyperparameter.real("subsample", 1, 0.05, 1, "share of rows sampled for each tree"),
                Hyperparameter.real("colsample_bytree", 1, 0.05, 1, "share of columns sampled for each tree"),
                Hyperparameter.real("lambda", 1, 0, 1e6, "L2 regularisation of leaf weights"),
                Hyperparameter.real("alpha", 0, 0, 1e6, "L1 regularisation of leaf weights"),
                Hyperparameter.real("gamma", 0, 0, 1e6, "minimum loss reduction to split"),
                Hyperparameter.choice("booster", "gbtree", List.of("gbtree", "dart"), "tree booster"),
                Hyperparameter.choice("tree_method", "hist", List.of("hist", "approx", "exact"), "tree construction algorithm"),
                Hyperparameter.choice("device", "cpu", List.of("cpu", "cuda"), "where the trees are built: cpu, or cuda (an NVIDIA GPU, with tree_method hist)"),
                Hyperparameter.integer("nthread", 0, 0, 1024, "threads; 0 for all cores"),
                Hyperparameter.integer("early_stopping_rounds", 0, 0, 10_000, "stop when the validation metric has not improved for this many rounds; 0 never"));
    }

    /** As every algorithm checks, and a GPU builds histogram trees only (XGBoost's exact method has no CUDA version). */
    @Override
    public Map<String, Object> check(Map<String, Object> given) {
        Map<String, Object> checked = Algorithm.super.check(given);
        if ("cuda".equals(checked.get("device")) && !"hist".equals(checked.get("tree_method"))) {
            throw new IllegalArgumentException("hyperparameter device cuda needs tree_method hist, not '" + checked.get("tree_method") + "'");
        }
        return checked;
    }

    @Override
    public Estimator fit(Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed, TrainingListener listener) {
        if ("cuda".equals(params.get("device"))) {
            XGBoostCuda.requireAvailable();
        }
        try {
            var booster = new HashMap<String, Object>();
            String metric;
            if (task == Task.REGRESSION) {
                booster.put("objective", "reg:squarederror");
                metric = "rmse";
            } else if (train.classCount() == 2) {
                booster.put("objective", "binary:logistic");
                metric = "logloss";
            } else {
                booster.put("objective", "multi:softprob");
                booster.put("num_class", train.classCount());
                metric = "mlogloss";
            }
            booster.put("eval_metric", metric);
            for (String name : List.of("eta", "max_depth", "min_child_weight", "subsample", "colsample_bytree", "lambda", "alpha", "gamma",
                    "booster", "tree_method", "device")) {
                booster.put(name, params.get(name));
            }
            long threads = (Long) params.get("nthread");
            booster.put("nthread", threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
            booster.put("seed", seed);
            booster.put("verbosity", 0);
            int rounds = ((Long) params.get("num_round")).intValue();
            int patience = ((Long) params.get("early_stopping_rounds")).intValue();

            DMatrix trainMatrix = matrix(train);
            DMatrix validMatrix = valid == null ? null : matrix(valid);
            var watches = new LinkedHashMap<String, DMatrix>();
            watches.put("train", trainMatrix);
            if (validMatrix != null) {
                watches.put("valid", validMatrix);
            }
            Booster model = XGBoost.train(trainMatrix, booster, 0, watches, null, null);
            DMatrix[] sets = watches.values().toArray(DMatrix[]::new);
            String[] names = watches.keySet().toArray(String[]::new);
            double best = Double.POSITIVE_INFINITY;
            int bestRound = 0;
            int every = Math.max(1, rounds / 25);
            String key = metric.equals("rmse") ? "rmse" : "log_loss";
            for (int round = 0; round < rounds; round++) {
                if (listener.cancelled()) {
                    throw new io.pipewright.work.CancelledException();
                }
                model.update(trainMatrix, round);
                // the learning curve gets about 25 points: evaluating every round cost a third of the training
                // time; early stopping still watches the validation rows every round
                boolean curvePoint = round % every == every - 1 || round == rounds - 1;
                Map<String, Double> metrics;
                if (curvePoint) {
                    metrics = parse(model.evalSet(sets, names, round), key);
                } else if (patience > 0 && validMatrix != null) {
                    metrics = parse(model.evalSet(new DMatrix[] {validMatrix}, new String[] {"valid"}, round), key);
                } else {
                    metrics = Map.of();
                }
                listener.iteration(round + 1, rounds, metrics);
                Double watched = metrics.get("valid_" + key);
                if (patience > 0 && watched != null) {
                    if (watched < best) {
                        best = watched;
                        bestRound = round;
                    } else if (round - bestRound >= patience) {
                        break;
                    }
                }
            }
            trainMatrix.dispose();
            if (validMatrix != null) {
                validMatrix.dispose();
            }
            return new XGBoostEstimator(model, null, task, train.classCount());
        } catch (XGBoostError e) {
            throw failure("train", e);
        }
    }

    /**
     * XGBoost's native error in our words: its reason without the time stamp, the source file of the
     * native library and the stack of native frames (all of which stay in the log).
     */
    static IllegalStateException failure(String doing, XGBoostError e) {
        LOG.info("XGBoost could not {}: {}", doing, e.getMessage());
        return new IllegalStateException("XGBoost could not " + doing + ": " + reason(e), e);
    }

    /** The first line of XGBoost's message, less "[12:00:00] /path/file.cc:123: " and "Check failed: expression: ". */
    static String reason(XGBoostError e) {
        String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("").strip();
        first = first.replaceFirst("^\\[[^\\]]*\\]\\s*", "").replaceFirst("^\\S+\\.(cc|h|cu|cuh|cpp|hpp):\\d+:\\s*", "");
        if (first.startsWith("Check failed: ") && first.indexOf(": ", "Check failed: ".length()) > 0) {
            first = first.substring(first.indexOf(": ", "Check failed: ".length()) + 2);
        }
        first = first.replace("`", "'").strip();
        return first.isEmpty() ? "no reason given" : first;
    }

    /** "[3]\ttrain-logloss:0.41\tvalid-logloss:0.45" as {train_log_loss: 0.41, valid_log_loss: 0.45}. */
    static Map<String, Double> parse(String evaluation, String key) {
        var metrics = new LinkedHashMap<String, Double>();
        for (String part : evaluation.split("\t")) {
            int colon = part.lastIndexOf(':');
            int dash = part.indexOf('-');
            if (colon > 0 && dash > 0 && dash < colon) {
                metrics.put(part.substring(0, dash) + "_" + key, Double.parseDouble(part.substring(colon + 1)));
            }
        }
        return metrics;
    }

    private static DMatrix matrix(TrainingData data) throws XGBoostError {
        int rows = data.rows();
        int columns = rows == 0 ? 0 : data.x()[0].length;
        var flat = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                flat[i * columns + j] = (float) data.x()[i][j];
            }
        }
        var matrix = new DMatrix(flat, rows, columns, Float.NaN);
        double[] target = data.targetAsDouble();
        var labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (float) target[i];
        }
        matrix.setLabel(labels);
        return matrix;
    }

    @Override
    public Estimator load(Task task, int classCount, byte[] payload) {
        try {
            return new XGBoostEstimator(XGBoost.loadModel(payload), payload, task, classCount);
        } catch (XGBoostError | java.io.IOException e) {
            LOG.info("XGBoost could not read a model payload of {} bytes: {}", payload.length, e.getMessage());
            throw new IllegalArgumentException("its XGBoost model cannot be read (damaged, or not a model this Pipewright's XGBoost wrote);"
                    + " it was not loaded", e);
        }
    }

    /** The booster; its UBJSON bytes are made when the artifact is written (bytes is null until then, for a fresh model). */
    private static final class XGBoostEstimator implements Estimator {
        private final Booster booster;
        private final Task task;
        private final int classCount;
        private byte[] bytes;

        XGBoostEstimator(Booster booster, byte[] bytes, Task task, int classCount) {
            this.booster = booster;
            this.bytes = bytes;
            this.task = task;
            this.classCount = classCount;
        }

        private float[][] raw(double[][] x) {
            try {
                int columns = x.length == 0 ? 0 : x[0].length;
                var flat = new float[x.length * columns];
                for (int i = 0; i < x.length; i++) {
                    for (int j = 0; j < columns; j++) {
                        flat[i * columns + j] = (float) x[i][j];
                    }
                }
                var matrix = new DMatrix(flat, x.length, columns, Float.NaN);
                try {
                    return booster.predict(matrix);
                } finally {
                    matrix.dispose();
                }
            } catch (XGBoostError e) {
                throw failure("predict", e);
            }
        }

        @Override
        public double[][] probabilities(double[][] x) {
            float[][] predicted = raw(x);
            var result = new double[x.length][classCount];
            for (int i = 0; i < x.length; i++) {
                if (classCount == 2) {
                    result[i][1] = predicted[i][0];
                    result[i][0] = 1 - predicted[i][0];
                } else {
                    for (int k = 0; k < classCount; k++) {
                        result[i][k] = predicted[i][k];
                    }
                }
            }
            return result;
        }

        @Override
        public double[] predict(double[][] x) {
            float[][] predicted = raw(x);
            var result = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                result[i] = predicted[i][0];
            }
            return result;
        }

        @Override
        public synchronized byte[] payload() {
            if (bytes == null) {
                try {
                    bytes = booster.toByteArray("ubj");
                } catch (XGBoostError e) {
                    throw failure("save the model", e);
                }
            }
            return bytes.clone();
        }
    }

}
