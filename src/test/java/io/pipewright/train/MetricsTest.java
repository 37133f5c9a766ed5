package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Metrics on small cases whose values are worked out by hand in the comments, and on examples from the
 * scikit-learn documentation. Tolerance 1e-9 absolute throughout.
 */
class MetricsTest {

    static final Offset<Double> TOLERANCE = within(1e-9);

    @Test
    void confusionMatrixCountsTrueClassByPredictedClass() {
        int[] truth = {0, 0, 1, 1, 2, 2, 2};
        int[] predicted = {0, 1, 1, 1, 2, 0, 2};

        assertThat(Metrics.confusionMatrix(truth, predicted, 3)).isEqualTo(new long[][] {
            {1, 1, 0},
            {0, 2, 0},
            {1, 0, 2}});
    }

    @Test
    void threeClassPrecisionRecallAndF1() {
        int[] truth = {0, 0, 1, 1, 2, 2, 2};
        int[] predicted = {0, 1, 1, 1, 2, 0, 2};
        // class 0: tp 1, fp 1, fn 1 → P 1/2, R 1/2, F1 1/2
        // class 1: tp 2, fp 1, fn 0 → P 2/3, R 1,   F1 4/5
        // class 2: tp 2, fp 0, fn 1 → P 1,   R 2/3, F1 4/5
        Map<String, Double> metrics = Metrics.classification(truth, predicted, null, 3);

        assertThat(metrics.keySet()).containsExactly("accuracy", "precision_macro", "recall_macro", "f1_macro",
                "f1_weighted");
        assertThat(metrics.get("accuracy")).isCloseTo(5.0 / 7, TOLERANCE);
        assertThat(metrics.get("precision_macro")).isCloseTo((0.5 + 2.0 / 3 + 1) / 3, TOLERANCE); // 13/18
        assertThat(metrics.get("recall_macro")).isCloseTo((0.5 + 1 + 2.0 / 3) / 3, TOLERANCE);    // 13/18
        assertThat(metrics.get("f1_macro")).isCloseTo((0.5 + 0.8 + 0.8) / 3, TOLERANCE);         // 0.7
        assertThat(metrics.get("f1_weighted")).isCloseTo((2 * 0.5 + 2 * 0.8 + 3 * 0.8) / 7, TOLERANCE); // 5/7
    }

    @Test
    void aClassNeverPredictedHasPrecisionZeroAndAnUnseenClassIsNotAveraged() {
        int[] truth = {0, 0, 1, 1};
        int[] predicted = {0, 0, 0, 2};
        // labels = {0, 1, 2} (2 only predicted); class 3 of 4 never appears and is left out
        // class 0: tp 2, fp 1, fn 0 → P 2/3, R 1, F1 4/5
        // class 1: tp 0, fp 0, fn 2 → P 0 (zero_division), R 0, F1 0
        // class 2: tp 0, fp 1, fn 0 → P 0, R 0 (zero_division), F1 0
        for (int classes : new int[] {3, 4}) {
            Map<String, Double> metrics = Metrics.classification(truth, predicted, null, classes);

            assertThat(metrics.get("accuracy")).isCloseTo(0.5, TOLERANCE);
            assertThat(metrics.get("precision_macro")).isCloseTo(2.0 / 9, TOLERANCE);
            assertThat(metrics.get("recall_macro")).isCloseTo(1.0 / 3, TOLERANCE);
            assertThat(metrics.get("f1_macro")).isCloseTo(0.8 / 3, TOLERANCE);
            // support: class 0 two rows, class 1 two rows, class 2 none
            assertThat(metrics.get("f1_weighted")).isCloseTo((2 * 0.8 + 2 * 0) / 4, TOLERANCE);
        }
    }

