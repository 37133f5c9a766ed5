package io.pipewright.pipeline;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns each node's table outputs will have, worked out before anything runs from the files
 * the nodes that read a dataset read ({@link NodeType#dataset()}) and what each node type does to its input's columns ({@link NodeType#columnsOut}).
 * The validator checks targets with it; the editor's column pickers list its columns before a run.
 */
public final class ColumnFlow {
    private final PipelineDocument document;
    private final Map<String, NodeType> types;
    private final Map<String, Map<String, Object>> params;
    private final Path folder;
    private final FileColumns files;
    private final Map<String, TableColumns> outputs = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();

    ColumnFlow(PipelineDocument document, Map<String, NodeType> types, Map<String, Map<String, Object>> params, Path folder, FileColumns files) {
        this.document = document;
        this.types = types;
        this.params = params;
        this.folder = folder;
        this.files = files;
    }

    /**
     * The flow of a document being edited: each node's parameters as the validator reads them (the
     * pipeline's target where a node names none, defaults filled in), a value that does not check left out.
     */
    public static ColumnFlow of(PipelineDocument document, NodeCatalog catalog, Path folder, FileColumns files) {
        var types = new HashMap<String, NodeType>();
        var params = new HashMap<String, Map<String, Object>>();
        for (var node : document.nodes()) {
            catalog.find(node.type()).ifPresent(type -> {
                types.putIfAbsent(node.id(), type);
                var checked = new LinkedHashMap<String, Object>();
                for (ParamSpec spec : type.params()) {
                    Object value = PipelineValidator.given(document, node, spec);
                    try {
                        if (value != null) {
                            checked.put(spec.name(), spec.check(value));
                        } else if (spec.defaultValue() != null) {
                            checked.put(spec.name(), spec.check(spec.defaultValue()));
                        }
                    } catch (IllegalArgumentException e) {
                        // the validator names it; the flow goes on without it
                    }
                }
                params.putIfAbsent(node.id(), checked);
            });
        }
        return new ColumnFlow(document, types, params, folder, files);
    }

    /** The columns of a node's table outputs; {@link TableColumns#UNKNOWN} when they are not known. */
    public TableColumns out(String nodeId) {
        TableColumns known = outputs.get(nodeId);
        if (known != null) {
            return known;
        }
        NodeType type = types.get(nodeId);
        if (type == null || !visiting.add(nodeId)) {
            return TableColumns.UNKNOWN; // an unknown type, or a cycle (the validator names both)
        }
        TableColumns columns;
        try {
            columns = type.columnsOut(params.getOrDefault(nodeId, Map.of()), inputs(nodeId), folder, files);
        } catch (RuntimeException e) {
            columns = TableColumns.UNKNOWN; // a parameter the validator refuses: the node's own problem says what
        } finally {
            visiting.remove(nodeId);
        }
        outputs.put(nodeId, columns);
        return columns;
    }

    /** The columns of each connected table input of a node, by input port. */
    public Map<String, TableColumns> inputs(String nodeId) {
        var inputs = new LinkedHashMap<String, TableColumns>();
        var node = document.node(nodeId).orElse(null);
        if (node == null) {
            return inputs;
        }
        node.inputs().forEach((port, source) -> {
            int dot = source.lastIndexOf('.');
            if (dot < 0) {
                return;
            }
            String from = source.substring(0, dot);
            String fromPort = source.substring(dot + 1);
            NodeType type = types.get(from);
            if (type != null && type.outputs().stream().anyMatch(spec -> spec.name().equals(fromPort) && spec.type() == PortType.TABLE)) {
                inputs.put(port, out(from));
            }
        });
        return inputs;
    }

    /** The names of the columns flowing into a node's table inputs, each once, in order. */
    public List<String> namesInto(String nodeId) {
        var names = new LinkedHashSet<String>();
        inputs(nodeId).values().forEach(columns -> names.addAll(columns.names()));
        return List.copyOf(names);
    }

    /** The names of the columns of every dataset file the pipeline reads ({@link NodeType#dataset()}), each once. */
    public List<String> namesRead() {
        var names = new LinkedHashSet<String>();
        for (var node : document.nodes()) {
            NodeType type = types.get(node.id());
            if (type != null && type.dataset().isPresent()) {
                names.addAll(out(node.id()).names());
            }
        }
        return List.copyOf(names);
    }
}
