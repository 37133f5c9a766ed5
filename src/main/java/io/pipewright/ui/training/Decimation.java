package io.pipewright.ui.training;

/**
 * Fewer points for a chart, same picture: the points are cut into as many buckets as the chart has
 * pixels across, and each bucket keeps its lowest and highest point, in order. Spikes survive
 * (min–max decimation), and a series of 100,000 points draws as about a thousand.
 */
final class Decimation {
    private Decimation() {
    }

    /** x and y (x ascending) reduced to at most 2 × {@code buckets} points (and the last); as they are when already that short. */
    static double[][] decimate(double[] x, double[] y, int length, int buckets) {
        if (length <= 2 * buckets) {
            return new double[][] {java.util.Arrays.copyOf(x, length), java.util.Arrays.copyOf(y, length)};
        }
        double[] outX = new double[2 * buckets + 4];
        double[] outY = new double[2 * buckets + 4];
        int n = 0;
        double x0 = x[0];
        double span = Math.max(x[length - 1] - x0, Double.MIN_VALUE);
        int start = 0;
        while (start < length) {
            int bucket = (int) Math.min(buckets - 1, (x[start] - x0) / span * buckets);
            int end = start;
            int low = start;
            int high = start;
            while (end < length && (int) Math.min(buckets - 1, (x[end] - x0) / span * buckets) == bucket) {
                if (y[end] < y[low]) {
                    low = end;
                }
                if (y[end] > y[high]) {
                    high = end;
                }
                end++;
            }
            // the series' first and last points stay, so the curve spans its whole range
            int[] keep = {start == 0 ? 0 : Math.min(low, high), Math.min(low, high), Math.max(low, high), end == length ? length - 1 : Math.max(low, high)};
            int previous = -1;
            for (int index : keep) {
                if (index != previous) {
                    outX[n] = x[index];
                    outY[n] = y[index];
                    n++;
                    previous = index;
                }
            }
            start = end;
        }
        return new double[][] {java.util.Arrays.copyOf(outX, n), java.util.Arrays.copyOf(outY, n)};
    }
}
