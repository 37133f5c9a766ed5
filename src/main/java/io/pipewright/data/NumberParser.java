package io.pipewright.data;

/**
 * Parses decimal numbers without allocating: {@link #parse} answers whether the text is a number and
 * leaves it in {@link #value}. Most values take a fast path (up to 15 significant digits and a
 * short fraction, exact by Clinger's argument); the rest go to {@link Double#parseDouble}.
 * {@code NaN}, {@code Inf}, {@code Infinity} (any case, signed) are numbers too.
 */
public final class NumberParser {
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
        1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private final boolean grouped;
    public double value;
    /** Whether the last number parsed had no fraction and no exponent. */
    public boolean integral;

    public NumberParser(boolean grouped) {
        this.grouped = grouped;
    }

    /**
     * Parses {@code bytes[from, to)} (ASCII) without making a String in the common case: plain
     * decimals of up to 15 significant digits; anything else goes through {@link #parse(String)}.
     */
    public boolean parse(byte[] bytes, int from, int to) {
        int i = from;
        if (i >= to) {
            return false;
        }
        boolean negative = false;
        byte first = bytes[i];
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean dot = false;
        boolean sawDigit = false;
        for (; i < to; i++) {
            byte c = bytes[i];
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0 && ++digits > 15) {
                    return parse(new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                if (dot) {
                    fractionDigits++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return parse(new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        if (!sawDigit || fractionDigits > 22) {
            return parse(new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        integral = fractionDigits == 0;
        double v = fractionDigits == 0 ? (double) mantissa : mantissa / POWERS[fractionDigits];
        value = negative ? -v : v;
        return true;
    }

    public boolean parse(String text) {
        int length = text.length();
        if (length == 0) {
            return false;
        }
        int i = 0;
        boolean negative = false;
        char first = text.charAt(0);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i = 1;
            if (length == 1) {
                return false;
            }
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean dot = false;
        boolean sawDigit = false;
        int groupRun = -1; // digits since the last grouping comma, when grouping is in use
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                if (digits < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                } else {
                    return slow(text, negative);
                }
                if (dot) {
                    fractionDigits++;
                } else if (groupRun >= 0) {
                    groupRun++;
                }
            } else if (c == '.' && !dot) {
                if (groupRun >= 0 && groupRun != 3) {
                    return false;
                }
                dot = true;
            } else if (c == ',' && grouped && !dot && sawDigit && (groupRun < 0 ? i - (negative || first == '+' ? 1 : 0) <= 3 : groupRun == 3)) {
                groupRun = 0;
            } else if (c == 'e' || c == 'E' || c == 'N' || c == 'n' || c == 'I' || c == 'i') {
                return slow(text, negative);
            } else {
                return false;
            }
        }
        if (!sawDigit || (groupRun >= 0 && !dot && groupRun != 3)) {
            return false;
        }
        integral = !dot || fractionDigits == 0;
        if (digits <= 15 && fractionDigits <= 22) {
            double v = fractionDigits == 0 ? (double) mantissa : mantissa / POWERS[fractionDigits];
            value = negative ? -v : v;
            return true;
        }
        return slow(text, negative);
    }

    private boolean slow(String text, boolean negative) {
        String body = grouped ? text.replace(",", "") : text;
        String unsigned = body.charAt(0) == '-' || body.charAt(0) == '+' ? body.substring(1) : body;
        switch (unsigned.toLowerCase(java.util.Locale.ROOT)) {
            case "nan" -> {
                value = Double.NaN;
                integral = false;
                return true;
            }
            case "inf", "infinity" -> {
                value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                integral = false;
                return true;
            }
            default -> { }
        }
        // only plain decimal syntax: parseDouble would also take "0x1p3", "1d" or "1f"
        for (int i = 0; i < unsigned.length(); i++) {
            char c = unsigned.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') {
                return false;
            }
        }
        try {
            value = Double.parseDouble(body);
            integral = value == Math.rint(value) && unsigned.indexOf('.') < 0 && unsigned.indexOf('e') < 0 && unsigned.indexOf('E') < 0;
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
