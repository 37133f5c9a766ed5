package io.pipewright.quality.drift;

import java.util.Arrays;

/**
 * The statistics of the drift tests, each on plain arrays: two-sample Kolmogorov–Smirnov,
 * chi-squared goodness of fit, the Z-test for two proportions, the Wasserstein distance normed by
 * the reference's standard deviation, the Jensen–Shannon distance, and the population stability
 * index; with the distributions their p-values need (Kolmogorov, chi-squared via the regularized
 * gamma function, normal).
 */
public final class DriftStatistics {
    /** What an empty bin counts as in PSI and Jensen–Shannon (Evidently's value): no logarithm of zero. */
    public static final double EMPTY_BIN = 0.0001;

    private DriftStatistics() {
    }

    /** A statistic and, for tests, its p-value (NaN for distances). */
    public record Result(double statistic, double pValue) {
    }

    /** The largest gap between the two samples' empirical CDFs; both arrays sorted ascending. */
    public static double ksDistance(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /**
     * The p-value of a two-sample KS distance {@code d} between samples of n and m values, from the
     * Kolmogorov distribution with Stephens' small-sample correction:
     * Q((√ne + 0.12 + 0.11/√ne)·d), ne = nm/(n+m).
     */
    public static double ksPValue(double d, long n, long m) {
        double ne = (double) n * m / (n + m);
        double root = Math.sqrt(ne);
        return kolmogorovSurvival((root + 0.12 + 0.11 / root) * d);
    }

    /** P(K > λ) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²λ²). */
    public static double kolmogorovSurvival(double lambda) {
        if (lambda < 0.2) {
            return 1;
        }
        double sum = 0;
        double sign = 1;
        for (int k = 1; k <= 200; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += sign * term;
            if (term < 1e-16 * Math.abs(sum) || term < 1e-300) {
                break;
            }
            sign = -sign;
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }

    /**
     * Chi-squared goodness of fit of observed counts against expected counts (scipy's chisquare):
     * Σ (o − e)² / e with k − 1 degrees of freedom. A category expected never but observed gives an
     * infinite statistic and a p-value of 0, as scipy does.
     */
    public static Result chiSquared(double[] observed, double[] expected) {
        double statistic = 0;
        int categories = observed.length;
        for (int i = 0; i < observed.length; i++) {
            double diff = observed[i] - expected[i];
            if (expected[i] == 0) {
                if (observed[i] != 0) {
                    statistic = Double.POSITIVE_INFINITY;
                }
                continue;
            }
            statistic += diff * diff / expected[i];
        }
        if (categories < 2) {
            return new Result(0, 1);
        }
        double p = Double.isInfinite(statistic) ? 0 : chiSquaredSurvival(statistic, categories - 1);
        return new Result(statistic, p);
    }

    /** P(X > x) for a chi-squared variable of {@code df} degrees of freedom. */
    public static double chiSquaredSurvival(double x, double df) {
        if (x <= 0) {
            return 1;
        }
        return regularizedGammaQ(df / 2, x / 2);
    }

    /**
     * Z-test that two samples share a proportion: z = (p1 − p2) / √(P(1 − P)(1/n1 + 1/n2)) with the
     * pooled P, two-sided p-value. Identical all-or-nothing samples give z = 0, p = 1.
     */
    public static Result zTest(long hits1, long n1, long hits2, long n2) {
        double p1 = (double) hits1 / n1;
        double p2 = (double) hits2 / n2;
        double pooled = (double) (hits1 + hits2) / (n1 + n2);
        double variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
        if (variance <= 0) {
            return new Result(0, 1);
        }
        double z = (p1 - p2) / Math.sqrt(variance);
        return new Result(z, 2 * normalSurvival(Math.abs(z)));
    }

    /** P(Z > z) for a standard normal variable. */
    public static double normalSurvival(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Standard normal CDF. */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /**
     * The complementary error function, by the series of the regularized gamma function
     * (erfc(x) = Q(1/2, x²) for x ≥ 0), accurate to about 1e-14.
     */
    public static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x == 0) {
            return 1;
        }
        return regularizedGammaQ(0.5, x * x);
    }

    /** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a). */
    public static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        if (x < a + 1) {
            return 1 - gammaSeries(a, x);
        }
        return gammaContinuedFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < 10_000; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * 1e-16) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** Lentz's continued fraction for Q(a, x), x ≥ a + 1. */
    private static double gammaContinuedFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
    };

    /** ln Γ(x) for x > 0 (Lanczos, g = 7), relative error about 1e-15. */
    public static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double sum = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * The first Wasserstein distance between two samples given as quantile functions sampled at
     * the same probabilities: the mean absolute difference of quantiles.
     */
    public static double wassersteinFromQuantiles(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** The first Wasserstein distance between two sorted samples: ∫ |F_a − F_b| dx, exactly. */
    public static double wasserstein(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        double sum = 0;
        int i = 0;
        int j = 0;
        for (int k = 0; k < all.length - 1; k++) {
            double x = all[k];
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            sum += Math.abs((double) i / a.length - (double) j / b.length) * (all[k + 1] - x);
        }
        return sum;
    }

    /**
     * The Jensen–Shannon distance (natural logarithm, as scipy's default) of two distributions given
     * as shares over the same bins; each is normalized to sum 1 first.
     */
    public static double jensenShannon(double[] p, double[] q) {
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sp;
            double b = q[i] / sq;
            double m = (a + b) / 2;
            if (a > 0) {
                divergence += 0.5 * a * Math.log(a / m);
            }
            if (b > 0) {
                divergence += 0.5 * b * Math.log(b / m);
            }
        }
        return Math.sqrt(Math.max(0, divergence));
    }

    /** Population stability index of shares over the same bins: Σ (c − r)·ln(c / r), empty bins as {@link #EMPTY_BIN}. */
    public static double psi(double[] reference, double[] current) {
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = reference[i] <= 0 ? EMPTY_BIN : reference[i];
            double c = current[i] <= 0 ? EMPTY_BIN : current[i];
            sum += (c - r) * Math.log(c / r);
        }
        return sum;
    }

    /** Shares with empty bins set to {@link #EMPTY_BIN} (Evidently fills zeros so that no logarithm is of zero). */
    public static double[] fillEmpty(double[] shares) {
        double[] filled = shares.clone();
        for (int i = 0; i < filled.length; i++) {
            if (filled[i] <= 0) {
                filled[i] = EMPTY_BIN;
            }
        }
        return filled;
    }
}
