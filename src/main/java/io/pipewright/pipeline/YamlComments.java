package io.pipewright.pipeline;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Keeps the comments of a pipeline file written by hand when the editor writes it again: the
 * comments of the old text are carried to the same places in the new one: a key's comments by its
 * path ({@code nodes[train].params.target}, list items of {@code nodes} by their id), the file's
 * first and last comments as they were. A comment whose place is gone (a deleted node) goes with it.
 */
public final class YamlComments {
    private YamlComments() {
    }

    /** The new YAML text with the old text's comments where their keys still are; the new text as it is when the old one has none or does not parse. */
    public static String carry(String oldText, String newText) {
        if (oldText == null || !oldText.contains("#")) {
            return newText;
        }
        try {
            Node old = compose(oldText);
            Node fresh = compose(newText);
            if (old == null || fresh == null) {
                return newText;
            }
            var comments = new HashMap<String, Node>();
            collect(old, "", comments);
            apply(fresh, "", comments);
            fresh.setBlockComments(old.getBlockComments());
            fresh.setEndComments(old.getEndComments());
            var options = new DumperOptions();
            options.setProcessComments(true);
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setIndent(2);
            options.setIndicatorIndent(0);
            options.setWidth(120);
            var out = new StringWriter();
            new Yaml(options).serialize(fresh, out);
            return out.toString();
        } catch (RuntimeException e) {
            // a comment SnakeYAML cannot place: the pipeline matters more than its comments
            return newText;
        }
    }

    private static Node compose(String text) {
        var options = new LoaderOptions();
        options.setProcessComments(true);
        return new Yaml(options).compose(new StringReader(text));
    }

    /** Every key node (and the value nodes of list items) by its path. */
    private static void collect(Node node, String path, Map<String, Node> into) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String at = path + "." + key.getValue();
                    into.put(at, key);
                    into.put(at + "=", tuple.getValueNode());
                    collect(tuple.getValueNode(), at, into);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                String at = path + "[" + itemName(items.get(i), i) + "]";
                into.put(at, items.get(i));
                collect(items.get(i), at, into);
            }
        }
    }

    private static void apply(Node node, String path, Map<String, Node> comments) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String at = path + "." + key.getValue();
                    copy(comments.get(at), key);
                    copy(comments.get(at + "="), tuple.getValueNode());
                    apply(tuple.getValueNode(), at, comments);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                String at = path + "[" + itemName(items.get(i), i) + "]";
                Node item = items.get(i);
                Node old = comments.get(at);
                if (old != null && old.getInLineComments() != null) {
                    item.setInLineComments(old.getInLineComments());
                }
                apply(item, at, comments);
                // the comment above a list item (SnakeYAML keeps it on the item or its first key) would be written after
                // the item's dash: it goes on what comes just before the item, the list itself or the previous item's last value
                var above = new java.util.ArrayList<CommentLine>();
                if (item instanceof MappingNode mapping && !mapping.getValue().isEmpty()) {
                    Node firstKey = mapping.getValue().get(0).getKeyNode();
                    if (firstKey.getBlockComments() != null) {
                        above.addAll(firstKey.getBlockComments());
                        firstKey.setBlockComments(null);
                    }
                }
                if (above.isEmpty() && old != null && old.getBlockComments() != null) {
                    above.addAll(old.getBlockComments());
                }
                if (!above.isEmpty()) {
                    if (i == 0) {
                        sequence.setBlockComments(above);
                    } else {
                        Node before = items.get(i - 1);
                        var lines = new java.util.ArrayList<CommentLine>(before.getEndComments() == null ? List.of() : before.getEndComments());
                        lines.addAll(above);
                        before.setEndComments(lines);
                    }
                }
            }
        }
    }

    /** The last value inside a node: where a comment that follows it is written. */
    private static Node last(Node node) {
        if (node instanceof MappingNode mapping && !mapping.getValue().isEmpty()) {
            return last(mapping.getValue().get(mapping.getValue().size() - 1).getValueNode());
        }
        if (node instanceof SequenceNode sequence && !sequence.getValue().isEmpty()) {
            return last(sequence.getValue().get(sequence.getValue().size() - 1));
        }
        return node;
    }

    /** A list item's name in a path: the node's id for the nodes of a pipeline, else its position. */
    private static String itemName(Node item, int index) {
        if (item instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("id") && tuple.getValueNode() instanceof ScalarNode id) {
                    return "id=" + id.getValue();
                }
            }
        }
        return Integer.toString(index);
    }

    private static void copy(Node from, Node to) {
        if (from == null) {
            return;
        }
        List<CommentLine> block = from.getBlockComments();
        List<CommentLine> inline = from.getInLineComments();
        List<CommentLine> end = from.getEndComments();
        if (block != null && !block.isEmpty()) {
            to.setBlockComments(block);
        }
        if (inline != null && !inline.isEmpty()) {
            to.setInLineComments(inline);
        }
        if (end != null && !end.isEmpty()) {
            to.setEndComments(end);
        }
    }
}
