package io.pipewright.serve;

import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Task;
import io.pipewright.train.TrainedModel;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A model artifact ready to answer: checks records against the artifact's input schema (every
 * feature present, each of its type; {@code null} is a missing value, which the model handles as it
 * did in training) and predicts classes with their probabilities, or values. A model without
 * preprocessing steps encodes the records' values straight into the numbers its learner reads; one
 * with steps puts them in a table first and applies the steps, as in training.
 */
public final class Predictor {
    /** A request the schema refuses: the fields it names, and why. */
    public static final class InvalidInput extends IllegalArgumentException {
        public InvalidInput(String message) {
            super(message);
        }
    }

    /** Records checked against the schema: per record, the value of each of {@link #features()} in order (null when missing). */
    public record Rows(Object[][] values) {
        public int size() {
            return values.length;
        }

        /** Several requests' rows as one batch, in order. */
        public static Rows concat(List<Rows> parts) {
            int total = parts.stream().mapToInt(Rows::size).sum();
            var all = new Object[total][];
            int at = 0;
            for (Rows part : parts) {
                System.arraycopy(part.values, 0, all, at, part.size());
                at += part.size();
            }
            return new Rows(all);
        }
    }

    /** Predictions for the records in order: class labels (or numbers for regression), and per class probabilities for a classifier. */
    public record Prediction(List<Object> predictions, double[][] probabilities) {
    }

    private final String name;
    private final String version;
    private final ModelArtifact.Manifest manifest;
    private final TrainedModel model;
    /** Copies of the model, one per prediction at a time: the learners' predict methods are not all safe to share between threads. */
    private final java.util.concurrent.BlockingQueue<TrainedModel> copies;
    private final int parallel;
    private final List<ModelArtifact.Input> features;
    /** For each encoded feature, its position among {@link #features}; null when the model has steps to apply (the table path). */
    private final int[] direct;

    /** A model served under a name and a version (the registry's version, or "1" for an artifact file). */
    public Predictor(String name, String version, ModelArtifact.Loaded loaded) {
        this(name, version, loaded, List.of());
    }

    private Predictor(String name, String version, ModelArtifact.Loaded loaded, List<TrainedModel> more) {
        this.name = name;
        this.version = version;
        this.manifest = loaded.manifest();
        this.model = loaded.model();
        this.copies = new java.util.concurrent.ArrayBlockingQueue<>(1 + more.size());
        copies.add(model);
        copies.addAll(more);
        this.parallel = 1 + more.size();
        this.features = model.inputs().stream().filter(input -> !input.name().equals(model.target())).toList();
        this.direct = direct(model, features);
    }

    private static int[] direct(TrainedModel model, List<ModelArtifact.Input> features) {
        if (!model.steps().isEmpty() || model.encoding() == null) {
            return null;
        }
        var encoded = model.encoding().features();
        var positions = new int[encoded.size()];
        for (int f = 0; f < encoded.size(); f++) {
            positions[f] = -1;
            for (int i = 0; i < features.size(); i++) {
                if (features.get(i).name().equals(encoded.get(f).column()) && features.get(i).type().equals(encoded.get(f).kind())) {
                    positions[f] = i;
                }
            }
            if (positions[f] < 0) {
                return null;
            }
        }
        return positions;
    }

    public String name() {
        return name;
    }

    /**
     * A predictor that can answer {@code parallel} requests at once: the artifact is read that many
     * times, each request borrowing one copy of the model.
     */
    public static Predictor load(String name, String version, java.nio.file.Path artifact, int parallel) {
        ModelArtifact.Loaded first = ModelArtifact.read(artifact);
        var more = new java.util.ArrayList<TrainedModel>();
        for (int i = 1; i < parallel; i++) {
            more.add(ModelArtifact.read(artifact).model());
        }
        return new Predictor(name == null ? first.manifest().name() : name, version, first, more);
    }

    /** How many predictions can run at once (copies of the model). */
    public int parallel() {
        return parallel;
    }

    public String version() {
        return version;
    }

    public ModelArtifact.Manifest manifest() {
        return manifest;
    }

    public TrainedModel model() {
        return model;
    }

    /** The features a record carries, with their kinds (numeric, boolean, datetime, categorical). */
    public List<ModelArtifact.Input> features() {
        return features;
    }

