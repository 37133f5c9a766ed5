package io.pipewright.profile;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A uniform sample of at most {@code capacity} rows that does not depend on how the file was cut
 * into chunks or in which order they finished: each row gets a pseudo-random priority from its
 * line number and the seed, and the sample is the rows with the smallest priorities (bottom-k).
 * Rows are appended to a buffer twice the capacity; a full buffer is cut back to its smallest
 * {@code capacity} rows (a sort of their priorities), which sets the bar that later rows must
 * pass. That costs a constant per row on the merging thread, where a heap would cost a logarithm.
 */
final class RowSample {
    /** A sampled row: Double, Boolean, Long (epoch milliseconds), String or null (missing) per column. */
    record Entry(long priority, Object[] values) {
    }

    private final int capacity;
    private long[] priorities;
    private Object[][] values;
    private int size;
    private volatile long threshold = -1L; // unsigned maximum: everything qualifies until the first cut

    RowSample(int capacity) {
        this.capacity = capacity;
        int initial = Math.max(1, Math.min(2 * capacity, 1024));
        this.priorities = new long[initial];
        this.values = new Object[initial][];
    }

    static long priority(long line, long seed) {
        long z = line * 0x9E3779B97F4A7C15L + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Whether a row of this priority could still enter the sample (read by chunk workers). */
    boolean mayTake(long priority) {
        return capacity > 0 && Long.compareUnsigned(priority, threshold) < 0;
    }

    void offer(Entry entry) {
        if (!mayTake(entry.priority)) {
            return;
        }
        if (size == priorities.length) {
            if (priorities.length < 2 * capacity) {
                int grown = (int) Math.min(2L * capacity, 2L * priorities.length);
                priorities = Arrays.copyOf(priorities, grown);
                values = Arrays.copyOf(values, grown);
            } else {
                cut();
            }
        }
        priorities[size] = entry.priority;
        values[size] = entry.values;
        size++;
    }

    /** Keeps the smallest {@code capacity} rows; later rows must come below the largest of them. */
    private void cut() {
        long[] sorted = sortedKeys();
        long largestKept = sorted[capacity - 1] ^ Long.MIN_VALUE;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (Long.compareUnsigned(priorities[i], largestKept) <= 0) {
                priorities[kept] = priorities[i];
                values[kept] = values[i];
                kept++;
            }
        }
        Arrays.fill(values, kept, size, null);
        size = kept;
        threshold = largestKept;
    }

    /** The priorities held, with the sign bit flipped so that a signed sort orders them as unsigned numbers. */
    private long[] sortedKeys() {
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            keys[i] = priorities[i] ^ Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        return keys;
    }

    int size() {
        return Math.min(size, capacity);
    }

    /** The sampled rows, smallest priority first (so any prefix is itself a uniform sample). */
    List<Object[]> rows() {
        if (size > capacity) {
            cut();
        }
        var index = new Long2IntOpenHashMap(size);
        for (int i = 0; i < size; i++) {
            index.put(priorities[i], i);
        }
        var rows = new ArrayList<Object[]>(size);
        for (long key : sortedKeys()) {
            rows.add(values[index.get(key ^ Long.MIN_VALUE)]);
        }
        return rows;
    }
}
