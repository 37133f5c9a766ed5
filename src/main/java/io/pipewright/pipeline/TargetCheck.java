package io.pipewright.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validator's check that no transform removes or renames a column a node downstream needs as its
 * target (a one-hot encoding that turns {@code class} into {@code class=good} and {@code class=bad}
 * before a split stratified by {@code class}). It knows the columns from the files the read nodes
 * read ({@link ColumnFlow}); where they are not known it says nothing, and running says what fails.
 */
final class TargetCheck {
    private static final int NAMED = 4;

    private TargetCheck() {
    }

    static void check(PipelineDocument document, Map<String, NodeType> types, Map<String, Map<String, Object>> params, List<String> order,
                      ColumnFlow flow, List<PipelineValidator.Problem> problems) {
        var reported = new HashSet<String>();
        for (String id : order) {
            String target;
            try {
                target = types.get(id).targetUsed(params.getOrDefault(id, Map.of()));
            } catch (RuntimeException e) {
                continue; // a parameter the validator refuses: the node's own problem says what
            }
            if (target == null) {
                continue;
            }
            String breaker = breaker(document, types, flow, id, target, new HashSet<>());
            if (breaker != null && reported.add(breaker + "\u0000" + target)) {
                problems.add(refusal(document, types.get(breaker), params.getOrDefault(breaker, Map.of()), breaker, id, target, flow.out(breaker)));
            }
        }
    }

    /**
     * The node upstream of {@code nodeId}, along table connections, whose {@code table} input has
     * {@code column} and whose output has not: the one nearest the data first; null when none.
     */
    private static String breaker(PipelineDocument document, Map<String, NodeType> types, ColumnFlow flow, String nodeId, String column,
                                  Set<String> seen) {
        var node = document.node(nodeId).orElse(null);
        if (node == null) {
            return null;
        }
        for (String port : flow.inputs(nodeId).keySet()) {
            String source = node.inputs().get(port);
            String from = source.substring(0, source.lastIndexOf('.'));
            if (!seen.add(from)) {
                continue;
            }
            String upstream = breaker(document, types, flow, from, column, seen);
            if (upstream != null) {
                return upstream;
            }
            TableColumns in = flow.inputs(from).get("table");
            if (in != null && in.has(column) && !flow.out(from).has(column)) {
                return from;
            }
        }
        return null;
    }

    private static PipelineValidator.Problem refusal(PipelineDocument document, NodeType type, Map<String, Object> params, String breaker,
                                                     String consumer, String column, TableColumns out) {
        List<String> made = out.madeFrom(column);
        String what = "would " + (made.isEmpty() ? "remove" : "turn") + " target column '" + column + "' of node '" + consumer + "'"
                + (made.isEmpty() ? "" : " into " + named(made));
        String field = null;
        String fix = null;
        for (ParamSpec spec : type.params()) {
            if (spec.kind() == ParamSpec.Kind.COLUMNS && params.get(spec.name()) instanceof List<?> listed && listed.contains(column)) {
                field = "params." + spec.name();
                fix = "take '" + column + "' out of " + breaker + "'s " + spec.name();
                break;
            }
        }
        boolean takesTarget = type.params().stream().anyMatch(spec -> spec.name().equals(PipelineValidator.TARGET));
        var node = document.node(breaker).orElseThrow();
        if (fix == null && params.get("keep") instanceof List<?> keep && !keep.isEmpty()) {
            field = "params.keep";
            fix = "add '" + column + "' to " + breaker + "'s keep";
        } else if (fix == null && takesTarget && node.params().get(PipelineValidator.TARGET) == null) {
            fix = "add target: " + column + " at the top of the pipeline or to " + breaker + "'s params (" + breaker + " then leaves it alone)";
        } else if (fix == null && params.get("columns") != null || fix == null && takesTarget) {
            field = "params.columns";
            fix = "list the columns " + breaker + " should change, without '" + column + "'";
        }
        var ownTarget = document.node(consumer).map(n -> n.params().get(PipelineValidator.TARGET) != null).orElse(false);
        String other = ownTarget ? "give node '" + consumer + "' another target" : "change the pipeline's target";
        return new PipelineValidator.Problem(breaker, field, what + ": " + (fix == null ? "" : fix + ", or ") + other);
    }

    private static String named(List<String> columns) {
        var shown = new ArrayList<>(columns.subList(0, Math.min(NAMED, columns.size())));
        return String.join(", ", shown) + (columns.size() > NAMED ? " and " + (columns.size() - NAMED) + " more" : "");
    }
}
