package io.pipewright.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import smile.base.cart.SplitRule;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;
import smile.math.MathEx;

/**
 * Random forest, gradient boosting and logistic regression from Smile 2.6 (pure Java). Their models
 * are stored with Java serialization, read back through {@link PayloadObjects}: an allow-list of Smile's
 * and the JDK's plain data types, with bounds on what the stream may claim.
 */
final class SmileAlgorithms {
    private SmileAlgorithms() {
    }

    static List<Algorithm> all() {
        return List.of(new RandomForest(), new GradientBoosting(), new Logistic());
    }

    static String[] names(int width) {
        var names = new String[width];
        for (int j = 0; j < width; j++) {
            names[j] = "f" + j;
        }
        return names;
    }

    static DataFrame frame(TrainingData data, boolean classification) {
        DataFrame features = DataFrame.of(data.x(), names(data.x().length == 0 ? 0 : data.x()[0].length));
        return classification ? features.merge(IntVector.of("y", data.classes())) : features.merge(DoubleVector.of("y", data.values()));
    }

    static byte[] serialize(Serializable model) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The object a payload holds, read through {@link PayloadObjects}' allow-list and limits. */
    static Object deserialize(byte[] payload) {
        return PayloadObjects.read(payload);
    }

    /** The schema of features f0..fn, one instance per width. */
    private static final java.util.concurrent.ConcurrentHashMap<Integer, smile.data.type.StructType> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One schema object per width: a model's formula binds to the schema of the rows it predicts and
     * binds again when it meets another schema object, which a fresh frame per call made it do every
     * time (most of a served row's allocation).
     */
    static smile.data.type.StructType schema(int width) {
        return SCHEMAS.computeIfAbsent(width, w -> smile.data.type.DataTypes.struct(java.util.Arrays.stream(names(w))
                .map(name -> new smile.data.type.StructField(name, smile.data.type.DataTypes.DoubleType)).toList()));
    }

    /** A Smile model over rows of features f0..fn. */
    record FrameEstimator(Object model, int classCount, int width) implements Estimator {
        @Override
        public double[][] probabilities(double[][] x) {
            var schema = schema(width);
            var result = new double[x.length][classCount];
            for (int i = 0; i < x.length; i++) {
                smile.data.Tuple row = smile.data.Tuple.of(x[i], schema);
                if (model instanceof smile.classification.RandomForest forest) {
                    forest.predict(row, result[i]);
                } else {
                    ((smile.classification.GradientTreeBoost) model).predict(row, result[i]);
                }
            }
            return result;
        }

        @Override
        public double[] predict(double[][] x) {
            var schema = schema(width);
            var result = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                smile.data.Tuple row = smile.data.Tuple.of(x[i], schema);
                result[i] = model instanceof smile.regression.RandomForest forest ? forest.predict(row)
                        : ((smile.regression.GradientTreeBoost) model).predict(row);
            }
            return result;
        }

        @Override
        public byte[] payload() {
            var out = new ByteArrayOutputStream();
            out.writeBytes(java.nio.ByteBuffer.allocate(8).putInt(classCount).putInt(width).array());
            out.writeBytes(serialize((Serializable) model));
            return out.toByteArray();
        }

        static FrameEstimator read(byte[] payload) {
            if (payload.length < 8) {
                throw new IllegalArgumentException("the model payload is too short to be a Smile model (" + payload.length + " bytes)");
            }
            var header = java.nio.ByteBuffer.wrap(payload, 0, 8);
            int classes = header.getInt();
            int width = header.getInt();
            Object model = deserialize(java.util.Arrays.copyOfRange(payload, 8, payload.length));
            if (!(model instanceof smile.classification.RandomForest || model instanceof smile.classification.GradientTreeBoost
                    || model instanceof smile.regression.RandomForest || model instanceof smile.regression.GradientTreeBoost)) {
                throw new IllegalArgumentException("the model payload holds a " + model.getClass().getName() + ", not a tree model");
            }
            return new FrameEstimator(model, classes, width);
        }
    }

    /** Accuracy (classification) or RMSE (regression) on the validation rows after each tree: a learning curve. */
    private static void curve(int[][] byTrees, TrainingData valid, TrainingListener listener) {
        for (int t = 0; t < byTrees.length; t++) {
            long right = 0;
            for (int i = 0; i < byTrees[t].length; i++) {
                right += byTrees[t][i] == valid.classes()[i] ? 1 : 0;
            }
            listener.iteration(t + 1, byTrees.length, Map.of("valid_accuracy", (double) right / Math.max(1, byTrees[t].length)));
        }
    }

    private static void curve(double[][] byTrees, TrainingData valid, TrainingListener listener) {
        for (int t = 0; t < byTrees.length; t++) {
            double sum = 0;
            for (int i = 0; i < byTrees[t].length; i++) {
                double error = byTrees[t][i] - valid.values()[i];
                sum += error * error;
            }
            listener.iteration(t + 1, byTrees.length, Map.of("valid_rmse", Math.sqrt(sum / Math.max(1, byTrees[t].length))));
        }
    }

