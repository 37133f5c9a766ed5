package io.pipewright.export.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipewright.export.PublishedSchema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Argo Workflows' published JSON schema for its CRDs (release {@value #VERSION}, reduced to what Workflow, WorkflowTemplate and
 * CronWorkflow reach; see {@code argo-schema/NOTICE.md}), validated as a {@link PublishedSchema}: at load time each object definition
 * that declares properties is closed, so an unknown field is reported, as Argo's controller would drop or refuse it.
 */
public final class ArgoSchema {
    /** The Argo Workflows release the schema comes from. */
    public static final String VERSION = "v4.1.2";
    public static final String API_VERSION = "argoproj.io/v1alpha1";
    private static final String DEFINITIONS = "io.argoproj.workflow.v1alpha1.";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the schema is known to the validator; nothing is fetched from it. */
    private static final String IRI = "urn:pipewright:argo-workflows-schema";
    private static volatile PublishedSchema schema;

    private ArgoSchema() {
    }

    /** The kinds this schema validates. */
    public static List<String> kinds() {
        return schema().kinds();
    }

    /** The violations of one document of the given kind (one of {@link #kinds()}), in document order. */
    public static List<PublishedSchema.Violation> validate(String kind, JsonNode document) {
        if (!kinds().contains(kind)) {
            throw new IllegalArgumentException(kind + " is not an Argo kind this schema validates (" + kinds() + ")");
        }
        return schema().validate(kind, document);
    }

    private static PublishedSchema schema() {
        if (schema == null) {
            synchronized (ArgoSchema.class) {
                if (schema == null) {
                    schema = load();
                }
            }
        }
        return schema;
    }

    private static PublishedSchema load() {
        JsonNode resource = PublishedSchema.resource(ArgoSchema.class, "argo-schema/workflows.schema.json");
        ObjectNode definitions = (ObjectNode) resource.path("definitions").deepCopy();
        definitions.forEach(PublishedSchema::close);
        // the Kubernetes API takes both forms (count: 4, cpu: 1); Argo's generated schema says only string
        definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", PublishedSchema.types("string", "integer"));
        definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", PublishedSchema.types("string", "number"));
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", resource.path("$schema").asText());
        root.set("definitions", definitions);
        // one document for the three kinds: the definitions they share are compiled once
        var pointers = new TreeMap<String, String>();
        for (String kind : List.of("CronWorkflow", "Workflow", "WorkflowTemplate")) {
            pointers.put(kind, "#/definitions/" + DEFINITIONS + kind);
        }
        return PublishedSchema.compile(IRI, root, Map.copyOf(pointers));
    }
}
