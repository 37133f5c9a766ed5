package io.pipewright.quality;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers for files and messages: 900 rather than 900.0, and bounds rounded to a few significant digits. */
final class Numbers {
    private Numbers() {
    }

    static String plain(Number value) {
        double number = value.doubleValue();
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString((long) number);
        }
        return BigDecimal.valueOf(number).round(MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }

    /** The number to {@code digits} significant digits, without trailing zeros: 11.4799. */
    static String significant(double value, int digits) {
        return BigDecimal.valueOf(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /** A fraction as a percentage for people: "0.12 %". */
    static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "-";
        }
        double percent = 100 * fraction;
        return (percent != 0 && percent < 0.01 ? String.format(Locale.US, "%.4f", percent) : String.format(Locale.US, "%.2f", percent)) + " %";
    }

    /** The number as a Long when whole, else a Double: YAML then reads 900, not 900.0. */
    static Number tidy(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return value;
    }

    /** Rounded down (or up) to {@code digits} significant digits, so a generated bound still holds the value it was made from. */
    static Number round(double value, int digits, boolean up) {
        if (value == 0 || !Double.isFinite(value)) {
            return tidy(value);
        }
        var exact = BigDecimal.valueOf(value); // the shortest decimal that reads back as the value: 0.081, not 0.08100000000000000532
        var rounded = exact.round(new MathContext(digits, up ? java.math.RoundingMode.CEILING : java.math.RoundingMode.FLOOR));
        return tidy(rounded.doubleValue());
    }
}
