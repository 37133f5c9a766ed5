package io.pipewright.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --set node.param=value} (or {@code node.param.key=value} inside a map parameter such as
 * hyperparameters): the value is read as YAML, so {@code 0.3}, {@code true}, {@code [a, b]} and
 * {@code {trees: 50}} keep their types.
 */
public final class Overrides {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Overrides() {
    }

    public static PipelineDocument apply(PipelineDocument document, List<String> assignments) {
        PipelineDocument result = document;
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new PipelineException("--set " + assignment + ": expected node.param=value");
            }
            String[] path = assignment.substring(0, equals).split("\\.");
            if (path.length < 2) {
                throw new PipelineException("--set " + assignment + ": expected node.param=value");
            }
            String nodeId = path[0];
            var node = result.node(nodeId).orElseThrow(() -> new PipelineException("--set " + assignment + ": no node '" + nodeId + "'"
                    + Names.didYouMean(nodeId, document.nodes().stream().map(PipelineDocument.Node::id).toList())));
            Object value = parse(assignment.substring(equals + 1));
            if (path.length == 2) {
                result = result.withNode(node.withParam(path[1], value));
            } else {
                Object existing = node.params().get(path[1]);
                @SuppressWarnings("unchecked")
                var map = existing instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<String, Object>();
                var inner = map;
                for (int k = 2; k < path.length - 1; k++) {
                    Object next = inner.get(path[k]);
                    @SuppressWarnings("unchecked")
                    var copy = next instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<String, Object>();
                    inner.put(path[k], copy);
                    inner = copy;
                }
                inner.put(path[path.length - 1], value);
                result = result.withNode(node.withParam(path[1], map));
            }
        }
        return result;
    }

    /** A value as typed by a person (on the command line or in the editor's form), read as YAML; text that is not YAML stays text. */
    public static Object parse(String text) {
        try {
            Object value = YAML.readValue(text.isEmpty() ? "''" : text, Object.class);
            return value == null ? text : value;
        } catch (java.io.IOException e) {
            return text;
        }
    }

    /** A value as YAML flow text, which {@link #parse} reads back: {@code [a, b]}, {@code {depth: 3}}, {@code 'a: b'}. */
    public static String text(Object value) {
        if (value instanceof java.util.Map<?, ?> map) {
            var parts = new java.util.ArrayList<String>();
            map.forEach((key, item) -> parts.add(text(String.valueOf(key)) + ": " + text(item)));
            return "{" + String.join(", ", parts) + "}";
        }
        if (value instanceof java.util.List<?> list) {
            return "[" + String.join(", ", list.stream().map(Overrides::text).toList()) + "]";
        }
        if (value instanceof String string) {
            boolean plain = !string.isEmpty() && string.matches("[A-Za-z_./%*-][A-Za-z0-9_./%*() -]*") && !string.endsWith(" ")
                    && parse(string) instanceof String;
            return plain ? string : "'" + string.replace("'", "''") + "'";
        }
        return String.valueOf(value);
    }
}
