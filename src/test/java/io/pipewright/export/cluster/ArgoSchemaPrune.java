package io.pipewright.export.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.pipewright.export.SchemaPrune;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.TreeMap;

/**
 * Regenerates {@code argo-schema/workflows.schema.json} from Argo Workflows' published {@code api/jsonschema/schema.json}: keeps the
 * definitions reachable from Workflow, WorkflowTemplate and CronWorkflow, and in them only the keywords that validate (descriptions,
 * {@code x-kubernetes-*} hints and the like go). Run: {@code java -cp target/test-classes:CLASSPATH
 * io.pipewright.export.cluster.ArgoSchemaPrune schema.json src/main/resources/io/pipewright/export/cluster/argo-schema/workflows.schema.json}.
 */
public final class ArgoSchemaPrune {
    static final String PREFIX = "io.argoproj.workflow.v1alpha1.";
    static final Set<String> ROOTS = Set.of(PREFIX + "Workflow", PREFIX + "WorkflowTemplate", PREFIX + "CronWorkflow");
    private static final ObjectMapper JSON = SchemaPrune.JSON;

    private ArgoSchemaPrune() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ArgoSchemaPrune UPSTREAM_SCHEMA_JSON OUT_JSON");
        }
        JsonNode upstream = JSON.readTree(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        Files.writeString(Path.of(args[1]), JSON.writeValueAsString(prune(upstream)) + "\n", StandardCharsets.UTF_8);
    }

    static ObjectNode prune(JsonNode upstream) {
        JsonNode definitions = upstream.path("definitions");
        var kept = new TreeMap<String, JsonNode>();
        var pending = new ArrayDeque<>(ROOTS);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (kept.containsKey(name)) {
                continue;
            }
            if (!definitions.has(name)) {
                throw new IllegalArgumentException("the schema has no definition " + name);
            }
            JsonNode kept1 = validating(definitions.get(name), pending);
            kept.put(name, kept1);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", upstream.path("$schema").asText());
        ArrayNode oneOf = root.putArray("oneOf");
        ROOTS.stream().sorted().forEach(name -> oneOf.addObject().put("$ref", "#/definitions/" + name));
        ObjectNode out = root.putObject("definitions");
        kept.forEach(out::set);
        return root;
    }

    /** A copy of a schema with only its validating keywords; the definitions it refers to are queued. */
    private static JsonNode validating(JsonNode schema, ArrayDeque<String> pending) {
        return SchemaPrune.validating(schema, SchemaPrune.VALIDATING, ref -> pending.add(ref.substring(ref.lastIndexOf('/') + 1)));
    }
}
