package io.pipewright.profile;

import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.frequencies.LongsSketch;

/**
 * Distinct values and the most frequent ones, in bounded memory: exact counts while a column has
 * at most {@link #EXACT_LIMIT} distinct values, then a HyperLogLog sketch ({@link DistinctSketch}) for the distinct count
 * (about 1.6 % error) and a frequent-items sketch for the top values. Numbers, dates and booleans
 * are counted by a 64-bit key, text by its string.
 */
abstract sealed class ValueCounts permits ValueCounts.Strings, ValueCounts.Longs {
    static final int EXACT_LIMIT = 20_000;
    static final int FREQUENT_MAP = 1024;

    static final int EXACT = 0;
    static final int SKETCHED = 1;
    static final int SKETCHED_WITHOUT_TOP = 2;

    DistinctSketch hll;

    /** How new chunks of this column should start. */
    abstract int mode();

    abstract void merge(ValueCounts other);

    abstract long distinct();

    boolean exact() {
        return hll == null;
    }

    /** The most frequent values, most frequent first; counts are exact while {@link #exact()}. */
    abstract List<ColumnProfile.TopValue> top(int limit);

    /** The exact counts, or null once the column went past the exact limit. */
    abstract Map<String, Long> exactCounts();

    static final class Strings extends ValueCounts {
        private HashMap<String, long[]> exact;
        private ItemsSketch<String> frequent;

        /** @param mode {@link #EXACT}, {@link #SKETCHED} or {@link #SKETCHED_WITHOUT_TOP}; @param expected distinct values foreseen */
        Strings(int mode, int expected) {
            if (mode == SKETCHED_WITHOUT_TOP) {
                hll = new DistinctSketch(); // what toSketches would leave, without the map and sketch it would make and drop
                return;
            }
            this.exact = new HashMap<>(Math.max(16, expected * 4 / 3 + 1));
            if (mode != EXACT) {
                toSketches();
            }
        }

        void add(String value) {
            if (exact != null) {
                long[] count = exact.get(value);
                if (count == null) {
                    exact.put(value, new long[] {1});
                    if (exact.size() > EXACT_LIMIT) {
                        toSketches();
                    }
                } else {
                    count[0]++;
                }
            } else {
                hll.add(DistinctSketch.key(value));
                if (frequent != null) {
                    frequent.update(value);
                }
            }
        }

        /**
         * A value known by its hash code and length: only once the counts keep neither exact values nor
         * top values (the profile reads a column so only then), where the distinct count needs no more.
         */
        void addHashed(int hashCode, int length) {
            if (exact != null || frequent != null) {
                throw new IllegalStateException("a value by hash needs counts without exact or top values");
            }
            hll.add(DistinctSketch.key(hashCode, length));
        }

        private void toSketches() {
            hll = new DistinctSketch();
            boolean repeats = exact.values().stream().anyMatch(count -> count[0] > 1);
            // values that never repeated so far (ids, free text) have no top values worth a sketch
            frequent = repeats || exact.isEmpty() ? new ItemsSketch<>(FREQUENT_MAP) : null;
            for (var entry : exact.entrySet()) {
                hll.add(DistinctSketch.key(entry.getKey()));
                if (frequent != null) {
                    frequent.update(entry.getKey(), entry.getValue()[0]);
                }
            }
            exact = null;
        }

        @Override
        void merge(ValueCounts counts) {
            var other = (Strings) counts;
            if (exact != null && other.exact != null) {
                for (var entry : other.exact.entrySet()) {
                    long[] mine = exact.get(entry.getKey());
                    if (mine == null) {
                        exact.put(entry.getKey(), new long[] {entry.getValue()[0]});
                    } else {
                        mine[0] += entry.getValue()[0];
                    }
                }
                if (exact.size() > EXACT_LIMIT) {
                    toSketches();
                }
                return;
            }
            if (exact != null) {
                toSketches();
            }
            if (other.exact != null) {
                for (var entry : other.exact.entrySet()) {
                    hll.add(DistinctSketch.key(entry.getKey()));
                    if (frequent != null) {
                        frequent.update(entry.getKey(), entry.getValue()[0]);
                    }
                }
            } else {
                hll.merge(other.hll);
                if (frequent != null && other.frequent != null) {
                    frequent.merge(other.frequent);
                } else {
                    frequent = null;
                }
            }
        }

        @Override
        long distinct() {
            return exact != null ? exact.size() : Math.round(hll.estimate());
        }

        @Override
        int mode() {
            return exact != null ? EXACT : frequent != null ? SKETCHED : SKETCHED_WITHOUT_TOP;
        }

