package io.pipewright.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How the training rows spread over bins for one feature the model reads (after the preprocessing
 * steps, before the encoding): numbers (booleans as 1/0, date-times as days) in up to ten quantile
 * bins, texts by the encoding's levels plus one bin for any other text; each with a last bin for
 * missing values. Stored in the model artifact, it is what the serving runtime compares recent
 * inputs with, as a population stability index.
 *
 * @param edges     upper bounds of the number bins (a value equal to an edge falls in its bin); empty for texts
 * @param levels    the text bins' levels (any other text falls in the bin after them); empty for numbers
 * @param fractions the share of training rows in each bin, the missing bin last
 */
public record FeatureBins(String column, String kind, double[] edges, List<String> levels, double[] fractions) {
    /** Quantile bins per number feature (deciles), fewer when values repeat. */
    public static final int QUANTILES = 10;
    /** A bin empty on one side counts as this share, so that the index stays finite (as Evidently and most PSI write-ups do). */
    static final double EMPTY = 1e-4;

    public FeatureBins {
        edges = edges == null ? new double[0] : edges.clone();
        levels = levels == null ? List.of() : List.copyOf(levels);
        fractions = fractions.clone();
    }

    public int bins() {
        return fractions.length;
    }

    private boolean text() {
        return kind.equals("categorical");
    }

    /** The bin of a value in the form {@link FeatureEncoding#value} gives: a Double (NaN when missing) or a String (null when missing). */
    public int bin(Object value) {
        if (text()) {
            if (value == null) {
                return levels.size() + 1;
            }
            int k = levels.indexOf(value);
            return k >= 0 ? k : levels.size();
        }
        double number = (Double) value;
        if (Double.isNaN(number)) {
            return edges.length + 1;
        }
        int at = Arrays.binarySearch(edges, number);
        if (at >= 0) {
            while (at > 0 && edges[at - 1] == number) {
                at--;
            }
            return at;
        }
        return -at - 1;
    }

    /**
     * The population stability index of observed bin counts against the training shares:
     * the sum over bins of (observed − expected) · ln(observed / expected). Under 0.1 is usually read
     * as no shift, 0.1 to 0.2 as a moderate one, over 0.2 as a significant one. NaN when nothing was observed.
     */
    public double psi(int[] counts) {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < fractions.length; i++) {
            double expected = Math.max(EMPTY, fractions[i]);
            double observed = Math.max(EMPTY, counts[i] / (double) total);
            psi += (observed - expected) * Math.log(observed / expected);
        }
        return psi;
    }

    /** The bins of each of the encoding's features over the training table (the rows the model was fitted on). */
    public static List<FeatureBins> fit(Table table, FeatureEncoding encoding) {
        var result = new ArrayList<FeatureBins>();
        for (FeatureEncoding.Feature feature : encoding.features()) {
            Column<?> column = table.column(feature.column());
            if (feature.kind().equals("categorical")) {
                var counts = new double[feature.levels().size() + 2];
                var bins = new FeatureBins(feature.column(), feature.kind(), null, feature.levels(), counts);
                for (int i = 0; i < column.size(); i++) {
                    counts[bins.bin(column.isMissing(i) ? null : String.valueOf(column.get(i)))]++;
                }
                result.add(new FeatureBins(feature.column(), feature.kind(), null, feature.levels(), shares(counts, column.size())));
            } else {
                double[] numbers = FeatureEncoding.numbers(feature, column);
                double[] edges = edges(numbers);
                var counts = new double[edges.length + 2];
                var bins = new FeatureBins(feature.column(), feature.kind(), edges, null, counts);
                for (double number : numbers) {
                    counts[bins.bin(number)]++;
                }
                result.add(new FeatureBins(feature.column(), feature.kind(), edges, null, shares(counts, numbers.length)));
            }
        }
        return result;
    }

    /** The deciles of the values present, each once. */
    static double[] edges(double[] numbers) {
        double[] present = Arrays.stream(numbers).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (present.length == 0) {
            return new double[0];
        }
        return java.util.stream.IntStream.range(1, QUANTILES)
                .mapToDouble(q -> present[(int) Math.ceil(q * (double) present.length / QUANTILES) - 1])
                .distinct().toArray();
    }

    private static double[] shares(double[] counts, int rows) {
        var shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = rows == 0 ? 0 : counts[i] / rows;
        }
        return shares;
    }
}
