package io.pipewright.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Fits a model on a table: decides the task from the target, chooses the feature columns, fits the
 * feature encoding on the training rows, and runs the algorithm. Rows whose target is missing are
 * left out of training.
 */
public final class Trainer {
    /** A numeric target with at most this many distinct whole values is a class label. */
    public static final int MAX_NUMERIC_CLASSES = 20;

    private Trainer() {
    }

    /** What to fit. {@code task} null means decided from the target. */
    public record Request(String target, String algorithm, Map<String, Object> hyperparameters, Task task, List<String> exclude, long seed,
                          String trainingData, List<Step> steps, List<ModelArtifact.Input> origin) {
    }

    public static TrainedModel fit(Table train, Table valid, Request request, TrainingListener listener) {
        if (!train.containsColumn(request.target())) {
            throw new IllegalArgumentException("target '" + request.target() + "' is not a column (columns: "
                    + String.join(", ", train.columnNames()) + ")");
        }
        Algorithm algorithm = Algorithms.find(request.algorithm()).orElseThrow(() -> new IllegalArgumentException(
                "unknown algorithm '" + request.algorithm() + "' (known: " + String.join(", ", Algorithms.names()) + ")"));
        Map<String, Object> params = algorithm.check(request.hyperparameters() == null ? Map.of() : request.hyperparameters());
        Table rows = withTarget(train, request.target());
        if (rows.rowCount() == 0) {
            throw new IllegalArgumentException("target '" + request.target() + "' is missing in every training row");
        }
        Column<?> target = rows.column(request.target());
        Task task = request.task() != null ? request.task() : taskOf(target);
        if (!algorithm.tasks().contains(task)) {
            throw new IllegalArgumentException(algorithm.name() + " does not do " + task.id() + " (target '" + request.target() + "')");
        }
        List<String> labels = task == Task.CLASSIFICATION ? labels(target) : List.of();
        if (task == Task.CLASSIFICATION && labels.size() < 2) {
            throw new IllegalArgumentException("target '" + request.target() + "' has only one class ('" + labels.get(0)
                    + "') in the training rows: there is nothing to learn");
        }
        List<String> features = features(rows, request.target(), request.exclude());
        if (features.isEmpty()) {
            throw new IllegalArgumentException("no feature columns are left besides the target '" + request.target() + "'");
        }
        FeatureEncoding encoding = FeatureEncoding.fit(rows, features);
        TrainingData trainData = data(rows, encoding, request.target(), task, labels);
        TrainingData validData = null;
        if (valid != null) {
            Table validRows = withTarget(valid, request.target());
            validData = data(validRows, encoding, request.target(), task, labels);
        }
        Estimator estimator = algorithm.fit(task, trainData, validData, params, request.seed(), listener);
        List<Step> steps = request.steps() == null ? List.of() : request.steps();
        return new TrainedModel(algorithm.name(), task, request.target(), labels, steps, encoding, inputs(request, steps, encoding, rows),
                params, estimator, request.trainingData(), rows.rowCount(), priors(trainData), FeatureBins.fit(rows, encoding));
    }

    /**
     * The columns a table to score must have: without preprocessing steps, the encoded features;
     * with them, the columns of the table as read (less the target and what a select step drops).
     */
    static List<ModelArtifact.Input> inputs(Request request, List<Step> steps, FeatureEncoding encoding, Table rows) {
        if (steps.isEmpty() || request.origin() == null || request.origin().isEmpty()) {
            var schema = ModelArtifact.schema(rows);
            return schema.stream().filter(input -> encoding.columns().contains(input.name())).toList();
        }
        var kept = new java.util.HashSet<String>();
        request.origin().forEach(input -> kept.add(input.name()));
        for (Step step : steps) {
            if (step instanceof Step.Select select) {
                kept.retainAll(select.keep());
            }
        }
        return request.origin().stream().filter(input -> kept.contains(input.name()) && !input.name().equals(request.target())).toList();
    }