        @Override
        List<ColumnProfile.TopValue> top(int limit) {
            var top = new ArrayList<ColumnProfile.TopValue>();
            if (exact != null) {
                exact.entrySet().stream()
                        .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(entry -> -entry.getValue()[0]).thenComparing(Map.Entry::getKey))
                        .limit(limit)
                        .forEach(entry -> top.add(new ColumnProfile.TopValue(entry.getKey(), entry.getValue()[0])));
            } else if (frequent != null) {
                for (var row : frequent.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
                    if (top.size() >= limit) {
                        break;
                    }
                    top.add(new ColumnProfile.TopValue(row.getItem(), row.getEstimate()));
                }
            }
            return top;
        }

        @Override
        Map<String, Long> exactCounts() {
            if (exact == null) {
                return null;
            }
            var counts = new HashMap<String, Long>();
            exact.forEach((key, value) -> counts.put(key, value[0]));
            return counts;
        }
    }

    static final class Longs extends ValueCounts {
        private Long2LongOpenHashMap exact;
        private LongsSketch frequent;
        private final LongFunction<String> label;

        Longs(LongFunction<String> label, int mode, int expected) {
            this.label = label;
            if (mode == SKETCHED_WITHOUT_TOP) {
                hll = new DistinctSketch(); // what toSketches would leave, without the map and sketch it would make and drop
                return;
            }
            this.exact = new Long2LongOpenHashMap(Math.max(16, expected));
            if (mode != EXACT) {
                toSketches();
            }
        }

        void add(long key) {
            if (exact != null) {
                exact.addTo(key, 1);
                if (exact.size() > EXACT_LIMIT) {
                    toSketches();
                }
            } else {
                hll.add(key);
                if (frequent != null) {
                    frequent.update(key);
                }
            }
        }

        private void toSketches() {
            hll = new DistinctSketch();
            boolean repeats = exact.values().longStream().anyMatch(count -> count > 1);
            frequent = repeats || exact.isEmpty() ? new LongsSketch(FREQUENT_MAP) : null;
            for (Long2LongMap.Entry entry : exact.long2LongEntrySet()) {
                hll.add(entry.getLongKey());
                if (frequent != null) {
                    frequent.update(entry.getLongKey(), entry.getLongValue());
                }
            }
            exact = null;
        }

        @Override
        void merge(ValueCounts counts) {
            var other = (Longs) counts;
            if (exact != null && other.exact != null) {
                var entries = other.exact.long2LongEntrySet().fastIterator(); // one reused entry, not one per key
                while (entries.hasNext()) {
                    Long2LongMap.Entry entry = entries.next();
                    exact.addTo(entry.getLongKey(), entry.getLongValue());
                }
                if (exact.size() > EXACT_LIMIT) {
                    toSketches();
                }
                return;
            }
            if (exact != null) {
                toSketches();
            }
            if (other.exact != null) {
                for (Long2LongMap.Entry entry : other.exact.long2LongEntrySet()) {
                    hll.add(entry.getLongKey());
                    if (frequent != null) {
                        frequent.update(entry.getLongKey(), entry.getLongValue());
                    }
                }
            } else {
                hll.merge(other.hll);
                if (frequent != null && other.frequent != null) {
                    frequent.merge(other.frequent);
                } else {
                    frequent = null;
                }
            }
        }

        @Override
        long distinct() {
            return exact != null ? exact.size() : Math.round(hll.estimate());
        }

        @Override
        int mode() {
            return exact != null ? EXACT : frequent != null ? SKETCHED : SKETCHED_WITHOUT_TOP;
        }

        @Override
        List<ColumnProfile.TopValue> top(int limit) {
            var top = new ArrayList<ColumnProfile.TopValue>();
            if (exact != null) {
                exact.long2LongEntrySet().stream()
                        .sorted(Comparator.<Long2LongMap.Entry>comparingLong(entry -> -entry.getLongValue())
                                .thenComparingLong(Long2LongMap.Entry::getLongKey))
                        .limit(limit)
                        .forEach(entry -> top.add(new ColumnProfile.TopValue(label.apply(entry.getLongKey()), entry.getLongValue())));
            } else if (frequent != null) {
                for (var row : frequent.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
                    if (top.size() >= limit) {
                        break;
                    }
                    top.add(new ColumnProfile.TopValue(label.apply(row.getItem()), row.getEstimate()));
                }
            }
            return top;
        }

        @Override
        Map<String, Long> exactCounts() {
            if (exact == null) {
                return null;
            }
            var counts = new HashMap<String, Long>();
            exact.long2LongEntrySet().forEach(entry -> counts.put(label.apply(entry.getLongKey()), entry.getLongValue()));
            return counts;
        }
    }
}
