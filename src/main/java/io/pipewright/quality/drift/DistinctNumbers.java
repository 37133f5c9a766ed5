package io.pipewright.quality.drift;

import java.util.Arrays;

/**
 * The distinct values of a numeric column and their counts, up to a small limit: an open-addressing
 * table of primitives, so counting a value allocates nothing. Past the limit it is full and stops counting.
 */
final class DistinctNumbers {
    private final int limit;
    private double[] keys;
    private long[] counts;
    private boolean[] used;
    private int size;
    private boolean full;

    DistinctNumbers(int limit) {
        this.limit = limit;
        int capacity = Integer.highestOneBit(limit * 4 - 1) << 1;
        keys = new double[capacity];
        counts = new long[capacity];
        used = new boolean[capacity];
    }

    /** Whether more distinct values than the limit were seen. */
    boolean full() {
        return full;
    }

    int size() {
        return size;
    }

    void add(double value, long n) {
        if (full) {
            return;
        }
        double v = value == 0.0 ? 0.0 : value;
        long bits = Double.doubleToLongBits(v);
        int mask = keys.length - 1;
        int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        while (used[slot]) {
            if (Double.doubleToLongBits(keys[slot]) == bits) {
                counts[slot] += n;
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (size == limit) {
            full = true;
            keys = null;
            counts = null;
            used = null;
            return;
        }
        used[slot] = true;
        keys[slot] = v;
        counts[slot] = n;
        size++;
    }

    void addAll(DistinctNumbers other) {
        if (other.full) {
            markFull();
            return;
        }
        for (int i = 0; i < other.keys.length && !full; i++) {
            if (other.used[i]) {
                add(other.keys[i], other.counts[i]);
            }
        }
    }

    void markFull() {
        full = true;
        keys = null;
        counts = null;
        used = null;
    }

    /** The values in ascending order (empty when full). */
    double[] values() {
        if (full) {
            return new double[0];
        }
        double[] out = new double[size];
        int k = 0;
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                out[k++] = keys[i];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** The count of a value (0 when unseen or full). */
    long count(double value) {
        if (full) {
            return 0;
        }
        double v = value == 0.0 ? 0.0 : value;
        long bits = Double.doubleToLongBits(v);
        int mask = keys.length - 1;
        int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        while (used[slot]) {
            if (Double.doubleToLongBits(keys[slot]) == bits) {
                return counts[slot];
            }
            slot = (slot + 1) & mask;
        }
        return 0;
    }
}
