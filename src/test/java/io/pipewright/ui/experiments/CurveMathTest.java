package io.pipewright.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurveMathTest {
    @Test
    void smoothingLeavesACurveAloneAtZeroAndKeepsAConstantCurveConstant() {
        double[] y = {3, 1, 4, 1, 5};
        assertThat(CurveMath.smooth(y, 0)).containsExactly(y);
        // debiased: the first point is not pulled towards zero, a flat line stays flat
        assertThat(CurveMath.smooth(new double[] {2, 2, 2, 2}, 0.9)).containsExactly(new double[] {2, 2, 2, 2}, within(1e-12));
    }

    @Test
    void smoothingIsTheDebiasedMovingAverageAndSkipsMissingPoints() {
        double[] smoothed = CurveMath.smooth(new double[] {1, Double.NaN, 3}, 0.5);
        assertThat(smoothed[0]).isEqualTo(1, within(1e-12));
        assertThat(smoothed[1]).isNaN();
        // ema after 1 then 3 with w = 0.5: (0.5·0.5·1 + 0.5·3) / (1 − 0.25) = 1.75 / 0.75
        assertThat(smoothed[2]).isEqualTo(1.75 / 0.75, within(1e-12));
    }

    @Test
    void theBandIsTheMeanAndSampleStdOfTheRunsThatHaveAPointAtEachStep() {
        var a = new CurveMath.Curve(new double[] {0, 1, 2}, new double[] {1, 2, 3});
        var b = new CurveMath.Curve(new double[] {0, 1, 2}, new double[] {3, 4, Double.NaN});
        var c = new CurveMath.Curve(new double[] {0, 1}, new double[] {2, 6});
        var band = CurveMath.band(List.of(a, b, c));
        assertThat(band.x()).containsExactly(0, 1, 2);
        assertThat(band.n()).containsExactly(3, 3, 1);
        assertThat(band.mean()).containsExactly(new double[] {2, 4, 3}, within(1e-12));
        assertThat(band.upper()[0] - band.mean()[0]).isEqualTo(1, within(1e-12)); // std of 1, 3, 2
        assertThat(band.upper()[1] - band.mean()[1]).isEqualTo(2, within(1e-12)); // std of 2, 4, 6
        assertThat(band.lower()[2]).isEqualTo(band.upper()[2]); // one run: no spread
    }

    @Test
    void onATimeAxisRunsAreAlignedByStepAndDrawnAtTheirMeanTime() {
        var a = new CurveMath.Curve(new double[] {0, 1}, new double[] {10, 20}, new double[] {1, 2});
        var b = new CurveMath.Curve(new double[] {0, 1}, new double[] {12, 23}, new double[] {3, 4});
        var band = CurveMath.band(List.of(a, b));
        assertThat(band.x()).containsExactly(11, 21.5);
        assertThat(band.n()).containsExactly(2, 2);
        assertThat(band.mean()).containsExactly(2, 3);
    }

    @Test
    void theSpreadOfLargeCloseValuesIsNotLostToRounding() {
        var a = new CurveMath.Curve(new double[] {0}, new double[] {1e9 + 1});
        var b = new CurveMath.Curve(new double[] {0}, new double[] {1e9 + 3});
        var band = CurveMath.band(List.of(a, b));
        assertThat(band.upper()[0] - band.mean()[0]).isEqualTo(Math.sqrt(2), within(1e-6));
    }

    @Test
    void valuesAreNumbersOnlyWhenAllOfThemAre() {
        assertThat(CurveMath.numbers(List.of("1", " 2.5", ""))).containsExactly(new double[] {1, 2.5, Double.NaN}, within(0.0));
        assertThat(CurveMath.numbers(java.util.Arrays.asList("1", null, "gbtree"))).isNull();
        int[] index = new int[4];
        assertThat(CurveMath.categories(java.util.Arrays.asList("b", "a", null, "b"), index)).containsExactly("b", "a", "(none)");
        assertThat(index).containsExactly(0, 1, 2, 0);
    }

    @Test
    void longKeysAreShownByTheirShortestUniqueTailAndResultsComeFirst() {
        assertThat(MetricKeys.shortNames(List.of("train.hyperparameters.eta", "train.hyperparameters.max_depth", "seed")))
                .containsExactly("eta", "max_depth", "seed");
        assertThat(MetricKeys.shortNames(List.of("a.lr", "b.lr", "b.depth"))).containsExactly("a.lr", "b.lr", "depth");
        assertThat(MetricKeys.ranked(List.of("system.cpu_percent", "train.valid_log_loss", "eval.accuracy", "eval.roc_auc")))
                .containsExactly("eval.roc_auc", "eval.accuracy", "train.valid_log_loss", "system.cpu_percent");
    }
}
