package io.pipewright.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A uniform sample of at most {@code capacity} rows that does not depend on how the file was cut
 * into chunks or in which order they finished: each row gets a pseudo-random priority from its
 * line number and the seed, and the sample is the rows with the smallest priorities (bottom-k).
 */
final class RowSample {
    /** A sampled row: Double, Boolean, Long (epoch milliseconds), String or null (missing) per column. */
    record Entry(long priority, Object[] values) {
    }

    private static final Comparator<Entry> LARGEST_FIRST = (a, b) -> Long.compareUnsigned(b.priority, a.priority);

    private final int capacity;
    private final PriorityQueue<Entry> heap;
    private volatile long threshold = -1L; // unsigned maximum: everything qualifies until full

    RowSample(int capacity) {
        this.capacity = capacity;
        this.heap = new PriorityQueue<>(Math.max(1, Math.min(capacity, 1024)), LARGEST_FIRST);
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
        if (capacity == 0) {
            return;
        }
        if (heap.size() < capacity) {
            heap.add(entry);
        } else if (Long.compareUnsigned(entry.priority, heap.peek().priority) < 0) {
            heap.poll();
            heap.add(entry);
        } else {
            return;
        }
        if (heap.size() == capacity) {
            threshold = heap.peek().priority;
        }
    }

    int size() {
        return heap.size();
    }

    List<Object[]> rows() {
        var rows = new ArrayList<Entry>(heap);
        rows.sort((a, b) -> Long.compareUnsigned(a.priority, b.priority));
        var values = new ArrayList<Object[]>(rows.size());
        rows.forEach(entry -> values.add(entry.values));
        return values;
    }
}
