package io.pipewright.pipeline.added;

import io.pipewright.data.TableLoader;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.DatasetParams;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.pipeline.nodes.BaseNode;
import io.pipewright.pipeline.nodes.Evaluations;
import io.pipewright.train.TrainedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node type that exists only in the tests, to show that adding one is this class and one line in a
 * catalog: it reads a dataset file of labelled rows kept apart from the pipeline's data, scores a
 * model on them, and outputs the evaluation and the rows.
 */
public final class ScoreFileNode extends BaseNode {
    private static final DatasetParams DATASET = new DatasetParams("path", "na");

    public ScoreFileNode() {
        super("score_file", "Evaluate", "Scores the model on labelled rows read from a dataset file kept apart from the pipeline's data.",
                List.of(PortSpec.required("model", PortType.MODEL, "the model to score")),
                List.of(PortSpec.required("metrics", PortType.METRICS, "the model's metrics on the file's rows"),
                        PortSpec.required("table", PortType.TABLE, "the file's rows")),
                List.of(ParamSpec.required("path", ParamSpec.Kind.PATH, "the file, relative to the pipeline file"),
                        ParamSpec.optional("na", ParamSpec.Kind.COLUMNS, null, "values that mean missing, besides empty fields")));
    }

    @Override
    public Optional<DatasetParams> dataset() {
        return Optional.of(DATASET);
    }

    @Override
    public boolean producesEvaluation() {
        return true;
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        TrainedModel model = context.input("model");
        var file = DATASET.file(context.params(), context.folder()).orElseThrow();
        TableLoader.Loaded loaded = TableLoader.read(DATASET.reader(file, context.params()));
        try {
            return Map.of("metrics", Evaluations.onRawRows(model, loaded.table(), context.seed()), "table", DataTable.read(loaded.table(), loaded.sha256()));
        } catch (IllegalArgumentException e) {
            throw context.problem("params.path", e.getMessage());
        }
    }
}
