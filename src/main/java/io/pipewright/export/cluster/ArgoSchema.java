package io.pipewright.export.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
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
 * Argo Workflows' published JSON schema for its CRDs (release {@value #VERSION}, reduced to what Workflow, WorkflowTemplate and
 * CronWorkflow reach; see {@code argo-schema/NOTICE.md}), validated with networknt's json-schema-validator. The schema leaves every
 * object open, so at load time each object definition that declares properties is closed ({@code additionalProperties: false}):
 * an unknown field is reported, as Argo's controller would drop or refuse it. Free maps (labels, node selectors, requests) declare
 * {@code additionalProperties} themselves and stay open.
 */
public final class ArgoSchema {
    /** The Argo Workflows release the schema comes from. */
    public static final String VERSION = "v4.1.2";
    public static final String API_VERSION = "argoproj.io/v1alpha1";
    private static final String DEFINITIONS = "io.argoproj.workflow.v1alpha1.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Map<String, Schema> byKind;

    /** One schema violation: where in the document (dotted, with [i] for list items) and why. */
    public record Violation(String path, String reason) {
        public String line() {
            return (path.isEmpty() ? "" : path + ": ") + reason;
        }
    }

    private ArgoSchema() {
    }

    /** The kinds this schema validates. */
    public static List<String> kinds() {
        return List.copyOf(schemas().keySet());
    }

    /** The violations of one document of the given kind (one of {@link #kinds()}), in document order. */
    public static List<Violation> validate(String kind, JsonNode document) {
        Schema schema = schemas().get(kind);
        if (schema == null) {
            throw new IllegalArgumentException(kind + " is not an Argo kind this schema validates (" + kinds() + ")");
        }
        var violations = new ArrayList<Violation>();
        for (Error error : schema.validate(document)) {
            violations.add(violation(error));
        }
        return violations;
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

    private static Map<String, Schema> schemas() {
        if (byKind == null) {
            synchronized (ArgoSchema.class) {
                if (byKind == null) {
                    byKind = load();
                }
            }
        }
        return byKind;
    }

    private static Map<String, Schema> load() {
        JsonNode resource;
        try (InputStream in = ArgoSchema.class.getResourceAsStream("argo-schema/workflows.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("argo-schema/workflows.schema.json is missing from the build");
            }
            resource = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Argo's schema: " + e.getMessage(), e);
        }
        ObjectNode definitions = (ObjectNode) resource.path("definitions").deepCopy();
        definitions.forEach(ArgoSchema::close);
        // the Kubernetes API takes both forms (count: 4, cpu: 1); Argo's generated schema says only string
        definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", types("string", "integer"));
        definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", types("string", "number"));
        var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        var schemas = new TreeMap<String, Schema>();
        for (String kind : List.of("CronWorkflow", "Workflow", "WorkflowTemplate")) {
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", resource.path("$schema").asText());
            root.put("$ref", "#/definitions/" + DEFINITIONS + kind);
            root.set("definitions", definitions);
            Schema schema = registry.getSchema(root);
            schema.initializeValidators();
            schemas.put(kind, schema);
        }
        return Map.copyOf(schemas);
    }

    private static ObjectNode types(String... types) {
        ObjectNode node = JSON.createObjectNode();
        var array = node.putArray("type");
        for (String type : types) {
            array.add(type);
        }
        return node;
    }

    /** Closes every object schema that declares properties but says nothing of others, at any depth. */
    private static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        if (object.has("properties") && !object.has("additionalProperties")) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(ArgoSchema::close);
        close(object.get("items"));
        close(object.get("additionalProperties"));
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            object.path(combinator).forEach(ArgoSchema::close);
        }
    }
}
