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

    /**
     * A run's curve: its points' steps, where each is drawn on the x axis (the step itself, or a
     * time), and the values (NaN where nothing was recorded). One point per step.
     */
    record Curve(double[] steps, double[] x, double[] y) {
        Curve(double[] x, double[] y) {
            this(x, x, y);
        }
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
        double power = 1; // w to the number of points seen, for the debias
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i]) || Double.isInfinite(y[i])) {
                smoothed[i] = y[i];
                continue;
            }
            last = last * w + (1 - w) * y[i];
            power *= w;
            smoothed[i] = last / (1 - power);
        }
        return smoothed;
    }

    /**
     * Mean ± std across curves at each step any of them has (a run with no point at a step does not
     * count there); drawn at the mean x of the runs at that step, so a time axis works as well as
     * the step axis. Welford's running variance: no cancellation for large values with a small spread.
     */
    static Band band(List<Curve> curves) {
        var stats = new TreeMap<Double, double[]>(); // step → n, mean, m2, sum of x
        for (Curve curve : curves) {
            for (int i = 0; i < curve.steps().length; i++) {
                double value = curve.y()[i];
                if (Double.isNaN(value)) {
                    continue;
                }
                double[] at = stats.computeIfAbsent(curve.steps()[i], step -> new double[4]);
                at[0]++;
                double delta = value - at[1];
                at[1] += delta / at[0];
                at[2] += delta * (value - at[1]);
                at[3] += curve.x()[i];
            }
        }
        int size = stats.size();
        var x = new double[size];
        var mean = new double[size];
        var lower = new double[size];
        var upper = new double[size];
        var n = new int[size];
        int i = 0;
        for (double[] at : stats.values()) {
            double std = at[0] > 1 ? Math.sqrt(at[2] / (at[0] - 1)) : 0;
            x[i] = at[3] / at[0];
            mean[i] = at[1];
            lower[i] = at[1] - std;
            upper[i] = at[1] + std;
            n[i] = (int) at[0];
            i++;
        }
        return new Band(x, mean, lower, upper, n);
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
