package io.pipewright.ui.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The arithmetic behind overlaid metric curves: exponential smoothing as TensorBoard does it
 * (debiased, so the first points are not pulled towards zero), and the mean ± standard deviation
 * of several runs' curves at each x where at least one run has a point.
 */
final class CurveMath {
    private CurveMath() {
    }

    /** A curve: x ascending, y possibly NaN where nothing was recorded. */
    record Curve(double[] x, double[] y) {
    }

    /** A group's mean and the band one (sample) standard deviation either side; n runs at each x. */
    record Band(double[] x, double[] mean, double[] lower, double[] upper, int[] n) {
    }

    /**
     * Exponential moving average with weight {@code w} in [0, 1): 0 leaves the curve as it is.
     * NaN points are skipped and stay NaN.
     */
    static double[] smooth(double[] y, double weight) {
        if (weight <= 0) {
            return y.clone();
        }
        double w = Math.min(weight, 0.999);
        var smoothed = new double[y.length];
        double last = 0;
        int seen = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i]) || Double.isInfinite(y[i])) {
                smoothed[i] = y[i];
                continue;
            }
            last = last * w + (1 - w) * y[i];
            seen++;
            double debias = 1 - Math.pow(w, seen);
            smoothed[i] = last / debias;
        }
        return smoothed;
    }

    /** Mean ± std across curves at each x any of them has (a run with no point at an x does not count there). */
    static Band band(List<Curve> curves) {
        var sums = new TreeMap<Double, double[]>();
        for (Curve curve : curves) {
            for (int i = 0; i < curve.x().length; i++) {
                double value = curve.y()[i];
                if (Double.isNaN(value)) {
                    continue;
                }
                double[] sum = sums.computeIfAbsent(curve.x()[i], x -> new double[3]);
                sum[0]++;
                sum[1] += value;
                sum[2] += value * value;
            }
        }
        int size = sums.size();
        var x = new double[size];
        var mean = new double[size];
        var lower = new double[size];
        var upper = new double[size];
        var n = new int[size];
        int i = 0;
        for (var entry : sums.entrySet()) {
            double[] sum = entry.getValue();
            double m = sum[1] / sum[0];
            double variance = sum[0] > 1 ? Math.max(0, (sum[2] - sum[0] * m * m) / (sum[0] - 1)) : 0;
            double std = Math.sqrt(variance);
            x[i] = entry.getKey();
            mean[i] = m;
            lower[i] = m - std;
            upper[i] = m + std;
            n[i] = (int) sum[0];
            i++;
        }
        return new Band(x, mean, lower, upper, n);
    }

    /** Splits a list of values into curve arrays. */
    static Curve curve(List<double[]> points) {
        var x = new double[points.size()];
        var y = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new Curve(x, y);
    }

    /** Values that parse as numbers, in order; null when any present value does not. */
    static double[] numbers(List<String> values) {
        var numbers = new double[values.size()];
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || value.isBlank()) {
                numbers[i] = Double.NaN;
                continue;
            }
            try {
                numbers[i] = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return numbers;
    }

    /** The distinct values in first-seen order (missing as "(none)"), and each value's index. */
    static List<String> categories(List<String> values, int[] indexOut) {
        var indexes = new java.util.LinkedHashMap<String, Integer>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i) == null ? "(none)" : values.get(i);
            indexOut[i] = indexes.computeIfAbsent(value, v -> indexes.size());
        }
        return new ArrayList<>(indexes.keySet());
    }
}