    /** Every metric of the model on a table with the target (rows whose target is missing are left out; an unseen class counts as wrong). */
    public static Map<String, Double> metrics(TrainedModel model, Table table) {
        Column<?> target = table.column(model.target());
        Table rows = target.countMissing() > 0 ? table.where(target.isNotMissing()) : table;
        target = rows.column(model.target());
        if (model.task() == Task.CLASSIFICATION) {
            var labels = new ArrayList<>(model.labels());
            var truth = new int[rows.rowCount()];
            for (int i = 0; i < truth.length; i++) {
                String label = labelOf(target, i, model.labels());
                if (!labels.contains(label)) {
                    labels.add(label);
                }
                truth[i] = labels.indexOf(label);
            }
            return Metrics.fromProbabilities(truth, model.probabilities(rows), labels.size());
        }
        if (!(target instanceof NumericColumn<?> numbers)) {
            throw new IllegalArgumentException("target '" + model.target() + "' is not numeric here");
        }
        var truth = new double[rows.rowCount()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = numbers.getDouble(i);
        }
        return Metrics.regression(truth, model.values(rows));
    }

    /** Mean and standard deviation of each metric over k folds (stratified by class for classification), seeded. */
    public record CrossValidation(int folds, Map<String, Double> mean, Map<String, Double> std) {
    }

