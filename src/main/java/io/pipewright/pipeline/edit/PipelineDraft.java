package io.pipewright.pipeline.edit;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineDocument.Node;
import io.pipewright.pipeline.PipelineException;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.PortSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A pipeline being edited: its document, and every edit the editor makes to it as an undoable step.
 * The document is immutable, so an edit is the document before and after it; undo and redo swap
 * them. Connections are refused by the engine's own validator, with its reason. Positions are the
 * nodes' {@code layout} hints ({@code x}, {@code y}), which the engine ignores.
 */
public final class PipelineDraft {
    /** How far apart auto-layout puts stages and nodes, and where it starts. */
    static final double COLUMN = 240;
    static final double ROW = 130;
    static final double MARGIN = 40;
    private static final int HISTORY = 200;

    /** A node's place on the canvas. */
    public record Position(double x, double y) {
    }

    /** One step of the history: what it was called and the document on each side of it. */
    public record Edit(String label, PipelineDocument before, PipelineDocument after) {
    }

    /** How {@link #align} lines nodes up. */
    public enum Alignment { LEFT, TOP }

    private final NodeCatalog catalog;
    private final PipelineValidator validator;
    private final Deque<Edit> undo = new ArrayDeque<>();
    private final Deque<Edit> redo = new ArrayDeque<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private PipelineDocument document;
    private PipelineDocument saved;

    public PipelineDraft(NodeCatalog catalog, PipelineDocument document) {
        this.catalog = catalog;
        this.validator = new PipelineValidator(catalog);
        this.document = document;
        this.saved = document;
    }

    /**
     * The document with a place for every node that has none (a file written by hand), laid out as
     * {@link #autoLayout} would; nodes with a place keep it.
     */
    public static PipelineDocument placed(NodeCatalog catalog, PipelineDocument document) {
        boolean missing = document.nodes().stream().anyMatch(node -> !(node.layout().get("x") instanceof Number) || !(node.layout().get("y") instanceof Number));
        if (!missing) {
            return document;
        }
        var laidOut = new PipelineDraft(catalog, document);
        laidOut.autoLayout();
        var nodes = new ArrayList<Node>();
        for (Node node : document.nodes()) {
            boolean placed = node.layout().get("x") instanceof Number && node.layout().get("y") instanceof Number;
            nodes.add(placed ? node : withLayout(node, position(laidOut.document().node(node.id()).orElseThrow())));
        }
        return with(document, nodes);
    }

    /** A new pipeline with no nodes. */
    public static PipelineDraft empty(NodeCatalog catalog, String name) {
        return new PipelineDraft(catalog, new PipelineDocument(PipelineDocument.API_VERSION, PipelineDocument.KIND, name, null, null, null, List.of()));
    }

    public PipelineDocument document() {
        return document;
    }

    public NodeCatalog catalog() {
        return catalog;
    }

    /** Called after every change of the document: an edit, an undo, a redo. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Whether the document differs from the one last opened or saved. */
    public boolean dirty() {
        return !document.equals(saved);
    }

