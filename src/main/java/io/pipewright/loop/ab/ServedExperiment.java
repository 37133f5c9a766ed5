package io.pipewright.loop.ab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An A/B experiment as a model server ran it ({@code pipewright serve --ab … --split … --log-requests DIR}),
 * read from its folder as files, oldest first: {@code requests.jsonl} (and its rotated
 * {@code requests-<millis>-<rows>.jsonl}) says which variant each request went to and which version
 * answered; {@code feedback.jsonl} (and its rotated files) holds each labelled prediction with its
 * {@code _variant}, {@code prediction} and the label under the model's target column: the column named,
 * else the line's last field, where the server writes the label.
 *
 * <p>The units of the sample-ratio check are requests (a request goes whole to one variant): a row
 * {@code _id} of the form {@code ID/ROW} counts once, at row 0. A last line still being written (no
 * newline yet, in the live file) is left out; any other line that is not a JSON object of an A/B
 * split is an error naming the file and line.
 */
public final class ServedExperiment {
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Pattern REQUESTS = Pattern.compile("requests(?:-(\\d+)-(\\d+))?\\.jsonl");
    private static final Pattern FEEDBACK = Pattern.compile("feedback(?:-(\\d+)-(\\d+))?\\.jsonl");
    private static final Pattern LATER_ROW = Pattern.compile(".*/[1-9]\\d*");

    private ServedExperiment() {
    }

    /**
     * Reads the experiment in {@code folder}.
     *
     * @param model  the served model's name, so versions read {@code NAME:VERSION}; null: the bare version
     * @param target the label's column; null: each feedback line's last field
     * @param metric the metric; null: chosen from the values ({@link LabelledRows#metric})
     */
    public static AbData read(Path folder, String model, String target, AbMetric metric) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": no such folder (the --log-requests folder of pipewright serve --ab)");
        }
        List<Path> requests = files(folder, REQUESTS);
        List<Path> feedback = files(folder, FEEDBACK);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no requests.jsonl: not a request-log folder (pipewright serve --ab … --log-requests "
                    + folder + ")");
        }
        if (feedback.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no feedback.jsonl yet: no label has come back for a prediction "
                    + "(POST /v1/models/NAME:feedback)");
        }
        var assigned = new LinkedHashMap<String, Long>(Map.of(AbData.A, 0L, AbData.B, 0L));
        var versions = new LinkedHashMap<String, Set<String>>();
        versions.put(AbData.A, new LinkedHashSet<>());
        versions.put(AbData.B, new LinkedHashSet<>());
        for (Path file : requests) {
            each(file, (row, where) -> {
                String variant = variant(row, where);
                versions.get(variant).add(version(row, model));
                JsonNode id = row.get("_id");
                if (id == null || !id.isTextual() || !LATER_ROW.matcher(id.asText()).matches()) {
                    assigned.merge(variant, 1L, Long::sum);
                }
            });
        }
        var labelled = new LabelledRows();
        for (Path file : feedback) {
            each(file, (row, where) -> {
                String variant = variant(row, where);
                versions.get(variant).add(version(row, model));
                JsonNode prediction = row.get("prediction");
                if (prediction == null || prediction.isNull()) {
                    throw new IllegalArgumentException(where + ": no prediction");
                }
                JsonNode label = label(row, target, where);
                labelled.add(new LabelledRows.Row(variant.equals(AbData.B), value(prediction), value(label), where));
            });
        }
        AbMetric chosen = labelled.metric(metric);
        var named = new LinkedHashMap<String, List<String>>();
        versions.forEach((variant, set) -> named.put(variant, List.copyOf(set)));
        return new AbData(chosen, assigned, named, labelled.observations(chosen), folder.toString());
    }

    private interface LineHandler {
        void row(JsonNode row, String where);
    }

    private static void each(Path file, LineHandler handler) {
        boolean live = !file.getFileName().toString().matches(".*-\\d+-\\d+\\.jsonl");
        boolean partialEnd = live && !endsWithNewline(file);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long number = 0;
            String line = reader.readLine();
            while (line != null) {
                number++;
                String next = reader.readLine();
                String where = file + ", line " + number;
                if (!line.isBlank()) {
                    JsonNode row;
                    try {
                        row = JSON.readTree(line);
                    } catch (IOException e) {
                        if (next == null && partialEnd) {
                            break; // the server is writing this line now
                        }
                        throw new IllegalArgumentException(where + ": not a JSON object (" + firstLine(e.getMessage()) + ")");
                    }
                    if (row == null || !row.isObject()) {
                        throw new IllegalArgumentException(where + ": not a JSON object");
                    }
                    handler.row(row, where);
                }
                line = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String variant(JsonNode row, String where) {
        JsonNode variant = row.get("_variant");
        if (variant == null) {
            throw new IllegalArgumentException(where + ": no _variant: not the log of an A/B split (pipewright serve --ab … --split …)");
        }
        String text = variant.asText();
        if (!text.equals(AbData.A) && !text.equals(AbData.B)) {
            throw new IllegalArgumentException(where + ": _variant must be a or b, not '" + text + "'");
        }
        return text;
    }

    private static String version(JsonNode row, String model) {
        JsonNode version = row.get("_version");
        if (version == null || version.isNull()) {
            return model == null ? "?" : model + ":?";
        }
        return model == null ? version.asText() : model + ":" + version.asText();
    }

    private static JsonNode label(JsonNode row, String target, String where) {
        if (target != null) {
            JsonNode label = row.get(target);
            if (label == null || label.isNull()) {
                throw new IllegalArgumentException(where + ": no label in column '" + target + "'");
            }
            return label;
        }
        String last = null;
        for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
            last = names.next();
        }
        if (last == null || last.equals("prediction") || last.startsWith("_")) {
            throw new IllegalArgumentException(where + ": no label after the prediction (name the label's column with --target)");
        }
        JsonNode label = row.get(last);
        if (label.isNull() || label.isContainerNode()) {
            throw new IllegalArgumentException(where + ": the label '" + last + "' is " + (label.isNull() ? "null" : "not a value"));
        }
        return label;
    }

    private static Object value(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    private static boolean endsWithNewline(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size == 0) {
                return true;
            }
            channel.position(size - 1);
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) == '\n';
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A log's files, rotated ones first in the order they were rotated, the live one last. */
    private static List<Path> files(Path folder, Pattern name) {
        var files = new ArrayList<Path>();
        try (var list = Files.list(folder)) {
            list.filter(path -> name.matcher(path.getFileName().toString()).matches() && Files.isRegularFile(path)).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparingLong((Path path) -> order(path, name, 1)).thenComparingLong(path -> order(path, name, 2)));
        return files;
    }

    private static long order(Path file, Pattern name, int group) {
        Matcher m = name.matcher(file.getFileName().toString());
        m.matches();
        return m.group(group) == null ? Long.MAX_VALUE : Long.parseLong(m.group(group));
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
