package io.pipewright.ui.training;

import java.util.Arrays;

/**
 * A growing series of points (steps ascending as they come), kept whole; charts draw a decimated
 * copy. The points live in fixed-size chunks, so a series that grows to a million points never
 * copies them: growing by doubling one array copied 1 MB per series at 65,536 points, on the FX
 * thread, and stalled it for tens of milliseconds.
 */
final class Series {
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    /** The chunks; only the references are copied when this directory grows. */
    private double[][] xs = new double[4][];
    private double[][] ys = new double[4][];
    private int size;

    /**
     * What the series holds now, for a chart built on another thread: the chunks are only ever
     * appended to past {@code size} (the last point may take a rewritten value).
     */
    record View(double[][] xs, double[][] ys, int size) {
        double x(int index) {
            return xs[index >>> CHUNK_BITS][index & MASK];
        }

        double y(int index) {
            return ys[index >>> CHUNK_BITS][index & MASK];
        }

        double[][] forDisplay(int width) {
            return Decimation.decimate(this, Math.max(16, width));
        }
    }

    View view() {
        return new View(xs, ys, size);
    }

    int size() {
        return size;
    }

    void add(double step, double value) {
        // a step written again replaces its value (as the store keeps the last)
        if (size > 0 && xs[(size - 1) >>> CHUNK_BITS][(size - 1) & MASK] == step) {
            ys[(size - 1) >>> CHUNK_BITS][(size - 1) & MASK] = value;
            return;
        }
        int chunk = size >>> CHUNK_BITS;
        if (chunk == xs.length) {
            xs = Arrays.copyOf(xs, chunk * 2);
            ys = Arrays.copyOf(ys, chunk * 2);
        }
        if (xs[chunk] == null) {
            xs[chunk] = new double[CHUNK];
            ys[chunk] = new double[CHUNK];
        }
        xs[chunk][size & MASK] = step;
        ys[chunk][size & MASK] = value;
        size++;
    }
}
