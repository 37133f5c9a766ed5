package io.pipewright.data;

import java.util.regex.Pattern;

/**
 * An incremental read of a database source: only the rows whose {@code column} is above {@code after}
 * (where the last finished read stopped; null for a first read, which takes every row). Once the rows are
 * read, {@link #highest()} is the highest value of the column among them: where the next read starts.
 * Rows committed later with a value below it (late writes) are not read again.
 */
public final class IncrementalRead {
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private final String column;
    private final String after;
    private volatile String highest;
    private volatile long rows;

    /** {@code column} must be a plain column name; a wrong one is a one-line {@link IllegalArgumentException}. */
    public IncrementalRead(String column, String after) {
        if (column == null || !COLUMN.matcher(column).matches()) {
            throw new IllegalArgumentException("incremental.column " + column + ": not a column name (letters, digits and _)");
        }
        this.column = column;
        this.after = after;
    }

    public String column() {
        return column;
    }

    /** Where the read starts (rows above it), or null for every row. */
    public String after() {
        return after;
    }

    /** The highest value of the column among the rows read, as text; null when no row was read (the mark stays where it was). */
    public String highest() {
        return highest;
    }

    /** How many rows the read took. */
    public long rows() {
        return rows;
    }

    void finished(String highestValue, long rowsRead) {
        highest = highestValue;
        rows = rowsRead;
    }
}
