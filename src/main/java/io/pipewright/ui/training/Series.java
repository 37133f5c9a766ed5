package io.pipewright.ui.training;

import java.util.Arrays;

/** A growing series of points (steps ascending as they come), kept whole; charts draw a decimated copy. */
final class Series {
    private double[] x = new double[256];
    private double[] y = new double[256];
    private int size;

    /** What the series holds now, for a chart built on another thread: the arrays are only ever appended to past {@code size}. */
    record View(double[] x, double[] y, int size) {
        double[][] forDisplay(int width) {
            return Decimation.decimate(x, y, size, Math.max(16, width));
        }
    }

    View view() {
        return new View(x, y, size);
    }

    void add(double step, double value) {
        if (size == x.length) {
            x = Arrays.copyOf(x, size * 2);
            y = Arrays.copyOf(y, size * 2);
        }
        // a step written again replaces its value (as the store keeps the last)
        if (size > 0 && x[size - 1] == step) {
            y[size - 1] = value;
            return;
        }
        x[size] = step;
        y[size] = value;
        size++;
    }

}
