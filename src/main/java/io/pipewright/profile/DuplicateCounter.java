package io.pipewright.profile;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/**
 * Counts duplicate rows by 64-bit row hashes in bounded memory, fed by all chunk workers at once.
 * The hashes are split over {@link #SHARDS} shards by their low bits, each with its own lock, so
 * workers seldom wait for one another. A shard is exact while it holds at most its share of
 * {@link #LIMIT} distinct rows; past that it keeps only the rows whose hash falls in a shrinking
 * share of the hash space (halved each time its limit is reached) and scales its count up. Copies
 * of a row share its hash, so they are kept or dropped together and the estimate is unbiased; the
 * result does not depend on the order in which chunks arrive.
 */
final class DuplicateCounter {
    static final int LIMIT = 3_000_000;
    static final int SHARDS = 16;

    private final Shard[] shards = new Shard[SHARDS];

    DuplicateCounter() {
        this(0);
    }

    /**
     * @param expectedRows about how many rows will come (0: unknown): each shard's table is made for its share
     *                     (up to its limit) at once, instead of growing by doubling, each growth a copy
     */
    DuplicateCounter(long expectedRows) {
        int expected = (int) Math.min(LIMIT / SHARDS, Math.max(0, expectedRows) / SHARDS + 1);
        for (int s = 0; s < SHARDS; s++) {
            shards[s] = new Shard(expected);
        }
    }

    /** Adds one chunk's row hashes; may be called from several threads. */
    void addAll(long[] hashes) {
        for (int s = 0; s < SHARDS; s++) {
            Shard shard = shards[s];
            synchronized (shard) {
                for (long hash : hashes) {
                    if ((hash & (SHARDS - 1)) == s) {
                        shard.add(hash);
                    }
                }
            }
        }
    }

    long duplicates() {
        long total = 0;
        for (Shard shard : shards) {
            synchronized (shard) {
                total += shard.duplicates << shard.level;
            }
        }
        return total;
    }

    boolean exact() {
        for (Shard shard : shards) {
            synchronized (shard) {
                if (shard.level > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final class Shard {
        private Long2IntOpenHashMap seen;
        private int level; // keep hashes whose top `level` bits are zero
        private long duplicates;

        Shard(int expected) {
            seen = new Long2IntOpenHashMap(Math.max(16, expected));
        }

        void add(long hash) {
            if (level > 0 && (hash >>> (64 - level)) != 0) {
                return;
            }
            int before = seen.addTo(hash, 1);
            if (before > 0) {
                duplicates++;
            } else if (seen.size() > LIMIT / SHARDS) {
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
    }
}
