package io.pipewright.ui.training;

/**
 * Fewer points for a chart, same picture: the points are cut into as many buckets as the chart has
 * pixels across, and each bucket keeps its first, lowest, highest and last point, in order. Spikes
 * survive (min–max decimation), and a series of 100,000 points draws as a few thousand.
 */
final class Decimation {
    private Decimation() {
    }

    /** x and y (x ascending) reduced to at most about 4 × {@code buckets} points; as they are when already that short. */
    static double[][] decimate(double[] x, double[] y, int length, int buckets) {
        if (length <= 4 * buckets) {
            return new double[][] {java.util.Arrays.copyOf(x, length), java.util.Arrays.copyOf(y, length)};
        }
        double[] outX = new double[4 * buckets + 4];
        double[] outY = new double[4 * buckets + 4];
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
            int last = end - 1;
            int[] keep = {start, Math.min(low, high), Math.max(low, high), last};
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
