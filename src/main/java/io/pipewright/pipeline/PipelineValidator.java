package io.pipewright.pipeline;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a pipeline before anything runs: node types, parameters, inputs and their types, cycles,
 * and that no transform removes or renames a column a node downstream needs as its target (from
 * the columns of the files read, see {@link ColumnFlow}). Every problem names the node and the
 * field, with a "did you mean" where a name is close to a known one. The editor asks the same
 * questions before it connects two ports.
 */
public final class PipelineValidator {
    /** The parameter a node takes from the pipeline's {@code target} when it names none itself. */
    static final String TARGET = "target";

    private final NodeCatalog catalog;

    public PipelineValidator(NodeCatalog catalog) {
        this.catalog = catalog;
    }

    /** One problem: the node (null for the pipeline as a whole), the field, and a sentence. */
    public record Problem(String nodeId, String field, String message) {
        @Override
        public String toString() {
            String where = nodeId == null ? "" : "node '" + nodeId + "'" + (field == null ? "" : ", " + field) + ": ";
            return where + message;
        }
    }

    /** The validated pipeline; a {@link PipelineException} listing the problems otherwise. */
    public Pipeline validate(PipelineDocument document, Path folder, String fileName) {
        var problems = new ArrayList<Problem>();
        Pipeline pipeline = check(document, folder, true, folder == null ? FileColumns.NONE : FileColumns.reading(), problems);
        if (!problems.isEmpty()) {
            var shown = problems.subList(0, Math.min(8, problems.size())).stream().map(Problem::toString).toList();
            throw new PipelineException(fileName + ": " + String.join("; ", shown)
                    + (problems.size() > shown.size() ? " (and " + (problems.size() - shown.size()) + " more)" : ""));
        }
        return pipeline;
    }

    /** The problems of a document being edited; files are not looked at (null folder). */
    public List<Problem> problems(PipelineDocument document) {
        return problems(document, null, FileColumns.NONE);
    }

    /**
     * The problems of a document being edited, with the columns of its data files as {@code files}
     * knows them (relative paths from {@code folder}); no file is opened here.
     */
    public List<Problem> problems(PipelineDocument document, Path folder, FileColumns files) {
        var problems = new ArrayList<Problem>();
        check(document, folder, false, files, problems);
        return problems;
    }

    /** A node's value of a parameter as given: its own, or for {@code target} the pipeline's when it names none. */
    static Object given(PipelineDocument document, PipelineDocument.Node node, ParamSpec spec) {
        Object value = node.params().get(spec.name());
        return value == null && TARGET.equals(spec.name()) && spec.kind() == ParamSpec.Kind.COLUMN ? document.target() : value;
    }

    /** Why an output may not feed an input, or null when it may (the editor's question while dragging). */
    public String refusal(PipelineDocument document, String fromNode, String fromPort, String toNode, String toPort) {
        var from = document.node(fromNode).flatMap(node -> catalog.find(node.type())).orElse(null);
        var to = document.node(toNode).flatMap(node -> catalog.find(node.type())).orElse(null);
        if (from == null || to == null) {
            return "unknown node";
        }
        PortSpec out = from.outputs().stream().filter(port -> port.name().equals(fromPort)).findFirst().orElse(null);
        PortSpec in = to.inputs().stream().filter(port -> port.name().equals(toPort)).findFirst().orElse(null);
        if (out == null || in == null) {
            return "unknown port";
        }
        if (out.type() != in.type()) {
            return "type mismatch: " + out.type().id() + " output into a " + in.type().id() + " input";
        }
        if (fromNode.equals(toNode) || reaches(document, toNode, fromNode)) {
            return "would create a cycle";
        }
        if (document.node(toNode).orElseThrow().inputs().containsKey(toPort)) {
            return "already connected";
        }
        return null;
    }

    private static boolean reaches(PipelineDocument document, String start, String target) {
        var seen = new HashSet<String>();
        var queue = new ArrayDeque<String>(List.of(start));
        while (!queue.isEmpty()) {
            String id = queue.poll();
            if (id.equals(target)) {
                return true;
            }
            if (seen.add(id)) {
                for (var node : document.nodes()) {
                    if (node.inputs().values().stream().anyMatch(source -> source.startsWith(id + "."))) {
                        queue.add(node.id());
                    }
                }
            }
        }
        return false;
    }

    private Pipeline check(PipelineDocument document, Path folder, boolean lookAtFiles, FileColumns files, List<Problem> problems) {
        var types = new LinkedHashMap<String, NodeType>();
        var params = new LinkedHashMap<String, Map<String, Object>>();
        var ids = new HashSet<String>();
        if (document.nodes().isEmpty()) {
            problems.add(new Problem(null, null, "the pipeline has no nodes"));
        }
        for (var node : document.nodes()) {
            if (!ids.add(node.id())) {
                problems.add(new Problem(node.id(), "id", "two nodes have this id"));
                continue;
            }
            var type = catalog.find(node.type());
            if (type.isEmpty()) {
                problems.add(new Problem(node.id(), "type", "unknown node type '" + node.type() + "'" + Names.didYouMean(node.type(), catalog.names())
                        + " (known: " + String.join(", ", catalog.names()) + ")"));
                continue;
            }
            types.put(node.id(), type.get());
            params.put(node.id(), checkParams(document, node, type.get(), lookAtFiles ? folder : null, problems));
        }
        for (var node : document.nodes()) {
            NodeType type = types.get(node.id());
            if (type != null) {
                checkInputs(node, type, types, problems);
            }
        }
        List<String> order = order(document, types.keySet(), problems);
        TargetCheck.check(document, types, params, order, new ColumnFlow(document, types, params, folder, files), problems);
        return new Pipeline(document, folder, Map.copyOf(types), Map.copyOf(params), order);
    }

