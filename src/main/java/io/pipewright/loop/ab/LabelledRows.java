package io.pipewright.loop.ab;

import java.util.ArrayList;
import java.util.List;

/**
 * Labelled predictions as read from a log or a scored file, turned into observations of the metric.
 * Without a metric named, numbers that are not all whole (a regression model's answers) are compared
 * by absolute error, anything else (classes as text, booleans, whole numbers) by accuracy.
 */
final class LabelledRows {
    /** One labelled prediction: its variant, the prediction and the label as read (text, number or boolean). */
    record Row(boolean b, Object prediction, Object label, String where) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    /** The metric named, else the one the values call for. */
    AbMetric metric(AbMetric named) {
        if (named != null) {
            return named;
        }
        boolean numbers = !rows.isEmpty();
        boolean whole = true;
        for (Row row : rows) {
            Double p = number(row.prediction());
            Double l = number(row.label());
            if (p == null || l == null) {
                numbers = false;
                break;
            }
            whole &= p == Math.rint(p) && l == Math.rint(l);
        }
        return numbers && !whole ? AbMetric.MAE : AbMetric.ACCURACY;
    }

    /** The observations of the metric, in the rows' order; IllegalArgumentException naming the row when an error cannot be measured. */
    List<AbData.Observation> observations(AbMetric metric) {
        var observations = new ArrayList<AbData.Observation>(rows.size());
        for (Row row : rows) {
            double value;
            if (metric == AbMetric.ACCURACY) {
                value = same(row.prediction(), row.label()) ? 1 : 0;
            } else {
                Double p = number(row.prediction());
                Double l = number(row.label());
                if (p == null || l == null) {
                    throw new IllegalArgumentException(row.where() + ": the mean absolute error needs numbers, not prediction "
                            + text(row.prediction()) + " and label " + text(row.label()));
                }
                value = Math.abs(p - l);
            }
            observations.add(new AbData.Observation(row.b(), value));
        }
        return observations;
    }

    /** A class named the same way: equal text, or equal numbers (1 and 1.0). */
    static boolean same(Object prediction, Object label) {
        if (String.valueOf(prediction).equals(String.valueOf(label))) {
            return true;
        }
        Double p = number(prediction);
        Double l = number(label);
        return p != null && l != null && p.doubleValue() == l.doubleValue();
    }

    static Double number(Object value) {
        if (value instanceof Number number) {
            double x = number.doubleValue();
            return Double.isFinite(x) ? x : null;
        }
        if (value instanceof String text && !text.isBlank()) {
            try {
                double x = Double.parseDouble(text.strip());
                return Double.isFinite(x) ? x : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
