package io.pipewright.profile;

import io.pipewright.data.ColumnPlan;
import io.pipewright.data.ColumnType;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.NumberParser;
import io.pipewright.data.RecordSource;
import io.pipewright.data.TypeInference;
import io.pipewright.profile.ColumnProfile.Histogram;
import io.pipewright.profile.ColumnProfile.Lengths;
import io.pipewright.profile.ColumnProfile.Quantiles;
import io.pipewright.profile.ColumnProfile.TopValue;
import io.pipewright.profile.DatasetProfile.Alert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns merged accumulators into a {@link DatasetProfile}: the final column types, statistics,
 * correlations on the row sample, and alerts with ydata-profiling's default thresholds.
 */
final class ProfileBuilder {
    static final int HISTOGRAM_BINS = 50;
    static final int TOP_VALUES = 10;
    /** Columns past this many of a kind are left out of correlation matrices (the report stays small). */
    static final int MAX_CORRELATED_COLUMNS = 60;
    static final int CATEGORICAL_MAX_DISTINCT = 50;
    static final double CATEGORICAL_MAX_SHARE = 0.05;
    static final double HIGH_CORRELATION = 0.9;
    static final int HIGH_CARDINALITY = 50;
    static final double ZEROS_SHARE = 0.10;
    static final double SKEWNESS = 20;
    static final double IMBALANCE = 0.5;
    static final double UNIFORM_P = 0.999;
    static final double MIXED_TOLERANCE = 0.005;
    private static final Pattern ID_NAME = Pattern.compile("(?i)(^id$|_id$|^id_|identifier|uuid|^key$)");
    private static final Set<String> NA_LIKE = Set.of("na", "n/a", "nan", "null", "none", "nil", "-", "--", "?", "missing",
            "undefined", "#n/a", "not available", ".");

    private final DatasetReader reader;
    private final RecordSource source;
    private final List<String> columns;
    private final ColumnPlan[] plans;
    private final Profiler.Options options;

    ProfileBuilder(DatasetReader reader, RecordSource source, List<String> columns, ColumnPlan[] plans, Profiler.Options options) {
        this.reader = reader;
        this.source = source;
        this.columns = columns;
        this.plans = plans;
        this.options = options;
    }

    DatasetProfile build(Profiler.ChunkSummary merged, DuplicateCounter duplicates, List<Object[]> sample, boolean complete) {
        var alerts = new ArrayList<Alert>();
        var profiles = new ArrayList<ColumnProfile>();
        long missingCells = 0;
        long rows = merged.rows;
        // columns are independent: build them on all cores (the workers are done), keep their order
        @SuppressWarnings("unchecked")
        List<Alert>[] columnAlerts = new List[columns.size()];
        ColumnProfile[] built = new ColumnProfile[columns.size()];
        java.util.stream.IntStream.range(0, columns.size()).parallel().forEach(c -> {
            var own = new ArrayList<Alert>();
            built[c] = column(columns.get(c), merged.columns[c], rows, own, c, sample);
            columnAlerts[c] = own;
        });
        for (int c = 0; c < built.length; c++) {
            profiles.add(built[c]);
            alerts.addAll(columnAlerts[c]);
            missingCells += built[c].missing();
        }
        if (rows == 0) {
            alerts.add(0, new Alert(AlertType.EMPTY, null, "The dataset has no rows"));
        }
        long duplicateRows = duplicates.duplicates();
        if (duplicateRows > 0) {
            alerts.add(0, new Alert(AlertType.DUPLICATES, null, String.format(Locale.US, "The dataset has %s%,d (%s) duplicate rows",
                    duplicates.exact() ? "" : "about ", duplicateRows, percent(duplicateRows, rows))));
        }
        DatasetProfile.Correlations correlations = null;
        DatasetProfile.TargetAssociations target = null;
        // the sample is sorted by priority: its first rows are a uniform sample of the requested size
        List<Object[]> correlationSample = sample.subList(0, Math.min(sample.size(), options.sampleRows()));
        if (complete && !correlationSample.isEmpty()) {
            correlations = correlations(profiles, correlationSample, alerts);
            if (options.target() != null) {
                target = target(profiles, correlationSample);
            }
        }
        var source = new DatasetProfile.Source(reader.location(), reader.formatLabel(),
                this.source.sizeBytes(), complete ? this.source.sha256() : null, this.source.encoding());
        return new DatasetProfile(rows, source, duplicateRows, duplicates.exact(), missingCells, List.copyOf(profiles),
                List.copyOf(alerts), correlations, target, List.copyOf(this.source.notes()), correlationSample.size(), complete);
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0 %" : String.format(Locale.US, "%.1f %%", 100.0 * part / whole);
    }

