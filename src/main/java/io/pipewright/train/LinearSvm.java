package io.pipewright.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A linear support vector machine ({@code linear_svm}) on standardised features, trained by Pegasos
 * (stochastic sub-gradient descent on the hinge loss, step 1/(λt)) with the iterates averaged from the
 * second epoch on. Pegasos minimises {@code λ/2·‖w‖² + mean(hinge)}; dividing the C-SVM objective
 * {@code ½‖w‖² + C·Σ hinge} by {@code C·n} gives the same minimiser, so {@code λ = 1/(C·n)}. The intercept is
 * the weight of a constant feature of 1 and is regularised with the rest: with λ that small the pull on it is
 * slight, and it keeps Pegasos's first, very large steps from throwing it about. More than two classes are
 * one-vs-rest, one binary machine per class, all fed the same rows in the same order.
 *
 * <p>Probabilities: a softmax over the decision values times {@code 1/temperature} (with two classes the
 * logistic of the one decision value, which is a softmax over {0, f}). One temperature for all classes,
 * fitted on the training rows by minimising the cross-entropy against Platt's smoothed targets
 * ((n_c + 1)/(n_c + 2) for the true class): a monotone map, so probabilities rank rows as the margins do and
 * the most probable class is always the SVM's own decision (a per-class Platt fit with an intercept would
 * move the threshold), and the smoothing keeps the temperature above 0 when the training rows are
 * separable. Training rows rather than validation rows, so validation metrics stay honest.
 *
 * <p>The payload ({@link Model}) is JSON: the input scaling, each machine's weights and intercept, the temperature.
 */
