package io.pipewright.data;

/**
 * A block of parsed records: {@code values[i][c]} is column {@code c} of record {@code i}, null when
 * missing; {@code lines[i]} is the line of the file where record {@code i} starts (1-based; for
 * formats without lines, the record's 1-based position).
 */
public record Rows(String[][] values, long[] lines, int size) {
    public static final Rows EMPTY = new Rows(new String[0][], new long[0], 0);
}
