package io.pipewright.ui.pipeline;

import io.pipewright.export.cluster.ClusterPlan;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.edit.PipelineDraft;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The DAG a cluster runs, laid out as the canvas lays out the pipeline: each node's task where the node
 * is (its column and row on the canvas, in the same order), a tune node as the stack of its trial tasks
 * with its select task beside it, and an arrow for each dependency. Pure geometry, computed off the FX
 * thread; {@link TaskGraph} draws it.
 *
 * @param boxes one per node task, select task and trial stack
 * @param edges the dependencies between boxes (a stack's own batches, one after the other, are inside it)
 * @param width the room the boxes take
 * @param height the room the boxes take
 */
public record ClusterGraph(List<Box> boxes, List<Edge> edges, double width, double height) {
    static final double BOX_WIDTH = 156;
    static final double BOX_HEIGHT = 66;
    static final double GAP_X = 34;
    static final double GAP_Y = 26;
    static final double MARGIN = 16;
    /** How far apart two canvas positions must be to count as two columns (or rows): nodes dragged by hand are rarely aligned. */
    private static final double SAME_COLUMN = 90;
    private static final double SAME_ROW = 50;

    public enum Shape { NODE, TRIALS, SELECT }

    /**
     * One box: {@code id} names it uniquely (a task's name, or {@code <select task>-trials} for a stack),
     * {@code task} is the task chosen when it is clicked.
     */
    public record Box(String id, String task, String nodeId, Shape shape, String title, String detail, boolean gpu, double x, double y) {
    }

    public record Edge(String from, String to) {
    }

    public ClusterGraph {
        boxes = List.copyOf(boxes);
        edges = List.copyOf(edges);
    }

    /** The graph of {@code plan}, with the nodes where {@code document} places them (a node without a place is laid out as the editor lays it out). */
    public static ClusterGraph of(ClusterPlan plan, PipelineDocument document, io.pipewright.pipeline.NodeCatalog catalog) {
        PipelineDocument placed = PipelineDraft.placed(catalog, document);
        Map<String, PipelineDraft.Position> at = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        placed.nodes().forEach(node -> {
            at.put(node.id(), PipelineDraft.position(node));
            types.put(node.id(), node.type());
        });
        Map<String, List<ClusterPlan.Task>> trials = new LinkedHashMap<>();
        Set<String> tuned = new LinkedHashSet<>();
        for (ClusterPlan.Task task : plan.tasks()) {
            if (task.kind() == ClusterPlan.Kind.TRIALS) {
                trials.computeIfAbsent(task.nodeId(), id -> new ArrayList<>()).add(task);
                tuned.add(task.nodeId());
            }
        }
        List<Double> columns = bands(at.values().stream().map(PipelineDraft.Position::x).toList(), SAME_COLUMN);
        List<Double> rows = bands(at.values().stream().map(PipelineDraft.Position::y).toList(), SAME_ROW);
        // a column holding a tune node is two boxes wide: its trials, then its select task
        var left = new double[columns.size() + 1];
        left[0] = MARGIN;
        for (int c = 0; c < columns.size(); c++) {
            int column = c;
            boolean wide = tuned.stream().anyMatch(id -> band(columns, at.get(id).x()) == column);
            left[c + 1] = left[c] + (wide ? 2 : 1) * (BOX_WIDTH + GAP_X);
        }
        var boxes = new ArrayList<Box>();
        Map<String, String> boxOfTask = new HashMap<>();
        for (ClusterPlan.Task task : plan.tasks()) {
            PipelineDraft.Position position = at.getOrDefault(task.nodeId(), new PipelineDraft.Position(0, 0));
            double x = left[band(columns, position.x())];
            double y = MARGIN + band(rows, position.y()) * (BOX_HEIGHT + GAP_Y);
            switch (task.kind()) {
                case TRIALS -> {
                    String id = plan.taskOf(task.nodeId()) + "-trials";
                    boxOfTask.put(task.name(), id);
                    List<ClusterPlan.Task> batches = trials.get(task.nodeId());
                    if (batches.get(0) == task) {
                        boxes.add(new Box(id, task.name(), task.nodeId(), Shape.TRIALS, id, stackLabel(batches, plan.parallelism()), task.gpu(), x, y));
                    }
                }
                case SELECT -> {
                    boxOfTask.put(task.name(), task.name());
                    boxes.add(new Box(task.name(), task.name(), task.nodeId(), Shape.SELECT, task.name(), "best trial, refit", task.gpu(),
                            x + BOX_WIDTH + GAP_X, y));
                }
                case NODE -> {
                    boxOfTask.put(task.name(), task.name());
                    boxes.add(new Box(task.name(), task.name(), task.nodeId(), Shape.NODE, task.name(), types.getOrDefault(task.nodeId(), ""),
                            task.gpu(), x, y));
                }
            }
        }
        var edges = new LinkedHashSet<Edge>();
        for (ClusterPlan.Task task : plan.tasks()) {
            String to = boxOfTask.get(task.name());
            for (String dependency : task.dependencies()) {
                String from = boxOfTask.get(dependency);
                if (from != null && !from.equals(to)) {
                    edges.add(new Edge(from, to));
                }
            }
        }
        double width = boxes.stream().mapToDouble(box -> box.x() + BOX_WIDTH).max().orElse(0) + MARGIN;
        double height = boxes.stream().mapToDouble(box -> box.y() + BOX_HEIGHT).max().orElse(0) + MARGIN;
        return new ClusterGraph(boxes, new ArrayList<>(edges), width, height);
    }

    /**
     * "16 trials ×2 at once" for one fan-out; for several (TPE, or a pruner: each batch after the one before),
     * "20 trials, 6 batches" and how many run together: the start-up batch, then the tune node's {@code parallel}.
     */
    static String stackLabel(List<ClusterPlan.Task> batches, int parallelism) {
        int trials = batches.stream().mapToInt(task -> task.trials().count()).sum();
        if (batches.size() == 1) {
            return trials + " trial" + (trials == 1 ? "" : "s") + " ×" + Math.min(parallelism, trials) + " at once";
        }
        int width = batches.stream().skip(1).mapToInt(task -> task.trials().count()).max().orElse(1);
        return trials + " trials, " + batches.size() + " batches\n" + batches.get(0).trials().count() + ", then " + width + " at a time";
    }

    /** The distinct positions, nearby ones taken as one band, in order. */
    private static List<Double> bands(List<Double> positions, double same) {
        var sorted = new TreeSet<>(positions);
        var bands = new ArrayList<Double>();
        for (double position : sorted) {
            if (bands.isEmpty() || position - bands.get(bands.size() - 1) >= same) {
                bands.add(position);
            }
        }
        return bands;
    }

    private static int band(List<Double> bands, double position) {
        int found = 0;
        for (int i = 0; i < bands.size(); i++) {
            if (position >= bands.get(i)) {
                found = i;
            }
        }
        return found;
    }

    /** The box named, or null. */
    public Box box(String id) {
        return boxes.stream().filter(box -> box.id().equals(id)).findFirst().orElse(null);
    }
}
