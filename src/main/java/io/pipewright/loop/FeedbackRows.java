package io.pipewright.loop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.TrainedModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A monitor's labelled new data from a model server: the rows the server wrote to {@code feedback.jsonl}
 * (and its rotated {@code feedback-<millis>-<rows>.jsonl} files) in its {@code --log-requests} folder as
 * labels came back for its answers, gathered into one JSON Lines file of the monitored model's features
 * and target (the server's own fields, {@code _time}, {@code _id}, {@code _version}, {@code _variant}
 * and {@code prediction}, left out), oldest first. A line still being written is not read. The file is
 * in a temporary folder of its own, deleted on {@link #close()}.
 */
final class FeedbackRows implements AutoCloseable {
    private static final Pattern FILE = Pattern.compile("feedback(?:-(\\d+)-(\\d+))?\\.jsonl");
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final Path folder;
    private final Path file;
    private final long rows;

    private FeedbackRows(Path folder, Path file, long rows) {
        this.folder = folder;
        this.file = file;
        this.rows = rows;
    }

    /** Gathers the labelled rows of the server folder {@code served}; {@code name} is the monitor file's, for messages. */
    static FeedbackRows collect(Path served, TrainedModel model, String name) {
        if (!Files.isDirectory(served)) {
            throw new IllegalArgumentException(name + ": current.feedback: " + served + ": no such folder");
        }
        List<Path> files = files(served);
        List<String> columns = model.inputs().stream().map(ModelArtifact.Input::name).toList();
        if (!columns.contains(model.target())) {
            columns = new ArrayList<>(columns);
            columns.add(model.target());
        }
        Path folder;
        try {
            folder = Files.createTempDirectory("pipewright-feedback-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder: " + e.getMessage(), e);
        }
        Path out = folder.resolve("feedback.jsonl");
        long rows = 0;
        try (OutputStream stream = Files.newOutputStream(out); JsonGenerator json = new JsonFactory().createGenerator(stream)) {
            json.setCodec(JSON);
            json.setRootValueSeparator(null);
            for (Path file : files) {
                rows += copy(file, columns, model.target(), json);
            }
        } catch (IOException e) {
            delete(folder, out);
            throw new UncheckedIOException(name + ": current.feedback: cannot read " + served + ": " + e.getMessage(), e);
        }
        if (rows == 0) {
            delete(folder, out);
            throw new IllegalArgumentException(name + ": current.feedback: " + served + ": no labelled rows yet (the server writes them to "
                    + "feedback.jsonl there when labels come back to /v1/models/NAME:feedback; serve with --log-requests on this folder)");
        }
        return new FeedbackRows(folder, out, rows);
    }

    /** Copies the labelled rows of one file; a line that is not a whole JSON object (one being written) is skipped. */
    private static long copy(Path file, List<String> columns, String target, JsonGenerator json) throws IOException {
        long rows = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (row == null || !row.isObject() || row.path(target).isNull() || row.path(target).isMissingNode()) {
                    continue;
                }
                json.writeStartObject();
                for (String column : columns) {
                    json.writeFieldName(column);
                    JsonNode value = row.get(column);
                    if (value == null) {
                        json.writeNull();
                    } else {
                        json.writeTree(value);
                    }
                }
                json.writeEndObject();
                json.writeRaw('\n');
                rows++;
            }
        }
        return rows;
    }

    /** The feedback files of a folder, rotated ones first in the order they were rotated, the live one last. */
    private static List<Path> files(Path served) {
        var files = new ArrayList<Path>();
        try (var list = Files.list(served)) {
            list.filter(path -> FILE.matcher(path.getFileName().toString()).matches() && Files.isRegularFile(path)).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + served + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparingLong((Path path) -> order(path, 1)).thenComparingLong(path -> order(path, 2)));
        return files;
    }

    private static long order(Path file, int group) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        m.matches();
        return m.group(group) == null ? Long.MAX_VALUE : Long.parseLong(m.group(group));
    }

    /** The gathered rows, one JSON object a line. */
    Path file() {
        return file;
    }

    long rows() {
        return rows;
    }

    @Override
    public void close() {
        delete(folder, file);
    }

    private static void delete(Path folder, Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a copy in the temporary folder; the system clears it
        }
    }
}
