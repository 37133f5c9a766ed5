package io.pipewright.data.lake;

import io.pipewright.data.RecordSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a source's rows as a CSV file (RFC 4180: a field with a comma, a quote or a line break is quoted), to commit a source that is not a file. */
public final class CsvCopy {
    private CsvCopy() {
    }

    /** Copies every row of {@code source} into {@code out}; returns the rows written. */
    public static long write(RecordSource source, Path out) throws IOException {
        long rows = 0;
        try (var writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 16)) {
            line(writer, source.columns().toArray(String[]::new));
            for (var chunk = source.next(); chunk != null; chunk = source.next()) {
                var parsed = chunk.parse();
                for (int i = 0; i < parsed.size(); i++) {
                    line(writer, parsed.values()[i]);
                }
                rows += parsed.size();
            }
        }
        return rows;
    }

    /** Writes a table's rows (a missing value as an empty cell); returns the rows written. */
    public static long write(tech.tablesaw.api.Table table, Path out) throws IOException {
        var columns = table.columns();
        try (var writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 16)) {
            line(writer, table.columnNames().toArray(String[]::new));
            String[] cells = new String[columns.size()];
            for (int r = 0; r < table.rowCount(); r++) {
                for (int c = 0; c < cells.length; c++) {
                    var column = columns.get(c);
                    cells[c] = column.isMissing(r) ? null : column.getString(r);
                }
                line(writer, cells);
            }
        }
        return table.rowCount();
    }

    /** Writes one row of cells (null: an empty cell) as a CSV line. */
    public static void line(BufferedWriter writer, String[] cells) throws IOException {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                writer.write(',');
            }
            String cell = cells[c];
            if (cell == null) {
                continue;
            }
            boolean quote = cell.isEmpty() || cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
            if (quote) {
                writer.write('"');
                writer.write(cell.replace("\"", "\"\""));
                writer.write('"');
            } else {
                writer.write(cell);
            }
        }
        writer.write('\n');
    }
}