    @Test
    void binaryWithProbabilitiesFromTheScikitLearnExample() {
        // average_precision_score / roc_auc_score docs: y_true [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]
        int[] truth = {0, 0, 1, 1};
        double[][] probabilities = {{0.9, 0.1}, {0.6, 0.4}, {0.65, 0.35}, {0.2, 0.8}};
        int[] predicted = {0, 0, 0, 1};
        // roc: pairs (positive, negative): 0.35>0.1, 0.35<0.4, 0.8>0.1, 0.8>0.4 → 3/4
        // ap: by falling score 0.8 (P, R 1/2, precision 1), 0.4 (N), 0.35 (P, R 1, precision 2/3), 0.1 (N)
        //     → 1/2·1 + 1/2·2/3 = 5/6
        // class 0: tp 2, fp 1, fn 0 → P 2/3, R 1, F1 4/5; class 1: tp 1, fp 0, fn 1 → P 1, R 1/2, F1 2/3
        Map<String, Double> metrics = Metrics.classification(truth, predicted, probabilities, 2);

        assertThat(metrics.keySet()).containsExactly("accuracy", "precision_macro", "recall_macro", "f1_macro",
                "f1_weighted", "roc_auc", "pr_auc", "log_loss");
        assertThat(metrics.get("accuracy")).isCloseTo(0.75, TOLERANCE);
        assertThat(metrics.get("precision_macro")).isCloseTo(5.0 / 6, TOLERANCE);
        assertThat(metrics.get("recall_macro")).isCloseTo(0.75, TOLERANCE);
        assertThat(metrics.get("f1_macro")).isCloseTo((0.8 + 2.0 / 3) / 2, TOLERANCE);
        assertThat(metrics.get("f1_weighted")).isCloseTo((2 * 0.8 + 2 * 2.0 / 3) / 4, TOLERANCE);
        assertThat(metrics.get("roc_auc")).isCloseTo(0.75, TOLERANCE);
        assertThat(metrics.get("pr_auc")).isCloseTo(0.8333333333, within(1e-9));
        // probabilities of the true class: 0.9, 0.6, 0.35, 0.8
        assertThat(metrics.get("log_loss")).isCloseTo(
                -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, TOLERANCE);
    }

    @Test
    void logLossOfTheScikitLearnExample() {
        // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), ham 0, spam 1
        int[] truth = {1, 0, 0, 1};
        double[][] probabilities = {{0.1, 0.9}, {0.9, 0.1}, {0.8, 0.2}, {0.35, 0.65}};
        int[] predicted = {1, 0, 0, 1};

        assertThat(Metrics.classification(truth, predicted, probabilities, 2).get("log_loss"))
                .isCloseTo(0.21616187468057912, TOLERANCE);
    }

    @Test
    void perfectPredictions() {
        int[] truth = {0, 1, 0, 1};
        double[][] probabilities = {{1, 0}, {0, 1}, {1, 0}, {0, 1}};

        Map<String, Double> metrics = Metrics.classification(truth, truth, probabilities, 2);

        for (String key : new String[] {"accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted",
            "roc_auc", "pr_auc"}) {
            assertThat(metrics.get(key)).as(key).isCloseTo(1.0, TOLERANCE);
        }
        // p = 1 is clipped to 1 - 1e-15: -ln(1 - 1e-15) ≈ 1e-15, positive and not 0
        assertThat(metrics.get("log_loss")).isCloseTo(0.0, TOLERANCE).isPositive();
    }

    @Test
    void worstPredictions() {
        int[] truth = {0, 1, 0, 1};
        int[] predicted = {1, 0, 1, 0};
        double[][] probabilities = {{0, 1}, {1, 0}, {0, 1}, {1, 0}};

        Map<String, Double> metrics = Metrics.classification(truth, predicted, probabilities, 2);

        for (String key : new String[] {"accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted",
            "roc_auc"}) {
            assertThat(metrics.get(key)).as(key).isCloseTo(0.0, TOLERANCE);
        }
        // every negative scores 1, every positive 0: at threshold 1 recall 0; at 0 recall 1, precision 2/4
        assertThat(metrics.get("pr_auc")).isCloseTo(0.5, TOLERANCE);
        // p = 0 is clipped to 1e-15: -ln(1e-15) = 15·ln 10
        assertThat(metrics.get("log_loss")).isCloseTo(15 * Math.log(10), TOLERANCE);
    }

    @Test
    void multiclassAreasAreOneVersusRestMacroAverages() {
        int[] truth = {0, 1, 2, 0, 1, 2};
        double[][] probabilities = {
            {0.6, 0.3, 0.1},
            {0.2, 0.5, 0.3},
            {0.1, 0.2, 0.7},
            {0.3, 0.4, 0.3},
            {0.5, 0.3, 0.2},
            {0.2, 0.2, 0.6}};
        int[] predicted = {0, 1, 2, 1, 0, 2};
        // class 0: positives 0.6, 0.3; negatives 0.2, 0.1, 0.5, 0.2
        //   roc: 0.6 beats 4; 0.3 beats 3, loses to 0.5 → 7/8
        //   ap:  0.6 P (R 1/2, precision 1), 0.5 N, 0.3 P (R 1, precision 2/3) → 1/2 + 1/3 = 5/6
        // class 1: positives 0.5, 0.3; negatives 0.3, 0.2, 0.4, 0.2
        //   roc: 0.5 beats 4; 0.3 ties 0.3 (½), beats 0.2 twice, loses to 0.4 → 6.5/8
        //   ap:  0.5 P (R 1/2, precision 1), 0.4 N, 0.3 P+N (R 1, precision 2/4) → 1/2 + 1/4 = 3/4
        // class 2: positives 0.7, 0.6 above every negative → roc 1, ap 1
        Map<String, Double> metrics = Metrics.classification(truth, predicted, probabilities, 3);

        assertThat(metrics.get("roc_auc")).isCloseTo((7.0 / 8 + 6.5 / 8 + 1) / 3, TOLERANCE);
        assertThat(metrics.get("pr_auc")).isCloseTo((5.0 / 6 + 3.0 / 4 + 1) / 3, TOLERANCE);
        assertThat(metrics.get("log_loss")).isCloseTo(-(Math.log(0.6) + Math.log(0.5) + Math.log(0.7)
                + Math.log(0.3) + Math.log(0.3) + Math.log(0.6)) / 6, TOLERANCE);
    }

