package io.pipewright.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A schema a project publishes for its custom resources (Argo Workflows' JSON schema, KEDA's CRD), bundled as a reduced copy and
 * validated with networknt's json-schema-validator. Published schemas leave objects open, so the owner closes each object that
 * declares properties ({@link #close}): an unknown field is then reported, as the API server would drop it or the controller refuse it.
 * Free maps (labels, a trigger's metadata) declare {@code additionalProperties} themselves and stay open.
 */
public final class PublishedSchema {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Schema> byKind;

    /** One schema violation: where in the document (dotted, with [i] for list items) and why. */
    public record Violation(String path, String reason) {
        public String line() {
            return (path.isEmpty() ? "" : path + ": ") + reason;
        }
    }

    private PublishedSchema(Map<String, Schema> byKind) {
        this.byKind = byKind;
    }

    /** The JSON resource beside {@code anchor}'s class file; a missing one is a broken build. */
    public static JsonNode resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Compiles {@code root} (known to the validator as {@code iri}; nothing is fetched from it) once, and a schema for each kind at
     * its JSON pointer in it ({@code "#/definitions/…"}, or {@code "#"} for the whole).
     */
    public static PublishedSchema compile(String iri, ObjectNode root, Map<String, String> pointers) {
        var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(iri, root.toString())));
        var schemas = new TreeMap<String, Schema>();
        pointers.forEach((kind, pointer) -> {
            Schema schema = registry.getSchema(SchemaLocation.of(iri + pointer));
            schema.initializeValidators();
            schemas.put(kind, schema);
        });
        return new PublishedSchema(Map.copyOf(schemas));
    }

    /** The kinds this schema validates, sorted. */
    public List<String> kinds() {
        return List.copyOf(new TreeMap<>(byKind).keySet());
    }

    /** The violations of one document of the given kind (one of {@link #kinds()}), in document order. */
    public List<Violation> validate(String kind, JsonNode document) {
        Schema schema = byKind.get(kind);
        if (schema == null) {
            throw new IllegalArgumentException(kind + " is not a kind this schema validates (" + kinds() + ")");
        }
        var violations = new ArrayList<Violation>();
        for (Error error : schema.validate(document)) {
            violations.add(violation(error));
        }
        return violations;
    }

    /** Closes every object schema that declares properties but says nothing of others, at any depth. */
    public static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        if (object.has("properties") && !object.has("additionalProperties")) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(PublishedSchema::close);
        close(object.get("items"));
        close(object.get("additionalProperties"));
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            object.path(combinator).forEach(PublishedSchema::close);
        }
    }

    /** {@code {"type": [types…]}}: what the Kubernetes API takes where a generated schema says less (a count as 4 or "4"). */
    public static ObjectNode types(String... types) {
        ObjectNode node = JSON.createObjectNode();
        var array = node.putArray("type");
        for (String type : types) {
            array.add(type);
        }
        return node;
    }

    private static Violation violation(Error error) {
        String path = path(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        JsonNode schemaValue = error.getSchemaNode();
        return switch (keyword) {
            case "additionalProperties" -> new Violation(join(path, error.getProperty()), "unknown field");
            case "required" -> new Violation(join(path, error.getProperty()), "required field missing");
            case "type" -> new Violation(path, "must be " + typeWords(schemaValue) + ", not " + typeOf(error.getInstanceNode()));
            case "const" -> new Violation(path, "must be " + schemaValue + ", not " + error.getInstanceNode());
            case "enum" -> new Violation(path, "must be one of " + schemaValue + ", not " + error.getInstanceNode());
            default -> new Violation(path, error.getMessage().replaceFirst("^(\\$|/)[^:]*: ", ""));
        };
    }

    private static String join(String path, String property) {
        if (property == null || property.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? property : path + "." + property;
    }

    /** "spec.templates[1].container" from a node path. */
    static String path(NodePath location) {
        var text = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.length() == 0 ? "" : ".").append(element);
            }
        }
        return text.toString();
    }

    private static String typeWords(JsonNode type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isArray()) {
            var words = new ArrayList<String>();
            type.forEach(one -> words.add(article(one.asText())));
            return String.join(" or ", words);
        }
        return article(type.asText());
    }

    private static String article(String type) {
        return (type.startsWith("o") || type.startsWith("i") || type.startsWith("a") ? "an " : "a ") + type;
    }

    private static String typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isIntegralNumber()) {
            return "an integer (" + node + ")";
        }
        if (node.isNumber()) {
            return "a number (" + node + ")";
        }
        return "a string (" + node + ")";
    }
}
