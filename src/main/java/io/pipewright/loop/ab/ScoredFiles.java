package io.pipewright.loop.ab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An A/B experiment given as two scored label files, one per variant: CSV with a header row (RFC 4180
 * quoting, one record a line), or JSON Lines ({@code .jsonl}, {@code .ndjson}: one object a line), each
 * row a labelled prediction with a {@code prediction} column and the label in the {@code label} column
 * (or the one named). Every row of a file is a unit assigned to its variant. The sequential test reads
 * the rows in arrival order: by a {@code _time} column (ISO-8601) when both files have one, else
 * interleaved by position, row i of n at (i + 1) / n of the way through.
 */
public final class ScoredFiles {
    public static final String PREDICTION = "prediction";
    public static final String LABEL = "label";
    private static final String TIME = "_time";
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private ScoredFiles() {
    }

    private record Scored(Object prediction, Object label, String time, String where) {
    }

    /**
     * Reads variant a's and b's files. {@code versionA}/{@code versionB} name what scored them (may be
     * null); {@code target} the label's column (null: {@value #LABEL}); {@code metric} null: chosen from the values.
     */
    public static AbData read(Path a, Path b, String versionA, String versionB, String target, AbMetric metric) {
        String label = target == null ? LABEL : target;
        List<Scored> rowsA = rows(a, label);
        List<Scored> rowsB = rows(b, label);
        boolean timed = rowsA.stream().allMatch(row -> row.time() != null) && rowsB.stream().allMatch(row -> row.time() != null);
        record Ordered(boolean b, Scored row, double at, java.time.Instant time) {
        }
        var ordered = new ArrayList<Ordered>(rowsA.size() + rowsB.size());
        for (int i = 0; i < rowsA.size(); i++) {
            ordered.add(new Ordered(false, rowsA.get(i), (i + 1.0) / rowsA.size(), timed ? instant(rowsA.get(i)) : null));
        }
        for (int i = 0; i < rowsB.size(); i++) {
            ordered.add(new Ordered(true, rowsB.get(i), (i + 1.0) / rowsB.size(), timed ? instant(rowsB.get(i)) : null));
        }
        // a stable sort: rows of a come before rows of b at the same moment
        ordered.sort(timed ? java.util.Comparator.comparing(Ordered::time) : java.util.Comparator.comparingDouble(Ordered::at));
        var labelled = new LabelledRows();
        ordered.forEach(row -> labelled.add(new LabelledRows.Row(row.b(), row.row().prediction(), row.row().label(), row.row().where())));
        AbMetric chosen = labelled.metric(metric);
        return new AbData(chosen, Map.of(AbData.A, (long) rowsA.size(), AbData.B, (long) rowsB.size()),
                Map.of(AbData.A, versionA == null ? List.of() : List.of(versionA), AbData.B, versionB == null ? List.of() : List.of(versionB)),
                labelled.observations(chosen), a + " vs " + b);
    }

    private static java.time.Instant instant(Scored row) {
        try {
            return java.time.Instant.parse(row.time());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(row.where() + ": _time '" + row.time() + "' is not an ISO-8601 instant (2026-03-01T12:00:00Z)");
        }
    }

    private static List<Scored> rows(Path file, String label) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
        var rows = new ArrayList<Scored>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = null;
            long number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                String where = file + ", line " + number;
                if (line.isBlank()) {
                    continue;
                }
                if (json) {
                    rows.add(jsonRow(line, label, where));
                } else if (header == null) {
                    header = csvFields(line.startsWith("\uFEFF") ? line.substring(1) : line, where);
                    for (String column : List.of(PREDICTION, label)) {
                        if (!header.contains(column)) {
                            throw new IllegalArgumentException(where + ": no column '" + column + "' in the header (" + String.join(", ", header) + ")");
                        }
                    }
                } else {
                    List<String> fields = csvFields(line, where);
                    if (fields.size() != header.size()) {
                        throw new IllegalArgumentException(where + ": " + fields.size() + " fields, the header has " + header.size());
                    }
                    String prediction = fields.get(header.indexOf(PREDICTION));
                    String value = fields.get(header.indexOf(label));
                    if (prediction.isEmpty() || value.isEmpty()) {
                        throw new IllegalArgumentException(where + ": " + (prediction.isEmpty() ? "no prediction" : "no label in column '" + label + "'"));
                    }
                    int time = header.indexOf(TIME);
                    rows.add(new Scored(prediction, value, time < 0 ? null : fields.get(time), where));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return rows;
    }

    private static Scored jsonRow(String line, String label, String where) {
        JsonNode row;
        try {
            row = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": not a JSON object (" + ServedExperiment.firstLine(e.getMessage()) + ")");
        }
        if (row == null || !row.isObject()) {
            throw new IllegalArgumentException(where + ": not a JSON object");
        }
        JsonNode prediction = row.get(PREDICTION);
        JsonNode value = row.get(label);
        if (prediction == null || prediction.isNull() || prediction.isContainerNode()) {
            throw new IllegalArgumentException(where + ": no prediction");
        }
        if (value == null || value.isNull() || value.isContainerNode()) {
            throw new IllegalArgumentException(where + ": no label in column '" + label + "'");
        }
        JsonNode time = row.get(TIME);
        return new Scored(plain(prediction), plain(value), time == null || time.isNull() ? null : time.asText(), where);
    }

    private static Object plain(JsonNode node) {
        return node.isNumber() ? (Object) node.doubleValue() : node.isBoolean() ? (Object) node.booleanValue() : node.asText();
    }

    /** One CSV record's fields (RFC 4180 quoting); a quoted field left open is an error naming the line. */
    static List<String> csvFields(String line, String where) {
        var fields = new ArrayList<String>();
        var field = new StringBuilder();
        boolean quoted = false;
        boolean startOfField = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
                startOfField = true;
                continue;
            } else if (c == '"' && startOfField) {
                quoted = true;
            } else {
                field.append(c);
            }
            startOfField = false;
        }
        if (quoted) {
            throw new IllegalArgumentException(where + ": a quoted field is not closed on its line");
        }
        fields.add(field.toString().strip());
        return fields;
    }
}
