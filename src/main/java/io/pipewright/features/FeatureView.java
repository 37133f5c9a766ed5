package io.pipewright.features;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatabaseSource;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.expr.Expression;
import io.pipewright.data.expr.ExpressionException;
import io.pipewright.data.lake.LayerReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feature view, as its YAML file says: the entity key columns, the event-time column, where its rows come from
 * (a file relative to the view file, a dataset in a layer {@code LAYER/NAME[@VERSION]}, or a database table or
 * query), the features (columns, or {@code name: expression} in the derive language) and how long a value stays
 * valid ({@code ttl}; null: for ever).
 */
public record FeatureView(String name, String description, List<String> entities, String timestamp, Source source, List<Feature> features,
                          Duration ttl, Path file) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TTL = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");
    private static final Set<String> FIELDS = Set.of("name", "description", "entities", "timestamp", "source", "features", "ttl");

    public FeatureView {
        entities = List.copyOf(entities);
        features = List.copyOf(features);
    }

    /** A feature: a column of the source ({@code expression} null) or a value computed from its columns. */
    public record Feature(String name, Expression expression) {
        public boolean derived() {
            return expression != null;
        }
    }

    /**
     * Where a view's rows are: a file ({@code file}), a layer's dataset ({@code layer}) or a database ({@code database}); exactly one.
     * {@code text} is what the view file says (for messages and exports).
     */
    public record Source(Path file, LayerReference layer, DatabaseSource database, String text) {
        /** The reader of the rows; {@code dataRoot} holds the layers, {@code credentials} the database logins. */
        public DatasetReader reader(Path dataRoot, DatabaseCredentials credentials) {
            if (database != null) {
                return DatasetReader.database(database, credentials);
            }
            if (layer != null) {
                return DatasetReader.layer(layer, dataRoot);
            }
            return DatasetReader.open(file);
        }
    }

    /** The columns a joined table gets from this view, in order. */
    public List<String> featureNames() {
        return features.stream().map(Feature::name).toList();
    }

    /** The source columns the features read (the columns themselves, and those the expressions name). */
    public Set<String> columnsRead() {
        var columns = new java.util.LinkedHashSet<String>();
        for (Feature feature : features) {
            if (feature.derived()) {
                columns.addAll(feature.expression().columns());
            } else {
                columns.add(feature.name());
            }
        }
        return columns;
    }

    /** Reads a view file; every problem is one {@link FeatureException} line naming the file and the field. */
    public static FeatureView read(Path file) {
        String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new FeatureException(file + ": no such feature view file");
        } catch (IOException e) {
            throw new FeatureException(label + ": cannot read: " + e.getMessage());
        }
        return parse(text, label, file.toAbsolutePath().getParent());
    }

    /** Parses a view's YAML; {@code label} names it in messages, {@code folder} is where relative source files are. */
    public static FeatureView parse(String text, String label, Path folder) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String line = where == null || where.getLineNr() < 0 ? "" : ": line " + where.getLineNr();
            throw new FeatureException(label + line + ": not valid YAML: " + io.pipewright.work.JsonErrors.plain(e));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new FeatureException(label + ": the file is empty");
        }
        if (!tree.isObject()) {
            throw new FeatureException(label + ": a feature view is a mapping (name, entities, timestamp, source, features, ttl)");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw new FeatureException(label + ": unknown field " + field + " (a view has " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        String name = text(tree, "name", label, true);
        if (!NAME.matcher(name).matches()) {
            throw new FeatureException(label + ": name " + name + ": lower-case letters, digits and _, starting with a letter");
        }
        String where = label + " (view " + name + ")";
        List<String> entities = names(tree.get("entities"), where, "entities");
        String timestamp = text(tree, "timestamp", where, true);
        Source source = source(tree.get("source"), where, folder);
        List<Feature> features = features(tree.get("features"), where);
        var taken = new HashSet<String>(entities);
        taken.add(timestamp);
        var seen = new HashSet<String>();
        for (Feature feature : features) {
            if (taken.contains(feature.name())) {
                throw new FeatureException(where + ": features: " + feature.name() + " is an entity or the timestamp column, not a feature");
            }
            if (!seen.add(feature.name())) {
                throw new FeatureException(where + ": features: " + feature.name() + " is named twice");
            }
        }
        Duration ttl = tree.hasNonNull("ttl") ? ttl(tree.get("ttl").asText(), where) : null;
        String description = tree.hasNonNull("description") ? tree.get("description").asText() : null;
        return new FeatureView(name, description, entities, timestamp, source, features, ttl, folder == null ? null : folder.resolve(label));
    }

    /** A duration as {@code 30d}, {@code 12h}, {@code 15m}, {@code 90s}, {@code 500ms}, {@code 2w}, or ISO-8601 ({@code P30D}). */
    public static Duration ttl(String given, String where) {
        String text = given.strip();
        Matcher matcher = TTL.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
        }
        try {
            Duration parsed = Duration.parse(text);
            if (!parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // said below
        }
        throw new FeatureException(where + ": ttl " + given + ": a positive duration such as 30d, 12h, 15m or 90s");
    }

    private static String text(JsonNode tree, String field, String where, boolean required) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            if (required) {
                throw new FeatureException(where + ": " + field + " is missing");
            }
            return null;
        }
        if (!node.isValueNode()) {
            throw new FeatureException(where + ": " + field + ": a single name, not " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return node.asText().strip();
    }

    private static List<String> names(JsonNode node, String where, String field) {
        if (node == null || node.isNull()) {
            throw new FeatureException(where + ": " + field + " is missing (the key columns that name an entity)");
        }
        var names = new ArrayList<String>();
        if (node.isValueNode()) {
            names.add(node.asText().strip());
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isValueNode() || item.asText().isBlank()) {
                    throw new FeatureException(where + ": " + field + ": each entry is a column name");
                }
                names.add(item.asText().strip());
            }
        } else {
            throw new FeatureException(where + ": " + field + ": a column name or a list of them");
        }
        if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
            throw new FeatureException(where + ": " + field + ": name at least one column");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new FeatureException(where + ": " + field + ": a column is named twice");
        }
        return names;
    }

    private static Source source(JsonNode node, String where, Path folder) {
        if (node == null || node.isNull()) {
            throw new FeatureException(where + ": source is missing (a file, LAYER/NAME[@VERSION], or {database: jdbc:…, table: T})");
        }
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!Set.of("database", "table", "query", "credentials").contains(field)) {
                    throw new FeatureException(where + ": source." + field + ": unknown (a database source has database, table or query, credentials)");
                }
            }
            String url = node.path("database").asText(null);
            if (url == null) {
                throw new FeatureException(where + ": source.database is missing (jdbc:postgresql://HOST/DATABASE or jdbc:h2:…)");
            }
            try {
                var database = new DatabaseSource(url, node.path("table").asText(null), node.path("query").asText(null), node.path("credentials").asText(null));
                return new Source(null, null, database, database.location());
            } catch (IllegalArgumentException e) {
                throw new FeatureException(where + ": source: " + e.getMessage());
            }
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new FeatureException(where + ": source: a file, LAYER/NAME[@VERSION], or {database: jdbc:…, table: T}");
        }
        String text = node.asText().strip();
        if (DatabaseSource.isDatabase(text)) {
            throw new FeatureException(where + ": source: a database is written as {database: " + DatabaseSource.redact(text) + ", table: T}");
        }
        Path file = folder == null ? Path.of(text) : folder.resolve(text).normalize();
        if (LayerReference.looksLikeOne(text) && !Files.exists(file)) {
            try {
                return new Source(null, LayerReference.parse(text), null, text);
            } catch (IllegalArgumentException e) {
                throw new FeatureException(where + ": source: " + e.getMessage());
            }
        }
        return new Source(file, null, null, text);
    }

    private static List<Feature> features(JsonNode node, String where) {
        if (node == null || node.isNull() || !node.isArray() || node.isEmpty()) {
            throw new FeatureException(where + ": features: a list of columns or {name: expression} entries, at least one");
        }
        var features = new ArrayList<Feature>();
        int index = 0;
        for (JsonNode item : node) {
            String place = where + ": features[" + index++ + "]";
            if (item.isValueNode() && !item.asText().isBlank()) {
                features.add(new Feature(item.asText().strip(), null));
            } else if (item.isObject() && item.size() == 1) {
                Map.Entry<String, JsonNode> entry = item.fields().next();
                String name = entry.getKey().strip();
                if (!entry.getValue().isValueNode() || entry.getValue().asText().isBlank()) {
                    throw new FeatureException(place + ": " + name + ": an expression, such as amount / 100");
                }
                try {
                    features.add(new Feature(name, Expression.parse(entry.getValue().asText())));
                } catch (ExpressionException e) {
                    throw new FeatureException(place + " (" + name + "): " + e.getMessage());
                }
            } else {
                throw new FeatureException(place + ": a column name, or one {name: expression}");
            }
        }
        return features;
    }
}
