package io.pipewright.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The node types a pipeline may use, by name. */
public final class NodeCatalog {
    private final Map<String, NodeType> types = new LinkedHashMap<>();

    public NodeCatalog(List<NodeType> types) {
        for (NodeType type : types) {
            if (this.types.put(type.name(), type) != null) {
                throw new IllegalArgumentException("two node types named " + type.name());
            }
        }
    }

    /** Every node type Pipewright has. */
    public static NodeCatalog standard() {
        return new NodeCatalog(io.pipewright.pipeline.nodes.StandardNodes.all());
    }

    /** This catalog with more node types after its own (a plug-in's, or a test's). */
    public NodeCatalog with(NodeType... more) {
        var all = all();
        all.addAll(List.of(more));
        return new NodeCatalog(all);
    }

    public Optional<NodeType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public List<NodeType> all() {
        return new ArrayList<>(types.values());
    }

    public List<String> names() {
        return new ArrayList<>(types.keySet());
    }
}
