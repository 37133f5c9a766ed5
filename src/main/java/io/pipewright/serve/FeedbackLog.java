package io.pipewright.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Labelled served traffic, for a monitor: each prediction whose label came back is a line of
 * {@code feedback.jsonl} beside the request log, with {@code _time} (when the label came),
 * {@code _id}, {@code _version}, {@code _variant} (with an A/B split), the features, {@code prediction}
 * and the label under the model's target column, so it reads as a labelled dataset
 * ({@code pipewright monitor run} with {@code current: {feedback: DIR}}). Rotated like the request log
 * ({@code feedback-<millis>-<rows>.jsonl}, the newest {@code keep} kept).
 *
 * <p>A feedback call's rows are written together, as one append of whole lines, after the call was
 * checked: a refused call writes nothing.
 */
final class FeedbackLog {
    static final String FILE = "feedback.jsonl";
    private static final JsonFactory FACTORY = new JsonFactory();

    /** One labelled row. */
    record Row(String id, String version, String variant, Map<String, Object> features, Object prediction, String target, Object label) {
    }

    private final Path folder;
    private final long maxBytes;
    private final int keep;
    private final boolean variants;
    private long written;

    FeedbackLog(Path folder, long maxBytes, int keep, boolean variants) {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.variants = variants;
    }

    synchronized void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        var bytes = new ByteArrayOutputStream();
        String now = Instant.now().toString();
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.setRootValueSeparator(null);
            for (Row row : rows) {
                json.writeStartObject();
                json.writeStringField("_time", now);
                json.writeStringField("_id", row.id());
                json.writeStringField("_version", row.version());
                if (variants) {
                    json.writeStringField("_variant", row.variant());
                }
                for (var field : row.features().entrySet()) {
                    if (!field.getKey().equals(row.target())) {
                        json.writeFieldName(field.getKey());
                        json.writeObject(field.getValue());
                    }
                }
                json.writeFieldName("prediction");
                json.writeObject(row.prediction());
                json.writeFieldName(row.target());
                json.writeObject(row.label());
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feedback rows: " + e.getMessage(), e);
        }
        Path file = folder.resolve(FILE);
        try {
            Files.write(file, bytes.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            written += rows.size();
            if (Files.size(file) >= maxBytes) {
                rotate(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private void rotate(Path file) throws IOException {
        Files.move(file, folder.resolve("feedback-" + System.currentTimeMillis() + "-" + written + ".jsonl"));
        var rotated = new ArrayList<Path>();
        try (var files = Files.list(folder)) {
            files.filter(path -> path.getFileName().toString().matches("feedback-\\d+-\\d+\\.jsonl")).forEach(rotated::add);
        }
        rotated.sort(Comparator.comparingLong(path -> Long.parseLong(path.getFileName().toString().split("-")[2].replace(".jsonl", ""))));
        for (int i = 0; i < rotated.size() - keep; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
    }
}
