package io.pipewright.data;

/**
 * How to read one column's values, decided from the first rows (or by the person):
 * as numbers (with thousands separators when {@code grouped}), booleans, dates in
 * {@code dateFormat}, or text. {@code forced} is the type the person chose, or null.
 * {@code dateShare} is the share of sampled text values that read as dates (for TYPE_DATE);
 * {@code inferredKind} is what the data alone says, whatever the person forced.
 */
public record ColumnPlan(Kind kind, boolean grouped, DateFormats.Format dateFormat, ColumnType forced, double dateShare,
                         Kind inferredKind) {

    public enum Kind { NUMBER, BOOLEAN, DATETIME, STRING }

    public static ColumnPlan text() {
        return new ColumnPlan(Kind.STRING, false, null, null, 0, Kind.STRING);
    }
}
