package io.pipewright.ui.training;

/**
 * Fewer points for a chart, same picture: the points are cut into as many buckets as the chart has
 * pixels across, and each bucket keeps its lowest and highest point, in order. Spikes survive
 * (min–max decimation), and a series of 100,000 points draws as about a thousand.
 */
final class Decimation {
    private Decimation() {
    }

    /** The series' points (x ascending) reduced to at most 2 × {@code buckets} points (and the last); all of them when already that short. */
    static double[][] decimate(Series.View series, int buckets) {
        int length = series.size();
        if (length <= 2 * buckets) {
            double[] x = new double[length];
            double[] y = new double[length];
            for (int i = 0; i < length; i++) {
                x[i] = series.x(i);
                y[i] = series.y(i);
            }
            return new double[][] {x, y};
        }
        double[] outX = new double[2 * buckets + 4];
        double[] outY = new double[2 * buckets + 4];
        int n = 0;
        double x0 = series.x(0);
        double span = Math.max(series.x(length - 1) - x0, Double.MIN_VALUE);
        int start = 0;
        while (start < length) {
            int bucket = (int) Math.min(buckets - 1, (series.x(start) - x0) / span * buckets);
            int end = start;
            int low = start;
            int high = start;
            double lowY = series.y(start);
            double highY = lowY;
            while (end < length && (int) Math.min(buckets - 1, (series.x(end) - x0) / span * buckets) == bucket) {
                double y = series.y(end);
                if (y < lowY) {
                    low = end;
                    lowY = y;
                }
                if (y > highY) {
                    high = end;
                    highY = y;
                }
                end++;
            }
            // the series' first and last points stay, so the curve spans its whole range
            int[] keep = {start == 0 ? 0 : Math.min(low, high), Math.min(low, high), Math.max(low, high), end == length ? length - 1 : Math.max(low, high)};
            int previous = -1;
            for (int index : keep) {
                if (index != previous) {
                    outX[n] = series.x(index);
                    outY[n] = series.y(index);
                    n++;
                    previous = index;
                }
            }
            start = end;
        }
        return new double[][] {java.util.Arrays.copyOf(outX, n), java.util.Arrays.copyOf(outY, n)};
    }
}
