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

    /** Writes rows given as a header and a row-by-row reader of cells; returns the rows written. */
    public static long write(String[] header, long rows, java.util.function.BiFunction<Long, Integer, String> cell, Path out) throws IOException {
        try (var writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 16)) {
            line(writer, header);
            String[] cells = new String[header.length];
            for (long r = 0; r < rows; r++) {
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = cell.apply(r, c);
                }
                line(writer, cells);
            }
        }
        return rows;
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
