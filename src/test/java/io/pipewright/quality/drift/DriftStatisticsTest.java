package io.pipewright.quality.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each statistic against the value scipy 1.17 gives for the same input (tolerances stated per assertion). */
class DriftStatisticsTest {
    private static final double[] A = {0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77,
        1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.40, 1.06, -2.47};

    private static double[] shifted() {
        double[] b = new double[20];
        for (int i = 0; i < 20; i++) {
            b[i] = A[i] + 0.9;
        }
        return b;
    }

    @Test
    void ksDistanceAndPValueMatchScipy() {
        double[] a = A.clone();
        double[] b = shifted();
        Arrays.sort(a);
        Arrays.sort(b);
        double d = DriftStatistics.ksDistance(a, b);
        // scipy.stats.ks_2samp(a, b): statistic 0.47, p-value 0.00991 (exact method)
        assertThat(d).isCloseTo(0.47, within(1e-12));
        // the asymptotic distribution with Stephens' correction: within 0.001 of scipy's exact p-value at n = 25, m = 20
        assertThat(DriftStatistics.ksPValue(d, 25, 20)).isCloseTo(0.009913, within(0.001));
        // scipy.stats.kstwobign.sf: the limiting distribution itself, to 1e-9
        assertThat(DriftStatistics.kolmogorovSurvival(0.5)).isCloseTo(0.9639452436648751, within(1e-9));
        assertThat(DriftStatistics.kolmogorovSurvival(1.0)).isCloseTo(0.26999967167735456, within(1e-9));
        assertThat(DriftStatistics.kolmogorovSurvival(1.5)).isCloseTo(0.022217962616525127, within(1e-9));
    }

    @Test
    void ksPValueOnLargerSamplesIsWithinTenPercentOfScipy() {
        // ks_2samp of 800 vs 900 values: statistic 0.083889, p-value 0.0048124 (exact)
        assertThat(DriftStatistics.ksPValue(0.08388888888888889, 800, 900)).isCloseTo(0.0048124, within(0.0005));
    }

    @Test
    void chiSquaredMatchesScipy() {
        // scipy.stats.chisquare([16,18,16,14,12,12], [16,16,16,16,16,8]): statistic 3.5, p-value 0.6233876277495822
        var result = DriftStatistics.chiSquared(new double[] {16, 18, 16, 14, 12, 12}, new double[] {16, 16, 16, 16, 16, 8});
        assertThat(result.statistic()).isCloseTo(3.5, within(1e-12));
        assertThat(result.pValue()).isCloseTo(0.6233876277495822, within(1e-10));
        // scipy.stats.chi2.sf
        assertThat(DriftStatistics.chiSquaredSurvival(3.5, 4)).isCloseTo(0.477878344488724, within(1e-10));
        assertThat(DriftStatistics.chiSquaredSurvival(30, 10)).isCloseTo(0.000856641210775301, within(1e-12));
        assertThat(DriftStatistics.chiSquaredSurvival(0.5, 1)).isCloseTo(0.47950012218695337, within(1e-10));
        // a category the reference never had: infinite statistic, p-value 0 (scipy gives inf and 0)
        assertThat(DriftStatistics.chiSquared(new double[] {5, 5}, new double[] {10, 0}).pValue()).isZero();
    }

    @Test
    void zTestAndNormalMatchScipy() {
        // pooled two-proportion z of 240/500 vs 230/400: z = -2.8351543080614747, p = 0.004580355613101785
        var result = DriftStatistics.zTest(240, 500, 230, 400);
        assertThat(result.statistic()).isCloseTo(-2.8351543080614747, within(1e-12));
        assertThat(result.pValue()).isCloseTo(0.004580355613101785, within(1e-10));
        // scipy.stats.norm.sf / cdf
        assertThat(DriftStatistics.normalSurvival(1.96)).isCloseTo(0.024997895148220435, within(1e-12));
        assertThat(DriftStatistics.normalSurvival(3.0)).isCloseTo(0.0013498980316300933, within(1e-12));
        assertThat(DriftStatistics.normalCdf(-0.5)).isCloseTo(0.3085375387259869, within(1e-12));
        assertThat(DriftStatistics.zTest(10, 10, 7, 7).pValue()).isEqualTo(1);
    }

    @Test
    void wassersteinAndJensenShannonMatchScipy() {
        double[] a = A.clone();
        double[] b = shifted();
        Arrays.sort(a);
        Arrays.sort(b);
        // scipy.stats.wasserstein_distance(a, b) = 1.0081
        assertThat(DriftStatistics.wasserstein(a, b)).isCloseTo(1.0081, within(1e-9));
        // scipy.spatial.distance.jensenshannon([0.2,0.5,0.3], [0.1,0.4,0.5]) = 0.15463521779897044
        assertThat(DriftStatistics.jensenShannon(new double[] {0.2, 0.5, 0.3}, new double[] {0.1, 0.4, 0.5}))
                .isCloseTo(0.15463521779897044, within(1e-12));
    }

    @Test
    void wassersteinFromQuantilesApproachesTheExactDistance() {
        var random = new Random(3);
        double[] a = new double[5000];
        double[] b = new double[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
            b[i] = random.nextGaussian() * 1.5 + 0.3;
        }
        Arrays.sort(a);
        Arrays.sort(b);
        var qa = new double[1000];
        var qb = new double[1000];
        for (int i = 0; i < 1000; i++) {
            qa[i] = a[(int) ((i + 0.5) / 1000 * a.length)];
            qb[i] = b[(int) ((i + 0.5) / 1000 * b.length)];
        }
        // the quantile grid is within 1 % of the exact value
        double exact = DriftStatistics.wasserstein(a, b);
        assertThat(DriftStatistics.wassersteinFromQuantiles(qa, qb)).isCloseTo(exact, within(exact * 0.01));
    }

    @Test
    void psiOfKnownShares() {
        // Σ (c − r) ln(c / r) by hand: (0.3−0.25)ln(1.2) + (0.2−0.25)ln(0.8) + (0.5−0.5)·0 = 0.020273
        double psi = DriftStatistics.psi(new double[] {0.25, 0.25, 0.5}, new double[] {0.3, 0.2, 0.5});
        assertThat(psi).isCloseTo(0.05 * Math.log(1.2) - 0.05 * Math.log(0.8), within(1e-12));
        assertThat(DriftStatistics.psi(new double[] {0.5, 0.5}, new double[] {0.5, 0.5})).isZero();
        // an empty bin counts as 0.0001, so the index stays finite
        assertThat(DriftStatistics.psi(new double[] {1, 0}, new double[] {0.5, 0.5})).isFinite().isGreaterThan(2);
    }
}
