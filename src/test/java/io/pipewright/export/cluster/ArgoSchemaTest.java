package io.pipewright.export.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped reduction of Argo's schema is whole, closed where Argo's objects are, and open where they are maps. */
class ArgoSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode shipped() throws Exception {
        try (InputStream in = ArgoSchema.class.getResourceAsStream("argo-schema/workflows.schema.json")) {
            return JSON.readTree(in);
        }
    }

    private static void refs(JsonNode node, List<String> found) {
        if (node.has("$ref")) {
            found.add(node.get("$ref").asText());
        }
        node.forEach(child -> refs(child, found));
    }

    @Test
    void everyReferenceOfTheShippedSchemaResolvesAndNothingElseIsKept() throws Exception {
        JsonNode schema = shipped();
        var found = new ArrayList<String>();
        refs(schema, found);
        assertThat(found).allMatch(ref -> ref.startsWith("#/definitions/") && schema.path("definitions").has(ref.substring("#/definitions/".length())));
        // what the pruner keeps from the shipped file is the shipped file: nothing unreachable, only validating keywords
        assertThat(ArgoSchemaPrune.prune(schema).path("definitions")).isEqualTo(schema.path("definitions"));
        assertThat(schema.path("definitions").size()).isEqualTo(229);
        assertThat(schema.toString().contains("x-kubernetes")).isFalse();
    }

    @Test
    void thePrunerKeepsWhatTheRootsReachAndOnlyValidatingKeywords() throws Exception {
        JsonNode upstream = JSON.readTree("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "definitions": {
                  "io.argoproj.workflow.v1alpha1.Workflow": {"description": "w", "type": "object",
                     "properties": {"spec": {"$ref": "#/definitions/spec"}}, "x-kubernetes-group-version-kind": [{"kind": "Workflow"}]},
                  "io.argoproj.workflow.v1alpha1.WorkflowTemplate": {"type": "object", "required": ["spec"]},
                  "io.argoproj.workflow.v1alpha1.CronWorkflow": {"type": "object"},
                  "spec": {"type": "object", "properties": {"n": {"type": "integer", "format": "int32", "title": "n"}}},
                  "unreached": {"type": "string"}}}
                """);
        JsonNode pruned = ArgoSchemaPrune.prune(upstream);
        assertThat(pruned.path("definitions").fieldNames()).toIterable().containsExactly("io.argoproj.workflow.v1alpha1.CronWorkflow",
                "io.argoproj.workflow.v1alpha1.Workflow", "io.argoproj.workflow.v1alpha1.WorkflowTemplate", "spec");
        assertThat(pruned.path("definitions").path("spec").toString()).isEqualTo("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}");
        assertThat(pruned.path("definitions").path("io.argoproj.workflow.v1alpha1.Workflow").has("description")).isFalse();
    }

    @Test
    void mapsStayOpenAndNumbersAreTakenWhereKubernetesTakesThem() throws Exception {
        JsonNode workflow = YAML.readTree("""
                apiVersion: argoproj.io/v1alpha1
                kind: Workflow
                metadata:
                  generateName: w-
                  labels: {any.example.com/label: x}
                  annotations: {note: y}
                spec:
                  entrypoint: main
                  nodeSelector: {nvidia.com/gpu.present: "true"}
                  templates:
                    - name: main
                      retryStrategy: {limit: 2}
                      container:
                        image: ghcr.io/pipewright/pipewright:0.9.0
                        resources:
                          requests: {cpu: 1, memory: 2Gi, nvidia.com/gpu: 1}
                          limits: {cpu: 0.5, nvidia.com/gpu: 1}
                    - name: fan
                      dag:
                        tasks:
                          - {name: t, template: main, withSequence: {start: 0, count: 4}}
                """);
        assertThat(ArgoSchema.validate("Workflow", workflow)).isEmpty();
        ((com.fasterxml.jackson.databind.node.ObjectNode) workflow.path("spec").path("templates").path(1).path("dag")).put("tasks", "t");
        assertThat(ArgoSchema.validate("Workflow", workflow)).extracting(io.pipewright.export.PublishedSchema.Violation::line)
                .containsExactly("spec.templates[1].dag.tasks: must be an array, not a string (\"t\")");
    }
}
