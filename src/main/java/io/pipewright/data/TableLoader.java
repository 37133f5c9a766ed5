package io.pipewright.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Loads a whole dataset into a Tablesaw {@link Table}, for the work that needs every row at once
 * (training). Columns get the types {@link TypeInference} gives them from the first rows: numbers
 * become double columns, booleans boolean columns, dates date-time columns (UTC), the rest strings.
 * A value that does not fit its column's type is loaded as missing.
 */
public final class TableLoader {
    static {
        TablesawStartup.initialise(); // without its class-path scan, also in a process whose command did not start it
    }

    private TableLoader() {
    }

    public static Table load(DatasetReader reader) {
        return read(reader).table();
    }

    /** A loaded table with the file's fingerprint (SHA-256) and size, for recording which data a run used. */
    public record Loaded(Table table, String sha256, long bytes) {
    }

    public static Loaded read(DatasetReader reader) {
        try (RecordSource source = reader.source()) {
            List<String> names = source.columns();
            var head = new ArrayList<Rows>();
            int headRows = 0;
            Chunk chunk = null;
            while (headRows < TypeInference.SAMPLE_ROWS && (chunk = source.next()) != null) {
                Rows rows = chunk.parse();
                head.add(rows);
                headRows += rows.size();
            }
            ColumnPlan[] plans = TypeInference.plans(head, source);
            var columns = new ArrayList<Column<?>>();
            var appenders = new ArrayList<Appender>();
            for (int c = 0; c < plans.length; c++) {
                String name = names.get(c);
                ColumnPlan plan = plans[c];
                switch (plan.kind()) {
                    case NUMBER -> {
                        var column = DoubleColumn.create(name);
                        var parser = new NumberParser(plan.grouped());
                        columns.add(column);
                        appenders.add(value -> {
                            if (value != null && parser.parse(value)) {
                                column.append(parser.value);
                            } else {
                                column.appendMissing();
                            }
                        });
                    }
                    case BOOLEAN -> {
                        var column = BooleanColumn.create(name);
                        columns.add(column);
                        appenders.add(value -> {
                            Boolean parsed = value == null ? null : TypeInference.booleanValue(value);
                            if (parsed == null) {
                                column.appendMissing();
                            } else {
                                column.append(parsed);
                            }
                        });
                    }
                    case DATETIME -> {
                        var column = DateTimeColumn.create(name);
                        columns.add(column);
                        appenders.add(value -> {
                            long millis = value == null ? DateFormats.NOT_A_DATE : plan.dateFormat().epochMillis(value);
                            if (millis == DateFormats.NOT_A_DATE) {
                                column.appendMissing();
                            } else {
                                column.append(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
                            }
                        });
                    }
                    case STRING -> {
                        var column = StringColumn.create(name);
                        columns.add(column);
                        appenders.add(value -> {
                            if (value == null) {
                                column.appendMissing();
                            } else {
                                column.append(value);
                            }
                        });
                    }
                }
            }
            for (Rows rows : head) {
                append(rows, appenders);
            }
            while ((chunk = source.next()) != null) {
                append(chunk.parse(), appenders);
            }
            return new Loaded(Table.create(reader.name(), columns.toArray(Column<?>[]::new)), source.sha256(), source.sizeBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(reader.name() + ": cannot read: " + e.getMessage(), e);
        }
    }

    private interface Appender {
        void append(String value);
    }

    private static void append(Rows rows, List<Appender> appenders) {
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.values()[i];
            for (int c = 0; c < row.length; c++) {
                appenders.get(c).append(row[c]);
            }
        }
    }
}
