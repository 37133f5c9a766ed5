package io.pipewright.quality;

/**
 * How far a generated suite lets new data stray from the profile it was made from. Smaller is stricter; 0 makes the
 * suite describe the profiled data exactly.
 *
 * @param range      min and max are widened by this share of the observed range (0.05: 5 % of max − min on each side);
 *                   text lengths likewise
 * @param missing    a column with missing values may have this much more, relatively (0.5: 2 % observed allows 3 %)
 * @param rows       the row count may differ by this share (0.1: ± 10 %)
 * @param meanSigmas the mean may move this many standard errors (stddev / √n)
 * @param stddev     the standard deviation may differ by this share (0.1: ± 10 %), and at least {@code meanSigmas} of its
 *                   standard error
 * @param categories a categorical column with at most this many values (all of them seen exactly) gets an allowed list
 */
public record Tolerance(double range, double missing, double rows, double meanSigmas, double stddev, int categories) {

    public static Tolerance defaults() {
        return new Tolerance(0.05, 0.5, 0.1, 4, 0.1, 10);
    }

    public Tolerance {
        check("range", range);
        check("missing", missing);
        check("rows", rows);
        check("mean-sigmas", meanSigmas);
        check("stddev", stddev);
        if (categories < 0) {
            throw new IllegalArgumentException("--tolerance-categories must be at least 0, not " + categories);
        }
    }

    private static void check(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("--tolerance-" + name + " must be a number of at least 0, not " + value);
        }
    }

    public Tolerance withRange(double value) {
        return new Tolerance(value, missing, rows, meanSigmas, stddev, categories);
    }

    public Tolerance withMissing(double value) {
        return new Tolerance(range, value, rows, meanSigmas, stddev, categories);
    }

    public Tolerance withRows(double value) {
        return new Tolerance(range, missing, value, meanSigmas, stddev, categories);
    }

    public Tolerance withMeanSigmas(double value) {
        return new Tolerance(range, missing, rows, value, stddev, categories);
    }

    public Tolerance withStddev(double value) {
        return new Tolerance(range, missing, rows, meanSigmas, value, categories);
    }

    public Tolerance withCategories(int value) {
        return new Tolerance(range, missing, rows, meanSigmas, stddev, value);
    }
}
