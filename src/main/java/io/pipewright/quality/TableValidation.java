package io.pipewright.quality;

import io.pipewright.data.Chunk;
import io.pipewright.data.RecordSource;
import io.pipewright.data.Rows;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Validates a table already in memory (what flows through a pipeline) with the same checks as a file: its cells are
 * given to the validator as text, in chunks, and read back as the suite's types say. A row's line is its index + 2,
 * its line in a CSV file with a header that the table was read from unchanged.
 */
public final class TableValidation {
    private static final int CHUNK_ROWS = 8192;

    private TableValidation() {
    }

    /** {@code sha256} is the fingerprint of the file the table came from, or null. */
    public static ValidationReport validate(Table table, String name, String sha256, Suite suite, ValidationOptions options, Progress progress) {
        try {
            return Validator.validate(new Source(table, sha256), name, "table", suite, options, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Source implements RecordSource {
        private final Table table;
        private final String sha256;
        private int next;

        Source(Table table, String sha256) {
            this.table = table;
            this.sha256 = sha256;
        }

        @Override
        public List<String> columns() {
            return table.columnNames();
        }

        @Override
        public Chunk next() {
            int rows = table.rowCount();
            if (next >= rows) {
                return null;
            }
            int from = next;
            int to = Math.min(rows, from + CHUNK_ROWS);
            next = to;
            return () -> rows(from, to);
        }

        private Rows rows(int from, int to) {
            List<Column<?>> columns = table.columns();
            int size = to - from;
            var values = new String[size][columns.size()];
            var lines = new long[size];
            for (int c = 0; c < columns.size(); c++) {
                Column<?> column = columns.get(c);
                for (int i = 0; i < size; i++) {
                    int row = from + i;
                    values[i][c] = column.isMissing(row) ? null : text(column, row);
                }
            }
            for (int i = 0; i < size; i++) {
                lines[i] = from + i + 2L;
            }
            return new Rows(values, lines, size);
        }

        /** A cell as a file would hold it: whole numbers without ".0" (a numeric column's 2134, not 2134.0), other values as Tablesaw writes them. */
        private static String text(Column<?> column, int row) {
            if (column instanceof tech.tablesaw.api.NumericColumn<?> numbers) {
                double value = numbers.getDouble(row);
                if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                    return Long.toString((long) value);
                }
            }
            return column.getUnformattedString(row);
        }

        @Override
        public long bytesRead() {
            return next;
        }

        @Override
        public long totalBytes() {
            return table.rowCount();
        }

        @Override
        public String sha256() {
            return sha256;
        }

        @Override
        public String encoding() {
            return null;
        }

        @Override
        public List<String> notes() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