final class LinearSvm implements Algorithm {
    static final String NAME = "linear_svm";
    /** The temperature is searched for between e^-10 and e^10: far beyond any useful probability scale. */
    private static final double LOG_TEMPERATURE_BOUND = 10;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Linear support vector machine (hinge loss, Pegasos SGD; one-vs-rest for several classes)";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(
                Hyperparameter.real("c", 1.0, 1e-6, 1e6, "inverse regularisation strength, as C in a C-SVM (Pegasos's λ is 1/(C·rows))"),
                Hyperparameter.integer("epochs", 20, 1, 10_000, "passes over the training rows"));
    }

    @Override
    public Estimator fit(Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed, TrainingListener listener) {
        int width = MoreAlgorithms.requireTrainingData(this, task, train, "training");
        TrainingData validation = MoreAlgorithms.usableValidation(this, task, valid, width);
        double c = (Double) params.get("c");
        int epochs = ((Long) params.get("epochs")).intValue();
        var scaler = SmileAlgorithms.Standardizer.fit(train.x());
        double[][] x = scaler.apply(train.x());
        double[][] xValid = validation == null ? null : scaler.apply(validation.x());
        int n = train.rows();
        int classCount = train.classCount();
        int machines = machinesFor(classCount);
        double lambda = 1 / (c * n);

        var weights = new double[machines][width + 1];
        var averages = new double[machines][width + 1];
        long averaged = 0;
        var random = new Random(seed);
        int[] order = MoreAlgorithms.identity(n);
        long t = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            MoreAlgorithms.throwIfCancelled(listener);
            MoreAlgorithms.shuffle(order, random);
            boolean averaging = epoch >= 2;
            double hinge = 0;
            for (int row : order) {
                t++;
                double step = 1 / (lambda * t);
                double shrink = 1 - 1.0 / t; // 1 − step·λ
                double[] features = x[row];
                if (averaging) {
                    averaged++;
                }
                for (int m = 0; m < machines; m++) {
                    double[] w = weights[m];
                    double y = sign(m, train.classes()[row], classCount);
                    double margin = y * decision(w, features);
                    double push = margin < 1 ? step * y : 0;
                    hinge += Math.max(0, 1 - margin);
                    for (int j = 0; j < width; j++) {
                        w[j] = shrink * w[j] + push * features[j];
                    }
                    w[width] = shrink * w[width] + push;
                    if (averaging) {
                        double[] average = averages[m];
                        for (int j = 0; j <= width; j++) {
                            average[j] += (w[j] - average[j]) / averaged;
                        }
                    }
                }
            }
            double[][] current = averaged > 0 ? averages : weights;
            var metrics = new LinkedHashMap<String, Double>();
            metrics.put("train_hinge_loss", hinge / ((double) n * machines));
            if (validation != null) {
                int right = 0;
                for (int i = 0; i < xValid.length; i++) {
                    if (predictedClass(current, xValid[i], classCount) == validation.classes()[i]) {
                        right++;
                    }
                }
                metrics.put("valid_accuracy", (double) right / xValid.length);
            }
            listener.iteration(epoch, epochs, metrics);
        }
        double[][] fitted = averaged > 0 ? averages : weights;
        double temperature = fitTemperature(scores(fitted, x, classCount), train.classes(), classCount);
        return new SvmEstimator(new Model(scaler.mean(), scaler.scale(), fitted, temperature, classCount));
    }

    @Override
    public Estimator load(Task task, int classCount, byte[] payload) {
        Model model = MoreAlgorithms.fromJson(payload, Model.class, NAME);
        if (task != Task.CLASSIFICATION || model.classCount() != classCount) {
            throw new IllegalArgumentException("the linear_svm model has " + model.classCount() + " classes, not " + classCount);
        }
        return new SvmEstimator(model);
    }

    /** One machine for two classes (class 1 against class 0), one per class otherwise. */
    static int machinesFor(int classCount) {
        return classCount == 2 ? 1 : classCount;
    }

    private static double sign(int machine, int label, int classCount) {
        int positive = classCount == 2 ? 1 : machine;
        return label == positive ? 1 : -1;
    }

    /** w·x + b, the intercept b last in {@code w}. */
    static double decision(double[] w, double[] x) {
        double sum = w[x.length];
        for (int j = 0; j < x.length; j++) {
            sum += w[j] * x[j];
        }
        return sum;
    }

    private static int predictedClass(double[][] weights, double[] x, int classCount) {
        if (classCount == 2) {
            return decision(weights[0], x) > 0 ? 1 : 0;
        }
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < weights.length; m++) {
            double value = decision(weights[m], x);
            if (value > bestValue) {
                bestValue = value;
                best = m;
            }
        }
        return best;
    }

    /** One score per class before the temperature: {0, f} for two classes, each machine's f otherwise. */
    static double[][] scores(double[][] weights, double[][] x, int classCount) {
        var result = new double[x.length][classCount];
        for (int i = 0; i < x.length; i++) {
            if (classCount == 2) {
                result[i][1] = decision(weights[0], x[i]);
            } else {
                for (int m = 0; m < classCount; m++) {
                    result[i][m] = decision(weights[m], x[i]);
                }
            }
        }
        return result;
    }

    /**
     * The temperature T minimising the mean cross-entropy of softmax(scores / T) against Platt's smoothed
     * targets. The loss is convex in 1/T, so a golden-section search over log T finds its minimum; a fixed
     * number of steps keeps it deterministic.
     */
    static double fitTemperature(double[][] scores, int[] classes, int classCount) {
        var counts = new long[classCount];
        for (int label : classes) {
            counts[label]++;
        }
        var onTrue = new double[classCount];
        for (int k = 0; k < classCount; k++) {
            onTrue[k] = (counts[k] + 1.0) / (counts[k] + 2.0);
        }
        double golden = (Math.sqrt(5) - 1) / 2;
        double low = -LOG_TEMPERATURE_BOUND;
        double high = LOG_TEMPERATURE_BOUND;
        double left = high - golden * (high - low);
        double right = low + golden * (high - low);
        double leftLoss = smoothedLoss(scores, classes, onTrue, Math.exp(-left));
        double rightLoss = smoothedLoss(scores, classes, onTrue, Math.exp(-right));
        for (int step = 0; step < 80; step++) {
            if (leftLoss <= rightLoss) {
                high = right;
                right = left;
                rightLoss = leftLoss;
                left = high - golden * (high - low);
                leftLoss = smoothedLoss(scores, classes, onTrue, Math.exp(-left));
            } else {
                low = left;
                left = right;
                leftLoss = rightLoss;
                right = low + golden * (high - low);
                rightLoss = smoothedLoss(scores, classes, onTrue, Math.exp(-right));
            }
        }
        return Math.exp((low + high) / 2);
    }

    private static double smoothedLoss(double[][] scores, int[] classes, double[] onTrue, double inverseTemperature) {
        int classCount = onTrue.length;
        double loss = 0;
        for (int i = 0; i < scores.length; i++) {
            double[] s = scores[i];
            int y = classes[i];
            double max = Double.NEGATIVE_INFINITY;
            double total = 0;
            for (double value : s) {
                max = Math.max(max, value * inverseTemperature);
                total += value;
            }
            double sum = 0;
            for (double value : s) {
                sum += Math.exp(value * inverseTemperature - max);
            }
            double logPartition = max + Math.log(sum);
            double onOthers = (1 - onTrue[y]) / (classCount - 1);
            double expected = inverseTemperature * (onTrue[y] * s[y] + onOthers * (total - s[y]));
            loss += logPartition - expected;
        }
        return loss / scores.length;
    }

    /**
     * The payload: the input scaling; per binary machine (one for two classes, else one per class) the weights
     * of the standardised features followed by the intercept; the temperature; the class count.
     */
    record Model(double[] mean, double[] scale, double[][] weights, double temperature, int classCount) {
        Model {
            if (classCount < 2 || weights == null || weights.length != machinesFor(classCount)) {
                throw new IllegalArgumentException("weights must hold " + (classCount == 2 ? "one machine" : "one machine per class")
                        + " and classCount must be at least 2");
            }
            int width = mean == null ? 0 : mean.length;
            MoreAlgorithms.requireLength("scale", scale, width);
            for (int m = 0; m < weights.length; m++) {
                MoreAlgorithms.requireLength("weights[" + m + "]", weights[m], width + 1);
            }
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be a positive number, not " + temperature);
            }
        }
    }

    static final class SvmEstimator implements Estimator {
        private final Model model;

        SvmEstimator(Model model) {
            this.model = model;
        }

        /** The machines' decision values w·x + b per row: one column for two classes (class 1 when > 0), else one per class. */
        double[][] decisionValues(double[][] x) {
            double[][] scaled = standardised(x);
            var result = new double[x.length][model.weights().length];
            for (int i = 0; i < x.length; i++) {
                for (int m = 0; m < model.weights().length; m++) {
                    result[i][m] = decision(model.weights()[m], scaled[i]);
                }
            }
            return result;
        }

        private double[][] standardised(double[][] x) {
            int width = model.mean().length;
            MoreAlgorithms.requireRows(x, width, "row");
            return new SmileAlgorithms.Standardizer(model.mean(), model.scale()).apply(x);
        }

        @Override
        public double[][] probabilities(double[][] x) {
            double[][] scores = scores(model.weights(), standardised(x), model.classCount());
            double inverse = 1 / model.temperature();
            for (double[] row : scores) {
                for (int k = 0; k < row.length; k++) {
                    row[k] *= inverse;
                }
                MoreAlgorithms.softmax(row, row);
            }
            return scores;
        }

        @Override
        public double[] predict(double[][] x) {
            throw new UnsupportedOperationException("a linear SVM classifies: it gives probabilities");
        }

        @Override
        public byte[] payload() {
            return MoreAlgorithms.toJson(model);
        }
    }
}