    static final class RandomForest implements Algorithm {
        @Override
        public String name() {
            return "random_forest";
        }

        @Override
        public String description() {
            return "Random forest (Smile): bagged decision trees on random feature subsets";
        }

        @Override
        public Set<Task> tasks() {
            return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
        }

        @Override
        public List<Hyperparameter> hyperparameters() {
            return List.of(
                    Hyperparameter.integer("trees", 200, 1, 5000, "number of trees"),
                    Hyperparameter.integer("max_depth", 20, 1, 1000, "maximum depth of a tree"),
                    Hyperparameter.integer("max_nodes", 0, 0, 1_000_000, "maximum leaves of a tree; 0 for rows / 5"),
                    Hyperparameter.integer("min_node_size", 0, 0, 100_000, "minimum rows in a leaf; 0 for 1 (classification) or 5 (regression)"),
                    Hyperparameter.real("mtry", 0, 0, 1, "share of features tried at each split; 0 for √p (classification) or p/3 (regression)"),
                    Hyperparameter.real("subsample", 1.0, 0.1, 1, "share of rows each tree is grown on (with replacement when 1)"));
        }

        @Override
        public Estimator fit(Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed, TrainingListener listener) {
            int p = train.x()[0].length;
            int trees = ((Long) params.get("trees")).intValue();
            int depth = ((Long) params.get("max_depth")).intValue();
            int maxNodes = ((Long) params.get("max_nodes")).intValue();
            int nodeSize = ((Long) params.get("min_node_size")).intValue();
            double share = (Double) params.get("mtry");
            double subsample = (Double) params.get("subsample");
            if (maxNodes == 0) {
                maxNodes = Math.max(2, train.rows() / 5);
            }
            // Smile seeds a tree's generator only for a seed above 1 (any other leaves the worker thread's
            // generator as the last tree left it, so the forest would depend on which thread built which tree)
            LongStream seeds = LongStream.range(0, trees).map(t -> (Seeds.stream(seed, t) >>> 2) + 2);
            DataFrame frame = frame(train, task == Task.CLASSIFICATION);
            Object model;
            if (task == Task.CLASSIFICATION) {
                int mtry = share > 0 ? Math.max(1, (int) Math.round(share * p)) : Math.max(1, (int) Math.floor(Math.sqrt(p)));
                var forest = smile.classification.RandomForest.fit(Formula.lhs("y"), frame, trees, mtry, SplitRule.GINI, depth, maxNodes,
                        nodeSize == 0 ? 1 : nodeSize, subsample, null, seeds);
                if (valid != null) {
                    curve(forest.test(DataFrame.of(valid.x(), names(p)).merge(IntVector.of("y", valid.classes()))), valid, listener);
                }
                model = forest;
            } else {
                int mtry = share > 0 ? Math.max(1, (int) Math.round(share * p)) : Math.max(1, p / 3);
                var forest = smile.regression.RandomForest.fit(Formula.lhs("y"), frame, trees, mtry, depth, maxNodes,
                        nodeSize == 0 ? 5 : nodeSize, subsample, seeds);
                if (valid != null) {
                    curve(forest.test(DataFrame.of(valid.x(), names(p)).merge(DoubleVector.of("y", valid.values()))), valid, listener);
                }
                model = forest;
            }
            return new FrameEstimator(model, train.classCount(), p);
        }

        @Override
        public Estimator load(Task task, int classCount, byte[] payload) {
            return FrameEstimator.read(payload);
        }
    }

    static final class GradientBoosting implements Algorithm {
        @Override
        public String name() {
            return "gradient_boosting";
        }

        @Override
        public String description() {
            return "Gradient tree boosting (Smile)";
        }

        @Override
        public Set<Task> tasks() {
            return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
        }

        @Override
        public List<Hyperparameter> hyperparameters() {
            return List.of(
                    Hyperparameter.integer("trees", 300, 1, 10_000, "number of boosting rounds"),
                    Hyperparameter.integer("max_depth", 6, 1, 100, "maximum depth of a tree"),
                    Hyperparameter.integer("max_nodes", 6, 2, 10_000, "maximum leaves of a tree"),
                    Hyperparameter.integer("min_node_size", 5, 1, 100_000, "minimum rows in a leaf"),
                    Hyperparameter.real("learning_rate", 0.05, 1e-4, 1, "shrinkage of each tree's contribution"),
                    Hyperparameter.real("subsample", 0.7, 0.1, 1, "share of rows each tree is fitted on"));
        }

