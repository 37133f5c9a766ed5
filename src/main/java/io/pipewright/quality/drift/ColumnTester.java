package io.pipewright.quality.drift;

import io.pipewright.quality.drift.DriftReport.ColumnDrift;
import io.pipewright.quality.drift.DriftReport.Histogram;
import io.pipewright.quality.drift.DriftReport.Level;
import io.pipewright.quality.drift.DriftReport.Skipped;
import io.pipewright.quality.drift.DriftReport.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tests one column's drift from the two sides' aggregates, choosing the test as Evidently's
 * {@code get_default_stattest} does: with at most 1,000 reference values, KS for numbers with more
 * than 5 distinct values (both sides together), chi-squared for more than 2, the Z-test for
 * proportions otherwise; above 1,000, the Wasserstein distance normed by the reference's standard
 * deviation for numbers with more than 5 distinct values, the Jensen–Shannon distance otherwise.
 */
final class ColumnTester {
    static final int SMALL_REFERENCE = 1000;
    static final int FEW_DISTINCT = 5;
    static final int BINARY = 2;
    static final int HISTOGRAM_BINS = 20;
    static final int HISTOGRAM_LEVELS = 20;
    static final int TOP_LEVELS = 10;
    static final int QUANTILE_GRID = 1000;
    /** The share of each tail the histogram folds into its end bins. */
    static final double TAIL = 0.005;
    static final String OTHER = "(other)";
    static final String MISSING = "(missing)";

    /** A tested column, or why it was not tested. */
    record Outcome(ColumnDrift drift, Skipped skipped) {
    }

    private ColumnTester() {
    }

    static Outcome test(String name, String type, ColumnAggregate ref, ColumnAggregate cur, DriftOptions options) {
        if (ref.count == 0) {
            return skip(name, "the reference has no values in this column");
        }
        if (cur.count == 0) {
            return skip(name, "the current data has no " + (cur.invalid > 0 ? "valid " : "") + "values in this column ("
                    + String.format(Locale.ROOT, "%,d missing, %,d that do not fit the reference's type", cur.missing, cur.invalid) + ")");
        }
        return ref.kind == ColumnAggregate.Kind.NUMBER ? numeric(name, type, ref, cur, options) : levels(name, type, ref, cur, options);
    }

    private static Outcome skip(String name, String reason) {
        return new Outcome(null, new Skipped(name, reason));
    }

    // ---- numbers

    private static Outcome numeric(String name, String type, ColumnAggregate ref, ColumnAggregate cur, DriftOptions options) {
        var union = new DistinctNumbers(ColumnAggregate.DISTINCT_LIMIT);
        union.addAll(ref.distinct);
        union.addAll(cur.distinct);
        long distinct = union.full() ? -1 : union.size();
        String values = distinct < 0 ? "more than " + ColumnAggregate.DISTINCT_LIMIT + " distinct numeric values"
                : distinct + " distinct numeric value" + (distinct == 1 ? "" : "s");
        String basis = basis(ref.count) + " and " + values + " (both sides)";
        double statistic;
        Double pValue;
        String test;
        String reason;
        if (ref.count <= SMALL_REFERENCE) {
            if (distinct < 0 || distinct > FEW_DISTINCT) {
                test = "ks";
                statistic = ksDistance(ref, cur);
                pValue = DriftStatistics.ksPValue(statistic, ref.count, cur.count);
                reason = basis + ", more than " + FEW_DISTINCT + ": KS";
            } else {
                Map<String, long[]> r = numberLevels(ref, union);
                Map<String, long[]> c = numberLevels(cur, union);
                if (distinct > BINARY) {
                    test = "chi_squared";
                    var result = chiSquared(r, c, ref.count, cur.count);
                    statistic = result.statistic();
                    pValue = result.pValue();
                    reason = basis + ", " + BINARY + " < n ≤ " + FEW_DISTINCT + ": chi-squared";
                } else {
                    test = "z";
                    var result = zTest(r, c, ref.count, cur.count);
                    statistic = result.statistic();
                    pValue = result.pValue();
                    reason = basis + ", at most " + BINARY + ": Z-test for proportions";
                }
            }
        } else if (distinct < 0 || distinct > FEW_DISTINCT) {
            test = "wasserstein";
            double norm = Math.max(ref.std(), 0.001);
            statistic = wasserstein(ref, cur) / norm;
            pValue = null;
            reason = basis + ", more than " + FEW_DISTINCT + ": Wasserstein distance normed by the reference's std";
        } else {
            test = "jensen_shannon";
            statistic = jensenShannon(numberLevels(ref, union), numberLevels(cur, union), ref.count, cur.count);
            pValue = null;
            reason = basis + ", at most " + FEW_DISTINCT + ": Jensen–Shannon distance";
        }
        double psi = numericPsi(ref, cur);
        return new Outcome(verdict(name, type, test, statistic, pValue, psi, reason, summary(ref), summary(cur), numericHistogram(ref, cur),
                options), null);
    }

