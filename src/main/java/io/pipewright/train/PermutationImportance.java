package io.pipewright.train;

import io.pipewright.work.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Permutation importance (Breiman's, as scikit-learn's {@code permutation_importance}): how much a
 * model's score on a table worsens when one column's values are shuffled among the rows, which
 * breaks the column's link with the target and keeps its distribution. It asks nothing of the
 * algorithm, so every model gets the same measure. Classifiers are scored by ROC AUC (accuracy where
 * AUC is undefined), regressors by RMSE; each column is shuffled a few times with seeded streams and
 * the mean and standard deviation of the loss reported.
 */
public final class PermutationImportance {
    private PermutationImportance() {
    }

    /** A column's importance: the mean loss of score when it is shuffled (0: the model does not need it), and its spread over the repeats. */
    public record Feature(String column, double importance, double spread) {
    }

    /** The score the model has on the rows as they are, what it is, and each column's importance, largest first. */
    public record Result(String metric, boolean higherIsBetter, double baseline, int rows, int repeats, List<Feature> features) {
        public Result {
            features = List.copyOf(features);
        }
    }

    /**
     * The importance of each column the model reads, on at most {@code maxRows} rows of {@code table}
     * (a seeded sample; rows whose target is missing are left out). {@code applied}: how many of the
     * model's preprocessing steps the table has already been through, as for an evaluation.
     */
    public static Result of(TrainedModel model, Table table, int applied, int maxRows, int repeats, long seed, Progress progress) {
        if (!table.containsColumn(model.target())) {
            throw new IllegalArgumentException("the table has no column '" + model.target() + "', the model's target");
        }
        Column<?> target = table.column(model.target());
        Table rows = target.countMissing() > 0 ? table.where(target.isNotMissing()) : table;
        var random = new SplittableRandom(seed);
        if (rows.rowCount() > maxRows) {
            rows = rows.rows(sample(rows.rowCount(), maxRows, random.split()));
        }
        if (rows.rowCount() < 2) {
            throw new IllegalArgumentException("too few rows with a target to measure importances on (" + rows.rowCount() + ")");
        }
        var scorer = new Scorer(model, rows, applied);
        double baseline = scorer.score(rows);
        var features = new ArrayList<Feature>();
        List<String> columns = columns(model, rows, applied);
        for (int c = 0; c < columns.size(); c++) {
            progress.checkCancelled();
            progress.update(c, columns.size(), "shuffling " + columns.get(c));
            int index = rows.columnIndex(columns.get(c));
            double[] losses = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                int[] order = sample(rows.rowCount(), rows.rowCount(), random.split());
                var shuffled = Table.create(rows.name());
                for (int k = 0; k < rows.columnCount(); k++) {
                    shuffled.addColumns(k == index ? rows.column(k).subset(order) : rows.column(k));
                }
                double score = scorer.score(shuffled);
                losses[r] = scorer.higherIsBetter() ? baseline - score : score - baseline;
            }
            double mean = java.util.Arrays.stream(losses).average().orElse(0);
            double spread = repeats < 2 ? 0 : Math.sqrt(java.util.Arrays.stream(losses).map(loss -> (loss - mean) * (loss - mean)).sum() / (repeats - 1));
            features.add(new Feature(columns.get(c), mean, spread));
        }
        features.sort(Comparator.comparingDouble(Feature::importance).reversed().thenComparing(Feature::column));
        return new Result(scorer.metric(), scorer.higherIsBetter(), baseline, rows.rowCount(), repeats, features);
    }

    /** The columns of the table that the model reads at the stage the table is in, the target left out. */
    private static List<String> columns(TrainedModel model, Table rows, int applied) {
        var names = new LinkedHashSet<String>();
        if (applied >= model.steps().size()) {
            names.addAll(model.encoding().columns());
        } else if (applied == 0 && !model.inputs().isEmpty()) {
            model.inputs().forEach(input -> names.add(input.name()));
        } else {
            names.addAll(rows.columnNames());
        }
        names.remove(model.target());
        names.retainAll(rows.columnNames());
        return new ArrayList<>(names);
    }

    /** {@code count} distinct row indexes of {@code n}, in a random order (a partial Fisher–Yates shuffle). */
    private static int[] sample(int n, int count, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, count);
    }

    /** Scores the model on tables that differ from the first only in the order of one column's values. */
    private static final class Scorer {
        private final TrainedModel model;
        private final int applied;
        private final int[] truthClasses;
        private final int classes;
        private final double[] truthValues;
        private final String metric;

        Scorer(TrainedModel model, Table rows, int applied) {
            this.model = model;
            this.applied = applied;
            Column<?> target = rows.column(model.target());
            if (model.task() == Task.CLASSIFICATION) {
                var labels = new ArrayList<>(model.labels());
                truthClasses = new int[rows.rowCount()];
                for (int i = 0; i < truthClasses.length; i++) {
                    String label = Trainer.labelOf(target, i, model.labels());
                    if (!labels.contains(label)) {
                        labels.add(label); // a class unseen in training: never predicted, always wrong
                    }
                    truthClasses[i] = labels.indexOf(label);
                }
                classes = labels.size();
                truthValues = null;
                double auc = classification(rows).getOrDefault("roc_auc", Double.NaN);
                metric = Double.isFinite(auc) ? "roc_auc" : "accuracy";
            } else {
                if (!(target instanceof NumericColumn<?> numbers)) {
                    throw new IllegalArgumentException("target '" + model.target() + "' is not numeric here");
                }
                truthValues = new double[rows.rowCount()];
                for (int i = 0; i < truthValues.length; i++) {
                    truthValues[i] = numbers.getDouble(i);
                }
                truthClasses = null;
                classes = 0;
                metric = "rmse";
            }
        }

        String metric() {
            return metric;
        }

        boolean higherIsBetter() {
            return !metric.equals("rmse");
        }

        double score(Table table) {
            if (truthValues != null) {
                return Metrics.regression(truthValues, model.values(table, applied)).get("rmse");
            }
            return classification(table).get(metric);
        }

        private java.util.Map<String, Double> classification(Table table) {
            return Metrics.fromProbabilities(truthClasses, model.probabilities(table, applied), classes);
        }
    }
}