    private static String count(long value) {
        return String.format(Locale.US, "%,d", value);
    }

    private ColumnProfile column(String name, ColumnAccumulator acc, long rows, List<Alert> alerts, int index, List<Object[]> sample) {
        ColumnPlan plan = acc.plan;
        ColumnType inferred = inferredType(name, acc);
        ColumnType type = plan.forced() != null ? plan.forced() : inferred;
        boolean typed = plan.kind() != ColumnPlan.Kind.STRING && (type == ColumnType.NUMERIC || type == ColumnType.DATETIME
                || type == ColumnType.BOOLEAN || (type == ColumnType.IDENTIFIER && plan.kind() == ColumnPlan.Kind.NUMBER));
        long distinct = distinct(acc);
        boolean distinctExact = acc.texts.exact() && (acc.keys == null || acc.keys.exact());
        List<TopValue> top = top(acc);

        Object min = null;
        Object max = null;
        Double mean = null;
        Double stddev = null;
        Double skewness = null;
        Double kurtosis = null;
        Quantiles quantiles = null;
        Histogram histogram = null;
        Long zeros = null;
        Long negatives = null;
        Long infinite = null;
        Long nan = null;
        Boolean integer = null;
        Long trueCount = null;
        Long falseCount = null;
        String dateFormat = null;
        Lengths lengths = null;

        if (typed && plan.kind() == ColumnPlan.Kind.NUMBER && acc.moments.n > 0) {
            min = acc.min;
            max = acc.max;
            mean = acc.moments.mean;
            stddev = acc.moments.stddev();
            skewness = acc.moments.skewness();
            kurtosis = acc.moments.kurtosis();
            double[] sorted = ordered(acc, index, sample);
            quantiles = quantiles(sorted);
            histogram = histogram(acc, sorted);
            integer = acc.integral;
            if (integer) {
                min = (long) acc.min;
                max = (long) acc.max;
            }
        }
        if (typed && plan.kind() == ColumnPlan.Kind.NUMBER) {
            zeros = acc.zeros;
            negatives = acc.negatives;
            infinite = acc.infinite;
            nan = acc.nan;
        }
        if (typed && plan.kind() == ColumnPlan.Kind.DATETIME && acc.typedCount() > 0) {
            min = ColumnAccumulator.dateLabel((long) acc.min);
            max = ColumnAccumulator.dateLabel((long) acc.max);
            dateFormat = plan.dateFormat().pattern();
            histogram = histogram(acc, ordered(acc, index, sample));
        }
        if (typed && plan.kind() == ColumnPlan.Kind.BOOLEAN) {
            trueCount = acc.trues;
            falseCount = acc.falses;
        }
        if (!typed && acc.lengthSum > 0 || plan.kind() == ColumnPlan.Kind.STRING && acc.count > 0) {
            lengths = new Lengths((int) acc.lengthMin, (double) acc.lengthSum / Math.max(1, acc.count), (int) acc.lengthMax);
        }
        var suggestions = naSuggestions(acc);

        var profile = new ColumnProfile(name, type.id(), plan.forced() != null && plan.forced() != inferred ? inferred.id() : null,
                acc.count, acc.missing, distinct, distinctExact, min, max, mean, stddev, skewness, kurtosis, zeros, negatives, infinite,
                nan, integer, quantiles, histogram, top, lengths, trueCount, falseCount, dateFormat,
                acc.invalid > 0 ? acc.invalid : null,
                acc.invalid > 0 ? "'" + acc.firstInvalidValue + "' on line " + acc.firstInvalidLine : null,
                suggestions.isEmpty() ? null : suggestions);
        alerts.addAll(alerts(profile, acc, rows));
        return profile;
    }

