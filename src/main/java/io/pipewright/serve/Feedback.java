package io.pipewright.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Labels that come back for served predictions, joined to them by id. Each predicted row is known by
 * its <em>feedback id</em>: the request id for a one-row request, {@code ID/ROW} (ROW counted from 0)
 * for a row of a larger one. A label finds its prediction in a bounded window of the last predicted
 * rows kept in memory, else, when requests are logged, in the request log ({@code _id} of each line).
 * A joined label updates the live metrics ({@link FeedbackMetrics}) of the version and variant that
 * predicted it and, when requests are logged, is written with the row to {@code feedback.jsonl}
 * ({@link FeedbackLog}). An id not found is counted as unknown; a second label for an id already
 * labelled (among the last {@value #LABELLED_MEMORY}) is counted as a duplicate and ignored.
 *
 * <p>A call is checked whole before anything is kept: a label of the wrong type or an unknown class
 * refuses the call ({@link Predictor.InvalidInput}, naming the item), and nothing is stored.
 */
public final class Feedback {
    /** Rows in the memory window by default. */
    public static final int DEFAULT_WINDOW = 100_000;
    /** Labels in the live metrics' window by default. */
    public static final int DEFAULT_METRICS_WINDOW = 1_000;
    static final int LABELLED_MEMORY = 100_000;
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Pattern LOG_FILE = Pattern.compile("requests(?:-(\\d+)-(\\d+))?\\.jsonl");
    /** The request log's own fields, which are not features. */
    private static final Set<String> LOG_FIELDS = Set.of("_time", "_id", "_version", "_variant", "prediction");

    /** One label of a feedback call: its position in the call, the feedback id, and the value as sent (text, number or boolean). */
    public record Item(int index, String id, Object label) {
    }

    /** What a call did: labels joined, ids not found (the first few named), labels for ids already labelled. */
    public record Outcome(int joined, int unknown, int duplicate, List<String> unknownIds) {
    }

    /** What a label is joined to: the version (and its model) and variant that predicted a row, and what they answered. */
    private record Pending(Predictor predictor, String version, String variant, Map<String, Object> features, Object prediction,
                           double[] probabilities) {
    }

    /** The predictor of a version and variant loaded now, or null. */
    @FunctionalInterface
    interface Loaded {
        Predictor find(String version, String variant);
    }

    private final int window;
    private final Map<String, Pending> pending;
    private final Map<String, Boolean> labelled = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > LABELLED_MEMORY;
        }
    };
    private final FeedbackMetrics metrics;
    private final Counter joined;
    private final Counter unknown;
    private final Counter duplicate;
    private final Loaded loaded;
    private volatile Path requestLog;
    private volatile FeedbackLog log;

    Feedback(MeterRegistry registry, int window, int metricsWindow, Loaded loaded) {
        if (window < 0) {
            throw new IllegalArgumentException("--feedback-window cannot be negative, not " + window);
        }
        this.window = window;
        this.loaded = loaded;
        this.metrics = new FeedbackMetrics(registry, metricsWindow);
        this.pending = new LinkedHashMap<>(Math.min(window, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
                return size() > Feedback.this.window;
            }
        };
        this.joined = counter(registry, "joined");
        this.unknown = counter(registry, "unknown");
        this.duplicate = counter(registry, "duplicate");
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("pipewright.feedback").description("labels sent back, by result (joined, unknown id, duplicate)")
                .tag("result", result).register(registry);
    }

    /** Joins labels missing from the memory window to the request log in {@code folder} too, and writes joined rows to its feedback.jsonl. */
    void logTo(Path folder, long maxBytes, int keep, boolean variants) {
        this.requestLog = folder;
        this.log = new FeedbackLog(folder, maxBytes, keep, variants);
    }

    /** The feedback id of row {@code row} of a request of {@code rows} rows. */
    public static String rowId(String requestId, int rows, int row) {
        return rows == 1 ? requestId : requestId + "/" + row;
    }

    /** Keeps a request's predicted rows in the memory window (with their features when labelled rows are written). */
    void remember(String requestId, Predictor predictor, String variant, List<Map<String, Object>> records, Predictor.Prediction prediction) {
        if (window == 0) {
            return;
        }
        boolean features = log != null;
        int rows = records.size();
        synchronized (pending) {
            for (int i = 0; i < rows; i++) {
                pending.put(rowId(requestId, rows, i), new Pending(predictor, predictor.version(), variant, features ? records.get(i) : null,
                        prediction.predictions().get(i), prediction.probabilities() == null ? null : prediction.probabilities()[i]));
            }
        }
    }

    /** The live figures of a version and variant (tests read them). */
    Map<String, Double> figures(String version, String variant) {
        return metrics.figures(version, variant);
    }

    /**
     * Joins a call's labels to their predictions. {@code primary} checks the labels of ids not found.
     *
     * @throws Predictor.InvalidInput naming the item, when a label does not fit the model; nothing is kept then
     */
    public synchronized Outcome join(List<Item> items, Predictor primary) {
        var found = new HashMap<String, Pending>();
        var missing = new HashSet<String>();
        synchronized (pending) {
            for (Item item : items) {
                Pending hit = pending.get(item.id());
                if (hit != null) {
                    found.put(item.id(), hit);
                } else {
                    missing.add(item.id());
                }
            }
        }
        if (!missing.isEmpty() && requestLog != null) {
            found.putAll(fromRequestLog(missing, primary));
        }
        // every label is checked before any is kept
        var values = new ArrayList<Object>(items.size());
        for (Item item : items) {
            Pending hit = found.get(item.id());
            values.add(check(item, hit != null ? hit.predictor() : primary));
        }
        var seen = new HashSet<String>();
        var rows = new ArrayList<FeedbackLog.Row>();
        var joins = new ArrayList<Integer>();
        var unknownIds = new ArrayList<String>();
        int unknowns = 0;
        int duplicates = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Pending hit = found.get(item.id());
            if (!seen.add(item.id()) || labelled.containsKey(item.id())) {
                duplicates++;
            } else if (hit == null) {
                unknowns++;
                if (unknownIds.size() < 20) {
                    unknownIds.add(item.id());
                }
            } else {
                joins.add(i);
                if (log != null && hit.features() != null) {
                    rows.add(new FeedbackLog.Row(item.id(), hit.version(), hit.variant(), hit.features(), hit.prediction(),
                            hit.predictor().model().target(), asWritten(item, hit.predictor(), values.get(i))));
                }
            }
        }
        FeedbackLog writer = log;
        if (writer != null) {
            writer.write(rows); // first: a call that cannot be written changes nothing
        }
        for (int i : joins) {
            Item item = items.get(i);
            Pending hit = found.get(item.id());
            labelled.put(item.id(), Boolean.TRUE);
            metrics.add(hit.predictor(), hit.version(), hit.variant(), hit.prediction(), hit.probabilities(), values.get(i));
        }
        joined.increment(joins.size());
        unknown.increment(unknowns);
        duplicate.increment(duplicates);
        return new Outcome(joins.size(), unknowns, duplicates, List.copyOf(unknownIds));
    }

    /** The label as the metrics read it: a class of {@code model} (its text), or a finite number for regression. */
    private static Object check(Item item, Predictor model) {
        String where = "[" + item.index() + "].label (id " + item.id() + "): ";
        Object label = item.label();
        if (label == null) {
            throw new Predictor.InvalidInput(where + "missing");
        }
        if (!model.classifier()) {
            if (label instanceof Number number && Double.isFinite(number.doubleValue())) {
                return number.doubleValue();
            }
            throw new Predictor.InvalidInput(where + "must be a finite number (" + model.name() + " is a regression model), not "
                    + describe(label));
        }
        if (!(label instanceof String || label instanceof Number || label instanceof Boolean)) {
            throw new Predictor.InvalidInput(where + "must be a class (" + String.join(", ", model.labels()) + "), not " + describe(label));
        }
        String text = classOf(label, model.labels());
        if (text == null) {
            throw new Predictor.InvalidInput(where + describe(label) + " is not a class of " + model.name() + " version " + model.version()
                    + " (" + String.join(", ", model.labels()) + ")");
        }
        return text;
    }

    private static boolean booleanClasses(List<String> classes) {
        return classes.size() == 2 && classes.contains("true") && classes.contains("false");
    }

    /** A label as the labelled rows keep it: a boolean for a boolean target (so it reads back as one), else as it was sent. */
    private static Object asWritten(Item item, Predictor model, Object checked) {
        return model.classifier() && booleanClasses(model.labels()) ? Boolean.valueOf((String) checked) : item.label();
    }

    private static String describe(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }

    /**
     * The class a label names: its text; for a number the class whose text is the same number (1 and 1.0
     * alike); for a model whose classes are true and false (a target read as boolean, e.g. from yes/no),
     * any text Pipewright reads as a boolean (yes, no, y, n, t, f).
     */
    private static String classOf(Object label, List<String> classes) {
        String text = String.valueOf(label);
        if (classes.contains(text)) {
            return text;
        }
        if (label instanceof String words && booleanClasses(classes)) {
            Boolean truth = io.pipewright.data.TypeInference.booleanValue(words.strip());
            if (truth != null) {
                return truth.toString();
            }
        }
        if (label instanceof Number number) {
            for (String known : classes) {
                try {
                    if (Double.parseDouble(known) == number.doubleValue()) {
                        return known;
                    }
                } catch (NumberFormatException e) {
                    // a class that is not a number names no number
                }
            }
        }
        return null;
    }

    /** Rows of the request log whose {@code _id} is one of {@code ids}: their version, variant, features and prediction. */
    private Map<String, Pending> fromRequestLog(Set<String> ids, Predictor primary) {
        var found = new HashMap<String, Pending>();
        for (Path file : logFiles(requestLog)) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null && found.size() < ids.size(); line = reader.readLine()) {
                    String id = idOf(line);
                    if (id == null || !ids.contains(id)) {
                        continue;
                    }
                    Pending row = pendingOf(line, primary);
                    if (row != null) {
                        found.put(id, row);
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // a file rotated away meanwhile: its rows are older than the window anyway
            }
        }
        return found;
    }

    /** The {@code _id} of a log line, read without parsing the rest (it comes right after {@code _time}). */
    private static String idOf(String line) {
        try (JsonParser parser = JSON.getFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (int field = 0; field < 3 && parser.nextToken() == JsonToken.FIELD_NAME; field++) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("_id")) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null; // a line half-written at the end of the live file
        }
    }

    private Pending pendingOf(String line, Predictor primary) {
        JsonNode row;
        try {
            row = JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
        String version = row.path("_version").asText(primary.version());
        String variant = row.path("_variant").asText(AbSplit.A);
        var features = new LinkedHashMap<String, Object>();
        row.fields().forEachRemaining(field -> {
            if (!LOG_FIELDS.contains(field.getKey())) {
                features.put(field.getKey(), ModelServer.value(field.getValue()));
            }
        });
        Object prediction = ModelServer.value(row.get("prediction"));
        Predictor model = loaded.find(version, variant);
        Predictor reads = model != null ? model : primary;
        if (reads.classifier() ? prediction == null || !reads.labels().contains(prediction.toString()) : !(prediction instanceof Number)) {
            return null; // a line this server did not write: not a prediction it can be judged on
        }
        double[] probabilities = null;
        if (model != null && model.classifier()) {
            try {
                probabilities = model.predict(List.of(features)).probabilities()[0];
            } catch (RuntimeException e) {
                probabilities = null; // a row the model no longer reads: its accuracy still counts
            }
        }
        return new Pending(reads, version, variant, features, prediction, probabilities);
    }

    /** The request log's files, rotated ones first by the time they were rotated, the live one last. */
    private static List<Path> logFiles(Path folder) {
        var files = new ArrayList<Path>();
        try (var list = Files.list(folder)) {
            list.filter(path -> LOG_FILE.matcher(path.getFileName().toString()).matches()).forEach(files::add);
        } catch (IOException e) {
            return List.of();
        }
        files.sort(Comparator.comparingLong((Path file) -> order(file, 1)).thenComparingLong(file -> order(file, 2)));
        return files;
    }

    private static long order(Path file, int group) {
        Matcher m = LOG_FILE.matcher(file.getFileName().toString());
        m.matches();
        return m.group(group) == null ? Long.MAX_VALUE : Long.parseLong(m.group(group));
    }
}
