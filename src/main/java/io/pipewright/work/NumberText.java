package io.pipewright.work;

import java.util.Locale;

/** Numbers as a report shows them: 1,234 for whole numbers, 3 significant digits for tiny or huge ones, – for NaN. */
public final class NumberText {
    private NumberText() {
    }

    public static String of(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.US, "%,d", (long) value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e6 || magnitude < 1e-3) {
            return String.format(Locale.US, "%.3g", value);
        }
        return String.format(Locale.US, magnitude >= 100 ? "%,.1f" : "%.3f", value);
    }

    /**
     * Metric values where small differences matter (comparing runs): up to 5 significant digits,
     * whole numbers without separators, scientific notation only when very large or small.
     */
    public static String precise(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        double magnitude = Math.abs(value);
        if (magnitude < 1e-4 || magnitude >= 1e9) {
            return String.format(Locale.ROOT, "%.4e", value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(5)).stripTrailingZeros().toPlainString();
    }
}