    @Test
    void multiclassAreasSkipAClassWithNoPositives() {
        int[] truth = {0, 0, 1, 1};
        double[][] probabilities = {{0.8, 0.1, 0.1}, {0.4, 0.5, 0.1}, {0.3, 0.6, 0.1}, {0.1, 0.2, 0.7}};
        int[] predicted = {0, 1, 1, 2};
        // class 0: positives 0.8, 0.4 above negatives 0.3, 0.1 → roc 1, ap 1
        // class 1: positives 0.6, 0.2; negatives 0.1, 0.5 → roc 0.6 beats 2, 0.2 beats 1 → 3/4
        //          ap: 0.6 P (R 1/2, precision 1), 0.5 N, 0.2 P (R 1, precision 2/3), 0.1 N → 5/6
        // class 2: no positive row → not averaged
        Map<String, Double> metrics = Metrics.classification(truth, predicted, probabilities, 3);

        assertThat(metrics.get("roc_auc")).isCloseTo((1 + 0.75) / 2, TOLERANCE);
        assertThat(metrics.get("pr_auc")).isCloseTo((1 + 5.0 / 6) / 2, TOLERANCE);
    }

    @Test
    void areasAreNaNWhenTruthHasOneClass() {
        int[] truth = {0, 0, 0};
        double[][] probabilities = {{0.9, 0.1}, {0.6, 0.4}, {0.2, 0.8}};

        Map<String, Double> metrics = Metrics.classification(truth, new int[] {0, 0, 1}, probabilities, 2);

        assertThat(metrics.get("roc_auc")).isNaN();
        assertThat(metrics.get("pr_auc")).isNaN();
        assertThat(metrics.get("accuracy")).isCloseTo(2.0 / 3, TOLERANCE);
    }

    @Test
    void rocCurveWithTiedScores() {
        int[] truth = {0, 1, 0, 1};
        double[] scores = {0.5, 0.5, 0.2, 0.8};
        // thresholds +inf, 0.8, 0.5, 0.2: true positives 0, 1, 2, 2; false positives 0, 0, 1, 2
        Metrics.Curve curve = Metrics.roc(truth, scores, 1);

        assertThat(curve.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.8, 0.5, 0.2);
        assertThat(curve.x()).containsExactly(0, 0, 0.5, 1);
        assertThat(curve.y()).containsExactly(0, 0.5, 1, 1);
        // trapezoids: (0.5 - 0)·(0.5 + 1)/2 + (1 - 0.5)·(1 + 1)/2 = 0.375 + 0.5; the tie counts half
        double[][] probabilities = {{0.5, 0.5}, {0.5, 0.5}, {0.8, 0.2}, {0.2, 0.8}};
        assertThat(Metrics.classification(truth, new int[] {0, 0, 0, 1}, probabilities, 2).get("roc_auc"))
                .isCloseTo(0.875, TOLERANCE);
    }

    @Test
    void rocCurveOfAnotherPositiveLabelCountsEveryOtherLabelAsNegative() {
        int[] truth = {2, 0, 1, 2};
        double[] scores = {0.9, 0.7, 0.8, 0.1};
        // positive 2: thresholds +inf, 0.9 (P), 0.8 (N), 0.7 (N), 0.1 (P)
        Metrics.Curve curve = Metrics.roc(truth, scores, 2);

        assertThat(curve.x()).containsExactly(0, 0, 0.5, 1, 1);
        assertThat(curve.y()).containsExactly(0, 0.5, 0.5, 0.5, 1);
        assertThat(curve.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.1);
    }

    @Test
    void precisionRecallCurveRunsByFallingThresholdFromRecallZero() {
        int[] truth = {0, 0, 1, 1};
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        // sklearn: precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8];
        // here the same points reversed, the (0, 1) point given threshold +inf
        Metrics.Curve curve = Metrics.precisionRecall(truth, scores, 1);

        assertThat(curve.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1);
        assertThat(curve.x()).containsExactly(0, 0.5, 0.5, 1, 1);
        assertThat(curve.y()).containsExactly(new double[] {1, 1, 0.5, 2.0 / 3, 0.5}, within(1e-15));
    }