    /** The type from the data alone. */
    private ColumnType inferredType(String name, ColumnAccumulator acc) {
        ColumnPlan plan = acc.plan;
        ColumnPlan.Kind alone = plan.inferredKind() == null ? plan.kind() : plan.inferredKind();
        if (alone != plan.kind()) {
            // the person read the column as another kind; say what it looked like on its own
            return switch (alone) {
                case NUMBER -> ColumnType.NUMERIC;
                case BOOLEAN -> ColumnType.BOOLEAN;
                case DATETIME -> ColumnType.DATETIME;
                case STRING -> textType(acc);
            };
        }
        boolean fits = acc.invalid <= MIXED_TOLERANCE * Math.max(1, acc.count);
        if (plan.kind() != ColumnPlan.Kind.STRING && fits) {
            return switch (plan.kind()) {
                case NUMBER -> acc.integral && acc.count > 1 && acc.keys.distinct() == acc.count && acc.keys.exact()
                        && ID_NAME.matcher(name).find() ? ColumnType.IDENTIFIER : ColumnType.NUMERIC;
                case DATETIME -> ColumnType.DATETIME;
                case BOOLEAN -> ColumnType.BOOLEAN;
                case STRING -> throw new IllegalStateException();
            };
        }
        return textType(acc);
    }

    /** Identifier, categorical or text, from the whole column's distinct count. */
    private static ColumnType textType(ColumnAccumulator acc) {
        long distinct = distinct(acc);
        if (acc.count == 0) {
            return ColumnType.CATEGORICAL;
        }
        boolean exact = acc.texts.exact() && (acc.keys == null || acc.keys.exact());
        if (acc.count > 1 && (exact ? distinct == acc.count : distinct >= 0.98 * acc.count)) {
            return ColumnType.IDENTIFIER;
        }
        if (distinct <= CATEGORICAL_MAX_DISTINCT || distinct <= CATEGORICAL_MAX_SHARE * acc.count) {
            return ColumnType.CATEGORICAL;
        }
        return ColumnType.TEXT;
    }

    private static long distinct(ColumnAccumulator acc) {
        // a typed column's invalid values are counted as text beside the typed ones
        return acc.texts.distinct() + (acc.keys == null ? 0 : acc.keys.distinct());
    }

    private static List<TopValue> top(ColumnAccumulator acc) {
        var merged = new ArrayList<TopValue>(acc.texts.top(TOP_VALUES));
        if (acc.keys != null) {
            merged.addAll(acc.keys.top(TOP_VALUES));
        }
        merged.sort(Comparator.comparingLong(TopValue::count).reversed().thenComparing(TopValue::value));
        return List.copyOf(merged.subList(0, Math.min(TOP_VALUES, merged.size())));
    }

    /**
     * The column's values in ascending order: all of them while the column is short enough, else those
     * of the uniform row sample (a quantile's rank is then off by about 0.2 % on 50,000 rows).
     */
    private static double[] ordered(ColumnAccumulator acc, int index, List<Object[]> sample) {
        double[] sorted = acc.sortedExactValues();
        if (sorted != null) {
            return sorted;
        }
        var values = new double[sample.size()];
        int n = 0;
        for (Object[] row : sample) {
            Object value = row[index];
            if (value instanceof Double number && Double.isFinite(number)) {
                values[n++] = number;
            } else if (value instanceof Long millis) {
                values[n++] = millis;
            }
        }
        double[] sampled = Arrays.copyOf(values, n);
        Arrays.sort(sampled);
        return sampled;
    }