    public static CrossValidation crossValidate(Table table, Request request, int folds, TrainingListener listener) {
        Table rows = withTarget(table, request.target());
        if (folds < 2 || folds > rows.rowCount()) {
            throw new IllegalArgumentException("cv_folds must be between 2 and the number of rows (" + rows.rowCount() + "), not " + folds);
        }
        Column<?> target = rows.column(request.target());
        Task task = request.task() != null ? request.task() : taskOf(target);
        var fold = new int[rows.rowCount()];
        var random = new java.util.Random(request.seed() ^ 0x9E3779B97F4A7C15L);
        var groups = new java.util.TreeMap<String, List<Integer>>();
        for (int i = 0; i < fold.length; i++) {
            String key = task == Task.CLASSIFICATION ? labelOf(target, i) : "";
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        int next = 0;
        for (List<Integer> group : groups.values()) {
            java.util.Collections.shuffle(group, random);
            for (int i : group) {
                fold[i] = next++ % folds;
            }
        }
        var sums = new LinkedHashMap<String, double[]>();
        for (int f = 0; f < folds; f++) {
            if (listener.cancelled()) {
                throw new io.pipewright.work.CancelledException();
            }
            var trainRows = new ArrayList<Integer>();
            var testRows = new ArrayList<Integer>();
            for (int i = 0; i < fold.length; i++) {
                (fold[i] == f ? testRows : trainRows).add(i);
            }
            Table trainPart = rows.rows(trainRows.stream().mapToInt(Integer::intValue).toArray());
            Table testPart = rows.rows(testRows.stream().mapToInt(Integer::intValue).toArray());
            TrainedModel model = fit(trainPart, null, request, TrainingListener.NONE);
            Map<String, Double> metrics = metrics(model, testPart);
            metrics.forEach((key, value) -> {
                double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
                sum[0] += value;
                sum[1] += value * value;
            });
            listener.iteration(f + 1, folds, Map.of());
        }
        var mean = new LinkedHashMap<String, Double>();
        var std = new LinkedHashMap<String, Double>();
        sums.forEach((key, sum) -> {
            double m = sum[0] / folds;
            mean.put(key, m);
            std.put(key, Math.sqrt(Math.max(0, sum[1] / folds - m * m)));
        });
        return new CrossValidation(folds, mean, std);
    }

    /** Class shares of the training rows (classification), or their mean (regression): what the baselines predict. */
    static double[] priors(TrainingData data) {
        if (data.values() != null) {
            return new double[] {java.util.Arrays.stream(data.values()).average().orElse(0)};
        }
        var shares = new double[data.classCount()];
        for (int k : data.classes()) {
            shares[k] += 1.0 / data.classes().length;
        }
        return shares;
    }

    /** Classification for text, boolean, or whole numbers with few distinct values; regression otherwise. */
    public static Task taskOf(Column<?> target) {
        if (target instanceof NumericColumn<?> numbers) {
            var distinct = new HashSet<Double>();
            for (int i = 0; i < numbers.size(); i++) {
                if (!numbers.isMissing(i)) {
                    double value = numbers.getDouble(i);
                    if (value != Math.rint(value)) {
                        return Task.REGRESSION;
                    }
                    distinct.add(value);
                    if (distinct.size() > MAX_NUMERIC_CLASSES) {
                        return Task.REGRESSION;
                    }
                }
            }
            return Task.CLASSIFICATION;
        }
        return Task.CLASSIFICATION;
    }

    /** The target's class labels, sorted (numbers numerically), as text. */
    static List<String> labels(Column<?> target) {
        if (target instanceof NumericColumn<?> numbers) {
            var values = new TreeSet<Double>();
            for (int i = 0; i < numbers.size(); i++) {
                if (!numbers.isMissing(i)) {
                    values.add(numbers.getDouble(i));
                }
            }
            return values.stream().map(Trainer::label).toList();
        }
        var values = new TreeSet<String>();
        for (int i = 0; i < target.size(); i++) {
            if (!target.isMissing(i)) {
                values.add(String.valueOf(target.get(i)));
            }
        }
        return new ArrayList<>(values);
    }

    static String label(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** A cell of the target as a label (as {@link #labels} writes them), or null when missing. */
    public static String labelOf(Column<?> target, int row) {
        if (target.isMissing(row)) {
            return null;
        }
        if (target instanceof NumericColumn<?> numbers) {
            return label(numbers.getDouble(row));
        }
        return String.valueOf(target.get(row));
    }

    /**
     * A cell of the target as one of the model's labels where it can be: a boolean target's labels
     * are "false" and "true", and a table to score may hold the same values as text (yes/no, 1/0)
     * when another value there kept the column from being read as boolean.
     */
    public static String labelOf(Column<?> target, int row, List<String> labels) {
        String label = labelOf(target, row);
        if (label != null && !labels.contains(label) && labels.equals(List.of("false", "true"))) {
            Boolean value = io.pipewright.data.TypeInference.booleanValue(label);
            if (value != null) {
                return value.toString();
            }
        }
        return label;
    }

    /** Every column but the target, the excluded ones, and text columns whose every value differs (identifiers). */
    static List<String> features(Table table, String target, List<String> exclude) {
        var features = new ArrayList<String>();
        for (Column<?> column : table.columns()) {
            String name = column.name();
            if (name.equals(target) || exclude != null && exclude.contains(name)) {
                continue;
            }
            if (column instanceof StringColumn strings && table.rowCount() > 20 && strings.countUnique() >= 0.95 * table.rowCount()) {
                continue; // an identifier: nothing to learn that carries over to new rows
            }
            features.add(name);
        }
        return features;
    }

    private static Table withTarget(Table table, String target) {
        Column<?> column = table.column(target);
        if (column.countMissing() == 0) {
            return table;
        }
        return table.where(column.isNotMissing());
    }

    static TrainingData data(Table rows, FeatureEncoding encoding, String target, Task task, List<String> labels) {
        double[][] x = encoding.transform(rows);
        Column<?> column = rows.column(target);
        if (task == Task.REGRESSION) {
            if (!(column instanceof NumericColumn<?> numbers)) {
                throw new IllegalArgumentException("target '" + target + "' is not numeric: regression needs numbers");
            }
            var values = new double[rows.rowCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = numbers.getDouble(i);
            }
            return new TrainingData(x, null, values, 0);
        }
        var index = new LinkedHashMap<String, Integer>();
        for (int k = 0; k < labels.size(); k++) {
            index.put(labels.get(k), k);
        }
        var classes = new int[rows.rowCount()];
        for (int i = 0; i < classes.length; i++) {
            Integer k = index.get(labelOf(column, i));
            classes[i] = k == null ? -1 : k;
        }
        return new TrainingData(x, classes, null, labels.size());
    }
}
