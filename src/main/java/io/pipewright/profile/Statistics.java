package io.pipewright.profile;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Correlation and association measures on the row sample. NaN marks a missing value. */
final class Statistics {
    private Statistics() {
    }

    /** Pearson's r over the rows where both are present; NaN with fewer than 3 such rows or no variance. */
    static double pearson(double[] x, double[] y) {
        long n = 0;
        double meanX = 0;
        double meanY = 0;
        double cxy = 0;
        double cxx = 0;
        double cyy = 0;
        for (int i = 0; i < x.length; i++) {
            double a = x[i];
            double b = y[i];
            if (Double.isNaN(a) || Double.isNaN(b)) {
                continue;
            }
            n++;
            double dx = a - meanX;
            meanX += dx / n;
            double dy = b - meanY;
            meanY += dy / n;
            cxy += dx * (b - meanY);
            cxx += dx * (a - meanX);
            cyy += dy * (b - meanY);
        }
        if (n < 3 || cxx <= 0 || cyy <= 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, cxy / Math.sqrt(cxx * cyy)));
    }

    /** Average ranks (1-based, ties share their mean rank); NaN stays NaN. Primitive sort, no boxing. */
    static double[] ranks(double[] values) {
        double[] sorted = Arrays.stream(values).filter(value -> !Double.isNaN(value)).toArray();
        Arrays.sort(sorted);
        double[] ranks = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double value = values[i];
            if (Double.isNaN(value)) {
                ranks[i] = Double.NaN;
                continue;
            }
            int first = lowerBound(sorted, value);
            int last = lowerBound(sorted, Math.nextUp(value)) - 1;
            ranks[i] = (first + last) / 2.0 + 1;
        }
        return ranks;
    }

    private static int lowerBound(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Cramér's V between two categorical columns (null = missing), without bias correction. */
    static double cramersV(String[] x, String[] y) {
        var table = new HashMap<String, Map<String, long[]>>();
        var rowsTotal = new HashMap<String, long[]>();
        var columnsTotal = new HashMap<String, long[]>();
        long n = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || y[i] == null) {
                continue;
            }
            n++;
            table.computeIfAbsent(x[i], key -> new HashMap<>()).computeIfAbsent(y[i], key -> new long[1])[0]++;
            rowsTotal.computeIfAbsent(x[i], key -> new long[1])[0]++;
            columnsTotal.computeIfAbsent(y[i], key -> new long[1])[0]++;
        }
        int r = rowsTotal.size();
        int k = columnsTotal.size();
        if (n == 0 || r < 2 || k < 2) {
            return Double.NaN;
        }
        double chi2 = 0;
        for (var row : rowsTotal.entrySet()) {
            Map<String, long[]> cells = table.get(row.getKey());
            for (var column : columnsTotal.entrySet()) {
                double expected = (double) row.getValue()[0] * column.getValue()[0] / n;
                long[] cell = cells.get(column.getKey());
                double observed = cell == null ? 0 : cell[0];
                chi2 += (observed - expected) * (observed - expected) / expected;
            }
        }
        return Math.min(1, Math.sqrt(chi2 / (n * (double) (Math.min(r, k) - 1))));
    }

    /** The correlation ratio η of a numeric column by the categories of another. */
    static double correlationRatio(String[] categories, double[] values) {
        var sums = new HashMap<String, double[]>();
        double total = 0;
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            if (categories[i] == null || Double.isNaN(values[i])) {
                continue;
            }
            double[] group = sums.computeIfAbsent(categories[i], key -> new double[2]);
            group[0] += values[i];
            group[1]++;
            total += values[i];
            n++;
        }
        if (n < 3 || sums.size() < 2) {
            return Double.NaN;
        }
        double mean = total / n;
        double between = 0;
        for (double[] group : sums.values()) {
            double groupMean = group[0] / group[1];
            between += group[1] * (groupMean - mean) * (groupMean - mean);
        }
        double within = 0;
        for (int i = 0; i < values.length; i++) {
            if (categories[i] == null || Double.isNaN(values[i])) {
                continue;
            }
            double d = values[i] - mean;
            within += d * d;
        }
        return within == 0 ? Double.NaN : Math.sqrt(between / within);
    }

    /** 1 − entropy / log(k) of class counts: 0 for balanced classes, towards 1 for one dominant class. */
    static double imbalance(long[] counts) {
        long n = 0;
        int k = 0;
        for (long count : counts) {
            if (count > 0) {
                n += count;
                k++;
            }
        }
        if (k < 2) {
            return 0;
        }
        double entropy = 0;
        for (long count : counts) {
            if (count > 0) {
                double p = (double) count / n;
                entropy -= p * Math.log(p);
            }
        }
        return 1 - entropy / Math.log(k);
    }

    /** The chi-squared test's p-value that the counts come from a uniform distribution. */
    static double uniformPValue(long[] counts) {
        int k = 0;
        long n = 0;
        for (long count : counts) {
            k++;
            n += count;
        }
        if (k < 2 || n == 0) {
            return 0;
        }
        double expected = (double) n / k;
        double chi2 = 0;
        for (long count : counts) {
            chi2 += (count - expected) * (count - expected) / expected;
        }
        return org.apache.commons.math3.special.Gamma.regularizedGammaQ((k - 1) / 2.0, chi2 / 2.0);
    }
}
