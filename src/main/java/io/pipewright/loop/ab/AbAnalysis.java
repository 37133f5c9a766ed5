package io.pipewright.loop.ab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * The analysis of an A/B experiment: each variant's metric with its 95 % interval, the difference
 * b − a with its 95 % interval and fixed-horizon p-value, the sample-ratio check, the always-valid
 * p-value of the sequential test, and the verdict.
 *
 * <p>Accuracy: each variant's interval is Wilson's score interval; the difference's is Wald's
 * (unpooled), its p-value the two-proportion z-test's (pooled). Mean absolute error: each variant's
 * interval is Student's t; the difference's interval and p-value are Welch's (Welch–Satterthwaite
 * degrees of freedom).
 *
 * <p>The verdict: {@code invalid: sample ratio mismatch} when the {@link SampleRatioCheck} fails
 * (nothing else is decided); else, once the sequential p-value has fallen below α, {@code switch} if b
 * was the better at that look and {@code keep} if a was (see {@link SequentialTest}); else {@code inconclusive} (no difference shown yet: a stays, and the
 * experiment may go on, since the sequential p-value allows looking again). The fixed-horizon p-value
 * is reported for reference only: it is valid only when read once, at a size fixed in advance.
 */
public record AbAnalysis(String verdict, String reason, AbMetric metric, double alpha, Variant a, Variant b, Difference difference,
                         SampleRatioCheck sampleRatio, double sequentialPValue, double tau, long looks, long decidedAt, String source) {
    public static final String KEEP = "keep";
    public static final String SWITCH = "switch";
    public static final String INCONCLUSIVE = "inconclusive";
    public static final String INVALID_SRM = "invalid: sample ratio mismatch";
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
    private static final double Z95 = NORMAL.inverseCumulativeProbability(0.975);

    /**
     * One variant: the version that served it as {@code NAME:VERSION} (null when several did, or the name is not known), every
     * version seen, units assigned, labelled observations, the metric and its 95 % interval.
     */
    public record Variant(String version, List<String> versions, long assigned, long n, double value, double low, double high) {
    }

    /** b − a with its 95 % interval and two-sided fixed-horizon p-value. */
    public record Difference(double value, double low, double high, double pValue) {
    }

    /** How the analysis is done: the configured share of b, the significance level and the mixture's τ. */
    public record Settings(double split, double alpha, double tau) {
        public Settings {
            if (!(split > 0 && split < 1)) {
                throw new IllegalArgumentException("--split must be a fraction between 0 and 1 (exclusive), not " + PlanInputs.number(split));
            }
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("--alpha must be between 0 and 1 (exclusive), not " + PlanInputs.number(alpha));
            }
            if (!(tau > 0 && Double.isFinite(tau))) {
                throw new IllegalArgumentException("--tau must be a positive number, not " + PlanInputs.number(tau));
            }
        }

        public static Settings of(double split) {
            return new Settings(split, 0.05, SequentialTest.DEFAULT_TAU);
        }
    }

    /** Analyses the data; IllegalArgumentException when a variant has fewer than 2 labelled observations. */
    public static AbAnalysis of(AbData data, Settings settings) {
        var ratio = SampleRatioCheck.of(data.assigned().getOrDefault(AbData.A, 0L), data.assigned().getOrDefault(AbData.B, 0L), settings.split());
        var sequential = new SequentialTest(settings.tau(), settings.alpha());
        var a = new Moments();
        var b = new Moments();
        for (AbData.Observation observation : data.observations()) {
            (observation.b() ? b : a).add(observation.value());
            sequential.add(observation.b(), observation.value());
        }
        for (var entry : Map.of(AbData.A, a, AbData.B, b).entrySet()) {
            if (entry.getValue().n < 2) {
                throw new IllegalArgumentException(data.source() + ": variant " + entry.getKey() + " has " + entry.getValue().n
                        + " labelled prediction" + (entry.getValue().n == 1 ? "" : "s") + " (at least 2 each are needed)");
            }
        }
        boolean accuracy = data.metric() == AbMetric.ACCURACY;
        Variant variantA = variant(data, AbData.A, a, accuracy);
        Variant variantB = variant(data, AbData.B, b, accuracy);
        Difference difference = accuracy ? proportionDifference(a, b) : welchDifference(a, b);
        double p = sequential.pValue();
        String verdict;
        String reason;
        if (!ratio.passed()) {
            verdict = INVALID_SRM;
            reason = String.format(Locale.ROOT, "b was assigned %.2f %% of the units, the split says %.2f %% (chi-squared p = %s < %s): "
                    + "the assignment is broken, so the variants cannot be compared", ratio.observed() * 100, ratio.expected() * 100,
                    pText(ratio.pValue()), PlanInputs.number(SampleRatioCheck.THRESHOLD));
        } else if (sequential.decidedAt() > 0) {
            double decided = sequential.decidedDifference();
            boolean bBetter = data.metric().lowerIsBetter() ? decided < 0 : decided > 0;
            verdict = bBetter ? SWITCH : KEEP;
            reason = String.format(Locale.ROOT, "%s is better on %s: the always-valid p-value fell below %s at labelled prediction %,d of %,d "
                    + "and is %s", bBetter ? "b" : "a", data.metric().id(), PlanInputs.number(settings.alpha()), sequential.decidedAt(),
                    data.observations().size(), pText(p));
        } else {
            verdict = INCONCLUSIVE;
            reason = String.format(Locale.ROOT, "no difference shown yet (always-valid p = %s, not below %s): keep a, or let the experiment run on",
                    pText(p), PlanInputs.number(settings.alpha()));
        }
        return new AbAnalysis(verdict, reason, data.metric(), settings.alpha(), variantA, variantB, difference, ratio, p, sequential.tau(),
                sequential.looks(), sequential.decidedAt(), data.source());
    }

    static String pText(double p) {
        return p < 1e-300 ? "below 1e-300" : p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    private static Variant variant(AbData data, String name, Moments m, boolean accuracy) {
        List<String> versions = data.versions().getOrDefault(name, List.of());
        // NAME:VERSION only: a bare version (a log read without the model's name) or several name nothing for certain
        String version = versions.size() == 1 && versions.get(0).contains(":") && !versions.get(0).endsWith(":?") ? versions.get(0) : null;
        long assigned = data.assigned().getOrDefault(name, 0L);
        double mean = m.mean();
        if (accuracy) {
            // Wilson's score interval
            double n = m.n;
            double z2 = Z95 * Z95;
            double centre = (mean + z2 / (2 * n)) / (1 + z2 / n);
            double half = Z95 / (1 + z2 / n) * Math.sqrt(mean * (1 - mean) / n + z2 / (4 * n * n));
            return new Variant(version, versions, assigned, m.n, mean, Math.max(0, centre - half), Math.min(1, centre + half));
        }
        double half = new TDistribution(null, m.n - 1).inverseCumulativeProbability(0.975) * Math.sqrt(m.variance() / m.n);
        return new Variant(version, versions, assigned, m.n, mean, mean - half, mean + half);
    }

    private static Difference proportionDifference(Moments a, Moments b) {
        double pa = a.mean();
        double pb = b.mean();
        double d = pb - pa;
        double se = Math.sqrt(pa * (1 - pa) / a.n + pb * (1 - pb) / b.n);
        double pooled = (a.sum + b.sum) / (a.n + b.n);
        double seH0 = Math.sqrt(pooled * (1 - pooled) * (1.0 / a.n + 1.0 / b.n));
        double p = seH0 == 0 ? 1 : Erf.erfc(Math.abs(d) / seH0 / Math.sqrt(2));
        return new Difference(d, d - Z95 * se, d + Z95 * se, p);
    }

    private static Difference welchDifference(Moments a, Moments b) {
        double d = b.mean() - a.mean();
        double va = a.variance() / a.n;
        double vb = b.variance() / b.n;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Difference(d, d, d, d == 0 ? 1 : 0);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.n - 1) + vb * vb / (b.n - 1));
        var t = new TDistribution(null, df);
        double half = t.inverseCumulativeProbability(0.975) * se;
        double p = 2 * t.cumulativeProbability(-Math.abs(d) / se);
        return new Difference(d, d - half, d + half, p);
    }

    /** Count, sum and sum of squared deviations (Welford), for the means and variances. */
    private static final class Moments {
        private long n;
        private double sum;
        private double mean;
        private double m2;

        void add(double x) {
            n++;
            sum += x;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        double mean() {
            return n == 0 ? Double.NaN : sum / n;
        }

        double variance() {
            return n < 2 ? 0 : m2 / (n - 1);
        }
    }

    /** The --json shape (documented in the README; the promotion gate reads {@code verdict} and {@code variants.b.version}). */
    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("verdict", verdict);
        map.put("reason", reason);
        map.put("metric", metric.id());
        map.put("lowerIsBetter", metric.lowerIsBetter());
        map.put("alpha", alpha);
        var variants = new LinkedHashMap<String, Object>();
        variants.put(AbData.A, variantMap(a));
        variants.put(AbData.B, variantMap(b));
        map.put("variants", variants);
        var diff = new LinkedHashMap<String, Object>();
        diff.put("value", difference.value());
        diff.put("low", difference.low());
        diff.put("high", difference.high());
        diff.put("pValue", difference.pValue());
        map.put("difference", diff);
        var srm = new LinkedHashMap<String, Object>();
        srm.put("expected", sampleRatio.expected());
        srm.put("observed", Double.isNaN(sampleRatio.observed()) ? null : sampleRatio.observed());
        srm.put("chiSquared", sampleRatio.chiSquared());
        srm.put("pValue", sampleRatio.pValue());
        srm.put("threshold", sampleRatio.threshold());
        srm.put("passed", sampleRatio.passed());
        map.put("sampleRatio", srm);
        var seq = new LinkedHashMap<String, Object>();
        seq.put("method", "mSPRT");
        seq.put("mixture", "normal");
        seq.put("tau", tau);
        seq.put("looks", looks);
        seq.put("pValue", sequentialPValue);
        seq.put("decidedAt", decidedAt == 0 ? null : decidedAt);
        map.put("sequential", seq);
        map.put("source", source);
        return map;
    }

    private static Map<String, Object> variantMap(Variant v) {
        var map = new LinkedHashMap<String, Object>();
        map.put("version", v.version());
        map.put("versions", v.versions());
        map.put("assigned", v.assigned());
        map.put("n", v.n());
        map.put("value", v.value());
        map.put("low", v.low());
        map.put("high", v.high());
        return map;
    }
}
