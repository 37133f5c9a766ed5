package io.pipewright.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A pipeline that passed validation: each node's type, its checked parameters with defaults filled
 * in, and the nodes in an order where every node comes after those it reads from.
 */
public record Pipeline(PipelineDocument document, Path folder, Map<String, NodeType> types, Map<String, Map<String, Object>> params,
                       List<String> order) {

    public PipelineDocument.Node node(String id) {
        return document.node(id).orElseThrow(() -> new IllegalArgumentException("no node " + id));
    }

    public String name() {
        return document.name();
    }
}
