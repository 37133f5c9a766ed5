package io.pipewright.data;

/**
 * How to read one column's values, decided from the first rows (or by the person):
 * as numbers (with thousands separators when {@code grouped}), booleans, dates in
 * {@code dateFormat}, or text. {@code forced} is the type the person chose, or null.
 * {@code dateShare} is the share of sampled text values that read as dates (for TYPE_DATE).
 */
public record ColumnPlan(Kind kind, boolean grouped, DateFormats.Format dateFormat, ColumnType forced, double dateShare) {

    public enum Kind { NUMBER, BOOLEAN, DATETIME, STRING }

    public static ColumnPlan text() {
        return new ColumnPlan(Kind.STRING, false, null, null, 0);
    }
}
