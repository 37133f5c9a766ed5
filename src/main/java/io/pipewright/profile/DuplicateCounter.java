package io.pipewright.profile;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/**
 * Counts duplicate rows by 64-bit row hashes in bounded memory. Exact while at most
 * {@link #LIMIT} distinct rows were seen; past that it keeps only the rows whose hash falls in a
 * shrinking share of the hash space (halved each time the limit is reached) and scales the count
 * up. Copies of a row share its hash, so they are kept or dropped together and the estimate is
 * unbiased.
 */
final class DuplicateCounter {
    static final int LIMIT = 3_000_000;

    private Long2IntOpenHashMap seen = new Long2IntOpenHashMap();
    private int level; // keep hashes whose top `level` bits are zero
    private long duplicates;

    void add(long hash) {
        if (level > 0 && (hash >>> (64 - level)) != 0) {
            return;
        }
        int before = seen.addTo(hash, 1);
        if (before > 0) {
            duplicates++;
        } else if (seen.size() > LIMIT) {
            level++;
            var kept = new Long2IntOpenHashMap(seen.size() / 2);
            long keptDuplicates = 0;
            for (var entry : seen.long2IntEntrySet()) {
                if ((entry.getLongKey() >>> (64 - level)) == 0) {
                    kept.put(entry.getLongKey(), entry.getIntValue());
                    keptDuplicates += entry.getIntValue() - 1;
                }
            }
            seen = kept;
            duplicates = keptDuplicates;
        }
    }

    long duplicates() {
        return duplicates << level;
    }

    boolean exact() {
        return level == 0;
    }
}