    private static String basis(long referenceValues) {
        return String.format(Locale.ROOT, "the reference has %,d values %s 1,000", referenceValues,
                referenceValues <= SMALL_REFERENCE ? "≤" : ">");
    }

    private static Map<String, long[]> numberLevels(ColumnAggregate side, DistinctNumbers union) {
        var out = new LinkedHashMap<String, long[]>();
        for (double v : union.values()) {
            out.put(Double.toString(v), new long[] {side.distinct.count(v)});
        }
        return out;
    }

    /** The KS distance: exact when both sides kept every value, else over the reference's values and the current's quantiles. */
    static double ksDistance(ColumnAggregate ref, ColumnAggregate cur) {
        ref.sortExact();
        cur.sortExact();
        if (ref.exact != null && cur.exact != null) {
            return DriftStatistics.ksDistance(ref.exact, cur.exact);
        }
        double d = 0;
        for (double x : points(ref)) {
            d = Math.max(d, Math.abs(ref.cdf(x) - cur.cdf(x)));
        }
        for (double x : points(cur)) {
            d = Math.max(d, Math.abs(ref.cdf(x) - cur.cdf(x)));
        }
        return d;
    }

    private static double[] points(ColumnAggregate side) {
        if (side.exact != null) {
            return side.exact;
        }
        var out = new double[QUANTILE_GRID + 1];
        for (int i = 0; i <= QUANTILE_GRID; i++) {
            out[i] = side.quantile((double) i / QUANTILE_GRID);
        }
        return out;
    }

    /** W1: exact when both sides kept every value, else the mean gap of quantiles at 1,000 evenly spaced probabilities. */
    static double wasserstein(ColumnAggregate ref, ColumnAggregate cur) {
        ref.sortExact();
        cur.sortExact();
        if (ref.exact != null && cur.exact != null) {
            return DriftStatistics.wasserstein(ref.exact, cur.exact);
        }
        var a = new double[QUANTILE_GRID];
        var b = new double[QUANTILE_GRID];
        for (int i = 0; i < QUANTILE_GRID; i++) {
            double p = (i + 0.5) / QUANTILE_GRID;
            a[i] = ref.quantile(p);
            b[i] = cur.quantile(p);
        }
        return DriftStatistics.wassersteinFromQuantiles(a, b);
    }

    /** PSI over the reference's deciles (merged where values repeat), plus a bin for missing or invalid values. */
    static double numericPsi(ColumnAggregate ref, ColumnAggregate cur) {
        double[] edges = decileEdges(ref);
        return DriftStatistics.psi(binShares(ref, edges), binShares(cur, edges));
    }

