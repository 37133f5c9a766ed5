package io.pipewright.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Linear regression and its penalised forms, on standardised features ({@link LinearModel}:
 * least squares, or elastic-net coordinate descent with scikit-learn's objective). The model is
 * stored as JSON numbers.
 */
final class LinearAlgorithms {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LinearAlgorithms() {
    }

    static List<Algorithm> all() {
        return List.of(
                new Linear("linear_regression", "Ordinary least squares", null, null),
                new Linear("ridge", "Ridge regression: least squares with an L2 penalty", 1.0, 0.0),
                new Linear("lasso", "Lasso: least squares with an L1 penalty (sets weak features to zero)", 0.1, 1.0),
                new Linear("elastic_net", "Elastic net: least squares with L1 and L2 penalties", 0.1, -1.0));
    }

    /** The fitted weights over standardised features. */
    record Weights(double[] mean, double[] scale, double[] coefficients, double intercept) {
    }

    private record Linear(String name, String description, Double alpha, Double l1Ratio) implements Algorithm {
        @Override
        public Set<Task> tasks() {
            return Set.of(Task.REGRESSION);
        }

        @Override
        public List<Hyperparameter> hyperparameters() {
            if (alpha == null) {
                return List.of();
            }
            var common = new java.util.ArrayList<>(List.of(
                    Hyperparameter.real("alpha", alpha, 0, 1e6, "penalty strength"),
                    Hyperparameter.integer("max_iter", 1000, 1, 1_000_000, "maximum coordinate-descent passes"),
                    Hyperparameter.real("tolerance", 1e-4, 1e-12, 1, "convergence tolerance")));
            if (l1Ratio < 0) {
                common.add(1, Hyperparameter.real("l1_ratio", 0.5, 0, 1, "share of the penalty that is L1 (1 is the lasso, 0 ridge)"));
            }
            return common;
        }

        @Override
        public Estimator fit(Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed, TrainingListener listener) {
            var scaler = SmileAlgorithms.Standardizer.fit(train.x());
            double a = alpha == null ? 0 : (Double) params.get("alpha");
            double ratio = alpha == null ? 0 : l1Ratio >= 0 ? l1Ratio : (Double) params.get("l1_ratio");
            int iterations = alpha == null ? 1 : ((Long) params.get("max_iter")).intValue();
            double tolerance = alpha == null ? 1e-4 : (Double) params.get("tolerance");
            LinearModel model = LinearModel.fit(scaler.apply(train.x()), train.values(), a, ratio, iterations, tolerance);
            return new LinearEstimator(new Weights(scaler.mean(), scaler.scale(), model.coefficients(), model.intercept()));
        }

        @Override
        public Estimator load(Task task, int classCount, byte[] payload) {
            try {
                return new LinearEstimator(JSON.readValue(payload, Weights.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("the linear model cannot be read: " + io.pipewright.work.JsonErrors.plain(e), e);
            } catch (IOException e) {
                throw new IllegalArgumentException("the linear model cannot be read: " + e.getMessage(), e);
            }
        }
    }

    private record LinearEstimator(Weights weights) implements Estimator {
        @Override
        public double[][] probabilities(double[][] x) {
            throw new UnsupportedOperationException("a linear regression predicts values");
        }

        @Override
        public double[] predict(double[][] x) {
            var result = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double sum = weights.intercept();
                for (int j = 0; j < x[i].length; j++) {
                    sum += weights.coefficients()[j] * (x[i][j] - weights.mean()[j]) / weights.scale()[j];
                }
                result[i] = sum;
            }
            return result;
        }

        @Override
        public byte[] payload() {
            try {
                return JSON.writeValueAsBytes(weights);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
