package io.pipewright.loop.ab;

/**
 * Always-valid p-values by the mixture sequential probability ratio test (mSPRT) with a normal mixture:
 * Johari, Koomen, Pekelis and Walsh, "Always Valid Inference: Continuous Monitoring of A/B Tests",
 * Operations Research 70(3), 2022 (arXiv:1512.04922, 2015/2017). After each observation, with θ̂ the
 * difference of the means (b − a), V its variance (σ̂²·(1/n_a + 1/n_b), σ̂² the pooled variance of
 * one observation under H0) and τ² the variance of the normal mixture over the effect,
 * <pre>Λ = √(V / (V + τ²)) · exp(θ̂² τ² / (2 V (V + τ²)))</pre>
 * and the p-value is the running minimum of 1/Λ (capped at 1). Under H0 it stays below α with
 * probability at most α however often it is looked at, so checking an experiment every day does not
 * inflate false positives the way re-running a fixed-horizon test does.
 *
 * <p>The test decides at the first look where the p-value falls below α (a stopping time: the
 * experiment could have been stopped there), and the direction is the difference's sign at that look;
 * later data does not undo it, since the guarantee is about the first crossing. Until then it goes on.
 *
 * <p>τ is set on the standardised effect: τ² = (τ_s·σ̂)², τ_s = {@value #DEFAULT_TAU} by default (a
 * small effect in Cohen's terms, where most A/B effects lie), so one setting fits accuracy and error
 * alike. The test starts once each variant has {@value #MIN_PER_VARIANT} observations: σ̂ from fewer
 * is too unreliable to plug in.
 */
public final class SequentialTest {
    public static final double DEFAULT_TAU = 0.1;
    public static final int MIN_PER_VARIANT = 30;

    private final double tau;
    private final double alpha;
    private long seen;
    private long decidedAt;
    private double decidedDifference = Double.NaN;
    private long na;
    private long nb;
    private double sumA;
    private double sumB;
    private double squaresA;
    private double squaresB;
    private double pValue = 1;
    private long looks;

    /** {@code tau}: the standard deviation of the normal mixture over the standardised effect; {@code alpha}: where it decides. */
    public SequentialTest(double tau, double alpha) {
        if (!(tau > 0 && Double.isFinite(tau))) {
            throw new IllegalArgumentException("--tau must be a positive number, not " + tau);
        }
        this.tau = tau;
        this.alpha = alpha;
    }

    /** Adds one observation of variant b (true) or a, and looks. */
    public void add(boolean b, double value) {
        seen++;
        if (b) {
            nb++;
            sumB += value;
            squaresB += value * value;
        } else {
            na++;
            sumA += value;
            squaresA += value * value;
        }
        if (na >= MIN_PER_VARIANT && nb >= MIN_PER_VARIANT) {
            look();
        }
    }

    private void look() {
        double n = na + nb;
        double mean = (sumA + sumB) / n;
        double variance = Math.max(0, ((squaresA + squaresB) - n * mean * mean) / (n - 1));
        if (variance == 0) {
            return; // every observation equal so far: no evidence either way
        }
        looks++;
        double v = variance * (1.0 / na + 1.0 / nb);
        double t2 = tau * tau * variance;
        double theta = sumB / nb - sumA / na;
        double logLambda = 0.5 * Math.log(v / (v + t2)) + theta * theta * t2 / (2 * v * (v + t2));
        pValue = Math.min(pValue, Math.min(1, Math.exp(-logLambda)));
        if (decidedAt == 0 && pValue < alpha) {
            decidedAt = seen;
            decidedDifference = theta;
        }
    }

    /** The observation (counted from 1) at which the p-value first fell below α, or 0 while it has not. */
    public long decidedAt() {
        return decidedAt;
    }

    /** The difference b − a at that look (NaN while undecided): its sign is the verdict's direction. */
    public double decidedDifference() {
        return decidedDifference;
    }

    /** The always-valid p-value so far. */
    public double pValue() {
        return pValue;
    }

    /** How many times it looked (observations once both variants had enough and varied). */
    public long looks() {
        return looks;
    }

    public double tau() {
        return tau;
    }
}
