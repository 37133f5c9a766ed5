package io.pipewright.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Regenerates {@code keda-schema/scaledobjects.schema.json} from KEDA's published CRD {@code config/crd/bases/keda.sh_scaledobjects.yaml}:
 * the {@code v1alpha1} version's {@code openAPIV3Schema} without {@code status} (a chart never writes it), with only the keywords that
 * validate. Run: {@code java -cp target/test-classes:CLASSPATH io.pipewright.export.KedaSchemaPrune keda.sh_scaledobjects.yaml
 * src/main/resources/io/pipewright/export/keda-schema/scaledobjects.schema.json}.
 */
public final class KedaSchemaPrune {
    /** Besides the usual ones, a CRD's structural schema checks patterns, ranges and list sizes. */
    static final Set<String> KEPT = kept();

    private KedaSchemaPrune() {
    }

    private static Set<String> kept() {
        var kept = new HashSet<>(SchemaPrune.VALIDATING);
        kept.addAll(Set.of("pattern", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength"));
        return Set.copyOf(kept);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: KedaSchemaPrune UPSTREAM_CRD_YAML OUT_JSON");
        }
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        Files.writeString(Path.of(args[1]), SchemaPrune.JSON.writeValueAsString(prune(crd)) + "\n", StandardCharsets.UTF_8);
    }

    static ObjectNode prune(JsonNode crd) {
        JsonNode version = null;
        for (JsonNode candidate : crd.path("spec").path("versions")) {
            if (candidate.path("name").asText().equals("v1alpha1")) {
                version = candidate;
            }
        }
        if (version == null) {
            throw new IllegalArgumentException("the CRD has no version v1alpha1");
        }
        ObjectNode schema = ((ObjectNode) version.path("schema").path("openAPIV3Schema")).deepCopy();
        ((ObjectNode) schema.path("properties")).remove("status");
        ObjectNode root = SchemaPrune.JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.setAll((ObjectNode) SchemaPrune.validating(schema, KEPT, ref -> {
            throw new IllegalArgumentException("a CRD schema has no $ref, but this one names " + ref);
        }));
        return root;
    }
}
