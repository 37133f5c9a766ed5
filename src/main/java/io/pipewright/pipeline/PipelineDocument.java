package io.pipewright.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline file as written: the GUI edits it and {@code pipewright run} runs it. Field names are
 * the file format's contract ({@code pipeline.schema.json}); this is the file's model, not the
 * engine's, which works on a validated {@link Pipeline}. {@code target} is the column the pipeline
 * predicts: every node with a {@code target} parameter that does not name its own takes it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "name", "description", "seed", "target", "nodes"})
public record PipelineDocument(String apiVersion, String kind, String name, String description, Long seed, String target, List<Node> nodes) {
    public static final String API_VERSION = "pipewright/v1";
    public static final String KIND = "Pipeline";

    public PipelineDocument {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /**
     * One node: {@code inputs} map an input port to {@code node.port}; {@code params} are the node
     * type's parameters; {@code layout} holds the editor's hints (position), ignored by the engine.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"id", "type", "inputs", "params", "layout"})
    public record Node(String id, String type, Map<String, String> inputs, Map<String, Object> params, Map<String, Object> layout) {
        public Node {
            inputs = inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
            params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
            layout = layout == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layout));
        }

        public Node withParam(String name, Object value) {
            var changed = new LinkedHashMap<>(params);
            changed.put(name, value);
            return new Node(id, type, inputs, changed, layout);
        }
    }

    public Optional<Node> node(String id) {
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
    }

    public PipelineDocument withNode(Node replacement) {
        var changed = new ArrayList<Node>();
        for (Node node : nodes) {
            changed.add(node.id().equals(replacement.id()) ? replacement : node);
        }
        return new PipelineDocument(apiVersion, kind, name, description, seed, target, changed);
    }

    public PipelineDocument withSeed(long value) {
        return new PipelineDocument(apiVersion, kind, name, description, value, target, nodes);
    }

    /** The same pipeline with another target column (null: none). */
    public PipelineDocument withTarget(String column) {
        return new PipelineDocument(apiVersion, kind, name, description, seed, column == null || column.isBlank() ? null : column, nodes);
    }

    /** The same pipeline with these nodes. */
    public PipelineDocument withNodes(List<Node> changed) {
        return new PipelineDocument(apiVersion, kind, name, description, seed, target, changed);
    }

    public long seedOrDefault() {
        return seed == null ? 42L : seed;
    }
}
