package io.pipewright.train;

import java.util.Random;

/**
 * Independent random streams from one seed. {@code java.util.Random}'s first outputs for consecutive
 * seeds are nearly equal (its seed scrambling is a single XOR), so streams numbered 0, 1, 2… seeded
 * with {@code seed * k + n} start almost alike: a random search drew the same first hyperparameter in
 * every trial. Each stream's seed here goes through SplitMix64's finaliser, whose every output bit
 * depends on every input bit.
 */
public final class Seeds {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** The seed of stream {@code index} of {@code seed}: well mixed, distinct for distinct indexes. */
    public static long stream(long seed, long index) {
        return mix(mix(seed) + GOLDEN_GAMMA * (index + 1));
    }

    /** A generator for stream {@code index} of {@code seed}. */
    public static Random random(long seed, long index) {
        return new Random(stream(seed, index));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
