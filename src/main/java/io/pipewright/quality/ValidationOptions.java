package io.pipewright.quality;

/**
 * How to validate.
 *
 * @param threshold   the issue fraction allowed, overriding the suite's; null keeps the suite's (0.001 when it has none)
 * @param threads     threads that parse and check chunks; 1 means the calling thread alone
 * @param examples    failing values kept per expectation (the first ones, in file order)
 * @param uniqueLimit values a uniqueness check remembers (as 64-bit hashes in an open hash set, 8 to 16 bytes each); past it, later values are not checked
 *                    and the result says on how many values it was checked
 */
public record ValidationOptions(Double threshold, int threads, int examples, long uniqueLimit) {
    public static final int EXAMPLES = 20;
    public static final long UNIQUE_LIMIT = 10_000_000L;

    public ValidationOptions {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be between 0 and 1, not " + threshold);
        }
        threads = Math.max(1, threads);
        examples = Math.max(0, examples);
        uniqueLimit = Math.max(1, uniqueLimit);
    }

    public static ValidationOptions defaults() {
        return new ValidationOptions(null, Runtime.getRuntime().availableProcessors(), EXAMPLES, UNIQUE_LIMIT);
    }

    public ValidationOptions withThreshold(Double value) {
        return new ValidationOptions(value, threads, examples, uniqueLimit);
    }

    public ValidationOptions withThreads(int value) {
        return new ValidationOptions(threshold, value, examples, uniqueLimit);
    }

    public ValidationOptions withUniqueLimit(long value) {
        return new ValidationOptions(threshold, threads, examples, value);
    }
}