    private static double[] decileEdges(ColumnAggregate ref) {
        var edges = new LinkedHashSet<Double>();
        for (int i = 1; i <= 9; i++) {
            edges.add(ref.quantile(i / 10.0));
        }
        edges.remove(ref.max); // a top edge at the maximum leaves the last bin empty by construction
        if (edges.isEmpty() && Double.isFinite(ref.min)) {
            // a constant reference: below it, equal to it, above it (else every value would fall in one bin and PSI read 0)
            return new double[] {Math.nextDown(ref.min), ref.min};
        }
        return edges.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double[] binShares(ColumnAggregate side, double[] edges) {
        double all = side.count + side.missing + side.invalid;
        var shares = new double[edges.length + 2];
        double previous = 0;
        for (int i = 0; i < edges.length; i++) {
            double f = side.cdf(edges[i]);
            shares[i] = (f - previous) * side.count / all;
            previous = f;
        }
        shares[edges.length] = (1 - previous) * side.count / all;
        shares[edges.length + 1] = (side.missing + side.invalid) / all;
        return shares;
    }

    /**
     * 20 equal bins over both sides' 0.5 % to 99.5 % quantiles (their min and max where that range
     * is empty), so that a long tail does not squeeze the bulk into one bar; the first and last bins
     * also hold the values beyond the edges.
     */
    static Histogram numericHistogram(ColumnAggregate ref, ColumnAggregate cur) {
        double lo = Math.min(ref.quantile(TAIL), cur.quantile(TAIL));
        double hi = Math.max(ref.quantile(1 - TAIL), cur.quantile(1 - TAIL));
        if (!(hi > lo)) {
            lo = Math.min(ref.min, cur.min);
            hi = Math.max(ref.max, cur.max);
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new Histogram(List.of(), null, List.of(), List.of());
        }
        int bins = hi > lo ? HISTOGRAM_BINS : 1;
        var edges = new ArrayList<Double>();
        for (int i = 0; i <= bins; i++) {
            edges.add(i == bins ? hi : lo + (hi - lo) * i / bins);
        }
        return new Histogram(edges, null, histogramShares(ref, edges), histogramShares(cur, edges));
    }

    private static List<Double> histogramShares(ColumnAggregate side, List<Double> edges) {
        var out = new ArrayList<Double>();
        double previous = 0;
        for (int i = 1; i < edges.size(); i++) {
            double f = i == edges.size() - 1 ? 1 : side.cdf(edges.get(i));
            out.add(round(Math.max(0, f - previous)));
            previous = Math.max(previous, f);
        }
        return out;
    }

    // ---- levels

    private static Outcome levels(String name, String type, ColumnAggregate ref, ColumnAggregate cur, DriftOptions options) {
        Map<String, long[]> r = withOther(ref);
        Map<String, long[]> c = withOther(cur);
        var keys = new LinkedHashSet<String>(r.keySet());
        keys.addAll(c.keySet());
        long distinct = keys.size();
        boolean anyOther = keys.contains(OTHER);
        String values = (anyOther ? "more than " + (distinct - 1) : Long.toString(distinct)) + " distinct " + type + " value"
                + (distinct == 1 ? "" : "s") + " (both sides)";
        String basis = basis(ref.count) + " and " + values;
        double statistic;
        Double pValue;
        String test;
        String reason;
        if (ref.count <= SMALL_REFERENCE) {
            if (distinct > BINARY) {
                test = "chi_squared";
                var result = chiSquared(r, c, ref.count, cur.count);
                statistic = result.statistic();
                pValue = result.pValue();
                reason = basis + ", more than " + BINARY + ": chi-squared";
            } else {
                test = "z";
                var result = zTest(r, c, ref.count, cur.count);
                statistic = result.statistic();
                pValue = result.pValue();
                reason = basis + ", at most " + BINARY + ": Z-test for proportions";
            }
        } else {
            test = "jensen_shannon";
            statistic = jensenShannon(r, c, ref.count, cur.count);
            pValue = null;
            reason = basis + ": Jensen–Shannon distance";
        }
        double psi = levelPsi(ref, cur, keys);
        return new Outcome(verdict(name, type, test, statistic, pValue, psi, reason, summary(ref), summary(cur), levelHistogram(r, c, ref, cur),
                options), null);
    }

    private static Map<String, long[]> withOther(ColumnAggregate side) {
        var out = new LinkedHashMap<String, long[]>(side.levels);
        if (side.other > 0) {
            out.put(OTHER, new long[] {side.other});
        }
        return out;
    }

    private static long countOf(Map<String, long[]> counts, String key) {
        long[] c = counts.get(key);
        return c == null ? 0 : c[0];
    }

    /** Expected counts: the reference's, scaled to the current's size (Evidently's chi-squared). */
    static DriftStatistics.Result chiSquared(Map<String, long[]> ref, Map<String, long[]> cur, long refCount, long curCount) {
        var keys = new LinkedHashSet<String>(ref.keySet());
        keys.addAll(cur.keySet());
        var observed = new double[keys.size()];
        var expected = new double[keys.size()];
        double scale = (double) curCount / refCount;
        int i = 0;
        for (String key : keys) {
            observed[i] = countOf(cur, key);
            expected[i] = countOf(ref, key) * scale;
            i++;
        }
        return DriftStatistics.chiSquared(observed, expected);
    }

    /** The proportion of the most frequent value (both sides together) in each sample. */
    static DriftStatistics.Result zTest(Map<String, long[]> ref, Map<String, long[]> cur, long refCount, long curCount) {
        var keys = new LinkedHashSet<String>(ref.keySet());
        keys.addAll(cur.keySet());
        String key = keys.stream().max(Comparator.<String>comparingLong(k -> countOf(ref, k) + countOf(cur, k))
                .thenComparing(Comparator.<String>naturalOrder().reversed())).orElseThrow();
        return DriftStatistics.zTest(countOf(ref, key), refCount, countOf(cur, key), curCount);
    }

    /** Shares over the union of values, empty ones filled (Evidently's get_binned_data with feel_zeroes). */
    static double jensenShannon(Map<String, long[]> ref, Map<String, long[]> cur, long refCount, long curCount) {
        var keys = new LinkedHashSet<String>(ref.keySet());
        keys.addAll(cur.keySet());
        var p = new double[keys.size()];
        var q = new double[keys.size()];
        int i = 0;
        for (String key : keys) {
            p[i] = (double) countOf(ref, key) / refCount;
            q[i] = (double) countOf(cur, key) / curCount;
            i++;
        }
        return DriftStatistics.jensenShannon(DriftStatistics.fillEmpty(p), DriftStatistics.fillEmpty(q));
    }

    private static double levelPsi(ColumnAggregate ref, ColumnAggregate cur, LinkedHashSet<String> keys) {
        var r = new double[keys.size() + 1];
        var c = new double[keys.size() + 1];
        Map<String, long[]> rl = withOther(ref);
        Map<String, long[]> cl = withOther(cur);
        double rAll = ref.count + ref.missing + ref.invalid;
        double cAll = cur.count + cur.missing + cur.invalid;
        int i = 0;
        for (String key : keys) {
            r[i] = countOf(rl, key) / rAll;
            c[i] = countOf(cl, key) / cAll;
            i++;
        }
        r[i] = (ref.missing + ref.invalid) / rAll;
        c[i] = (cur.missing + cur.invalid) / cAll;
        return DriftStatistics.psi(r, c);
    }

    private static Histogram levelHistogram(Map<String, long[]> r, Map<String, long[]> c, ColumnAggregate ref, ColumnAggregate cur) {
        var keys = new LinkedHashSet<String>(r.keySet());
        keys.addAll(c.keySet());
        keys.remove(OTHER);
        var ranked = new ArrayList<>(keys);
        ranked.sort(Comparator.<String>comparingDouble(k -> -((double) countOf(r, k) / ref.count + (double) countOf(c, k) / cur.count))
                .thenComparing(Comparator.naturalOrder()));
        List<String> shown = ranked.subList(0, Math.min(HISTOGRAM_LEVELS, ranked.size()));
        var levels = new ArrayList<>(shown);
        var refShares = new ArrayList<Double>();
        var curShares = new ArrayList<Double>();
        long refShown = 0;
        long curShown = 0;
        for (String key : shown) {
            refShares.add(round((double) countOf(r, key) / ref.count));
            curShares.add(round((double) countOf(c, key) / cur.count));
            refShown += countOf(r, key);
            curShown += countOf(c, key);
        }
        if (refShown < ref.count || curShown < cur.count) {
            levels.add(OTHER);
            refShares.add(round((double) (ref.count - refShown) / ref.count));
            curShares.add(round((double) (cur.count - curShown) / cur.count));
        }
        return new Histogram(null, levels, refShares, curShares);
    }

    // ---- common

    private static ColumnDrift verdict(String name, String type, String test, double statistic, Double pValue, double psi, String reason,
                                       Summary reference, Summary current, Histogram histogram, DriftOptions options) {
        double threshold = switch (test) {
            case "wasserstein" -> options.wasserstein();
            case "jensen_shannon" -> options.jensenShannon();
            default -> options.pValue();
        };
        boolean drifted = pValue != null ? pValue < threshold : statistic >= threshold;
        double shown = Double.isFinite(statistic) ? statistic : Double.MAX_VALUE;
        return new ColumnDrift(name, type, test, shown, pValue, threshold, drifted, psi, options.psiBand(psi), reason, reference, current,
                histogram);
    }

    static Summary summary(ColumnAggregate side) {
        if (side.kind == ColumnAggregate.Kind.NUMBER) {
            boolean any = side.count > 0;
            return new Summary(side.count, side.missing, side.invalid, any ? side.mean : null,
                    side.count > 1 ? side.sampleStd() : null, any ? side.min : null, any ? side.max : null, null);
        }
        var top = new ArrayList<Level>();
        if (side.levels != null) {
            side.levels.entrySet().stream().sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                    .thenComparing(Map.Entry::getKey)).limit(TOP_LEVELS).forEach(e -> top.add(new Level(e.getKey(), e.getValue()[0])));
        }
        return new Summary(side.count, side.missing, side.invalid, null, null, null, null, top);
    }

    private static double round(double share) {
        return Math.round(share * 1e6) / 1e6;
    }
}
