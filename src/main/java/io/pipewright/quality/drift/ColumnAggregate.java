package io.pipewright.quality.drift;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * What drift needs to know of one column of one side, in bounded memory whatever the row count,
 * and mergeable: chunks are summarised on workers and merged in file order.
 * <ul>
 * <li>every kind: values, missing and invalid (a value that does not fit the reference's type) counts;</li>
 * <li>numbers: mean and variance (merged with Chan's formula), min and max, a KLL sketch
 * (k = {@value #SKETCH_K}, rank error about 0.45 %), every value while there are at most
 * {@value #EXACT_LIMIT} (so small samples are tested exactly), and the count of each distinct
 * value while there are at most {@value #DISTINCT_LIMIT};</li>
 * <li>levels (text, booleans): the count of each of the first {@value #LEVEL_LIMIT} levels, the
 * rest in one "other" count.</li>
 * </ul>
 */
final class ColumnAggregate {
    enum Kind { NUMBER, LEVELS, COUNT_ONLY }

    static final int SKETCH_K = 800;
    static final int EXACT_LIMIT = 1000;
    static final int DISTINCT_LIMIT = 64;
    static final int LEVEL_LIMIT = 1000;
    /**
     * Values per column a side's sketch is fed at most, about: past twice this many rows it sees a
     * seeded Bernoulli sample (sampling error of a CDF about 1/√100,000 = 0.3 %; with the sketch's own
     * 0.45 %, under 1 %), which spares most of the sketch's sorting on big files.
     */
    static final int SKETCH_SAMPLE = 100_000;

    final Kind kind;
    long count;
    long missing;
    long invalid;

    // numbers
    double mean;
    double m2;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    KllDoublesSketch sketch;
    /** Every value while count ≤ EXACT_LIMIT, else null. */
    double[] exact = new double[0];
    /** Distinct values and their counts while there are at most DISTINCT_LIMIT, else null. */
    DistinctNumbers distinct = new DistinctNumbers(DISTINCT_LIMIT);

    // levels
    Map<String, long[]> levels = new LinkedHashMap<>();
    long other;
    /** Whether more than LEVEL_LIMIT levels were seen (the rest counted in other). */
    boolean overflowed;

    ColumnAggregate(Kind kind) {
        this.kind = kind;
        if (kind == Kind.NUMBER) {
            sketch = KllDoublesSketch.newHeapInstance(SKETCH_K);
        }
        if (kind != Kind.LEVELS) {
            levels = null;
        }
        if (kind != Kind.NUMBER) {
            exact = null;
            distinct = null;
        }
    }

    /** Adds {@code n} numbers (NaN and infinities count as missing), every one into the sketch. */
    void addNumbers(double[] values, int n) {
        addNumbers(values, n, 1, 0);
    }

    /**
     * Adds {@code n} numbers; the sketch sees each with probability {@code sketchShare} (a seeded
     * Bernoulli sample, so the result does not depend on threads), everything else sees them all.
     */
    void addNumbers(double[] values, int n, double sketchShare, long seed) {
        int kept = 0;
        double[] finite = values;
        // NaN and infinities read as missing (Evidently drops them); the caller's array is reused as scratch
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!(Math.abs(v) <= Double.MAX_VALUE)) {
                missing++;
            } else {
                finite[kept++] = v;
            }
        }
        if (kept == 0) {
            return;
        }
        // two passes over the chunk (it is in cache): the sum and range, then squares about the mean; no division per value
        double sum = 0;
        double lo = min;
        double hi = max;
        for (int i = 0; i < kept; i++) {
            double v = finite[i];
            sum += v;
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        double chunkMean = sum / kept;
        double chunkM2 = 0;
        for (int i = 0; i < kept; i++) {
            double d = finite[i] - chunkMean;
            chunkM2 += d * d;
        }
        min = lo;
        max = hi;
        mergeMoments(kept, chunkMean, chunkM2);
        if (exact != null) {
            if (count <= EXACT_LIMIT) {
                int from = exact.length;
                exact = Arrays.copyOf(exact, from + kept);
                System.arraycopy(finite, 0, exact, from, kept);
            } else {
                exact = null;
            }
        }
        for (int i = 0; i < kept && !distinct.full(); i++) {
            distinct.add(finite[i], 1);
        }
        // last: sampling reorders the array
        if (sketchShare >= 1) {
            sketch.update(finite, 0, kept);
        } else {
            sketchSample(finite, kept, sketchShare, seed);
        }
    }

    /** Feeds the sketch a Bernoulli sample, jumping from one kept value to the next by geometric gaps. */
    private void sketchSample(double[] values, int n, double share, long seed) {
        var random = new java.util.SplittableRandom(seed);
        double logMiss = Math.log1p(-share);
        long i = gap(random, logMiss);
        int kept = 0;
        while (i < n) {
            values[kept++] = values[(int) i];
            i += 1 + gap(random, logMiss);
        }
        if (kept == 0 && sketch.isEmpty()) {
            values[kept++] = values[0]; // a sketch never stays empty while the column has values
        }
        sketch.update(values, 0, kept);
    }

    private static long gap(java.util.SplittableRandom random, double logMiss) {
        return (long) Math.min(1e12, Math.floor(Math.log(1 - random.nextDouble()) / logMiss));
    }

    private void mergeMoments(long n, double otherMean, double otherM2) {
        long total = count + n;
        double delta = otherMean - mean;
        mean += delta * n / total;
        m2 += otherM2 + delta * delta * ((double) count * n / total);
        count = total;
    }

    /** Adds one level (text value) of a present cell. */
    void addLevel(String value) {
        count++;
        long[] c = levels.get(value);
        if (c != null) {
            c[0]++;
        } else if (levels.size() < LEVEL_LIMIT) {
            levels.put(value, new long[] {1});
        } else {
            overflowed = true;
            other++;
        }
    }

    /** Merges a later chunk's aggregate into this one. */
    void merge(ColumnAggregate later) {
        missing += later.missing;
        invalid += later.invalid;
        switch (kind) {
            case NUMBER -> {
                if (later.count == 0) {
                    return;
                }
                min = Math.min(min, later.min);
                max = Math.max(max, later.max);
                if (exact != null && later.exact != null && count + later.count <= EXACT_LIMIT) {
                    int from = exact.length;
                    exact = Arrays.copyOf(exact, from + later.exact.length);
                    System.arraycopy(later.exact, 0, exact, from, later.exact.length);
                } else {
                    exact = null;
                }
                distinct.addAll(later.distinct);
                mergeMoments(later.count, later.mean, later.m2);
                sketch.merge(later.sketch);
            }
            case LEVELS -> {
                count += later.count;
                other += later.other;
                overflowed |= later.overflowed;
                for (var entry : later.levels.entrySet()) {
                    long[] c = levels.get(entry.getKey());
                    if (c != null) {
                        c[0] += entry.getValue()[0];
                    } else if (levels.size() < LEVEL_LIMIT) {
                        levels.put(entry.getKey(), entry.getValue().clone());
                    } else {
                        overflowed = true;
                        other += entry.getValue()[0];
                    }
                }
            }
            case COUNT_ONLY -> count += later.count;
        }
    }

    /** Population standard deviation (numpy's default, as Evidently norms the Wasserstein distance). */
    double std() {
        return count == 0 ? Double.NaN : Math.sqrt(m2 / count);
    }

    /** Sample standard deviation, for the summaries. */
    double sampleStd() {
        return count < 2 ? Double.NaN : Math.sqrt(m2 / (count - 1));
    }

    /** Distinct values, or -1 when more than the limit (DISTINCT_LIMIT for numbers, LEVEL_LIMIT for levels). */
    long distinctCount() {
        return switch (kind) {
            case NUMBER -> distinct.full() ? -1 : distinct.size();
            case LEVELS -> overflowed ? -1 : levels.size();
            case COUNT_ONLY -> -1;
        };
    }

    /** The share of values at or below x. */
    double cdf(double x) {
        if (count == 0) {
            return Double.NaN;
        }
        if (exact != null) {
            sortExact();
            int i = upperBound(exact, x);
            return (double) i / exact.length;
        }
        if (x < min) {
            return 0;
        }
        if (x >= max) {
            return 1;
        }
        return sketch.getRank(x, org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE);
    }

    /** The p-quantile: the smallest value whose CDF reaches p. */
    double quantile(double p) {
        if (exact != null) {
            sortExact();
            int i = (int) Math.min(exact.length - 1, Math.max(0, Math.ceil(p * exact.length) - 1));
            return exact[i];
        }
        return sketch.getQuantile(Math.max(0, Math.min(1, p)), org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE);
    }

    private boolean sorted;

    void sortExact() {
        if (!sorted && exact != null) {
            Arrays.sort(exact);
            sorted = true;
        }
    }

    private static int upperBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
