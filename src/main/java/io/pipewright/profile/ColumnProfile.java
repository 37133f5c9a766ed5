package io.pipewright.profile;

import java.util.List;

/** Statistics of one column; fields that do not apply to its type are null and left out of the JSON. */
public record ColumnProfile(
        String name,
        String type,
        String inferredType,
        long count,
        long missing,
        long distinct,
        boolean distinctExact,
        Object min,
        Object max,
        Double mean,
        Double stddev,
        Double skewness,
        Double kurtosis,
        Long zeros,
        Long negatives,
        Long infinite,
        Long nan,
        Boolean integer,
        Quantiles quantiles,
        Histogram histogram,
        List<TopValue> top,
        Lengths length,
        Long trueCount,
        Long falseCount,
        String dateFormat,
        Long invalid,
        String invalidExample,
        List<String> naSuggestions) {

    public record Quantiles(double p05, double p25, double p50, double p75, double p95) {
    }

    /** {@code edges} has one more entry than {@code counts}. */
    public record Histogram(double[] edges, long[] counts) {
    }

    public record TopValue(String value, long count) {
    }

    public record Lengths(int min, double mean, int max) {
    }

    public double missingFraction() {
        long total = count + missing;
        return total == 0 ? 0 : (double) missing / total;
    }
}
