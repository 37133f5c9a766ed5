package io.pipewright.loop.ab;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The sample an A/B test needs: observations in variant a and b, their total, and the days at the
 * planned traffic.
 *
 * <p>A proportion (two-sided two-proportion z-test, pooled variance under H0, unequal allocation;
 * Fleiss, Levin and Paik, <i>Statistical Methods for Rates and Proportions</i>, 3rd ed., 2003, §4.2;
 * Chow, Shao and Wang, <i>Sample Size Calculations in Clinical Research</i>, 2nd ed., §4.2): with
 * p1 = baseline, p2 = baseline + mde, s the share of b, p̄ = (1−s)·p1 + s·p2,
 * <pre>N = [z(1−α/2)·√(p̄(1−p̄)(1/(1−s) + 1/s)) + z(power)·√(p1(1−p1)/(1−s) + p2(1−p2)/s)]² / mde²</pre>
 *
 * <p>A mean (Welch's t-test, the same standard deviation σ in both variants): the normal formula
 * iterated with Student's t at the Welch–Satterthwaite degrees of freedom of the sizes it gives, until
 * it settles:
 * <pre>N = (t(1−α/2, ν) + t(power, ν))² · σ² · (1/(1−s) + 1/s) / mde²</pre>
 * (the exact power of Welch's test at the sizes it gives, from the noncentral t, is at least the
 * planned power in every case the tests check).
 *
 * <p>Variant a gets ⌈(1−s)·N⌉ observations, b ⌈s·N⌉; the days are ⌈(a + b) / traffic⌉.
 */
public record SampleSizePlan(PlanInputs inputs, String test, double exactTotal, long perVariantA, long perVariantB, long total, Long days) {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    public static SampleSizePlan of(PlanInputs inputs) {
        double exact = inputs.mean() ? welchTotal(inputs) : proportionTotal(inputs);
        double s = inputs.split();
        long a = (long) Math.ceil((1 - s) * exact - 1e-9);
        long b = (long) Math.ceil(s * exact - 1e-9);
        // a test needs two observations a variant at the very least (a variance)
        a = Math.max(a, 2);
        b = Math.max(b, 2);
        long total = a + b;
        Long days = inputs.trafficPerDay() == null ? null : (long) Math.ceil(total / inputs.trafficPerDay() - 1e-9);
        return new SampleSizePlan(inputs, inputs.mean() ? "welch" : "two-proportion-z", exact, a, b, total, days);
    }

    /** The unrounded total N of the two-proportion z-test. */
    static double proportionTotal(PlanInputs inputs) {
        double p1 = inputs.baseline();
        double p2 = p1 + inputs.mde();
        double s = inputs.split();
        double pooled = (1 - s) * p1 + s * p2;
        double za = NORMAL.inverseCumulativeProbability(1 - inputs.alpha() / 2);
        double zb = NORMAL.inverseCumulativeProbability(inputs.power());
        double root = za * Math.sqrt(pooled * (1 - pooled) * (1 / (1 - s) + 1 / s)) + zb * Math.sqrt(p1 * (1 - p1) / (1 - s) + p2 * (1 - p2) / s);
        return root * root / (inputs.mde() * inputs.mde());
    }

    /** The unrounded total N of Welch's test, by fixed-point iteration from the normal approximation. */
    static double welchTotal(PlanInputs inputs) {
        double s = inputs.split();
        double k = 1 / (1 - s) + 1 / s;
        double scale = inputs.sd() * inputs.sd() * k / (inputs.mde() * inputs.mde());
        double z = NORMAL.inverseCumulativeProbability(1 - inputs.alpha() / 2) + NORMAL.inverseCumulativeProbability(inputs.power());
        double n = z * z * scale;
        for (int i = 0; i < 200; i++) {
            double na = Math.max((1 - s) * n, 2);
            double nb = Math.max(s * n, 2);
            double va = 1 / na;
            double vb = 1 / nb;
            double df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
            var t = new TDistribution(null, df);
            double root = t.inverseCumulativeProbability(1 - inputs.alpha() / 2) + t.inverseCumulativeProbability(inputs.power());
            double next = root * root * scale;
            if (Math.abs(next - n) < 1e-9) {
                return next;
            }
            n = next;
        }
        return n;
    }

    /** baseline + mde, rounded to 12 significant digits (0.1 + 0.02 reads 0.12). */
    public double target() {
        return new java.math.BigDecimal(inputs.baseline() + inputs.mde()).round(new java.math.MathContext(12)).doubleValue();
    }

    /** The --json shape (documented in the README). */
    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("test", test);
        map.put("metric", inputs.mean() ? "mean" : "proportion");
        var perVariant = new LinkedHashMap<String, Object>();
        perVariant.put("a", perVariantA);
        perVariant.put("b", perVariantB);
        map.put("perVariant", perVariant);
        map.put("total", total);
        map.put("days", days);
        map.put("baseline", inputs.baseline());
        map.put("target", target());
        map.put("mde", inputs.mde());
        map.put("sd", inputs.sd());
        map.put("alpha", inputs.alpha());
        map.put("power", inputs.power());
        map.put("split", inputs.split());
        map.put("trafficPerDay", inputs.trafficPerDay());
        return map;
    }
}
