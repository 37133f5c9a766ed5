package io.pipewright.profile;

import io.pipewright.data.ColumnBatch;
import io.pipewright.data.ColumnPlan;
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
 * The buffer is kept by column in primitive arrays (a boxed value per cell made most of a
 * profile's garbage, and kept 100,000 rows of objects for the collector to trace); rows are boxed
 * once, at the end.
 */
final class RowSample {
    private final int capacity;
    private final ColumnPlan.Kind[] kinds;
    private long[] priorities;
    /** Per column: the cell's {@link ColumnBatch} state. */
    private byte[][] states;
    /** Per column of numbers and booleans (1/0): the values. */
    private double[][] numbers;
    /** Per column of dates: epoch milliseconds. */
    private long[][] dates;
    /** Per column: text values and invalid cells' text (made when the column has any). */
    private String[][] strings;
    private int size;
    private volatile long threshold = -1L; // unsigned maximum: everything qualifies until the first cut

    RowSample(int capacity, ColumnPlan.Kind[] kinds) {
        this(capacity, kinds, 0);
    }

    /** @param expectedRows about how many rows will be offered (0: unknown): the buffer is made that big at once, not grown by copies */
    RowSample(int capacity, ColumnPlan.Kind[] kinds, long expectedRows) {
        this.capacity = capacity;
        this.kinds = kinds.clone();
        int initial = (int) Math.max(1, Math.min(2L * capacity, Math.max(1024, expectedRows)));
        int columns = kinds.length;
        priorities = new long[initial];
        states = new byte[columns][];
        numbers = new double[columns][];
        dates = new long[columns][];
        strings = new String[columns][];
        for (int c = 0; c < columns; c++) {
            states[c] = new byte[initial];
            switch (kinds[c]) {
                case NUMBER, BOOLEAN -> numbers[c] = new double[initial];
                case DATETIME -> dates[c] = new long[initial];
                case STRING -> strings[c] = new String[initial];
            }
        }
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

    /** Offers row {@code row} of a batch whose columns are read as this sample's kinds say. */
    void offer(long priority, ColumnBatch batch, int row) {
        if (!mayTake(priority)) {
            return;
        }
        if (size == priorities.length) {
            if (priorities.length < 2 * capacity) {
                grow((int) Math.min(2L * capacity, 2L * priorities.length));
            } else {
                cut();
            }
        }
        priorities[size] = priority;
        for (int c = 0; c < kinds.length; c++) {
            byte cell = batch.state[c][row];
            states[c][size] = cell;
            if (cell == ColumnBatch.MISSING) {
                continue;
            }
            if (cell == ColumnBatch.INVALID) {
                if (strings[c] == null) {
                    strings[c] = new String[priorities.length];
                }
                strings[c][size] = batch.strings[c][row];
                continue;
            }
            switch (kinds[c]) {
                case NUMBER, BOOLEAN -> numbers[c][size] = batch.numbers[c][row];
                case DATETIME -> dates[c][size] = batch.dates[c][row];
                case STRING -> strings[c][size] = batch.strings[c][row];
            }
        }
        size++;
    }

    private void grow(int length) {
        priorities = Arrays.copyOf(priorities, length);
        for (int c = 0; c < kinds.length; c++) {
            states[c] = Arrays.copyOf(states[c], length);
            if (numbers[c] != null) {
                numbers[c] = Arrays.copyOf(numbers[c], length);
            }
            if (dates[c] != null) {
                dates[c] = Arrays.copyOf(dates[c], length);
            }
            if (strings[c] != null) {
                strings[c] = Arrays.copyOf(strings[c], length);
            }
        }
    }

    /** Keeps the smallest {@code capacity} rows; later rows must come below the largest of them. */
    private void cut() {
        long[] sorted = sortedKeys();
        long largestKept = sorted[capacity - 1] ^ Long.MIN_VALUE;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (Long.compareUnsigned(priorities[i], largestKept) <= 0) {
                move(i, kept);
                kept++;
            }
        }
        for (String[] column : strings) {
            if (column != null) {
                Arrays.fill(column, kept, size, null);
            }
        }
        size = kept;
        threshold = largestKept;
    }

    private void move(int from, int to) {
        priorities[to] = priorities[from];
        for (int c = 0; c < kinds.length; c++) {
            states[c][to] = states[c][from];
            if (numbers[c] != null) {
                numbers[c][to] = numbers[c][from];
            }
            if (dates[c] != null) {
                dates[c][to] = dates[c][from];
            }
            if (strings[c] != null) {
                strings[c][to] = strings[c][from];
            }
        }
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

    /**
     * The sampled rows, smallest priority first (so any prefix is itself a uniform sample): per cell a
     * Double (number), Boolean, Long (epoch milliseconds), String (text, or an invalid cell's text) or
     * null (missing).
     */
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
            rows.add(row(index.get(key ^ Long.MIN_VALUE)));
        }
        return rows;
    }

    private Object[] row(int i) {
        var row = new Object[kinds.length];
        for (int c = 0; c < kinds.length; c++) {
            byte cell = states[c][i];
            if (cell == ColumnBatch.MISSING) {
                continue;
            }
            if (cell == ColumnBatch.INVALID) {
                row[c] = strings[c][i];
                continue;
            }
            row[c] = switch (kinds[c]) {
                case NUMBER -> numbers[c][i];
                case BOOLEAN -> numbers[c][i] == 1;
                case DATETIME -> dates[c][i];
                case STRING -> strings[c][i];
            };
        }
        return row;
    }
}