    @Test
    void curvesNeedBothKindsOfRow() {
        assertThatThrownBy(() -> Metrics.roc(new int[] {1, 1}, new double[] {0.2, 0.3}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ROC curve needs positive and negative rows, but truth has 2 rows labelled 1 and 0 others");
        assertThatThrownBy(() -> Metrics.precisionRecall(new int[] {0, 0}, new double[] {0.2, 0.3}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a precision-recall curve needs positive rows, but truth has no row labelled 1");
        assertThatThrownBy(() -> Metrics.roc(new int[] {0, 1}, new double[] {0.2, Double.NaN}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores has NaN at index 1; values must be finite numbers");
        assertThatThrownBy(() -> Metrics.roc(new int[] {0, 1}, new double[] {0.2}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth has 2 values but scores has 1");
    }

    @Test
    void regressionMetricsOfTheScikitLearnExample() {
        double[] truth = {3, -0.5, 2, 7};
        double[] predicted = {2.5, 0.0, 2, 8};
        // errors 0.5, -0.5, 0, -1
        // mse (0.25 + 0.25 + 0 + 1)/4 = 0.375; mae 2/4
        // mean 2.875; SStot 0.125² + 3.375² + 0.875² + 4.125² = 29.1875; SSres 1.5
        // mape (0.5/3 + 0.5/0.5 + 0/2 + 1/7)/4
        Map<String, Double> metrics = Metrics.regression(truth, predicted);

        assertThat(metrics.keySet()).containsExactly("rmse", "mae", "r2", "mape");
        assertThat(metrics.get("rmse")).isCloseTo(Math.sqrt(0.375), TOLERANCE);
        assertThat(metrics.get("mae")).isCloseTo(0.5, TOLERANCE);
        assertThat(metrics.get("r2")).isCloseTo(1 - 1.5 / 29.1875, TOLERANCE);   // 0.948608137...
        assertThat(metrics.get("mape")).isCloseTo((0.5 / 3 + 1 + 0 + 1.0 / 7) / 4, TOLERANCE); // 0.327380952...
    }

    @Test
    void r2OfAConstantTruthIsOneWhenPerfectAndZeroOtherwise() {
        double[] truth = {2, 2, 2};

        assertThat(Metrics.regression(truth, new double[] {2, 2, 2}).get("r2")).isEqualTo(1.0);
        assertThat(Metrics.regression(truth, new double[] {2, 2, 3}).get("r2")).isEqualTo(0.0);
    }

    @Test
    void mapeDividesByMachineEpsilonWhereTheTruthIsZero() {
        // |0 - 1| / eps and |1 - 1| / 1, averaged
        double mape = Metrics.regression(new double[] {0, 1}, new double[] {1, 1}).get("mape");

        assertThat(mape).isCloseTo(0.5 / 2.220446049250313e-16, within(1e-9 * mape));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Metrics.regression(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth has NaN at index 1; values must be finite numbers");
        assertThatThrownBy(() -> Metrics.regression(new double[] {1, 2}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth has 2 values but predicted has 3");
        assertThatThrownBy(() -> Metrics.regression(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth and predicted are empty");
        assertThatThrownBy(() -> Metrics.confusionMatrix(new int[] {0, 3}, new int[] {0, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth[1] is 3, outside the classes 0..2");
        assertThatThrownBy(() -> Metrics.classification(new int[] {0, 1}, new int[] {0, -1}, null, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted[1] is -1, outside the classes 0..1");
        assertThatThrownBy(() -> Metrics.classification(new int[] {0, 1}, new int[] {0}, null, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth has 2 labels but predicted has 1");
        assertThatThrownBy(() -> Metrics.classification(new int[0], new int[0], null, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth and predicted are empty");
        assertThatThrownBy(() -> Metrics.classification(new int[] {0, 1}, new int[] {0, 1},
                new double[][] {{1, 0}, {0.5}}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probabilities[1] has 1 values but there are 2 classes");
        assertThatThrownBy(() -> Metrics.classification(new int[] {0, 1}, new int[] {0, 1},
                new double[][] {{1, 0}, {Double.NaN, 1}}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probabilities[1][0] is NaN, not a probability in [0, 1]");
        assertThatThrownBy(() -> Metrics.classification(new int[] {0, 1}, new int[] {0, 1},
                new double[][] {{1, 0}}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probabilities has 1 rows but truth has 2");
        assertThatThrownBy(() -> Metrics.confusionMatrix(new int[] {0}, new int[] {0}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("classes must be at least 1, was 0");
    }
}
