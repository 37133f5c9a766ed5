package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.train.Algorithm;
import io.pipewright.train.Algorithms;
import io.pipewright.train.Task;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Fits a model on the training rows. */
final class TrainNode extends BaseNode {
    TrainNode() {
        super("train", "Train", "Fits a model. Without impute or encode nodes before it, it handles raw data itself: missing numbers take "
                        + "the training median, text columns become one 0/1 column per frequent level (at most 30), identifier-like text "
                        + "columns are left out.",
                List.of(PortSpec.required("train", PortType.TABLE, "training rows"),
                        PortSpec.optional("valid", PortType.TABLE, "validation rows: learning curves and early stopping")),
                List.of(PortSpec.required("model", PortType.MODEL, "the fitted model with its preprocessing"),
                        PortSpec.optional("cv", PortType.METRICS, "k-fold cross-validation (when cv_folds > 0): each metric's mean, and its standard deviation as the baseline 'std'")),
                List.of(ParamSpec.required("target", ParamSpec.Kind.COLUMN, "the column to predict (or the pipeline's target)"),
                        ParamSpec.choice("algorithm", "random_forest", Algorithms.names(), "the learning algorithm"),
                        ParamSpec.optional("hyperparameters", ParamSpec.Kind.MAP, null, "the algorithm's hyperparameters (pipewright algorithms)"),
                        ParamSpec.choice("task", "auto", List.of("auto", "classification", "regression"),
                                "auto: classification for text, boolean or whole-number targets with at most 20 values"),
                        ParamSpec.optional("exclude", ParamSpec.Kind.COLUMNS, null, "columns not to learn from"),
                        ParamSpec.number("cv_folds", ParamSpec.Kind.INTEGER, 0, 0.0, 50.0,
                                "k-fold cross-validation on the training rows before the final fit (stratified for classification); 0 for none")));
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        Algorithm algorithm = Algorithms.find((String) params.get("algorithm")).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> given = params.get("hyperparameters") == null ? Map.of() : (Map<String, Object>) params.get("hyperparameters");
        algorithm.check(given);
        if (((Number) params.get("cv_folds")).intValue() == 1) {
            throw new IllegalArgumentException("cv_folds must be 0 (none) or at least 2, not 1");
        }
    }

    @Override
    public List<String> trainingInputs() {
        return List.of("valid", "train");
    }

    @Override
    public String targetUsed(Map<String, Object> params) {
        return text(params, "target");
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable train = context.input("train");
        DataTable valid = context.input("valid");
        String target = context.string("target");
        Tables.requireColumns(context, "target", train.table(), List.of(target));
        Tables.requireColumns(context, "exclude", train.table(), context.columns("exclude"));
        String task = context.string("task");
        var request = new Trainer.Request(target, context.string("algorithm"), context.map("hyperparameters"),
                task.equals("auto") ? null : Task.valueOf(task.toUpperCase(Locale.ROOT)), context.columns("exclude"), context.seed(),
                train.sources().isEmpty() ? null : train.sources().get(0), train.steps(), train.origin());
        context.progress(0, "training " + request.algorithm());
        TrainedModel model;
        var outputs = new java.util.LinkedHashMap<String, Object>();
        try {
            int folds = (int) context.integer("cv_folds");
            if (folds > 0) {
                var cv = Trainer.crossValidate(train.table(), request, folds, new TrainingListener() {
                    @Override
                    public void iteration(int step, int total, Map<String, Double> metrics) {
                        context.progress(0.5 * step / total, "cross-validation fold " + step + " of " + total);
                    }

                    @Override
                    public boolean cancelled() {
                        return context.work().isCancelled();
                    }
                });
                cv.mean().forEach((key, value) -> context.metric("cv_" + key + "_mean", 0, value));
                cv.std().forEach((key, value) -> context.metric("cv_" + key + "_std", 0, value));
                outputs.put("cv", new io.pipewright.pipeline.Evaluation(Trainer.taskOf(train.table().column(target)).id(), cv.mean(),
                        Map.of("std", cv.std()), List.of(), null, train.rows(), Map.of()));
            }
            model = Trainer.fit(train.table(), valid == null ? null : valid.table(), request, new TrainingListener() {
                @Override
                public void iteration(int step, int total, Map<String, Double> metrics) {
                    metrics.forEach((key, value) -> context.metric(key, step, value));
                    context.progress((double) step / Math.max(1, total), step + " of " + total);
                }

                @Override
                public boolean cancelled() {
                    return context.work().isCancelled();
                }
            });
        } catch (IllegalArgumentException e) {
            throw context.problem(null, e.getMessage());
        }
        outputs.put("model", model);
        return outputs;
    }
}
