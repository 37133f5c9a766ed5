package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.Evaluation;
import io.pipewright.train.Task;
import io.pipewright.train.TrainedModel;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** An evaluate node's scoring outside a pipeline: a model against raw, labelled rows (a monitor's newly labelled data). */
public final class Evaluations {
    private Evaluations() {
    }

    /** The model's metrics on the rows whose target is present; fails when the table has no target column or no labelled row. */
    public static Evaluation onRawRows(TrainedModel model, Table table, long seed) {
        if (!table.containsColumn(model.target())) {
            throw new IllegalArgumentException("the rows have no column '" + model.target() + "', the model's target");
        }
        Column<?> target = table.column(model.target());
        Table labelled = target.countMissing() > 0 ? table.where(target.isNotMissing()) : table;
        if (labelled.rowCount() == 0) {
            throw new IllegalArgumentException("no labelled rows (the target '" + model.target() + "' is missing in every row)");
        }
        Column<?> truth = labelled.column(model.target());
        return model.task() == Task.CLASSIFICATION ? EvaluateNode.classification(model, labelled, truth, 0, seed)
                : EvaluateNode.regression(model, labelled, truth, 0);
    }
}