        @Override
        public Estimator fit(Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed, TrainingListener listener) {
            int p = train.x()[0].length;
            int trees = ((Long) params.get("trees")).intValue();
            int depth = ((Long) params.get("max_depth")).intValue();
            int maxNodes = ((Long) params.get("max_nodes")).intValue();
            int nodeSize = ((Long) params.get("min_node_size")).intValue();
            double rate = (Double) params.get("learning_rate");
            double subsample = (Double) params.get("subsample");
            MathEx.setSeed(seed); // Smile's row sampling draws from this thread's generator
            Object model;
            if (task == Task.CLASSIFICATION) {
                var boosted = smile.classification.GradientTreeBoost.fit(Formula.lhs("y"), frame(train, true), trees, depth, maxNodes, nodeSize,
                        rate, subsample);
                if (valid != null) {
                    curve(boosted.test(DataFrame.of(valid.x(), names(p)).merge(IntVector.of("y", valid.classes()))), valid, listener);
                }
                model = boosted;
            } else {
                var boosted = smile.regression.GradientTreeBoost.fit(Formula.lhs("y"), frame(train, false), smile.base.cart.Loss.ls(), trees,
                        depth, maxNodes, nodeSize, rate, subsample);
                if (valid != null) {
                    curve(boosted.test(DataFrame.of(valid.x(), names(p)).merge(DoubleVector.of("y", valid.values()))), valid, listener);
                }
                model = boosted;
            }
            return new FrameEstimator(model, train.classCount(), p);
        }

        @Override
        public Estimator load(Task task, int classCount, byte[] payload) {
            return FrameEstimator.read(payload);
        }
    }

    static final class Logistic implements Algorithm {
        @Override
        public String name() {
            return "logistic_regression";
        }

        @Override
        public String description() {
            return "Logistic regression (Smile), L2-regularised, binary or multinomial";
        }

        @Override
        public Set<Task> tasks() {
            return Set.of(Task.CLASSIFICATION);
        }

        @Override
        public List<Hyperparameter> hyperparameters() {
            return List.of(
                    Hyperparameter.real("lambda", 0.1, 0, 1e6, "L2 regularisation strength"),
                    Hyperparameter.real("tolerance", 1e-5, 1e-12, 1, "convergence tolerance"),
                    Hyperparameter.integer("max_iter", 500, 1, 100_000, "maximum iterations (L-BFGS)"));
        }

        @Override
        public Estimator fit(Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed, TrainingListener listener) {
            var scaler = Standardizer.fit(train.x());
            var model = smile.classification.LogisticRegression.fit(scaler.apply(train.x()), train.classes(), (Double) params.get("lambda"),
                    (Double) params.get("tolerance"), ((Long) params.get("max_iter")).intValue());
            return new LogisticEstimator(model, scaler, train.classCount());
        }

        @Override
        public Estimator load(Task task, int classCount, byte[] payload) {
            if (!(deserialize(payload) instanceof LogisticPayload parts)) {
                throw new IllegalArgumentException("the model payload does not hold a logistic regression");
            }
            return new LogisticEstimator(parts.model(), parts.scaler(), parts.classCount());
        }
    }

    /** Logistic regression on standardised features (its L2 penalty would otherwise depend on the units). */
    private record LogisticEstimator(smile.classification.LogisticRegression model, Standardizer scaler, int classCount) implements Estimator {
        @Override
        public double[][] probabilities(double[][] x) {
            double[][] scaled = scaler.apply(x);
            var result = new double[x.length][classCount];
            for (int i = 0; i < x.length; i++) {
                model.predict(scaled[i], result[i]);
            }
            return result;
        }

        @Override
        public double[] predict(double[][] x) {
            throw new UnsupportedOperationException("logistic regression classifies");
        }

        @Override
        public byte[] payload() {
            return serialize(new LogisticPayload(model, scaler, classCount));
        }
    }

    record LogisticPayload(smile.classification.LogisticRegression model, Standardizer scaler, int classCount) implements Serializable {
    }

    /** Per-feature centring and scaling fitted on training rows (a constant feature is left at 0). */
    record Standardizer(double[] mean, double[] scale) implements Serializable {
        static Standardizer fit(double[][] x) {
            int p = x.length == 0 ? 0 : x[0].length;
            var mean = new double[p];
            var scale = new double[p];
            for (double[] row : x) {
                for (int j = 0; j < p; j++) {
                    mean[j] += row[j] / x.length;
                }
            }
            for (double[] row : x) {
                for (int j = 0; j < p; j++) {
                    scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
                }
            }
            for (int j = 0; j < p; j++) {
                scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
            }
            return new Standardizer(mean, scale);
        }

        double[][] apply(double[][] x) {
            var result = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                result[i] = new double[x[i].length];
                for (int j = 0; j < x[i].length; j++) {
                    result[i][j] = (x[i][j] - mean[j]) / scale[j];
                }
            }
            return result;
        }
    }
}