    public boolean classifier() {
        return model.task() == Task.CLASSIFICATION;
    }

    /** The class labels, in the order of the probabilities (empty for regression). */
    public List<String> labels() {
        return model.labels() == null ? List.of() : model.labels();
    }

    /**
     * Predicts for records of feature → value; refuses unknown, missing or mistyped features, and
     * numbers that are not finite ({@link FiniteNumbers}), naming them all.
     */
    public Prediction predict(List<Map<String, Object>> records) {
        return predict(prepare(records), null);
    }

    /** Checks records of feature → value against the schema (see {@link #predict(List)}), without predicting yet. */
    public Rows prepare(List<Map<String, Object>> records) {
        if (records.isEmpty()) {
            throw new InvalidInput("no instances to predict");
        }
        Rows checked = rowsIfValid(records);
        if (checked != null) {
            return checked;
        }
        throw new InvalidInput(problems(records));
    }

    /** What is wrong with records that are not all valid, every problem named, for one line. */
    private String problems(List<Map<String, Object>> records) {
        var known = new LinkedHashSet<String>();
        features.forEach(feature -> known.add(feature.name()));
        var unknown = new LinkedHashSet<String>();
        var missing = new LinkedHashSet<String>();
        var mistyped = new LinkedHashSet<String>();
        var nonFinite = new java.util.LinkedHashMap<String, Object>();
        for (Map<String, Object> record : records) {
            record.keySet().stream().filter(key -> !known.contains(key) && !key.equals(model.target())).forEach(unknown::add);
            for (ModelArtifact.Input feature : features) {
                if (!record.containsKey(feature.name())) {
                    missing.add(feature.name());
                } else if (!fits(feature.type(), record.get(feature.name()))) {
                    mistyped.add(feature.name() + " (" + feature.type() + ")");
                } else if (!FiniteNumbers.finite(record.get(feature.name())) && !nonFinite.containsKey(feature.name())) {
                    nonFinite.put(feature.name(), record.get(feature.name()));
                }
            }
        }
        var problems = new ArrayList<String>();
        if (!unknown.isEmpty()) {
            problems.add("unknown feature" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown));
        }
        if (!missing.isEmpty()) {
            problems.add("missing feature" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        if (!mistyped.isEmpty()) {
            problems.add("wrong type for " + String.join(", ", mistyped));
        }
        if (nonFinite.size() == 1) {
            var only = nonFinite.entrySet().iterator().next();
            problems.add(only.getKey() + ": " + FiniteNumbers.describe(only.getValue()) + "; " + FiniteNumbers.MISSING);
        } else if (!nonFinite.isEmpty()) {
            var named = new ArrayList<String>();
            nonFinite.forEach((name, value) -> named.add(name + " (" + value + ")"));
            problems.add("not finite numbers: " + String.join(", ", named) + "; " + FiniteNumbers.MISSING);
        }
        // rowsIfValid refused one of the records, so at least one problem is named here
        return String.join("; ", problems);
    }

    /**
     * The rows when every record is valid (each feature present, of its type, finite; no other key but
     * the target), else null: the only way rows are made, checked without the sets that name what is
     * wrong ({@link #problems} names them once this has refused a record).
     */
    private Rows rowsIfValid(List<Map<String, Object>> records) {
        int width = features.size();
        var values = new Object[records.size()][];
        for (int r = 0; r < values.length; r++) {
            Map<String, Object> record = records.get(r);
            int extra = record.size() - width;
            if (extra != 0 && (extra != 1 || !record.containsKey(model.target()))) {
                return null;
            }
            var row = new Object[width];
            for (int f = 0; f < width; f++) {
                ModelArtifact.Input feature = features.get(f);
                Object value = record.get(feature.name());
                if (value == null ? !record.containsKey(feature.name()) : !fits(feature.type(), value) || !FiniteNumbers.finite(value)) {
                    return null;
                }
                row[f] = value;
            }
            values[r] = row;
        }
        return new Rows(values);
    }

    /**
     * Predicts for checked rows. {@code seen}, when not null, gets the values of the features as the
     * model's encoding reads them (after any preprocessing steps; in the form of
     * {@link io.pipewright.train.FeatureEncoding#value}), one array per row: what drift is measured on.
     */
    public Prediction predict(Rows rows, java.util.function.Consumer<Object[][]> seen) {
        if (rows.size() == 0) {
            throw new InvalidInput("no instances to predict");
        }
        TrainedModel model = borrow();
        try {
            if (direct != null) {
                var encoding = model.encoding();
                var values = new Object[rows.size()][direct.length];
                for (int r = 0; r < values.length; r++) {
                    for (int f = 0; f < direct.length; f++) {
                        values[r][f] = io.pipewright.train.FeatureEncoding.value(encoding.features().get(f).kind(), rows.values()[r][direct[f]]);
                    }
                }
                if (seen != null) {
                    seen.accept(values);
                }
                return answer(model, encoding.encode(values));
            }
            Table prepared = io.pipewright.train.Step.applyAll(model.steps(), table(rows));
            if (seen != null) {
                seen.accept(model.encoding().values(prepared));
            }
            return answer(model, model.encoding().transform(prepared));
        } finally {
            copies.add(model);
        }
    }

    private TrainedModel borrow() {
        try {
            return copies.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        }
    }

    /** The learner's answer for encoded rows. */
    private Prediction answer(TrainedModel model, double[][] x) {
        if (classifier()) {
            double[][] probabilities = model.estimator().probabilities(x);
            var predictions = new ArrayList<Object>(probabilities.length);
            for (double[] row : probabilities) {
                int best = 0;
                for (int k = 1; k < row.length; k++) {
                    if (row[k] > row[best]) {
                        best = k;
                    }
                }
                predictions.add(labels().get(best));
            }
            return new Prediction(predictions, probabilities);
        }
        double[] values = model.estimator().predict(x);
        var predictions = new ArrayList<Object>(values.length);
        for (double value : values) {
            predictions.add(value);
        }
        return new Prediction(predictions, null);
    }

    /** Predicts for a table of the features, typed as in training (a batch's chunk), with a copy of the model no other thread uses meanwhile. */
    Prediction predict(Table table) {
        TrainedModel model = borrow();
        try {
            return answer(model, model.encoding().transform(io.pipewright.train.Step.applyAll(model.steps(), table)));
        } finally {
            copies.add(model);
        }
    }

    private static boolean fits(String kind, Object value) {
        if (value == null) {
            return true;
        }
        return switch (kind) {
            case "numeric" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "datetime" -> value instanceof String text && parses(text);
            default -> value instanceof String || value instanceof Number || value instanceof Boolean;
        };
    }

    private static boolean parses(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** The rows as the raw table the model was trained on (without the target). */
    private Table table(Rows rows) {
        var columns = new ArrayList<Column<?>>();
        List<Object[]> records = java.util.Arrays.asList(rows.values());
        for (int at = 0; at < features.size(); at++) {
            ModelArtifact.Input feature = features.get(at);
            String column = feature.name();
            int f = at;
            switch (feature.type()) {
                case "numeric" -> {
                    var values = DoubleColumn.create(column, records.size());
                    for (int i = 0; i < records.size(); i++) {
                        Object value = records.get(i)[f];
                        if (value == null) {
                            values.setMissing(i);
                        } else {
                            values.set(i, ((Number) value).doubleValue());
                        }
                    }
                    columns.add(values);
                }
                case "boolean" -> {
                    var values = BooleanColumn.create(column);
                    records.forEach(record -> {
                        Object value = record[f];
                        if (value == null) {
                            values.appendMissing();
                        } else {
                            values.append((Boolean) value);
                        }
                    });
                    columns.add(values);
                }
                case "datetime" -> {
                    var values = DateTimeColumn.create(column);
                    records.forEach(record -> {
                        Object value = record[f];
                        if (value == null) {
                            values.appendMissing();
                        } else {
                            values.append(LocalDateTime.parse((String) value));
                        }
                    });
                    columns.add(values);
                }
                default -> {
                    var values = StringColumn.create(column);
                    records.forEach(record -> {
                        Object value = record[f];
                        if (value == null) {
                            values.appendMissing();
                        } else {
                            values.append(String.valueOf(value));
                        }
                    });
                    columns.add(values);
                }
            }
        }
        return Table.create(name, columns);
    }
}
