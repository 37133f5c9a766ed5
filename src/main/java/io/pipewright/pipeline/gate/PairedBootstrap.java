package io.pipewright.pipeline.gate;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A paired bootstrap over rows (Efron and Tibshirani, An Introduction to the Bootstrap, 1993, ch. 13, percentile
 * interval): each resample draws n row indexes with replacement, seeded, and both models are scored on the same
 * resample, so the interval is of the difference between them on the same rows. Resamples where the metric is
 * undefined (a ROC AUC drawn from one class) are left out and counted.
 */
public final class PairedBootstrap {
    public static final int RESAMPLES = 1000;
    public static final long SEED = 42L;

    private PairedBootstrap() {
    }

    /** The difference's percentile interval at {@code level} (0.95): [low, high], the resamples used, and those left out. */
    public record Interval(double low, double high, int used, int undefined) {
    }

    /**
     * @param difference the difference (candidate minus holder) on the rows of one resample (indexes, repeats allowed)
     */
    public static Interval interval(int rows, int resamples, long seed, double level, ToDoubleFunction<int[]> difference) {
        var random = new SplittableRandom(seed);
        var values = new double[resamples];
        int used = 0;
        var sample = new int[rows];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < rows; i++) {
                sample[i] = random.nextInt(rows);
            }
            double value = difference.applyAsDouble(sample);
            if (!Double.isNaN(value)) {
                values[used++] = value;
            }
        }
        if (used == 0) {
            return new Interval(Double.NaN, Double.NaN, 0, resamples);
        }
        double[] sorted = Arrays.copyOf(values, used);
        Arrays.sort(sorted);
        double tail = (1 - level) / 2;
        return new Interval(quantile(sorted, tail), quantile(sorted, 1 - tail), used, resamples - used);
    }

    /** The q-quantile of sorted values, linear between order statistics (type 7, NumPy's default). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
