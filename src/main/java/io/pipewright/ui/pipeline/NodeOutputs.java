package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.Evaluation;
import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PortType;
import io.pipewright.train.PermutationImportance;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.Tuner;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.work.NumberText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the editor says about the outputs of the last run, without a control in sight: a line about
 * each (a table's size, an evaluation's headline metrics, a model's algorithm and target, a study's
 * best trial), the rows a model's feature importances are measured on, and that measure, in the
 * background.
 */
final class NodeOutputs {
    /** Rows the importances are measured on, at most (a seeded sample of more). */
    static final int IMPORTANCE_ROWS = 2_000;
    private static final int IMPORTANCE_REPEATS = 3;

    private final PipelineEditorViewModel editor;

    NodeOutputs(PipelineEditorViewModel editor) {
        this.editor = editor;
    }

    /** An output of the last run: where it came from and what it is. */
    record Output(String node, String port, Object value) {
        String name() {
            return node + "." + port;
        }
    }

    /** Every output of the last run, in the pipeline's order. */
    List<Output> all() {
        var found = new ArrayList<Output>();
        for (PipelineDocument.Node node : editor.document().nodes()) {
            var type = editor.catalog().find(node.type()).orElse(null);
            if (type == null) {
                continue;
            }
            type.outputs().forEach(port -> editor.output(node.id(), port.name()).ifPresent(value -> found.add(new Output(node.id(), port.name(), value))));
        }
        return found;
    }

    /** One line about an output: its kind and what matters most about it. */
    static String describe(Object value) {
        if (value instanceof DataTable data) {
            return String.format(Locale.US, "table · %,d rows × %d columns", data.table().rowCount(), data.table().columnCount());
        }
        if (value instanceof Evaluation evaluation) {
            var text = new StringBuilder("metrics");
            evaluation.metrics().entrySet().stream().filter(entry -> entry.getValue() != null && Double.isFinite(entry.getValue())).limit(3)
                    .forEach(entry -> text.append(" · ").append(entry.getKey()).append(' ').append(NumberText.precise(entry.getValue())));
            return text.append(String.format(Locale.US, " (%,d rows)", evaluation.rows())).toString();
        }
        if (value instanceof TrainedModel model) {
            return String.format(Locale.US, "model · %s %s of %s, %d feature columns, trained on %,d rows", model.algorithm(),
                    model.task().name().toLowerCase(Locale.ROOT), model.target(), model.encoding().columns().size(), model.trainingRows());
        }
        if (value instanceof Tuner.Study study) {
            long pruned = study.trials().stream().filter(trial -> trial.state().equals("pruned")).count();
            return String.format(Locale.US, "trials · %d (%d pruned), best trial %d: %s %s", study.trials().size(), pruned, study.best().number(),
                    study.metric(), NumberText.precise(study.best().value()));
        }
        return value == null ? "nothing" : value.getClass().getSimpleName();
    }

    /** The rows a model is measured on, and what they are called ("split.test"). */
    record Rows(String name, DataTable table, int applied) {
    }

    /**
     * The rows to measure a model's feature importances on: those a node scores it on (the table input
     * of a node whose model input reads it: rows it did not train on), else the rows it learned from,
     * held-out ones first ({@link io.pipewright.pipeline.NodeType#trainingInputs()}); empty when none of
     * them went through the same preprocessing as the model's training rows.
     */
    Optional<Rows> importanceRows(String nodeId, String port, TrainedModel model) {
        String source = nodeId + "." + port;
        var candidates = new ArrayList<String>();
        for (PipelineDocument.Node node : editor.document().nodes()) {
            var type = editor.catalog().find(node.type()).orElse(null);
            if (type != null && connected(node, type, PortType.MODEL).contains(source)) {
                candidates.addAll(connected(node, type, PortType.TABLE));
            }
        }
        editor.document().node(nodeId).ifPresent(node -> editor.catalog().find(node.type()).ifPresent(type -> type.trainingInputs().forEach(input -> {
            if (node.inputs().get(input) != null) {
                candidates.add(node.inputs().get(input));
            }
        })));
        for (String candidate : candidates) {
            int dot = candidate.lastIndexOf('.');
            var table = editor.table(candidate.substring(0, dot), candidate.substring(dot + 1));
            if (table.isPresent() && table.get().table().containsColumn(model.target())) {
                var steps = table.get().steps();
                if (steps.size() <= model.steps().size() && model.steps().subList(0, steps.size()).equals(steps)) {
                    return Optional.of(new Rows(candidate, table.get(), steps.size()));
                }
            }
        }
        return Optional.empty();
    }

    /** What a node's connected inputs of a type read ({@code node.port}), in the order of its ports. */
    private static List<String> connected(PipelineDocument.Node node, NodeType type, PortType portType) {
        return type.inputs().stream().filter(port -> port.type() == portType && node.inputs().get(port.name()) != null)
                .map(port -> node.inputs().get(port.name())).toList();
    }

    /** Measures a model's permutation importances on those rows in the background; the answer (or why not) on the FX thread. */
    void importances(TrainedModel model, Rows rows, long seed, Consumer<PermutationImportance.Result> done, Consumer<String> failed) {
        editor.executor().execute(BackgroundTask.of("Measuring feature importances on " + rows.name(),
                        progress -> PermutationImportance.of(model, rows.table().table(), rows.applied(), IMPORTANCE_ROWS, IMPORTANCE_REPEATS, seed, progress))
                .onSuccess(done)
                .onFailure(error -> failed.accept(error.getMessage() == null ? error.toString() : error.getMessage())));
    }

    /** A model's particulars, in the order a person asks for them. */
    static Map<String, String> particulars(TrainedModel model) {
        var rows = new java.util.LinkedHashMap<String, String>();
        rows.put("Algorithm", model.algorithm());
        rows.put("Task", model.task().name().toLowerCase(Locale.ROOT));
        rows.put("Target", model.target());
        if (!model.labels().isEmpty()) {
            rows.put("Classes", String.join(", ", model.labels()));
        }
        rows.put("Trained on", String.format(Locale.US, "%,d rows", model.trainingRows()));
        var hyperparameters = new StringBuilder();
        new java.util.TreeMap<>(model.hyperparameters() == null ? Map.<String, Object>of() : model.hyperparameters()).forEach((name, value) -> hyperparameters.append(hyperparameters.isEmpty() ? "" : ", ")
                .append(name).append(' ').append(value instanceof Double number ? NumberText.precise(number) : value));
        rows.put("Hyperparameters", hyperparameters.isEmpty() ? "the algorithm's defaults" : hyperparameters.toString());
        rows.put("Reads", model.inputs().size() + " columns: " + String.join(", ", model.inputs().stream().map(input -> input.name()).toList()));
        rows.put("Preprocessing", model.steps().isEmpty() ? "none before its own encoding"
                : String.join(" → ", model.steps().stream().map(step -> step.getClass().getSimpleName().toLowerCase(Locale.ROOT)).toList()));
        rows.put("Feature columns", String.valueOf(model.encoding().columns().size()));
        return rows;
    }
}
