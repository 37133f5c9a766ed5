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
}
