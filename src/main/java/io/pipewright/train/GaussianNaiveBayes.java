package io.pipewright.train;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gaussian naive Bayes ({@code naive_bayes}), as scikit-learn's {@code GaussianNB}: each class's features are
 * independent normals with that class's mean and (population) variance, plus {@code var_smoothing} times the
 * largest variance of any feature over all rows, which keeps a feature that is constant within a class from
 * dividing by zero (a variance is never below {@link Double#MIN_NORMAL}, even with {@code var_smoothing} 0).
 * Priors are the classes' shares of the training rows. Everything is computed in log space
 * and normalised with log-sum-exp, so that many features do not underflow. No randomness: the seed is unused.
 *
 * <p>The payload ({@link Model}) is JSON: priors, and per class the means and variances, smoothing included.
 */
final class GaussianNaiveBayes implements Algorithm {
    static final String NAME = "naive_bayes";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Gaussian naive Bayes: features independent and normal within each class";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(Hyperparameter.real("var_smoothing", 1e-9, 0, 1,
                "share of the largest feature variance added to every variance, for stability"));
    }

    @Override
    public Estimator fit(Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed, TrainingListener listener) {
        int width = MoreAlgorithms.requireTrainingData(this, task, train, "training");
        MoreAlgorithms.throwIfCancelled(listener);
        double smoothing = (Double) params.get("var_smoothing");
        int classes = train.classCount();
        int n = train.rows();
        var counts = new long[classes];
        var means = new double[classes][width];
        var variances = new double[classes][width];
        for (int i = 0; i < n; i++) {
            int c = train.classes()[i];
            counts[c]++;
            double[] row = train.x()[i];
            for (int j = 0; j < width; j++) {
                means[c][j] += row[j];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < width; j++) {
                means[c][j] = counts[c] == 0 ? 0 : means[c][j] / counts[c];
            }
        }
        // two passes (mean, then squared deviations): the one-pass formula loses digits on large offsets
        for (int i = 0; i < n; i++) {
            int c = train.classes()[i];
            double[] row = train.x()[i];
            for (int j = 0; j < width; j++) {
                double d = row[j] - means[c][j];
                variances[c][j] += d * d;
            }
        }
        double epsilon = smoothing * largestVariance(train.x(), width);
        var priors = new double[classes];
        for (int c = 0; c < classes; c++) {
            priors[c] = (double) counts[c] / n;
            for (int j = 0; j < width; j++) {
                // the floor matters only with var_smoothing 0 or all columns constant: a tiny variance, not 0/0
                variances[c][j] = Math.max((counts[c] == 0 ? 1 : variances[c][j] / counts[c]) + epsilon, Double.MIN_NORMAL);
            }
        }
        return new NaiveBayesEstimator(new Model(priors, means, variances));
    }

    @Override
    public Estimator load(Task task, int classCount, byte[] payload) {
        Model model = MoreAlgorithms.fromJson(payload, Model.class, NAME);
        if (task != Task.CLASSIFICATION || model.priors().length != classCount) {
            throw new IllegalArgumentException("the naive_bayes model has " + model.priors().length + " classes, not " + classCount);
        }
        return new NaiveBayesEstimator(model);
    }

    private static double largestVariance(double[][] x, int width) {
        double largest = 0;
        for (int j = 0; j < width; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= x.length;
            double sum = 0;
            for (double[] row : x) {
                sum += (row[j] - mean) * (row[j] - mean);
            }
            largest = Math.max(largest, sum / x.length);
        }
        return largest;
    }

    /** The payload: each class's prior, and its per-feature means and variances (smoothing already added). */
    record Model(double[] priors, double[][] means, double[][] variances) {
        Model {
            if (priors == null || priors.length < 2 || means == null || variances == null || means.length != priors.length
                    || variances.length != priors.length) {
                throw new IllegalArgumentException("priors, means and variances must have one entry per class, at least 2");
            }
            int width = means[0] == null ? 0 : means[0].length;
            for (int c = 0; c < priors.length; c++) {
                MoreAlgorithms.requireLength("means[" + c + "]", means[c], width);
                MoreAlgorithms.requireLength("variances[" + c + "]", variances[c], width);
            }
        }
    }

    static final class NaiveBayesEstimator implements Estimator {
        private final Model model;
        /** Per class: log prior − ½ Σ log(2π variance), the part of the log-likelihood that does not depend on x. */
        private final double[] constants;

        NaiveBayesEstimator(Model model) {
            this.model = model;
            int classes = model.priors().length;
            this.constants = new double[classes];
            for (int c = 0; c < classes; c++) {
                double sum = Math.log(model.priors()[c]);
                for (double variance : model.variances()[c]) {
                    sum -= 0.5 * Math.log(2 * Math.PI * variance);
                }
                constants[c] = sum;
            }
        }

        /** Each class's joint log-likelihood log P(c) + Σ log N(x_j; μ, σ²), up to nothing: not normalised. */
        double[][] jointLogLikelihoods(double[][] x) {
            int width = model.means()[0].length;
            MoreAlgorithms.requireRows(x, width, "row");
            int classes = constants.length;
            var result = new double[x.length][classes];
            for (int i = 0; i < x.length; i++) {
                for (int c = 0; c < classes; c++) {
                    double[] mean = model.means()[c];
                    double[] variance = model.variances()[c];
                    double sum = 0;
                    for (int j = 0; j < width; j++) {
                        double d = x[i][j] - mean[j];
                        sum += d * d / variance[j];
                    }
                    result[i][c] = constants[c] - 0.5 * sum;
                }
            }
            return result;
        }

        @Override
        public double[][] probabilities(double[][] x) {
            double[][] joint = jointLogLikelihoods(x);
            for (double[] row : joint) {
                double max = Double.NEGATIVE_INFINITY;
                for (double value : row) {
                    max = Math.max(max, value);
                }
                if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
                    // no class can have produced the row (it is far off a near-zero variance): fall back on the priors
                    System.arraycopy(model.priors(), 0, row, 0, row.length);
                } else {
                    MoreAlgorithms.softmax(row, row);
                }
            }
            return joint;
        }

        @Override
        public double[] predict(double[][] x) {
            throw new UnsupportedOperationException("naive Bayes classifies: it gives probabilities");
        }

        @Override
        public byte[] payload() {
            return MoreAlgorithms.toJson(model);
        }
    }
}
