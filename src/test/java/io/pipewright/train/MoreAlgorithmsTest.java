package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pipewright.work.CancelledException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoreAlgorithmsTest {
    private static final long SEED = 42;

    /**
     * Two Gaussian blobs in 4 features, unit variance: class 0 centred at (−1.2, −1.2, 0, 0), class 1 at
     * (1.2, 1.2, 0, 0). The centres are 3.39 apart, so the best possible accuracy is Φ(1.70) ≈ 0.955 and the
     * best ROC AUC Φ(2.40) ≈ 0.992; every classifier must beat 0.85 accuracy.
     */
    static TrainingData blobs(int n, long seed) {
        var random = new Random(seed);
        var x = new double[n][4];
        var classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = random.nextInt(2);
            double centre = classes[i] == 0 ? -1.2 : 1.2;
            for (int j = 0; j < 4; j++) {
                x[i][j] = random.nextGaussian() + (j < 2 ? centre : 0);
            }
        }
        return new TrainingData(x, classes, null, 2);
    }

    /**
     * Three classes in 4 features, unit variance: centres 120° apart on a circle of radius 2.5 in the first two
     * features, 0 in the other two (noise). Centres are 4.33 apart: the best accuracy is about 0.97, and each
     * class is linearly separable from the other two, so one-vs-rest suits it; threshold 0.85.
     */
    static TrainingData threeClasses(int n, long seed) {
        var random = new Random(seed);
        var x = new double[n][4];
        var classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = random.nextInt(3);
            double angle = 2 * Math.PI * classes[i] / 3;
            x[i][0] = 2.5 * Math.cos(angle) + random.nextGaussian();
            x[i][1] = 2.5 * Math.sin(angle) + random.nextGaussian();
            x[i][2] = random.nextGaussian();
            x[i][3] = random.nextGaussian();
        }
        return new TrainingData(x, classes, null, 3);
    }

    /**
     * y = 3·x0 − 2·x1 + x0·x2 + 10 + N(0, 0.5²), x standard normal in 4 features (x3 is noise). The signal's
     * variance is 9 + 4 + 1 = 14 against 0.25 of noise: the best R² is about 0.98.
     */
    static TrainingData noisyRegression(int n, long seed) {
        var random = new Random(seed);
        var x = new double[n][4];
        var y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = random.nextGaussian();
            }
            y[i] = 3 * x[i][0] - 2 * x[i][1] + x[i][0] * x[i][2] + 10 + 0.5 * random.nextGaussian();
        }
        return new TrainingData(x, null, y, 0);
    }

    static Algorithm algorithm(String name) {
        return MoreAlgorithms.all().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    /** Fits as the pipeline does: the hyperparameters checked and defaults filled first. */
    static Estimator fit(String name, Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed,
            TrainingListener listener) {
        Algorithm algorithm = algorithm(name);
        return algorithm.fit(task, train, valid, algorithm.check(params), seed, listener);
    }

    static Estimator fit(String name, TrainingData train) {
        return fit(name, train.values() == null ? Task.CLASSIFICATION : Task.REGRESSION, train, null, Map.of(), SEED, TrainingListener.NONE);
    }

    static Map<String, Double> classificationMetrics(Estimator estimator, TrainingData test) {
        double[][] probabilities = estimator.probabilities(test.x());
        int[] predicted = new int[probabilities.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = MoreAlgorithms.argmax(probabilities[i]);
        }
        return Metrics.classification(test.classes(), predicted, probabilities, test.classCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "knn", "naive_bayes", "linear_svm"})
    void everyClassifierSeparatesTwoBlobs(String name) {
        var metrics = classificationMetrics(fit(name, blobs(1000, 1)), blobs(2000, 2));
        // the data's ceiling is 0.955 accuracy and 0.992 AUC (see blobs)
        assertThat(metrics.get("accuracy")).as(name + " accuracy").isGreaterThan(0.85);
        assertThat(metrics.get("roc_auc")).as(name + " ROC AUC").isGreaterThan(0.95);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "knn", "naive_bayes", "linear_svm"})
    void everyClassifierSeparatesThreeClasses(String name) {
        var metrics = classificationMetrics(fit(name, threeClasses(1500, 3)), threeClasses(2000, 4));
        assertThat(metrics.get("accuracy")).as(name + " accuracy").isGreaterThan(0.85);
        // chance is ln 3 = 1.10; k-NN is the weakest here (0.25): a row none of whose 5 neighbours shares its class
        // gets probability 0, which the log loss clips to 1e-15 and charges ln(1e15) = 34.5
        assertThat(metrics.get("log_loss")).as(name + " log loss").isLessThan(0.5);
    }

    @Test
    void mlpAndKnnFitANoisyRegression() {
        TrainingData train = noisyRegression(2000, 5);
        TrainingData test = noisyRegression(2000, 6);
        // the ceiling is R² 0.98 (see noisyRegression); the MLP learns the product term, k-NN loses some to the noise feature
        double mlp = Metrics.regression(test.values(), fit("mlp", train).predict(test.x())).get("r2");
        double knn = Metrics.regression(test.values(), fit("knn", train).predict(test.x())).get("r2");
        assertThat(mlp).as("mlp R²").isGreaterThan(0.95);
        assertThat(knn).as("knn R²").isGreaterThan(0.85);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "knn", "naive_bayes", "linear_svm"})
    void theSameSeedGivesTheSameProbabilities(String name) {
        TrainingData train = threeClasses(600, 7);
        TrainingData test = threeClasses(300, 8);
        double[][] first = fit(name, Task.CLASSIFICATION, train, null, Map.of(), 11, TrainingListener.NONE).probabilities(test.x());
        double[][] second = fit(name, Task.CLASSIFICATION, train, null, Map.of(), 11, TrainingListener.NONE).probabilities(test.x());
        assertThat(second).isDeepEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "linear_svm"})
    void anotherSeedGivesAnotherModel(String name) {
        TrainingData train = threeClasses(600, 7);
        TrainingData test = threeClasses(300, 8);
        double[][] first = fit(name, Task.CLASSIFICATION, train, null, Map.of(), 11, TrainingListener.NONE).probabilities(test.x());
        double[][] second = fit(name, Task.CLASSIFICATION, train, null, Map.of(), 12, TrainingListener.NONE).probabilities(test.x());
        assertThat(Arrays.deepEquals(first, second)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "knn", "naive_bayes", "linear_svm"})
    void aClassifierReadBackFromItsPayloadGivesIdenticalProbabilities(String name) {
        TrainingData test = threeClasses(300, 10);
        Estimator fitted = fit(name, threeClasses(600, 9));
        Estimator loaded = algorithm(name).load(Task.CLASSIFICATION, 3, fitted.payload());
        assertThat(loaded.probabilities(test.x())).isDeepEqualTo(fitted.probabilities(test.x()));
        assertThat(loaded.payload()).isEqualTo(fitted.payload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "knn"})
    void aRegressorReadBackFromItsPayloadGivesIdenticalPredictions(String name) {
        TrainingData test = noisyRegression(300, 12);
        Estimator fitted = fit(name, noisyRegression(600, 11));
        Estimator loaded = algorithm(name).load(Task.REGRESSION, 0, fitted.payload());
        assertThat(loaded.predict(test.x())).isEqualTo(fitted.predict(test.x()));
    }

    @Test
    void aPayloadOfAnotherAlgorithmIsRefused() {
        byte[] knn = fit("knn", blobs(50, 1)).payload();
        for (String name : List.of("mlp", "naive_bayes", "linear_svm")) {
            assertThatThrownBy(() -> algorithm(name).load(Task.CLASSIFICATION, 2, knn)).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the " + name + " model cannot be read");
        }
        assertThatThrownBy(() -> algorithm("knn").load(Task.CLASSIFICATION, 2, "{}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the knn model cannot be read");
    }

    /** Records every iteration; asks to stop once {@code stopAfter} have been heard. */
    private static final class RecordingListener implements TrainingListener {
        final List<Integer> steps = new ArrayList<>();
        final List<Integer> totals = new ArrayList<>();
        final List<Map<String, Double>> metrics = new ArrayList<>();
        final int stopAfter;

        RecordingListener(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void iteration(int step, int total, Map<String, Double> values) {
            steps.add(step);
            totals.add(total);
            metrics.add(values);
        }

        @Override
        public boolean cancelled() {
            return steps.size() >= stopAfter;
        }
    }

    @Test
    void mlpPublishesEveryEpochWithTrainingAndValidationMetrics() {
        var listener = new RecordingListener(Integer.MAX_VALUE);
        fit("mlp", Task.CLASSIFICATION, blobs(400, 1), blobs(200, 2), Map.of("epochs", 6, "early_stopping_rounds", 0), SEED, listener);
        assertThat(listener.steps).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(listener.totals).containsOnly(6);
        assertThat(listener.metrics).allSatisfy(m -> assertThat(m).containsOnlyKeys("train_log_loss", "valid_log_loss", "valid_accuracy"));
        // learning: the first epoch's training loss is above the last one's
        assertThat(listener.metrics.get(5).get("train_log_loss")).isLessThan(listener.metrics.get(0).get("train_log_loss"));

        var regression = new RecordingListener(Integer.MAX_VALUE);
        fit("mlp", Task.REGRESSION, noisyRegression(400, 1), null, Map.of("epochs", 3), SEED, regression);
        assertThat(regression.steps).containsExactly(1, 2, 3);
        assertThat(regression.metrics).allSatisfy(m -> assertThat(m).containsOnlyKeys("train_rmse"));
    }

    @Test
    void mlpStopsEarlyAndKeepsTheEpochWithTheBestValidationLoss() {
        var listener = new RecordingListener(Integer.MAX_VALUE);
        TrainingData valid = blobs(300, 2);
        // a large learning rate on a small table overfits soon: validation loss turns up well before 500 epochs
        Estimator estimator = fit("mlp", Task.CLASSIFICATION, blobs(200, 1), valid,
                Map.of("epochs", 500, "early_stopping_rounds", 5, "learning_rate", 0.01, "hidden_layers", "128,64", "l2", 0.0), SEED, listener);
        int epochs = listener.steps.size();
        assertThat(epochs).isLessThan(500);
        double best = listener.metrics.stream().mapToDouble(m -> m.get("valid_log_loss")).min().orElseThrow();
        int bestEpoch = listener.metrics.stream().map(m -> m.get("valid_log_loss")).toList().indexOf(best) + 1;
        assertThat(epochs - bestEpoch).as("epochs run after the best one").isEqualTo(5);
        // the model returned is the best epoch's: its validation log loss is the best one published (to rounding)
        assertThat(classificationMetrics(estimator, valid).get("log_loss")).isCloseTo(best, within(1e-12));
    }

    @Test
    void cancellingStopsTheMlpBetweenEpochs() {
        var listener = new RecordingListener(3);
        assertThatThrownBy(() -> fit("mlp", Task.CLASSIFICATION, blobs(300, 1), null, Map.of("epochs", 100), SEED, listener))
                .isInstanceOf(CancelledException.class);
        assertThat(listener.steps).containsExactly(1, 2, 3);
    }

    @Test
    void cancellingStopsTheLinearSvmBetweenEpochs() {
        var listener = new RecordingListener(2);
        assertThatThrownBy(() -> fit("linear_svm", Task.CLASSIFICATION, blobs(300, 1), blobs(100, 2), Map.of(), SEED, listener))
                .isInstanceOf(CancelledException.class);
        assertThat(listener.steps).containsExactly(1, 2);
        assertThat(listener.metrics).allSatisfy(m -> assertThat(m).containsOnlyKeys("train_hinge_loss", "valid_accuracy"));
    }

    @Test
    void badHyperparametersAreRefusedWithTheirName() {
        TrainingData small = blobs(30, 1);
        assertThatThrownBy(() -> fit("knn", Task.CLASSIFICATION, small, null, Map.of("k", 31), SEED, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hyperparameter k is 31 but there are only 30 training rows; k must be at most the number of training rows");
        assertThatThrownBy(() -> algorithm("knn").check(Map.of("k", 0)))
                .hasMessage("hyperparameter k must be between 1 and 10000, not 0");
        assertThatThrownBy(() -> algorithm("mlp").check(Map.of("activation", "sigmoid")))
                .hasMessage("hyperparameter activation must be one of relu, tanh, not 'sigmoid'");
        assertThatThrownBy(() -> algorithm("mlp").check(Map.of("hidden_layers", "7")))
                .hasMessageStartingWith("hyperparameter hidden_layers must be one of 32, 64, 128");
        assertThatThrownBy(() -> algorithm("linear_svm").check(Map.of("c", 0.0)))
                .hasMessage("hyperparameter c must be between 1.0E-6 and 1000000, not 0");
        assertThatThrownBy(() -> algorithm("naive_bayes").check(Map.of("var_smoothing", -1.0)))
                .hasMessage("hyperparameter var_smoothing must be between 0 and 1, not -1");
        assertThatThrownBy(() -> algorithm("mlp").check(Map.of("learning_rate", 0.5, "momentum", 0.9)))
                .hasMessageStartingWith("unknown hyperparameter 'momentum' of mlp");
    }

    @Test
    void badRowsAreRefusedWithTheirPlace() {
        TrainingData rows = blobs(20, 1);
        rows.x()[7][2] = Double.NaN;
        assertThatThrownBy(() -> fit("naive_bayes", rows))
                .hasMessage("training row 7 has NaN in feature 2; features must be finite numbers");
        assertThatThrownBy(() -> fit("naive_bayes", Task.REGRESSION, noisyRegression(20, 1), null, Map.of(), SEED, TrainingListener.NONE))
                .hasMessage("naive_bayes does not do regression");
        assertThatThrownBy(() -> fit("linear_svm", Task.CLASSIFICATION, blobs(20, 1),
                new TrainingData(new double[][] {{0, 0, 0, 0}}, new int[] {2}, null, 2), Map.of(), SEED, TrainingListener.NONE))
                .hasMessage("validation row 0 has class 2, outside 0..1");
        Estimator estimator = fit("knn", blobs(20, 2));
        assertThatThrownBy(() -> estimator.probabilities(new double[][] {{1, 2, 3}}))
                .hasMessage("row 0 has 3 features, not 4");
        assertThatThrownBy(() -> estimator.predict(new double[][] {{1, 2, 3, 4}})).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void knnVotesAsWorkedByHand() {
        // one feature, so standardising scales every distance alike and the neighbours are those of the raw values
        var train = new TrainingData(new double[][] {{0}, {1}, {2}, {3}, {10}}, new int[] {0, 0, 1, 1, 1}, null, 2);
        double[][] query = {{0.9}, {1.0}};
        // neighbours of 0.9: 1 (0.1 away), 0 (0.9), 2 (1.1): classes 0, 0, 1
        double[][] uniform = fit("knn", Task.CLASSIFICATION, train, null, Map.of("k", 3), SEED, TrainingListener.NONE).probabilities(query);
        assertThat(uniform[0]).containsExactly(new double[] {2 / 3.0, 1 / 3.0}, within(1e-15));
        double[][] weighted = fit("knn", Task.CLASSIFICATION, train, null, Map.of("k", 3, "weights", "distance"), SEED,
                TrainingListener.NONE).probabilities(query);
        double sum = 1 / 0.1 + 1 / 0.9 + 1 / 1.1;
        assertThat(weighted[0]).containsExactly(new double[] {(1 / 0.1 + 1 / 0.9) / sum, (1 / 1.1) / sum}, within(1e-12));
        // 1.0 is a training row: at distance 0 it takes all the weight, as in scikit-learn
        assertThat(weighted[1]).containsExactly(1.0, 0.0);

        var values = new TrainingData(train.x(), null, new double[] {0, 10, 20, 30, 100}, 0);
        double[] mean = fit("knn", Task.REGRESSION, values, null, Map.of("k", 3), SEED, TrainingListener.NONE).predict(query);
        assertThat(mean[0]).isCloseTo(10.0, within(1e-12));
    }

    @Test
    void knnBreaksTiesByTheEarlierTrainingRow() {
        // 1 and -1 are equally far from 0 (the mean is 0, so standardising keeps them symmetric, bit for bit): the
        // earlier row wins, whatever thread searched
        double[][] x = {{1}, {-1}, {3}, {-3}};
        double[][] queries = {{0}, {0}, {0}};
        var oneFirst = new TrainingData(x, new int[] {1, 0, 0, 0}, null, 2);
        assertThat(fit("knn", Task.CLASSIFICATION, oneFirst, null, Map.of("k", 1), SEED, TrainingListener.NONE).probabilities(queries))
                .isDeepEqualTo(new double[][] {{0, 1}, {0, 1}, {0, 1}});
        var swapped = new TrainingData(new double[][] {{-1}, {1}, {3}, {-3}}, new int[] {0, 1, 1, 1}, null, 2);
        assertThat(fit("knn", Task.CLASSIFICATION, swapped, null, Map.of("k", 1), SEED, TrainingListener.NONE).probabilities(queries))
                .isDeepEqualTo(new double[][] {{1, 0}, {1, 0}, {1, 0}});
    }

    @Test
    void naiveBayesMatchesTheNormalDensitiesWorkedByHand() {
        // class 0: 0 and 2 (mean 1, variance 1); class 1: 4, 6 and 8 (mean 6, variance 8/3); priors 2/5 and 3/5
        var train = new TrainingData(new double[][] {{0}, {2}, {4}, {6}, {8}}, new int[] {0, 0, 1, 1, 1}, null, 2);
        double[][] probabilities = fit("naive_bayes", Task.CLASSIFICATION, train, null, Map.of("var_smoothing", 0.0), SEED,
                TrainingListener.NONE).probabilities(new double[][] {{3}});
        double class0 = 0.4 * normal(3, 1, 1);
        double class1 = 0.6 * normal(3, 6, 8 / 3.0);
        assertThat(probabilities[0]).containsExactly(new double[] {class0 / (class0 + class1), class1 / (class0 + class1)}, within(1e-12));
    }

    @Test
    void naiveBayesSmoothsByTheLargestVarianceAndWorksInLogSpace() {
        // feature 1 is constant within each class, so its variance is only the smoothing: 1e-9 × 5, where 5 is
        // the largest variance of a feature over all rows (feature 0: 0, 2, 4, 6)
        var x = new double[][] {{0, 1}, {2, 1}, {4, 5}, {6, 5}};
        var train = new TrainingData(x, new int[] {0, 0, 1, 1}, null, 2);
        double epsilon = 1e-9 * 5;
        Estimator estimator = fit("naive_bayes", train);
        // at (1, 3) feature 1 is 2 away from both classes: each density is e^(-4e8), 0 in doubles, and only a
        // log-space computation sees that the two cancel and leaves feature 0 to decide
        double class0 = normal(1, 1, 1 + epsilon);
        double class1 = normal(1, 5, 1 + epsilon);
        double[][] probabilities = estimator.probabilities(new double[][] {{1, 3}});
        // tolerance: the two terms of 8e8 cancel, but adding feature 0's few units to them costs ~1e-7 in the log odds
        assertThat(probabilities[0]).containsExactly(new double[] {class0 / (class0 + class1), class1 / (class0 + class1)}, within(1e-9));
    }

    private static double normal(double x, double mean, double variance) {
        return Math.exp(-(x - mean) * (x - mean) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
    }

    @Test
    void theSvmsMostProbableClassIsItsOwnDecision() {
        for (TrainingData train : List.of(blobs(500, 1), threeClasses(500, 2))) {
            var estimator = (LinearSvm.SvmEstimator) fit("linear_svm", train);
            TrainingData test = train.classCount() == 2 ? blobs(1000, 3) : threeClasses(1000, 3);
            double[][] decisions = estimator.decisionValues(test.x());
            double[][] probabilities = estimator.probabilities(test.x());
            for (int i = 0; i < decisions.length; i++) {
                int decided = decisions[i].length == 1 ? (decisions[i][0] > 0 ? 1 : 0) : MoreAlgorithms.argmax(decisions[i]);
                assertThat(MoreAlgorithms.argmax(probabilities[i])).as("row " + i).isEqualTo(decided);
            }
        }
    }

    @Test
    void theSvmsProbabilitiesAreCalibratedRoughly() {
        // the temperature is fitted on training rows: on fresh rows the log loss should be near the data's floor
        // (about 0.12 for these blobs), well below chance (ln 2 = 0.69)
        var metrics = classificationMetrics(fit("linear_svm", blobs(1000, 1)), blobs(2000, 2));
        assertThat(metrics.get("log_loss")).isLessThan(0.2);
    }

    @Test
    void aLargerCFitsTheTrainingRowsAtLeastAsClosely() {
        TrainingData train = blobs(400, 1);
        var loose = new RecordingListener(Integer.MAX_VALUE);
        var tight = new RecordingListener(Integer.MAX_VALUE);
        fit("linear_svm", Task.CLASSIFICATION, train, null, Map.of("c", 0.001), SEED, loose);
        fit("linear_svm", Task.CLASSIFICATION, train, null, Map.of("c", 10.0), SEED, tight);
        // with little weight on the hinge loss (small C) the margin violations stay many
        assertThat(tight.metrics.get(19).get("train_hinge_loss")).isLessThan(loose.metrics.get(19).get("train_hinge_loss"));
    }

    @Test
    void everyAlgorithmHasItsNameAndDefaults() {
        assertThat(MoreAlgorithms.all()).extracting(Algorithm::name).containsExactly("mlp", "knn", "naive_bayes", "linear_svm");
        var defaults = new HashMap<String, Object>(algorithm("mlp").check(Map.of()));
        assertThat(defaults).containsEntry("hidden_layers", "64").containsEntry("activation", "relu").containsEntry("learning_rate", 0.001)
                .containsEntry("epochs", 100L).containsEntry("batch_size", 64L).containsEntry("l2", 1e-4).containsEntry("early_stopping_rounds", 10L);
        assertThat(algorithm("knn").check(Map.of())).containsEntry("k", 5L).containsEntry("weights", "uniform");
        assertThat(algorithm("naive_bayes").check(Map.of())).containsEntry("var_smoothing", 1e-9);
        assertThat(algorithm("linear_svm").check(Map.of())).containsEntry("c", 1.0).containsEntry("epochs", 20L);
    }
}