    /** The document as it is now was written to its file. */
    public void saved() {
        saved = document;
        changed();
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    /** What undo would take back ("Add train"), or null. */
    public String undoLabel() {
        return undo.isEmpty() ? null : undo.peek().label();
    }

    public String redoLabel() {
        return redo.isEmpty() ? null : redo.peek().label();
    }

    public void undo() {
        if (undo.isEmpty()) {
            return;
        }
        Edit edit = undo.pop();
        redo.push(edit);
        document = edit.before();
        changed();
    }

    public void redo() {
        if (redo.isEmpty()) {
            return;
        }
        Edit edit = redo.pop();
        undo.push(edit);
        document = edit.after();
        changed();
    }

    /** The problems the validator finds in the document as it is (files are not looked at). */
    public List<PipelineValidator.Problem> problems() {
        return validator.problems(document);
    }

    /** The problems, with the columns of the data files as {@code files} knows them (relative paths from {@code folder}). */
    public List<PipelineValidator.Problem> problems(java.nio.file.Path folder, io.pipewright.pipeline.FileColumns files) {
        return validator.problems(document, folder, files);
    }

    /** A node type by name. */
    public NodeType type(String name) {
        return catalog.find(name).orElseThrow(() -> new IllegalArgumentException("no node type '" + name + "'"));
    }

    /** Where a node is on the canvas: its layout hints, or the origin when it has none. */
    public static Position position(Node node) {
        return new Position(number(node.layout().get("x")), number(node.layout().get("y")));
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : 0;
    }

    /** Adds a node of the type at a place; returns its id (the type's name, numbered when taken). */
    public String addNode(String typeName, Position at) {
        type(typeName);
        String id = freeId(typeName, document);
        apply("Add " + id, doc -> append(doc, new Node(id, typeName, Map.of(), Map.of(), layout(at))));
        return id;
    }

    /**
     * Adds a node of the type to the right of another and connects the first output of that node
     * that one of its inputs accepts (nothing when none does); returns the new node's id.
     */
    public String addConnected(String typeName, String afterNode) {
        NodeType type = type(typeName);
        Node after = node(afterNode);
        Position from = position(after);
        String id = freeId(typeName, document);
        var inputs = new LinkedHashMap<String, String>();
        NodeType afterType = catalog.find(after.type()).orElse(null);
        if (afterType != null) {
            for (PortSpec input : type.inputs()) {
                afterType.outputs().stream().filter(output -> output.type() == input.type()).findFirst()
                        .ifPresent(output -> inputs.putIfAbsent(input.name(), afterNode + "." + output.name()));
                if (!inputs.isEmpty()) {
                    break;
                }
            }
        }
        Position at = new Position(from.x() + COLUMN, freeRow(from.x() + COLUMN, from.y()));
        apply("Add " + id, doc -> append(doc, new Node(id, typeName, inputs, Map.of(), layout(at))));
        return id;
    }

    /** Removes nodes, and every connection into them from the nodes that stay. */
    public void remove(Collection<String> ids) {
        var gone = new HashSet<>(ids);
        gone.retainAll(ids());
        if (gone.isEmpty()) {
            return;
        }
        apply(gone.size() == 1 ? "Delete " + gone.iterator().next() : "Delete " + gone.size() + " nodes", doc -> {
            var nodes = new ArrayList<Node>();
            for (Node node : doc.nodes()) {
                if (gone.contains(node.id())) {
                    continue;
                }
                var inputs = new LinkedHashMap<String, String>();
                node.inputs().forEach((port, source) -> {
                    if (!gone.contains(sourceNode(source))) {
                        inputs.put(port, source);
                    }
                });
                nodes.add(new Node(node.id(), node.type(), inputs, node.params(), node.layout()));
            }
            return with(doc, nodes);
        });
    }

    /** Why an output may not feed an input, or null when it may: the validator's answer. */
    public String refusal(String fromNode, String fromPort, String toNode, String toPort) {
        return validator.refusal(document, fromNode, fromPort, toNode, toPort);
    }

    /** Connects an output to an input; refused with the validator's reason. */
    public void connect(String fromNode, String fromPort, String toNode, String toPort) {
        String refusal = refusal(fromNode, fromPort, toNode, toPort);
        if (refusal != null) {
            throw new IllegalArgumentException(fromNode + "." + fromPort + " → " + toNode + "." + toPort + ": " + refusal);
        }
        apply("Connect " + fromNode + " → " + toNode, doc -> {
            Node to = doc.node(toNode).orElseThrow();
            var inputs = new LinkedHashMap<>(to.inputs());
            inputs.put(toPort, fromNode + "." + fromPort);
            return doc.withNode(new Node(to.id(), to.type(), inputs, to.params(), to.layout()));
        });
    }

    /** Removes the connection into an input. */
    public void disconnect(String toNode, String toPort) {
        Node to = node(toNode);
        if (!to.inputs().containsKey(toPort)) {
            return;
        }
        apply("Disconnect " + toNode + "." + toPort, doc -> {
            var inputs = new LinkedHashMap<>(to.inputs());
            inputs.remove(toPort);
            return doc.withNode(new Node(to.id(), to.type(), inputs, to.params(), to.layout()));
        });
    }

    /** Puts nodes at new places (a drag, as one step). */
    public void move(Map<String, Position> positions) {
        var moved = new LinkedHashMap<String, Position>();
        positions.forEach((id, at) -> {
            if (document.node(id).isPresent() && !position(document.node(id).get()).equals(at)) {
                moved.put(id, at);
            }
        });
        if (moved.isEmpty()) {
            return;
        }
        apply(moved.size() == 1 ? "Move " + moved.keySet().iterator().next() : "Move " + moved.size() + " nodes", doc -> {
            var nodes = new ArrayList<Node>();
            for (Node node : doc.nodes()) {
                Position at = moved.get(node.id());
                nodes.add(at == null ? node : withLayout(node, at));
            }
            return with(doc, nodes);
        });
    }

    /** Sets a parameter; null takes it out of the file, so that its default applies. */
    public void setParam(String nodeId, String name, Object value) {
        Node node = node(nodeId);
        if (java.util.Objects.equals(node.params().get(name), value) || value == null && !node.params().containsKey(name)) {
            return;
        }
        apply("Set " + nodeId + "." + name, doc -> {
            var params = new LinkedHashMap<>(node.params());
            if (value == null) {
                params.remove(name);
            } else {
                params.put(name, value);
            }
            return doc.withNode(new Node(node.id(), node.type(), node.inputs(), params, node.layout()));
        });
    }

    /** Sets the pipeline's target, which every node with a target parameter takes unless it names its own; null or blank: none. */
    public void setTarget(String column) {
        String value = column == null || column.isBlank() ? null : column.strip();
        if (java.util.Objects.equals(document.target(), value)) {
            return;
        }
        apply(value == null ? "Clear the pipeline's target" : "Set the pipeline's target", doc -> doc.withTarget(value));
    }

    /** Gives a node another id, and every connection from it follows. */
    public void rename(String nodeId, String newId) {
        node(nodeId);
        if (nodeId.equals(newId)) {
            return;
        }
        if (!newId.matches("[A-Za-z_][A-Za-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("'" + newId + "' is not a node id: a letter or _, then letters, digits, _ or -, at most 64");
        }
        if (document.node(newId).isPresent()) {
            throw new IllegalArgumentException("there is already a node '" + newId + "'");
        }
        apply("Rename " + nodeId + " to " + newId, doc -> {
            var nodes = new ArrayList<Node>();
            for (Node node : doc.nodes()) {
                var inputs = new LinkedHashMap<String, String>();
                node.inputs().forEach((port, source) -> inputs.put(port, sourceNode(source).equals(nodeId)
                        ? newId + source.substring(source.indexOf('.')) : source));
                nodes.add(new Node(node.id().equals(nodeId) ? newId : node.id(), node.type(), inputs, node.params(), node.layout()));
            }
            return with(doc, nodes);
        });
    }

    /** The nodes as pipeline text (YAML), with the connections among them: what the clipboard holds. */
    public String copy(Collection<String> ids) {
        var chosen = new LinkedHashSet<>(ids);
        var nodes = new ArrayList<Node>();
        for (Node node : document.nodes()) {
            if (!chosen.contains(node.id())) {
                continue;
            }
            var inputs = new LinkedHashMap<String, String>();
            node.inputs().forEach((port, source) -> {
                if (chosen.contains(sourceNode(source))) {
                    inputs.put(port, source);
                }
            });
            nodes.add(new Node(node.id(), node.type(), inputs, node.params(), node.layout()));
        }
        return PipelineFiles.toYaml(new PipelineDocument(PipelineDocument.API_VERSION, PipelineDocument.KIND, document.name(), null, null, null, nodes));
    }

    /**
     * Adds the nodes of copied pipeline text, shifted by (dx, dy); ids already taken get a number,
     * and connections among the pasted nodes follow them. Returns the new ids; refuses text that is
     * not a pipeline, or that names an unknown node type.
     */
    public List<String> paste(String text, double dx, double dy) {
        PipelineDocument pasted;
        try {
            pasted = PipelineFiles.parse(text, "the clipboard", false);
        } catch (PipelineException | IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("the clipboard holds no pipeline nodes: " + e.getMessage(), e);
        }
        if (pasted.nodes().isEmpty()) {
            throw new IllegalArgumentException("the clipboard holds no pipeline nodes");
        }
        for (Node node : pasted.nodes()) {
            type(node.type());
        }
        var renamed = new HashMap<String, String>();
        var taken = new PipelineDocument(document.apiVersion(), document.kind(), document.name(), null, null, null, new ArrayList<>(document.nodes()));
        var fresh = new ArrayList<Node>();
        for (Node node : pasted.nodes()) {
            String id = document.node(node.id()).isPresent() || renamed.containsValue(node.id()) ? freeId(node.id(), taken) : node.id();
            renamed.put(node.id(), id);
            taken = append(taken, new Node(id, node.type(), Map.of(), Map.of(), Map.of()));
        }
        for (Node node : pasted.nodes()) {
            var inputs = new LinkedHashMap<String, String>();
            node.inputs().forEach((port, source) -> {
                String from = renamed.get(sourceNode(source));
                if (from != null) {
                    inputs.put(port, from + source.substring(source.indexOf('.')));
                }
            });
            Position at = position(node);
            fresh.add(new Node(renamed.get(node.id()), node.type(), inputs, node.params(), layout(new Position(at.x() + dx, at.y() + dy))));
        }
        apply(fresh.size() == 1 ? "Paste " + fresh.get(0).id() : "Paste " + fresh.size() + " nodes", doc -> {
            var nodes = new ArrayList<>(doc.nodes());
            nodes.addAll(fresh);
            return with(doc, nodes);
        });
        return fresh.stream().map(Node::id).toList();
    }

    /**
     * Lays the nodes out in columns by depth (a node one column right of the deepest node it reads
     * from), each column in the order of the file, every place on the grid.
     */
    public void autoLayout() {
        if (document.nodes().isEmpty()) {
            return;
        }
        var depth = new HashMap<String, Integer>();
        for (Node node : document.nodes()) {
            depth(node.id(), depth, new HashSet<>());
        }
        var rows = new HashMap<Integer, Integer>();
        var positions = new LinkedHashMap<String, Position>();
        for (Node node : document.nodes()) {
            int column = depth.get(node.id());
            int row = rows.merge(column, 1, Integer::sum) - 1;
            positions.put(node.id(), new Position(MARGIN + column * COLUMN, MARGIN + row * ROW));
        }
        var moved = new LinkedHashMap<String, Position>();
        positions.forEach((id, at) -> {
            if (!position(document.node(id).orElseThrow()).equals(at)) {
                moved.put(id, at);
            }
        });
        if (moved.isEmpty()) {
            return;
        }
        apply("Auto-layout", doc -> {
            var nodes = new ArrayList<Node>();
            for (Node node : doc.nodes()) {
                nodes.add(withLayout(node, positions.get(node.id())));
            }
            return with(doc, nodes);
        });
    }

    private int depth(String id, Map<String, Integer> depth, Set<String> visiting) {
        Integer known = depth.get(id);
        if (known != null) {
            return known;
        }
        var node = document.node(id).orElse(null);
        if (node == null || !visiting.add(id)) {
            return 0; // a missing source or a cycle (refused when run) does not stop the layout
        }
        int deepest = -1;
        for (String source : node.inputs().values()) {
            deepest = Math.max(deepest, depth(sourceNode(source), depth, visiting));
        }
        visiting.remove(id);
        depth.put(id, deepest + 1);
        return deepest + 1;
    }

    /** Lines nodes up on the left edge or the top edge of the first of them. */
    public void align(Collection<String> ids, Alignment alignment) {
        var nodes = ids.stream().map(this::node).toList();
        if (nodes.size() < 2) {
            return;
        }
        Position first = position(nodes.get(0));
        var positions = new LinkedHashMap<String, Position>();
        for (Node node : nodes) {
            Position at = position(node);
            positions.put(node.id(), alignment == Alignment.LEFT ? new Position(first.x(), at.y()) : new Position(at.x(), first.y()));
        }
        move(positions);
    }

    /** The ids of the nodes, in the file's order. */
    public List<String> ids() {
        return document.nodes().stream().map(Node::id).toList();
    }

    private Node node(String id) {
        return document.node(id).orElseThrow(() -> new IllegalArgumentException("no node '" + id + "'"));
    }

    private void apply(String label, UnaryOperator<PipelineDocument> edit) {
        PipelineDocument before = document;
        PipelineDocument after = edit.apply(before);
        if (after.equals(before)) {
            return;
        }
        undo.push(new Edit(label, before, after));
        while (undo.size() > HISTORY) {
            undo.removeLast();
        }
        redo.clear();
        document = after;
        changed();
    }

    private void changed() {
        List.copyOf(listeners).forEach(Runnable::run);
    }

    /** A row in the column at x that no node takes, at y or below. */
    private double freeRow(double x, double y) {
        double at = y;
        boolean taken = true;
        while (taken) {
            taken = false;
            for (Node node : document.nodes()) {
                Position p = position(node);
                if (Math.abs(p.x() - x) < COLUMN / 2 && Math.abs(p.y() - at) < ROW / 2) {
                    taken = true;
                    at += ROW;
                    break;
                }
            }
        }
        return at;
    }

    static String sourceNode(String source) {
        int dot = source.indexOf('.');
        return dot < 0 ? source : source.substring(0, dot);
    }

    private static String freeId(String base, PipelineDocument doc) {
        String stem = base.replaceAll("[^A-Za-z0-9_-]", "_").replaceAll("\\d+$", "");
        if (stem.isEmpty() || !Character.isLetter(stem.charAt(0)) && stem.charAt(0) != '_') {
            stem = "node" + stem;
        }
        if (doc.node(base).isEmpty() && base.matches("[A-Za-z_][A-Za-z0-9_-]{0,63}")) {
            return base;
        }
        for (int n = 2; ; n++) {
            String id = stem + n;
            if (doc.node(id).isEmpty()) {
                return id;
            }
        }
    }

    private static Map<String, Object> layout(Position at) {
        var layout = new LinkedHashMap<String, Object>();
        layout.put("x", round(at.x()));
        layout.put("y", round(at.y()));
        return layout;
    }

    /** Whole numbers stay whole in the file ({@code x: 120}, not {@code x: 120.0}), as the Integer a file read gives back. */
    private static Number round(double value) {
        double rounded = Math.rint(value * 10) / 10;
        return rounded == Math.rint(rounded) && Math.abs(rounded) < Integer.MAX_VALUE ? (Number) (int) rounded : (Number) rounded;
    }

    private static Node withLayout(Node node, Position at) {
        var layout = new LinkedHashMap<>(node.layout());
        layout.putAll(layout(at));
        return new Node(node.id(), node.type(), node.inputs(), node.params(), layout);
    }

    private static PipelineDocument append(PipelineDocument doc, Node node) {
        var nodes = new ArrayList<>(doc.nodes());
        nodes.add(node);
        return with(doc, nodes);
    }

    private static PipelineDocument with(PipelineDocument doc, List<Node> nodes) {
        return doc.withNodes(nodes);
    }
}