    private static Quantiles quantiles(double[] sorted) {
        if (sorted.length == 0) {
            return null;
        }
        return new Quantiles(quantile(sorted, 0.05), quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75),
                quantile(sorted, 0.95));
    }

    /** Linear interpolation between the two nearest ranks, as pandas' and NumPy's default. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    /** 50 equal-width bins from min to max: exact while the column is short enough, else scaled up from the sample. */
    private static Histogram histogram(ColumnAccumulator acc, double[] sorted) {
        long n = acc.orderedCount();
        if (n == 0 || sorted.length == 0) {
            return null;
        }
        double low = acc.min;
        double high = acc.max;
        if (low == high) {
            return new Histogram(new double[] {low, high}, new long[] {n});
        }
        double[] edges = new double[HISTOGRAM_BINS + 1];
        for (int i = 0; i <= HISTOGRAM_BINS; i++) {
            edges[i] = low + (high - low) * i / HISTOGRAM_BINS;
        }
        edges[HISTOGRAM_BINS] = high;
        long[] counts = new long[HISTOGRAM_BINS];
        double width = (high - low) / HISTOGRAM_BINS;
        for (double value : sorted) {
            int bin = (int) ((value - low) / width);
            counts[Math.max(0, Math.min(HISTOGRAM_BINS - 1, bin))]++;
        }
        if (sorted.length < n) {
            // scale the sample's counts up to the column's, keeping the total exact
            double scale = (double) n / sorted.length;
            long assigned = 0;
            int largest = 0;
            for (int i = 0; i < HISTOGRAM_BINS; i++) {
                counts[i] = Math.round(counts[i] * scale);
                assigned += counts[i];
                if (counts[i] > counts[largest]) {
                    largest = i;
                }
            }
            counts[largest] = Math.max(0, counts[largest] + n - assigned);
        }
        return new Histogram(edges, counts);
    }

    private static List<String> naSuggestions(ColumnAccumulator acc) {
        var suggestions = new ArrayList<String>();
        Map<String, Long> counts = acc.texts.exactCounts();
        if (counts != null) {
            counts.keySet().stream().filter(value -> NA_LIKE.contains(value.strip().toLowerCase(Locale.ROOT))).sorted().forEach(suggestions::add);
        } else {
            acc.texts.top(TOP_VALUES).stream().map(TopValue::value)
                    .filter(value -> NA_LIKE.contains(value.strip().toLowerCase(Locale.ROOT))).forEach(suggestions::add);
        }
        return suggestions;
    }

    private List<Alert> alerts(ColumnProfile column, ColumnAccumulator acc, long rows) {
        var alerts = new ArrayList<Alert>();
        String name = column.name();
        ColumnType type = ColumnType.parse(column.type());
        if (column.count() == 0) {
            if (rows > 0) {
                alerts.add(new Alert(AlertType.EMPTY, name, name + " has no values: every row is missing"));
            }
            return alerts;
        }
        if (column.missing() > 0) {
            alerts.add(new Alert(AlertType.MISSING, name, String.format(Locale.US, "%s has %s (%s) missing values", name,
                    count(column.missing()), percent(column.missing(), rows))));
        }
        if (acc.invalid > 0) {
            alerts.add(new Alert(AlertType.MIXED, name, String.format(Locale.US, "%s: %s values are not %s, first %s%s", name,
                    count(acc.invalid), kindNoun(acc.plan.kind()), column.invalidExample(),
                    type == ColumnType.NUMERIC || type == ColumnType.DATETIME || type == ColumnType.BOOLEAN
                            ? "; they are left out of the statistics" : "; profiled as " + type.id())));
        }
        if (column.distinct() == 1) {
            alerts.add(new Alert(AlertType.CONSTANT, name, name + " has a constant value '" + column.top().get(0).value() + "'"));
        }
        if (column.distinctExact() && column.distinct() == column.count() && column.count() > 1) {
            alerts.add(new Alert(AlertType.UNIQUE, name, name + " has unique values"));
        }
        if (column.zeros() != null && column.zeros() > ZEROS_SHARE * rows) {
            alerts.add(new Alert(AlertType.ZEROS, name, String.format(Locale.US, "%s has %s (%s) zeros", name, count(column.zeros()),
                    percent(column.zeros(), rows))));
        }
        if (column.infinite() != null && column.infinite() > 0) {
            alerts.add(new Alert(AlertType.INFINITE, name, String.format(Locale.US, "%s has %s (%s) infinite values", name,
                    count(column.infinite()), percent(column.infinite(), rows))));
        }
        if (column.skewness() != null && Math.abs(column.skewness()) > SKEWNESS) {
            alerts.add(new Alert(AlertType.SKEWED, name, String.format(Locale.US, "%s is highly skewed (γ1 = %.1f)", name, column.skewness())));
        }
        if (type == ColumnType.CATEGORICAL && column.distinct() > HIGH_CARDINALITY) {
            alerts.add(new Alert(AlertType.HIGH_CARDINALITY, name, String.format(Locale.US, "%s has a high cardinality: %s distinct values",
                    name, count(column.distinct()))));
        }
        if ((type == ColumnType.CATEGORICAL || type == ColumnType.BOOLEAN) && column.distinctExact() && column.distinct() > 1) {
            long[] classCounts = classCounts(acc);
            double imbalance = Statistics.imbalance(classCounts);
            if (imbalance > IMBALANCE) {
                alerts.add(new Alert(AlertType.IMBALANCE, name, String.format(Locale.US, "%s is highly imbalanced (%.0f %%)", name, 100 * imbalance)));
            }
            if (classCounts.length > 2 && Statistics.uniformPValue(classCounts) > UNIFORM_P) {
                alerts.add(new Alert(AlertType.UNIFORM, name, name + " is uniformly distributed"));
            }
        }
        if (type == ColumnType.NUMERIC && column.histogram() != null && column.histogram().counts().length > 2 && column.count() >= 100
                && Statistics.uniformPValue(column.histogram().counts()) > UNIFORM_P) {
            alerts.add(new Alert(AlertType.UNIFORM, name, name + " is uniformly distributed"));
        }
        if (acc.plan.kind() == ColumnPlan.Kind.STRING && acc.plan.dateShare() >= 0.9) {
            alerts.add(new Alert(AlertType.TYPE_DATE, name, String.format(Locale.US,
                    "%s holds dates as text (%.0f %% of values read as dates); set its type to datetime", name, 100 * acc.plan.dateShare())));
        }
        return alerts;
    }

    private static String kindNoun(ColumnPlan.Kind kind) {
        return switch (kind) {
            case NUMBER -> "numbers";
            case DATETIME -> "dates";
            case BOOLEAN -> "booleans";
            case STRING -> "text";
        };
    }

    private static long[] classCounts(ColumnAccumulator acc) {
        var counts = new ArrayList<Long>();
        Map<String, Long> texts = acc.texts.exactCounts();
        if (texts != null) {
            counts.addAll(texts.values());
        }
        if (acc.keys != null && acc.keys.exactCounts() != null) {
            counts.addAll(acc.keys.exactCounts().values());
        }
        return counts.stream().mapToLong(Long::longValue).toArray();
    }

    // ---- correlations on the row sample ----

    private double[] numbers(List<Object[]> sample, int column) {
        var parser = new NumberParser(plans[column].grouped());
        double[] values = new double[sample.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = sample.get(i)[column];
            if (value instanceof Double number) {
                values[i] = Double.isFinite(number) ? number : Double.NaN;
            } else {
                values[i] = value instanceof String text && parser.parse(text) && Double.isFinite(parser.value) ? parser.value : Double.NaN;
            }
        }
        return values;
    }

    /** A boolean column as 1 (true) and 0 (false); NaN where missing or not a boolean. */
    private static double[] zeroOrOne(List<Object[]> sample, int column) {
        double[] values = new double[sample.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = sample.get(i)[column];
            Boolean bool = value instanceof Boolean b ? b : value instanceof String text ? TypeInference.booleanValue(text.strip()) : null;
            values[i] = bool == null ? Double.NaN : bool ? 1 : 0;
        }
        return values;
    }

    private static String[] texts(List<Object[]> sample, int column) {
        String[] values = new String[sample.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = sample.get(i)[column];
            values[i] = value == null ? null : value.toString();
        }
        return values;
    }

    private DatasetProfile.Correlations correlations(List<ColumnProfile> profiles, List<Object[]> sample, List<Alert> alerts) {
        var numeric = new ArrayList<Integer>();
        var categorical = new ArrayList<Integer>();
        for (int c = 0; c < profiles.size(); c++) {
            ColumnProfile column = profiles.get(c);
            if (column.count() == 0 || column.distinct() < 2) {
                continue;
            }
            boolean bool = column.type().equals("boolean");
            // a boolean is also a 0/1 number: Pearson's r with it is the point-biserial correlation, so a
            // yes/no target shows in the matrix beside the numbers it goes with
            if ((bool || column.type().equals("numeric") && plans[c].kind() == ColumnPlan.Kind.NUMBER) && numeric.size() < MAX_CORRELATED_COLUMNS) {
                numeric.add(c);
            }
            if ((column.type().equals("categorical") || bool) && column.distinct() <= 100 && categorical.size() < MAX_CORRELATED_COLUMNS) {
                categorical.add(c);
            }
        }
        if (numeric.size() < 2 && categorical.size() < 2) {
            return null;
        }
        var numericNames = numeric.stream().map(columns::get).toList();
        double[][] pearson = new double[numeric.size()][numeric.size()];
        double[][] spearman = new double[numeric.size()][numeric.size()];
        var values = new ArrayList<double[]>();
        var ranks = new ArrayList<double[]>();
        double[][] numericValues = new double[numeric.size()][];
        double[][] numericRanks = new double[numeric.size()][];
        java.util.stream.IntStream.range(0, numeric.size()).parallel().forEach(k -> {
            int c = numeric.get(k);
            numericValues[k] = profiles.get(c).type().equals("boolean") ? zeroOrOne(sample, c) : numbers(sample, c);
            numericRanks[k] = Statistics.ranks(numericValues[k]);
        });
        values.addAll(java.util.Arrays.asList(numericValues));
        ranks.addAll(java.util.Arrays.asList(numericRanks));
        var seen = new HashMap<String, Boolean>();
        for (int a = 0; a < numeric.size(); a++) {
            pearson[a][a] = 1;
            spearman[a][a] = 1;
            for (int b = a + 1; b < numeric.size(); b++) {
                pearson[a][b] = pearson[b][a] = Statistics.pearson(values.get(a), values.get(b));
                spearman[a][b] = spearman[b][a] = Statistics.pearson(ranks.get(a), ranks.get(b));
                if (Math.abs(pearson[a][b]) > HIGH_CORRELATION) {
                    highCorrelation(alerts, seen, numericNames.get(a), numericNames.get(b), "ρ", pearson[a][b]);
                }
            }
        }
        DatasetProfile.Matrix cramers = null;
        if (categorical.size() >= 2) {
            var names = categorical.stream().map(columns::get).toList();
            double[][] matrix = new double[categorical.size()][categorical.size()];
            var columnsText = categorical.stream().map(c -> texts(sample, c)).toList();
            for (int a = 0; a < categorical.size(); a++) {
                matrix[a][a] = 1;
                for (int b = a + 1; b < categorical.size(); b++) {
                    matrix[a][b] = matrix[b][a] = Statistics.cramersV(columnsText.get(a), columnsText.get(b));
                    if (matrix[a][b] > HIGH_CORRELATION) {
                        highCorrelation(alerts, seen, names.get(a), names.get(b), "V", matrix[a][b]);
                    }
                }
            }
            cramers = new DatasetProfile.Matrix(names, matrix);
        }
        return new DatasetProfile.Correlations("pearson", numericNames, pearson,
                numeric.size() >= 2 ? new DatasetProfile.Matrix(numericNames, spearman) : null, cramers);
    }

    private static void highCorrelation(List<Alert> alerts, Map<String, Boolean> seen, String a, String b, String symbol, double value) {
        if (seen.putIfAbsent(a + "\u0000" + b, Boolean.TRUE) == null) {
            alerts.add(new Alert(AlertType.HIGH_CORRELATION, a, String.format(Locale.US, "%s is highly correlated with %s (%s = %.2f)",
                    a, b, symbol, value)));
        }
    }

    private DatasetProfile.TargetAssociations target(List<ColumnProfile> profiles, List<Object[]> sample) {
        int t = columns.indexOf(options.target());
        ColumnProfile target = profiles.get(t);
        boolean numericTarget = target.type().equals("numeric") && plans[t].kind() == ColumnPlan.Kind.NUMBER;
        double[] targetNumbers = numericTarget ? numbers(sample, t) : null;
        String[] targetTexts = texts(sample, t);
        var associations = new LinkedHashMap<String, DatasetProfile.Association>();
        for (int c = 0; c < profiles.size(); c++) {
            if (c == t) {
                continue;
            }
            ColumnProfile column = profiles.get(c);
            String name = column.name();
            boolean numericColumn = column.type().equals("numeric") && plans[c].kind() == ColumnPlan.Kind.NUMBER;
            boolean booleanColumn = column.type().equals("boolean");
            boolean categoricalColumn = column.type().equals("categorical") || booleanColumn;
            double value;
            String measure;
            if (numericTarget && numericColumn) {
                measure = "pearson";
                value = Statistics.pearson(numbers(sample, c), targetNumbers);
            } else if (numericTarget && categoricalColumn) {
                measure = "correlation_ratio";
                value = Statistics.correlationRatio(texts(sample, c), targetNumbers);
            } else if (!numericTarget && numericColumn) {
                measure = "correlation_ratio";
                value = Statistics.correlationRatio(targetTexts, numbers(sample, c));
            } else if (!numericTarget && categoricalColumn) {
                measure = "cramers_v";
                value = Statistics.cramersV(texts(sample, c), targetTexts);
            } else {
                continue;
            }
            if (!Double.isNaN(value)) {
                associations.put(name, new DatasetProfile.Association(name, measure, value));
            }
        }
        var sorted = new ArrayList<>(associations.values());
        sorted.sort(Comparator.comparingDouble((DatasetProfile.Association a) -> -Math.abs(a.value())));
        return new DatasetProfile.TargetAssociations(options.target(), List.copyOf(sorted));
    }
}