    private static Map<String, Object> checkParams(PipelineDocument document, PipelineDocument.Node node, NodeType type, Path folder,
                                                   List<Problem> problems) {
        var checked = new LinkedHashMap<String, Object>();
        var known = type.params().stream().map(ParamSpec::name).toList();
        for (String name : node.params().keySet()) {
            if (!known.contains(name)) {
                problems.add(new Problem(node.id(), "params." + name, "unknown parameter of a " + type.name() + " node"
                        + Names.didYouMean(name, known) + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")")));
            }
        }
        for (ParamSpec spec : type.params()) {
            Object value = given(document, node, spec);
            if (value == null) {
                if (spec.required() && TARGET.equals(spec.name())) {
                    problems.add(new Problem(node.id(), "params." + spec.name(), "missing: name the column to predict here, or as the pipeline's "
                            + "target (a top-level target: that every node takes)"));
                } else if (spec.required()) {
                    problems.add(new Problem(node.id(), "params." + spec.name(), "missing (" + spec.description() + ")"));
                } else if (spec.defaultValue() != null) {
                    checked.put(spec.name(), spec.check(spec.defaultValue()));
                }
                continue;
            }
            try {
                checked.put(spec.name(), spec.check(value));
                // the run's record keeps every param whole: what it cannot keep is refused here, not after the run
                String tooLong = io.pipewright.track.StoreLimits.tooLong(value instanceof String text ? text : null, io.pipewright.track.StoreLimits.VALUE);
                if (tooLong != null) {
                    problems.add(new Problem(node.id(), "params." + spec.name(), "the value " + tooLong));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(node.id(), "params." + spec.name(), e.getMessage()));
            }
        }
        if (problems.stream().noneMatch(problem -> node.id().equals(problem.nodeId()))) {
            try {
                type.checkParams(checked);
                if (folder != null) {
                    type.checkFiles(checked, folder);
                }
            } catch (ParamException e) {
                problems.add(new Problem(node.id(), "params." + e.param(), e.getMessage()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(node.id(), "params", e.getMessage()));
            }
        }
        return checked;
    }

    private static void checkInputs(PipelineDocument.Node node, NodeType type, Map<String, NodeType> types, List<Problem> problems) {
        var portNames = type.inputs().stream().map(PortSpec::name).toList();
        node.inputs().forEach((port, source) -> {
            PortSpec input = type.inputs().stream().filter(spec -> spec.name().equals(port)).findFirst().orElse(null);
            if (input == null) {
                problems.add(new Problem(node.id(), "inputs." + port, "a " + type.name() + " node has no input '" + port + "'"
                        + Names.didYouMean(port, portNames) + (portNames.isEmpty() ? "" : " (inputs: " + String.join(", ", portNames) + ")")));
                return;
            }
            int dot = source.lastIndexOf('.');
            String fromId = dot < 0 ? source : source.substring(0, dot);
            String fromPort = dot < 0 ? "" : source.substring(dot + 1);
            NodeType from = types.get(fromId);
            if (from == null) {
                problems.add(new Problem(node.id(), "inputs." + port, "no node '" + fromId + "'" + Names.didYouMean(fromId, types.keySet())));
                return;
            }
            PortSpec output = from.outputs().stream().filter(spec -> spec.name().equals(fromPort)).findFirst().orElse(null);
            var outputs = from.outputs().stream().map(PortSpec::name).toList();
            if (output == null) {
                problems.add(new Problem(node.id(), "inputs." + port, "node '" + fromId + "' (" + from.name() + ") has no output '" + fromPort + "'"
                        + Names.didYouMean(fromPort, outputs) + " (outputs: " + String.join(", ", outputs) + ")"));
                return;
            }
            if (output.type() != input.type()) {
                problems.add(new Problem(node.id(), "inputs." + port, "expects a " + input.type().id() + ", but " + source + " is a "
                        + output.type().id()));
            }
        });
        for (PortSpec input : type.inputs()) {
            if (!input.optional() && !node.inputs().containsKey(input.name())) {
                problems.add(new Problem(node.id(), "inputs." + input.name(), "missing: connect a " + input.type().id() + " (" + input.description() + ")"));
            }
        }
    }

    /** Kahn's order over the nodes whose types are known; a cycle is a problem naming its nodes. */
    private static List<String> order(PipelineDocument document, Set<String> known, List<Problem> problems) {
        var indegree = new LinkedHashMap<String, Integer>();
        var readers = new HashMap<String, List<String>>();
        for (var node : document.nodes()) {
            if (!known.contains(node.id())) {
                continue;
            }
            indegree.putIfAbsent(node.id(), 0);
            for (String source : node.inputs().values()) {
                String from = source.contains(".") ? source.substring(0, source.lastIndexOf('.')) : source;
                if (known.contains(from)) {
                    indegree.merge(node.id(), 1, Integer::sum);
                    readers.computeIfAbsent(from, key -> new ArrayList<>()).add(node.id());
                }
            }
        }
        var ready = new ArrayDeque<String>();
        indegree.forEach((id, count) -> {
            if (count == 0) {
                ready.add(id);
            }
        });
        var order = new ArrayList<String>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String reader : readers.getOrDefault(id, List.of())) {
                if (indegree.merge(reader, -1, Integer::sum) == 0) {
                    ready.add(reader);
                }
            }
        }
        if (order.size() < indegree.size()) {
            var cycle = indegree.keySet().stream().filter(id -> !order.contains(id)).toList();
            problems.add(new Problem(cycle.get(0), "inputs", "a cycle: " + String.join(" → ", cycle) + " read from one another"));
        }
        return order;
    }
}
