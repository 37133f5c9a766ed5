package io.pipewright.train;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How a table's columns become the numbers a learner reads, fitted on the training data and stored
 * in the model artifact, so scoring repeats it exactly. Numbers pass through, booleans become 1/0,
 * date-times days since 1970; a missing value takes the training median. A text column becomes one
 * 0/1 column per frequent level (at most {@link #MAX_LEVELS}); a level not seen in training, or
 * a missing value, sets none of them.
 */
public record FeatureEncoding(List<Feature> features) {
    public static final int MAX_LEVELS = 30;

    /** One input column: its kind (numeric, boolean, datetime, categorical), the fill for missing values, its levels. */
    public record Feature(String column, String kind, double fill, List<String> levels) {
        public Feature {
            levels = levels == null ? List.of() : List.copyOf(levels);
        }

        int width() {
            return kind.equals("categorical") ? levels.size() : 1;
        }
    }

    public FeatureEncoding {
        features = List.copyOf(features);
    }

    public static FeatureEncoding fit(Table table, List<String> columns) {
        var features = new ArrayList<Feature>();
        for (String name : columns) {
            Column<?> column = table.column(name);
            if (column instanceof NumericColumn<?> numbers) {
                features.add(new Feature(name, "numeric", median(values(numbers)), null));
            } else if (column instanceof BooleanColumn booleans) {
                features.add(new Feature(name, "boolean", median(values(booleans)), null));
            } else if (column instanceof DateTimeColumn dates) {
                features.add(new Feature(name, "datetime", median(values(dates)), null));
            } else if (column instanceof StringColumn strings) {
                var counts = new HashMap<String, Integer>();
                for (int i = 0; i < strings.size(); i++) {
                    if (!strings.isMissing(i)) {
                        counts.merge(strings.get(i), 1, Integer::sum);
                    }
                }
                var levels = counts.entrySet().stream()
                        .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(entry -> -entry.getValue()).thenComparing(Map.Entry::getKey))
                        .limit(MAX_LEVELS).map(Map.Entry::getKey).toList();
                features.add(new Feature(name, "categorical", 0, levels));
            } else {
                throw new IllegalArgumentException("column '" + name + "' has a type a model cannot read: " + column.type().name());
            }
        }
        return new FeatureEncoding(features);
    }

    public int width() {
        return features.stream().mapToInt(Feature::width).sum();
    }

    /** Names of the numbers a learner sees, as "column" or "column=level". */
    public List<String> outputNames() {
        var names = new ArrayList<String>();
        for (Feature feature : features) {
            if (feature.kind().equals("categorical")) {
                feature.levels().forEach(level -> names.add(feature.column() + "=" + level));
            } else {
                names.add(feature.column());
            }
        }
        return names;
    }

    public List<String> columns() {
        return features.stream().map(Feature::column).toList();
    }

    /** The table's rows as numbers; a missing column or a column of another type is named. */
    public double[][] transform(Table table) {
        int rows = table.rowCount();
        var x = new double[rows][width()];
        int offset = 0;
        for (Feature feature : features) {
            if (!table.containsColumn(feature.column())) {
                throw new IllegalArgumentException("the table has no column '" + feature.column() + "', which the model was trained on");
            }
            Column<?> column = table.column(feature.column());
            switch (feature.kind()) {
                case "numeric", "boolean", "datetime" -> {
                    double[] values = numbers(feature, column);
                    for (int i = 0; i < rows; i++) {
                        x[i][offset] = Double.isNaN(values[i]) ? feature.fill() : values[i];
                    }
                    offset++;
                }
                default -> {
                    var index = new HashMap<String, Integer>();
                    for (int k = 0; k < feature.levels().size(); k++) {
                        index.put(feature.levels().get(k), k);
                    }
                    for (int i = 0; i < rows; i++) {
                        String value = column.isMissing(i) ? null : String.valueOf(column.get(i));
                        Integer k = value == null ? null : index.get(value);
                        if (k != null) {
                            x[i][offset + k] = 1;
                        }
                    }
                    offset += feature.levels().size();
                }
            }
        }
        return x;
    }

    /**
     * A feature's value in the form {@link #encode} reads: a Double for numeric, boolean (1/0) and
     * date-time (days since 1970) features, NaN when missing; a String for a categorical feature,
     * null when missing (an empty text is missing, as in a table). {@code raw} is a record's value
     * as JSON gives it (a number, a boolean, an ISO date-time text, a text), already checked against the kind.
     */
    public static Object value(String kind, Object raw) {
        return switch (kind) {
            case "numeric" -> raw == null ? Double.NaN : ((Number) raw).doubleValue();
            case "boolean" -> raw == null ? Double.NaN : (Boolean) raw ? 1.0 : 0.0;
            case "datetime" -> raw == null ? Double.NaN : LocalDateTime.parse((String) raw).toEpochSecond(ZoneOffset.UTC) / 86_400.0;
            default -> {
                String text = raw == null ? null : String.valueOf(raw);
                yield text == null || text.isEmpty() ? null : text;
            }
        };
    }

    /**
     * Rows of values (one per feature, in the order of {@link #features}, each as {@link #value}
     * gives it) as numbers: the same numbers {@link #transform} gives for a table of those values,
     * without building the table (a served request's few rows).
     */
    public double[][] encode(Object[][] rows) {
        var x = new double[rows.length][width()];
        for (int i = 0; i < rows.length; i++) {
            int offset = 0;
            for (int f = 0; f < features.size(); f++) {
                Feature feature = features.get(f);
                Object value = rows[i][f];
                if (feature.kind().equals("categorical")) {
                    int k = value == null ? -1 : feature.levels().indexOf(value); // at most 30 levels: no index to build per request
                    if (k >= 0) {
                        x[i][offset + k] = 1;
                    }
                    offset += feature.levels().size();
                } else {
                    double number = (Double) value;
                    x[i][offset++] = Double.isNaN(number) ? feature.fill() : number;
                }
            }
        }
        return x;
    }

    /** The values of a table's feature columns, row by row, in the form {@link #encode} reads (a table after the preprocessing steps). */
    public Object[][] values(Table table) {
        var rows = new Object[table.rowCount()][features.size()];
        for (int f = 0; f < features.size(); f++) {
            Feature feature = features.get(f);
            if (!table.containsColumn(feature.column())) {
                throw new IllegalArgumentException("the table has no column '" + feature.column() + "', which the model was trained on");
            }
            Column<?> column = table.column(feature.column());
            if (feature.kind().equals("categorical")) {
                for (int i = 0; i < rows.length; i++) {
                    rows[i][f] = column.isMissing(i) ? null : String.valueOf(column.get(i));
                }
            } else {
                double[] numbers = numbers(feature, column);
                for (int i = 0; i < rows.length; i++) {
                    rows[i][f] = numbers[i];
                }
            }
        }
        return rows;
    }

    /** A numeric, boolean or date-time feature's column as numbers, NaN where missing. */
    static double[] numbers(Feature feature, Column<?> column) {
        return switch (feature.kind()) {
            case "numeric" -> column instanceof NumericColumn<?> numbers ? values(numbers) : wrongType(feature, column);
            case "boolean" -> column instanceof BooleanColumn booleans ? values(booleans) : wrongType(feature, column);
            default -> column instanceof DateTimeColumn dates ? values(dates) : wrongType(feature, column);
        };
    }

    private static double[] wrongType(Feature feature, Column<?> column) {
        throw new IllegalArgumentException("column '" + feature.column() + "' is " + column.type().name().toLowerCase(java.util.Locale.ROOT)
                + " here but was " + feature.kind() + " in training");
    }

    static double[] values(NumericColumn<?> column) {
        var values = new double[column.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.isMissing(i) ? Double.NaN : column.getDouble(i);
        }
        return values;
    }

    static double[] values(BooleanColumn column) {
        var values = new double[column.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.isMissing(i) ? Double.NaN : column.get(i) ? 1 : 0;
        }
        return values;
    }

    static double[] values(DateTimeColumn column) {
        var values = new double[column.size()];
        for (int i = 0; i < values.length; i++) {
            LocalDateTime value = column.get(i);
            values[i] = value == null ? Double.NaN : value.toEpochSecond(ZoneOffset.UTC) / 86_400.0;
        }
        return values;
    }

    /** The median of the values that are not missing; 0 when there are none. Found by selection, not a sort. */
    static double median(double[] values) {
        int n = 0;
        var present = new double[values.length];
        for (double value : values) {
            if (!Double.isNaN(value)) {
                present[n++] = value;
            }
        }
        if (n == 0) {
            return 0;
        }
        int middle = n / 2;
        double upper = select(present, 0, n - 1, middle);
        if (n % 2 == 1) {
            return upper;
        }
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < middle; i++) { // after selection, the lower half sits left of the middle
            lower = Math.max(lower, present[i]);
        }
        return (lower + upper) / 2;
    }

    /** The k-th smallest of values[from..to] (Hoare's selection; the array is reordered). */
    private static double select(double[] values, int from, int to, int k) {
        var random = new java.util.Random(values.length);
        while (from < to) {
            double pivot = values[from + random.nextInt(to - from + 1)];
            int i = from;
            int j = to;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = values[i];
                    values[i] = values[j];
                    values[j] = swap;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                to = j;
            } else if (k >= i) {
                from = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }
}
