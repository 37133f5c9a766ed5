package io.pipewright.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * KEDA's published CRD schema for {@code ScaledObject} (release {@value #VERSION}, see {@code keda-schema/NOTICE.md}), validated as a
 * {@link PublishedSchema}: every object that declares properties is closed, so a field KEDA does not know is reported instead of
 * being pruned by the API server without a word.
 */
public final class KedaSchema {
    /** The KEDA release the schema comes from. */
    public static final String VERSION = "v2.20.2";
    public static final String API_VERSION = "keda.sh/v1alpha1";
    private static final String IRI = "urn:pipewright:keda-scaledobject-schema";
    private static volatile PublishedSchema schema;

    private KedaSchema() {
    }

    /** The violations of one ScaledObject, in document order. */
    public static List<PublishedSchema.Violation> validate(JsonNode scaledObject) {
        return schema().validate("ScaledObject", scaledObject);
    }

    private static PublishedSchema schema() {
        if (schema == null) {
            synchronized (KedaSchema.class) {
                if (schema == null) {
                    ObjectNode root = (ObjectNode) PublishedSchema.resource(KedaSchema.class, "keda-schema/scaledobjects.schema.json").deepCopy();
                    PublishedSchema.close(root);
                    schema = PublishedSchema.compile(IRI, root, Map.of("ScaledObject", "#"));
                }
            }
        }
        return schema;
    }
}
