package io.pipewright.features;

import blue.strategic.parquet.ParquetWriter;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.DatabaseCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * A Feast repository made from feature views, for a team moving to Feast: {@code feature_store.yaml} (a local
 * provider with a SQLite online store), {@code features.py} (an {@code Entity} per key column, and per view a
 * {@code FileSource} and a {@code FeatureView} with its schema and ttl), and each view's rows as
 * {@code data/VIEW.parquet}, derived features computed and the event time a UTC timestamp, as Feast's file source reads
 * them. {@code feast apply} in the folder registers them.
 */
public final class FeastExport {
    private FeastExport() {
    }

    /** What was written: the files, and each view's rows. */
    public record Written(List<Path> files, Map<String, Long> rows) {
    }

    /** Writes the repository into {@code out} (created; files of the same names are replaced). */
    public static Written write(List<FeatureView> views, String project, Path out, Path dataRoot, DatabaseCredentials credentials) {
        if (!project.matches("[a-z][a-z0-9_]*")) {
            throw new FeatureException("--project " + project + ": lower-case letters, digits and _, starting with a letter (Feast's rule)");
        }
        var files = new ArrayList<Path>();
        var rows = new LinkedHashMap<String, Long>();
        var entities = new LinkedHashMap<String, String>();
        var definitions = new StringBuilder();
        try {
            Files.createDirectories(out.resolve("data"));
            for (FeatureView view : views) {
                Path parquet = out.resolve("data").resolve(view.name() + ".parquet");
                var written = parquet(view, parquet, dataRoot, credentials);
                rows.put(view.name(), written.rows);
                files.add(parquet);
                for (int k = 0; k < view.entities().size(); k++) {
                    String type = written.keyKinds[k] == ColumnPlan.Kind.NUMBER ? "INT64" : "STRING";
                    String known = entities.putIfAbsent(view.entities().get(k), type);
                    if (known != null && !known.equals(type)) {
                        throw new FeatureException("view " + view.name() + ": key " + view.entities().get(k) + " reads as " + type.toLowerCase(Locale.ROOT)
                                + " here and as " + known.toLowerCase(Locale.ROOT) + " in another view; Feast's entity has one type");
                    }
                }
                definitions.append(viewDefinition(view, written.kinds));
            }
            var python = new StringBuilder();
            python.append("# Feast definitions written by Pipewright from its feature views (").append(views.stream()
                    .map(view -> view.file() == null ? view.name() : String.valueOf(view.file().getFileName())).reduce((a, b) -> a + ", " + b).orElse(""))
                    .append(").\n# Each view's rows, derived features computed, are in data/VIEW.parquet beside this file.\n");
            python.append("from datetime import timedelta\n\n");
            python.append("from feast import Entity, FeatureView, Field, FileSource, ValueType\n");
            python.append("from feast.types import Bool, Float64, String, UnixTimestamp\n\n");
            for (var entity : entities.entrySet()) {
                python.append(identifier(entity.getKey())).append("_entity = Entity(name=").append(quote(entity.getKey())).append(", join_keys=[")
                        .append(quote(entity.getKey())).append("], value_type=ValueType.").append(entity.getValue()).append(")\n");
            }
            python.append(definitions);
            Path features = out.resolve("features.py");
            Files.writeString(features, python, StandardCharsets.UTF_8);
            files.add(0, features);
            Path store = out.resolve("feature_store.yaml");
            Files.writeString(store, """
                    # Feast's configuration, written by Pipewright: a local repository with a SQLite online store.
                    # feast apply registers the definitions of features.py; feast materialize-incremental fills the online store.
                    project: %s
                    registry: data/registry.db
                    provider: local
                    online_store:
                      type: sqlite
                      path: data/online_store.db
                    entity_key_serialization_version: 2
                    """.formatted(project), StandardCharsets.UTF_8);
            files.add(0, store);
            return new Written(files, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Feast repository in " + out + ": " + e.getMessage(), e);
        }
    }

    private static String viewDefinition(FeatureView view, ColumnPlan.Kind[] kinds) {
        var text = new StringBuilder("\n");
        String name = identifier(view.name());
        text.append(name).append("_source = FileSource(\n")
                .append("    name=").append(quote(view.name() + "_source")).append(",\n")
                .append("    path=").append(quote("data/" + view.name() + ".parquet")).append(",\n")
                .append("    timestamp_field=").append(quote(view.timestamp())).append(",\n")
                .append(")\n\n");
        text.append(name).append(" = FeatureView(\n")
                .append("    name=").append(quote(view.name())).append(",\n")
                .append("    entities=[").append(String.join(", ", view.entities().stream().map(entity -> identifier(entity) + "_entity").toList()))
                .append("],\n");
        if (view.ttl() != null) {
            text.append("    ttl=timedelta(seconds=").append(view.ttl().toSeconds()).append("),\n");
        }
        text.append("    schema=[\n");
        for (int f = 0; f < kinds.length; f++) {
            text.append("        Field(name=").append(quote(view.features().get(f).name())).append(", dtype=").append(feastType(kinds[f])).append("),\n");
        }
        text.append("    ],\n")
                .append("    online=True,\n")
                .append("    source=").append(name).append("_source,\n");
        if (view.description() != null) {
            text.append("    description=").append(quote(view.description())).append(",\n");
        }
        text.append("    tags={\"written_by\": \"pipewright\"},\n").append(")\n");
        return text.toString();
    }

    /** Feast's type of a feature's values. */
    static String feastType(ColumnPlan.Kind kind) {
        return switch (kind) {
            case NUMBER -> "Float64";
            case BOOLEAN -> "Bool";
            case DATETIME -> "UnixTimestamp";
            case STRING -> "String";
        };
    }

    /** A Python identifier from a name (letters, digits and _; not starting with a digit). */
    static String identifier(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(cleaned.charAt(0)) ? "_" + cleaned : cleaned;
    }

    /** A Python string literal. */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private record Parquet(long rows, ColumnPlan.Kind[] keyKinds, ColumnPlan.Kind[] kinds) {
    }

    /** The view's rows as Parquet: key columns (int64 or string), the event time (a UTC timestamp in ms), the features. */
    private static Parquet parquet(FeatureView view, Path file, Path dataRoot, DatabaseCredentials credentials) throws IOException {
        try (TypedSource source = TypedSource.open(view.source().reader(dataRoot, credentials))) {
            int keys = view.entities().size();
            var numeric = new boolean[keys];
            var keyKinds = new ColumnPlan.Kind[keys];
            for (int k = 0; k < keys; k++) {
                keyKinds[k] = source.plan(source.column(view.entities().get(k), "view " + view.name() + "'s entity")).kind() == ColumnPlan.Kind.NUMBER
                        ? ColumnPlan.Kind.NUMBER : ColumnPlan.Kind.STRING;
                numeric[k] = keyKinds[k] == ColumnPlan.Kind.NUMBER;
            }
            var rows = new ViewRows(view, source, numeric);
            ColumnPlan.Kind[] kinds = rows.kinds();
            var schema = Types.buildMessage();
            var names = new ArrayList<String>();
            for (int k = 0; k < keys; k++) {
                if (numeric[k]) {
                    schema.required(PrimitiveTypeName.INT64).named(view.entities().get(k));
                } else {
                    schema.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(view.entities().get(k));
                }
                names.add(view.entities().get(k));
            }
            schema.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                    .named(view.timestamp());
            names.add(view.timestamp());
            for (int f = 0; f < kinds.length; f++) {
                String name = view.features().get(f).name();
                switch (kinds[f]) {
                    case NUMBER -> schema.optional(PrimitiveTypeName.DOUBLE).named(name);
                    case BOOLEAN -> schema.optional(PrimitiveTypeName.BOOLEAN).named(name);
                    case DATETIME -> schema.optional(PrimitiveTypeName.INT64)
                            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
                    case STRING -> schema.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
                }
                names.add(name);
            }
            MessageType message = schema.named(view.name());
            Path temporary = file.resolveSibling("." + file.getFileName() + ".part");
            Files.deleteIfExists(temporary);
            long count = 0;
            try (ParquetWriter<Object[]> writer = ParquetWriter.writeFile(message, temporary.toFile(), (row, out) -> {
                for (int c = 0; c < row.length; c++) {
                    if (row[c] != null) {
                        out.write(names.get(c), row[c]);
                    }
                }
            })) {
                for (ViewRows.Block block = rows.next(); block != null; block = rows.next()) {
                    for (int i = 0; i < block.size; i++) {
                        var row = new Object[names.size()];
                        String[] parts = block.numberKeys != null ? null : block.keys[i].split(String.valueOf(ViewRows.KEY_SEPARATOR), -1);
                        for (int k = 0; k < keys; k++) {
                            if (numeric[k]) {
                                double value = block.numberKeys != null ? Double.longBitsToDouble(block.numberKeys[i]) : Double.parseDouble(parts[k]);
                                if (value != Math.rint(value)) {
                                    throw new FeatureException("view " + view.name() + ": key " + view.entities().get(k) + " holds " + value
                                            + ", not a whole number: Feast keys are Int64 or String");
                                }
                                row[k] = (long) value;
                            } else {
                                row[k] = parts[k];
                            }
                        }
                        row[keys] = block.times[i];
                        for (int f = 0; f < kinds.length; f++) {
                            Object value;
                            if (kinds[f] == ColumnPlan.Kind.STRING) {
                                value = block.texts[f][i];
                            } else {
                                double number = block.numbers[f][i];
                                value = Double.isNaN(number) ? null : switch (kinds[f]) {
                                    case BOOLEAN -> number != 0;
                                    case DATETIME -> (long) number;
                                    default -> number;
                                };
                            }
                            row[keys + 1 + f] = value;
                        }
                        writer.write(row);
                        count++;
                    }
                }
            }
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Parquet(count, keyKinds, kinds);
        }
    }
}
