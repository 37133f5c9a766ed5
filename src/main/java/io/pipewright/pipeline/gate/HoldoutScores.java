package io.pipewright.pipeline.gate;

import io.pipewright.train.Metrics;
import io.pipewright.train.Task;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The labelled rows of a holdout as the gates see them: each row's truth in one label space shared by every model
 * compared (a classifier's labels in the candidate's order, then the holder's others, then classes neither saw),
 * and each model's predictions in that space, so that metrics on any subset of rows (a bootstrap resample) compare
 * the models on exactly the same rows.
 */
final class HoldoutScores {
    final Task task;
    final Table rows;
    final List<String> labels;
    final int[] classTruth;
    final double[] valueTruth;

    /** One model's predictions on the rows: class probabilities in the shared label space, or values. */
    record Predictions(double[][] probabilities, int[] predicted, double[] values) {
    }

    private HoldoutScores(Task task, Table rows, List<String> labels, int[] classTruth, double[] valueTruth) {
        this.task = task;
        this.rows = rows;
        this.labels = labels;
        this.classTruth = classTruth;
        this.valueTruth = valueTruth;
    }

    /** The rows of {@code holdout} whose target is present; refuses a holdout without the target or without a labelled row. */
    static HoldoutScores of(Holdout holdout, TrainedModel candidate, TrainedModel holder) {
        Table table = holdout.table();
        String target = candidate.target();
        if (!table.containsColumn(target)) {
            throw new IllegalArgumentException("the holdout (" + holdout.description() + ") has no column '" + target + "', the model's target");
        }
        Column<?> column = table.column(target);
        Table labelled = column.countMissing() > 0 ? table.where(column.isNotMissing()) : table;
        if (labelled.rowCount() == 0) {
            throw new IllegalArgumentException("the holdout (" + holdout.description() + ") has no labelled row (the target '" + target
                    + "' is missing in every row)");
        }
        Column<?> truth = labelled.column(target);
        if (candidate.task() == Task.REGRESSION) {
            if (!(truth instanceof NumericColumn<?> numbers)) {
                throw new IllegalArgumentException("the holdout's target '" + target + "' is not numeric");
            }
            var values = new double[labelled.rowCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = numbers.getDouble(i);
            }
            return new HoldoutScores(Task.REGRESSION, labelled, List.of(), null, values);
        }
        var labels = new ArrayList<>(candidate.labels());
        if (holder != null) {
            holder.labels().stream().filter(label -> !labels.contains(label)).forEach(labels::add);
        }
        var classes = new int[labelled.rowCount()];
        for (int i = 0; i < classes.length; i++) {
            String label = Trainer.labelOf(truth, i, candidate.labels());
            int k = labels.indexOf(label);
            if (k < 0) {
                labels.add(label); // a class no model saw: never predicted, so always wrong
                k = labels.size() - 1;
            }
            classes[i] = k;
        }
        if (java.util.Arrays.stream(classes).noneMatch(k -> k < candidate.labels().size())) {
            // every row wrong by construction says nothing about the model: the file's labels are spelled otherwise
            throw new IllegalArgumentException("the holdout (" + holdout.description() + ") has none of the model's classes in '" + target
                    + "' (" + String.join(", ", labels.subList(candidate.labels().size(), labels.size())) + " where the model knows "
                    + String.join(", ", candidate.labels()) + ")");
        }
        return new HoldoutScores(Task.CLASSIFICATION, labelled, List.copyOf(labels), classes, null);
    }

    int size() {
        return rows.rowCount();
    }

    /** How many of the model's steps the rows already went through, or -1 when the model cannot score them (other preprocessing). */
    static int applied(TrainedModel model, Holdout holdout) {
        var steps = holdout.steps();
        return steps.size() <= model.steps().size() && model.steps().subList(0, steps.size()).equals(steps) ? steps.size() : -1;
    }

    Predictions predict(TrainedModel model, int applied) {
        if (task == Task.REGRESSION) {
            return new Predictions(null, null, model.values(rows, applied));
        }
        double[][] known = model.probabilities(rows, applied);
        var probabilities = new double[known.length][labels.size()];
        var predicted = new int[known.length];
        var index = new int[model.labels().size()];
        for (int k = 0; k < index.length; k++) {
            index[k] = labels.indexOf(model.labels().get(k));
        }
        for (int i = 0; i < known.length; i++) {
            int best = 0;
            for (int k = 0; k < known[i].length; k++) {
                probabilities[i][index[k]] = known[i][k];
                if (known[i][k] > known[i][best]) {
                    best = k;
                }
            }
            predicted[i] = index[best];
        }
        return new Predictions(probabilities, predicted, null);
    }

    /** The metric of these predictions on the rows {@code sample} (indexes, repeats allowed); null: every row once. NaN when undefined. */
    double metric(String metric, Predictions predictions, int[] sample) {
        int n = sample == null ? size() : sample.length;
        if (task == Task.REGRESSION) {
            var truth = new double[n];
            var values = new double[n];
            for (int i = 0; i < n; i++) {
                int row = sample == null ? i : sample[i];
                truth[i] = valueTruth[row];
                values[i] = predictions.values()[row];
            }
            return Metrics.regression(truth, values).getOrDefault(metric, Double.NaN);
        }
        var truth = new int[n];
        var predicted = new int[n];
        var probabilities = new double[n][];
        for (int i = 0; i < n; i++) {
            int row = sample == null ? i : sample[i];
            truth[i] = classTruth[row];
            predicted[i] = predictions.predicted()[row];
            probabilities[i] = predictions.probabilities()[row];
        }
        Map<String, Double> values = Metrics.classification(truth, predicted, probabilities, labels.size());
        Double value = values.get(metric);
        return value == null ? Double.NaN : value;
    }

    /**
     * The baselines' predictions, as the evaluate node computes them: for a classifier the majority class of the
     * training rows (with the training class shares as probabilities) and stratified guessing from those shares
     * (seeded); for a regression the training mean.
     */
    Map<String, Predictions> baselines(TrainedModel model, long seed) {
        double[] priors = model.priors();
        if (task == Task.REGRESSION) {
            var mean = new double[size()];
            java.util.Arrays.fill(mean, priors[0]);
            return Map.of("mean", new Predictions(null, null, mean));
        }
        var shares = new double[labels.size()];
        for (int k = 0; k < priors.length; k++) {
            shares[labels.indexOf(model.labels().get(k))] = priors[k];
        }
        int majority = io.pipewright.train.BaselineGuesses.mostLikely(shares);
        var constant = new int[size()];
        int[] stratified = io.pipewright.train.BaselineGuesses.stratified(shares, size(), seed);
        var probabilities = new double[size()][];
        for (int i = 0; i < size(); i++) {
            constant[i] = majority;
            probabilities[i] = shares;
        }
        var baselines = new java.util.LinkedHashMap<String, Predictions>();
        baselines.put("majority", new Predictions(probabilities, constant, null));
        baselines.put("stratified", new Predictions(probabilities, stratified, null));
        return baselines;
    }
}
