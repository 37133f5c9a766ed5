package io.pipewright.data;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides how to read a column from a sample of its values (the first 10,000 rows):
 * <ol>
 * <li>every value is a number (optionally with {@code ,} thousands separators, or NaN/Inf) → numeric;</li>
 * <li>every value is one of a pair true/false, yes/no, y/n, t/f (any case) → boolean;</li>
 * <li>one date layout of {@link DateFormats} reads every value → datetime;</li>
 * <li>otherwise text, whose final type (categorical, text or identifier) is decided from the whole
 * column's distinct count by the profiler.</li>
 * </ol>
 * A column with no values in the sample is text. A person's override wins over all of this.
 */
public final class TypeInference {
    public static final int SAMPLE_ROWS = 10_000;
    private static final List<Set<String>> BOOLEAN_PAIRS = List.of(Set.of("true", "false"), Set.of("yes", "no"),
            Set.of("y", "n"), Set.of("t", "f"));

    private TypeInference() {
    }

    /**
     * As {@link #infer(List, ColumnType)}, for a column whose source says how it is stored ({@code stored}, null when
     * it does not): a person's type first, then the stored kind (a database's text column of digits stays text),
     * then the values.
     */
    /** Each column's plan from a source's first rows (the kind the source stores a column as, where it knows one, first). */
    public static ColumnPlan[] plans(java.util.Collection<Rows> head, RecordSource source) {
        var plans = new ColumnPlan[source.columns().size()];
        for (int c = 0; c < plans.length; c++) {
            var values = new java.util.ArrayList<String>();
            for (Rows rows : head) {
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.values()[i][c] != null) {
                        values.add(rows.values()[i][c]);
                    }
                }
            }
            plans[c] = infer(values, null, source.storedKind(c));
        }
        return plans;
    }

    public static ColumnPlan infer(List<String> sample, ColumnType override, ColumnPlan.Kind stored) {
        if (override != null || stored == null) {
            return infer(sample, override);
        }
        return switch (stored) {
            case NUMBER -> new ColumnPlan(ColumnPlan.Kind.NUMBER, false, null, null, 0, ColumnPlan.Kind.NUMBER);
            case BOOLEAN -> new ColumnPlan(ColumnPlan.Kind.BOOLEAN, false, null, null, 0, ColumnPlan.Kind.BOOLEAN);
            case DATETIME -> new ColumnPlan(ColumnPlan.Kind.DATETIME, false, DateFormats.ISO, null, 1, ColumnPlan.Kind.DATETIME);
            case STRING -> new ColumnPlan(ColumnPlan.Kind.STRING, false, null, null, dateShare(sample), ColumnPlan.Kind.STRING);
        };
    }

    public static ColumnPlan infer(List<String> sample, ColumnType override) {
        if (override != null) {
            ColumnPlan alone = infer(sample, null);
            ColumnPlan forced = forced(sample, override);
            return new ColumnPlan(forced.kind(), forced.grouped(), forced.dateFormat(), override, alone.dateShare(), alone.kind());
        }
        if (sample.isEmpty()) {
            return ColumnPlan.text();
        }
        var plain = new NumberParser(false);
        var grouped = new NumberParser(true);
        boolean allNumbers = true;
        boolean anyGrouping = false;
        for (String value : sample) {
            if (plain.parse(value)) {
                continue;
            }
            if (grouped.parse(value)) {
                anyGrouping = true;
                continue;
            }
            allNumbers = false;
            break;
        }
        if (allNumbers) {
            return new ColumnPlan(ColumnPlan.Kind.NUMBER, anyGrouping, null, null, 0, ColumnPlan.Kind.NUMBER);
        }
        if (isBoolean(sample)) {
            return new ColumnPlan(ColumnPlan.Kind.BOOLEAN, false, null, null, 0, ColumnPlan.Kind.BOOLEAN);
        }
        DateFormats.Format dates = dateFormat(sample);
        if (dates != null) {
            return new ColumnPlan(ColumnPlan.Kind.DATETIME, false, dates, null, 1, ColumnPlan.Kind.DATETIME);
        }
        return new ColumnPlan(ColumnPlan.Kind.STRING, false, null, null, dateShare(sample), ColumnPlan.Kind.STRING);
    }

    private static ColumnPlan forced(List<String> sample, ColumnType type) {
        return switch (type) {
            case NUMERIC -> {
                var grouped = new NumberParser(true);
                var plain = new NumberParser(false);
                boolean anyGrouping = sample.stream().anyMatch(value -> !plain.parse(value) && grouped.parse(value));
                yield new ColumnPlan(ColumnPlan.Kind.NUMBER, anyGrouping, null, type, 0, null);
            }
            case BOOLEAN -> new ColumnPlan(ColumnPlan.Kind.BOOLEAN, false, null, type, 0, null);
            case DATETIME -> {
                DateFormats.Format format = dateFormat(sample);
                yield new ColumnPlan(ColumnPlan.Kind.DATETIME, false, format == null ? DateFormats.ANY : format, type, 1, null);
            }
            case CATEGORICAL, TEXT, IDENTIFIER -> new ColumnPlan(ColumnPlan.Kind.STRING, false, null, type, 0, null);
        };
    }

    /** true, false or null (not a boolean), by any of the recognised pairs. */
    public static Boolean booleanValue(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "t" -> {
                return Boolean.TRUE;
            }
            case "false", "no", "n", "f" -> {
                return Boolean.FALSE;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isBoolean(List<String> sample) {
        for (Set<String> pair : BOOLEAN_PAIRS) {
            boolean all = true;
            for (String value : sample) {
                if (!pair.contains(value.toLowerCase(Locale.ROOT))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static DateFormats.Format dateFormat(List<String> sample) {
        for (DateFormats.Format format : DateFormats.all()) {
            boolean all = true;
            for (String value : sample) {
                if (format.epochMillis(value) == DateFormats.NOT_A_DATE) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return format;
            }
        }
        return null;
    }

    private static double dateShare(List<String> sample) {
        int checked = Math.min(1000, sample.size());
        int dates = 0;
        for (int i = 0; i < checked; i++) {
            if (DateFormats.ANY.epochMillis(sample.get(i)) != DateFormats.NOT_A_DATE) {
                dates++;
            }
        }
        return checked == 0 ? 0 : (double) dates / checked;
    }
}
