package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.Evaluation;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.train.BaselineGuesses;
import io.pipewright.train.Metrics;
import io.pipewright.train.Task;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Scores a model on a table and computes its metrics, beside simple baselines. */
final class EvaluateNode extends BaseNode {
    EvaluateNode() {
        super("evaluate", "Evaluate", "Scores the model on rows it did not train on. Classification: accuracy, precision_macro, "
                        + "recall_macro, f1_macro, f1_weighted, roc_auc, pr_auc, log_loss and the confusion matrix; regression: rmse, mae, "
                        + "r2, mape. Baselines beside it: majority class and stratified guessing, or the training mean. Rows whose target "
                        + "is missing are left out; a class the model never saw counts as wrong.",
                List.of(PortSpec.required("model", PortType.MODEL, "the model to score"),
                        PortSpec.required("table", PortType.TABLE, "rows with the target column")),
                List.of(PortSpec.required("metrics", PortType.METRICS, "the metrics")),
                List.of());
    }

    @Override
    public boolean producesEvaluation() {
        return true;
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        TrainedModel model = context.input("model");
        DataTable input = context.input("table");
        Table table = input.table();
        if (!table.containsColumn(model.target())) {
            throw context.problem("inputs.table", "the table has no column '" + model.target() + "', the model's target");
        }
        Column<?> target = table.column(model.target());
        if (target.countMissing() > 0) {
            table = table.where(target.isNotMissing());
            target = table.column(model.target());
        }
        if (table.rowCount() == 0) {
            throw context.problem("inputs.table", "no rows to evaluate on (the target is missing in every row)");
        }
        int applied = applied(context, model, input);
        try {
            Evaluation evaluation = model.task() == Task.CLASSIFICATION ? classification(model, table, target, applied, context.seed())
                    : regression(model, table, target, applied);
            // the rows travel with the metrics (in memory), so that a register node gates the model on them
            var rows = new io.pipewright.pipeline.gate.Holdout(table, input.steps().subList(0, applied),
                    String.format(java.util.Locale.ROOT, "the %,d rows evaluate node '%s' scored", table.rowCount(), context.nodeId()));
            return Map.of("metrics", evaluation.withHoldout(rows));
        } catch (IllegalArgumentException e) {
            throw context.problem("inputs.table", e.getMessage());
        }
    }

    /**
     * How many of the model's preprocessing steps the table already went through: those it shares
     * with the training rows, from the first (a split after them; none for raw rows). The model
     * applies the rest.
     */
    private static int applied(NodeContext context, TrainedModel model, DataTable input) {
        List<io.pipewright.train.Step> steps = input.steps();
        if (steps.size() <= model.steps().size() && model.steps().subList(0, steps.size()).equals(steps)) {
            return steps.size();
        }
        throw context.problem("inputs.table", "the table went through other preprocessing than the model's training rows: "
                + "evaluate on rows split after the same steps, or on raw rows");
    }

    static Evaluation classification(TrainedModel model, Table table, Column<?> target, int applied, long seed) {
        List<String> labels = new ArrayList<>(model.labels());
        var truth = new int[table.rowCount()];
        for (int i = 0; i < truth.length; i++) {
            String label = Trainer.labelOf(target, i, model.labels());
            int k = labels.indexOf(label);
            if (k < 0) {
                labels.add(label); // a class unseen in training: never predicted, so always wrong
                k = labels.size() - 1;
            }
            truth[i] = k;
        }
        int classes = labels.size();
        double[][] known = model.probabilities(table, applied);
        var probabilities = new double[truth.length][classes];
        var predicted = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            System.arraycopy(known[i], 0, probabilities[i], 0, known[i].length);
            predicted[i] = BaselineGuesses.mostLikely(known[i]);
        }
        Map<String, Double> metrics = Metrics.classification(truth, predicted, probabilities, classes);
        var baselines = new LinkedHashMap<String, Map<String, Double>>();
        double[] priors = model.priors();
        int majority = BaselineGuesses.mostLikely(priors);
        var constant = new int[truth.length];
        var constantProbabilities = new double[truth.length][classes];
        int[] stratified = BaselineGuesses.stratified(priors, truth.length, seed);
        for (int i = 0; i < truth.length; i++) {
            constant[i] = majority;
            System.arraycopy(priors, 0, constantProbabilities[i], 0, priors.length);
        }
        baselines.put("majority", Metrics.classification(truth, constant, constantProbabilities, classes));
        baselines.put("stratified", Metrics.classification(truth, stratified, constantProbabilities, classes));
        return new Evaluation("classification", metrics, baselines, labels, Metrics.confusionMatrix(truth, predicted, classes), truth.length,
                curves(truth, probabilities, labels));
    }

    static Evaluation regression(TrainedModel model, Table table, Column<?> target, int applied) {
        if (!(target instanceof NumericColumn<?> numbers)) {
            throw new IllegalArgumentException("target '" + model.target() + "' is not numeric here");
        }
        var truth = new double[table.rowCount()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = numbers.getDouble(i);
        }
        double[] predicted = model.values(table, applied);
        var mean = new double[truth.length];
        java.util.Arrays.fill(mean, model.priors()[0]);
        return new Evaluation("regression", Metrics.regression(truth, predicted), Map.of("mean", Metrics.regression(truth, mean)), List.of(),
                null, truth.length, Map.of());
    }

    /** One-vs-rest curves per class that has both positive and negative rows (the positive class alone for two). */
    private static Map<String, Evaluation.Curves> curves(int[] truth, double[][] probabilities, List<String> labels) {
        var curves = new LinkedHashMap<String, Evaluation.Curves>();
        for (int k = labels.size() == 2 ? 1 : 0; k < labels.size(); k++) {
            int positive = k;
            long positives = java.util.Arrays.stream(truth).filter(t -> t == positive).count();
            if (positives == 0 || positives == truth.length) {
                continue;
            }
            var scores = new double[truth.length];
            for (int i = 0; i < truth.length; i++) {
                scores[i] = probabilities[i][k];
            }
            curves.put(labels.get(k), new Evaluation.Curves(Metrics.roc(truth, scores, k), Metrics.precisionRecall(truth, scores, k)));
        }
        return curves;
    }
}
