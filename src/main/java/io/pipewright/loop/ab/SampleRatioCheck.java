package io.pipewright.loop.ab;

import org.apache.commons.math3.special.Gamma;

/**
 * The sample-ratio-mismatch check: Pearson's chi-squared goodness-of-fit test (1 degree of freedom) of
 * the units assigned to a and b against the configured split. A mismatch means the assignment is
 * broken (a bug in the split, bots, a variant that crashes or redirects), so no comparison of the two
 * is trustworthy. It fails at p &lt; 0.001, the usual threshold (Fabijan et al., "Diagnosing Sample
 * Ratio Mismatch in Online Controlled Experiments", KDD 2019; Kohavi, Tang and Xu, <i>Trustworthy
 * Online Controlled Experiments</i>, 2020, ch. 21): strict, because the check runs on every experiment
 * and a false alarm throws away a good one.
 *
 * @param expected share of b the split was configured with
 * @param observed share of b actually assigned
 */
public record SampleRatioCheck(double expected, double observed, long assignedA, long assignedB, double chiSquared, double pValue,
                               double threshold, boolean passed) {
    public static final double THRESHOLD = 0.001;

    public static SampleRatioCheck of(long assignedA, long assignedB, double expectedShareOfB) {
        long total = assignedA + assignedB;
        if (total == 0) {
            return new SampleRatioCheck(expectedShareOfB, Double.NaN, 0, 0, 0, 1, THRESHOLD, true);
        }
        double expectedB = total * expectedShareOfB;
        double expectedA = total - expectedB;
        double chi = square(assignedA - expectedA) / expectedA + square(assignedB - expectedB) / expectedB;
        // the upper tail of chi-squared(1) directly, so a large statistic gives a tiny p, not 1 − 1 = 0
        double p = chi <= 0 ? 1 : Gamma.regularizedGammaQ(0.5, chi / 2);
        return new SampleRatioCheck(expectedShareOfB, (double) assignedB / total, assignedA, assignedB, chi, p, THRESHOLD, !(p < THRESHOLD));
    }

    private static double square(double x) {
        return x * x;
    }
}
