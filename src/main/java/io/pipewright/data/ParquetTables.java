package io.pipewright.data;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.HydratorSupplier;
import blue.strategic.parquet.ParquetReader;
import blue.strategic.parquet.ParquetWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A table written to Parquet and read back exactly as it was: same columns, same order, same column
 * types (named beside the file by the caller: {@link #types(Table)}), every value and every missing
 * value. Numbers keep their Parquet type (double, float, int32, int64); text, dates and times are
 * written as UTF-8 strings in ISO form. Through parquet-floor, as the scorer writes its Parquet.
 */
public final class ParquetTables {
    static {
        TablesawStartup.initialise(); // without its class-path scan, also in a process whose command did not start it
    }

    private ParquetTables() {
    }

    /** Each column's Tablesaw type, as {@link #read} expects them. */
    public static List<String> types(Table table) {
        return table.columns().stream().map(column -> column.type().name()).toList();
    }

    /** Writes the table (through a temporary file beside it). */
    public static void write(Table table, Path file) throws IOException {
        var schema = Types.buildMessage();
        List<Column<?>> columns = table.columns();
        String[] names = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column<?> column = columns.get(c);
            names[c] = column.name();
            switch (physical(column.type())) {
                case DOUBLE -> schema.optional(PrimitiveTypeName.DOUBLE).named(names[c]);
                case FLOAT -> schema.optional(PrimitiveTypeName.FLOAT).named(names[c]);
                case INT32 -> schema.optional(PrimitiveTypeName.INT32).named(names[c]);
                case INT64 -> schema.optional(PrimitiveTypeName.INT64).named(names[c]);
                case BOOLEAN -> schema.optional(PrimitiveTypeName.BOOLEAN).named(names[c]);
                default -> schema.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(names[c]);
            }
        }
        Path temporary = file.resolveSibling("." + file.getFileName() + ".part");
        Files.deleteIfExists(temporary); // the writer creates its file
        try (ParquetWriter<Integer> writer = ParquetWriter.writeFile(schema.named("table"), temporary.toFile(), (row, out) -> {
            for (int c = 0; c < names.length; c++) {
                Column<?> column = columns.get(c);
                if (!column.isMissing(row)) {
                    out.write(names[c], value(column, row));
                }
            }
        })) {
            for (int row = 0; row < table.rowCount(); row++) {
                writer.write(row);
            }
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a table written by {@link #write}, its columns of the types named; a file that is not one says what is wrong. */
    public static Table read(Path file, String name, List<String> types) {
        String label = file.getFileName().toString();
        var names = new ArrayList<String>();
        var index = new HashMap<String, Integer>();
        List<List<Object>> values = new ArrayList<>();
        try {
            var metadata = ParquetReader.readMetadata(file.toFile());
            metadata.getFileMetaData().getSchema().getColumns().forEach(column -> {
                index.put(String.join(".", column.getPath()), names.size());
                names.add(String.join(".", column.getPath()));
                values.add(new ArrayList<>());
            });
            if (names.size() != types.size()) {
                throw new DatasetException(label + ": has " + names.size() + " columns where its manifest names " + types.size());
            }
            try (var reader = ParquetReader.spliterator(file.toFile(), HydratorSupplier.constantly(new Hydrator<Object[], Object[]>() {
                @Override
                public Object[] start() {
                    return new Object[names.size()];
                }

                @Override
                public Object[] add(Object[] row, String heading, Object value) {
                    Integer column = index.get(heading);
                    if (column != null) {
                        row[column] = value instanceof Binary binary ? binary.toStringUsingUTF8() : value;
                    }
                    return row;
                }

                @Override
                public Object[] finish(Object[] row) {
                    return row;
                }
            }))) {
                while (reader.tryAdvance(row -> {
                    for (int c = 0; c < row.length; c++) {
                        values.get(c).add(row[c]);
                    }
                })) {
                    // every row is added by the action
                }
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new DatasetException(label + ": not a readable Parquet table (" + message + ")", e);
        }
        Table table = Table.create(name);
        for (int c = 0; c < names.size(); c++) {
            ColumnType type;
            try {
                type = ColumnType.valueOf(types.get(c));
            } catch (IllegalArgumentException e) {
                throw new DatasetException(label + ": unknown column type '" + types.get(c) + "' for column " + names.get(c));
            }
            Column<?> column = type.create(names.get(c));
            for (Object value : values.get(c)) {
                if (value == null) {
                    column.appendMissing();
                } else {
                    append(column, type, value);
                }
            }
            table.addColumns(column);
        }
        return table;
    }

    private static PrimitiveTypeName physical(ColumnType type) {
        String name = type.name();
        return switch (name) {
            case "DOUBLE" -> PrimitiveTypeName.DOUBLE;
            case "FLOAT" -> PrimitiveTypeName.FLOAT;
            case "INTEGER", "SHORT" -> PrimitiveTypeName.INT32;
            case "LONG" -> PrimitiveTypeName.INT64;
            case "BOOLEAN" -> PrimitiveTypeName.BOOLEAN;
            default -> PrimitiveTypeName.BINARY;
        };
    }

    private static Object value(Column<?> column, int row) {
        Object value = column.get(row);
        return switch (physical(column.type())) {
            case INT32 -> ((Number) value).intValue();
            case DOUBLE, FLOAT, INT64, BOOLEAN -> value;
            default -> value.toString();
        };
    }

    @SuppressWarnings("unchecked")
    private static void append(Column<?> column, ColumnType type, Object value) {
        Object typed = switch (type.name().toUpperCase(Locale.ROOT)) {
            case "SHORT" -> ((Number) value).shortValue();
            case "LOCAL_DATE" -> LocalDate.parse((String) value);
            case "LOCAL_DATE_TIME" -> LocalDateTime.parse((String) value);
            case "LOCAL_TIME" -> LocalTime.parse((String) value);
            case "INSTANT" -> Instant.parse((String) value);
            default -> value;
        };
        ((Column<Object>) column).append(typed);
    }
}
