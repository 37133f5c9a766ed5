package io.pipewright.ui.chart;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Axis ranges with round tick values (steps of 1, 2 or 5 times a power of ten) and compact tick
 * labels ("0.85", "1.2k", "3e-5").
 *
 * @param min the low end of the axis
 * @param max the high end of the axis
 * @param values tick positions in data units, ascending, within min..max
 * @param labels one label per tick
 */
record Ticks(double min, double max, double[] values, String[] labels) {
    private static final int MAX_TICKS = 60;
    private static final String[] SUFFIXES = {"", "k", "M", "G", "T"};

    /**
     * Ticks over lo..hi. An end that is not fixed is widened to the next tick, so that the data
     * never touches the frame at an odd value; a fixed end (a user's bound, 0..1 for ROC) stays.
     */
    static Ticks linear(double lo, double hi, int target, boolean fixedMin, boolean fixedMax) {
        return linear(lo, hi, target, fixedMin, fixedMax, false);
    }

    /**
     * Ticks over lo..hi for a count (trial numbers, iterations): only whole values are ticked, so the
     * step is at least 1 and the labels never read "1.5"; a short range is widened to whole ends.
     */
    static Ticks integers(double lo, double hi, int target, boolean fixedMin, boolean fixedMax) {
        return linear(lo, hi, target, fixedMin, fixedMax, true);
    }

    private static Ticks linear(double lo, double hi, int target, boolean fixedMin, boolean fixedMax, boolean whole) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        }
        if (hi < lo) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        if (hi == lo) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
            fixedMin = false;
            fixedMax = false;
        }
        double step = niceStep((hi - lo) / Math.max(1, target));
        if (whole) {
            step = Math.max(1, step);
        }
        if (!fixedMin) {
            lo = Math.floor(lo / step + 1e-9) * step;
        }
        if (!fixedMax) {
            hi = Math.ceil(hi / step - 1e-9) * step;
        }
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        int n = (int) Math.max(0, Math.min(MAX_TICKS, last - first + 1));
        double[] values = new double[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            double v = (first + i) * step;
            values[i] = Math.abs(v) < step * 1e-9 ? 0 : v;
            labels[i] = format(values[i], step);
        }
        return new Ticks(lo, hi, values, labels);
    }

    /** Decade ticks over lo..hi (both positive), with 2 and 5 in between when the range is short. */
    static Ticks log(double lo, double hi) {
        if (!(lo > 0) || !(hi > 0) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = 1;
            hi = 10;
        }
        int e0 = (int) Math.floor(Math.log10(Math.min(lo, hi)) + 1e-9);
        int e1 = (int) Math.ceil(Math.log10(Math.max(lo, hi)) - 1e-9);
        if (e1 <= e0) {
            e1 = e0 + 1;
        }
        int decades = e1 - e0;
        int every = Math.max(1, (int) Math.ceil(decades / 8.0));
        double[] mantissas = decades <= 2 ? new double[] {1, 2, 5} : new double[] {1};
        double[] values = new double[(decades + 1) * mantissas.length];
        int n = 0;
        for (int e = e0; e <= e1; e += every) {
            for (double m : mantissas) {
                double v = m * Math.pow(10, e);
                if (v <= Math.pow(10, e1) * (1 + 1e-9)) {
                    values[n++] = v;
                }
            }
        }
        values = Arrays.copyOf(values, n);
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = format(values[i], values[i]);
        }
        return new Ticks(Math.pow(10, e0), Math.pow(10, e1), values, labels);
    }

    /** Evenly spaced category slots at 0, 1, …, names.length − 1 (a categorical axis). */
    static Ticks categories(String[] names) {
        double[] values = new double[names.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        return new Ticks(-0.5, Math.max(0.5, names.length - 0.5), values, names.clone());
    }

    /** A 1, 2 or 5 times a power of ten near {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        int exponent = (int) Math.floor(Math.log10(raw));
        double fraction = raw / Math.pow(10, exponent);
        int nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        // dividing by a power of ten (rather than multiplying by its inverse) keeps 0.1 exact
        return exponent < 0 ? nice / Math.pow(10, -exponent) : nice * Math.pow(10, exponent);
    }

    /** A value shown with three significant digits (a cell count, a legend value). */
    static String format(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return label(v);
        }
        return format(v, Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2));
    }

    /** A tick label with as many decimals as the tick step needs, no more. */
    static String format(double v, double step) {
        if (!Double.isFinite(v)) {
            return label(v);
        }
        double a = Math.abs(v);
        step = Math.abs(step);
        if (a == 0 || (step > 0 && a < step * 1e-6)) {
            return "0";
        }
        if (a >= 1e3 && a < 1e15) {
            int k = Math.min(SUFFIXES.length - 1, (int) Math.floor(Math.log10(a) / 3 + 1e-9));
            double unit = Math.pow(10, 3 * k);
            return fixed(v / unit, decimals(step / unit)) + SUFFIXES[k];
        }
        if (a < 1e-3 || (step > 0 && step < 1e-3 && a < 1e-1) || a >= 1e15) {
            int e = (int) Math.floor(Math.log10(a) + 1e-9);
            double unit = Math.pow(10, e);
            String mantissa = fixed(v / unit, Math.min(3, decimals(step / unit)));
            if (mantissa.equals("10") || mantissa.equals("-10")) {
                mantissa = v < 0 ? "-1" : "1";
                e++;
            }
            return mantissa + "e" + e;
        }
        return fixed(v, decimals(step));
    }

    private static String label(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        return "0";
    }

    private static int decimals(double step) {
        if (!(step > 0) || step >= 1) {
            return 0;
        }
        return Math.min(10, (int) Math.ceil(-Math.log10(step) - 1e-9));
    }

    private static String fixed(double v, int decimals) {
        String s = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
