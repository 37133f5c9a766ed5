package io.pipewright.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pipewright.data.Chunk;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.NumberParser;
import io.pipewright.data.RecordSource;
import io.pipewright.data.Rows;
import io.pipewright.train.ModelArtifact;
import io.pipewright.work.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Scores a file of any size in bounded memory: the input is read a chunk at a time (any format
 * Pipewright reads), each chunk predicted and written before the next is read. The output has the
 * input's columns, then {@code prediction}, then for a classifier one {@code p_<class>} column per
 * class; CSV or JSON Lines, written beside its name and moved into place when complete.
 */
public final class BatchScorer {
    /** How the output is written. */
    public enum Format { CSV, JSONL }

    /** What was scored: rows, seconds. */
    public record Summary(long rows, double seconds) {
        public double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : rows;
        }
    }

    private final Predictor predictor;

    public BatchScorer(Predictor predictor) {
        this.predictor = predictor;
    }

    public Summary score(Path input, Path output, Format format, Progress progress) {
        long started = System.nanoTime();
        long rows = 0;
        Path parent = output.toAbsolutePath().getParent();
        Path partial = parent.resolve("." + output.getFileName() + ".part");
        try (RecordSource source = DatasetReader.open(input).source()) {
            List<String> names = source.columns();
            var index = new HashMap<String, Integer>();
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i), i);
            }
            var absent = predictor.features().stream().map(ModelArtifact.Input::name).filter(name -> !index.containsKey(name)).toList();
            if (!absent.isEmpty()) {
                throw new Predictor.InvalidInput(input.getFileName() + ": missing feature" + (absent.size() > 1 ? "s " : " ") + String.join(", ", absent));
            }
            Files.createDirectories(parent);
            try (Writer writer = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8), 1 << 16)) {
                var out = format == Format.CSV ? new Csv(writer) : new JsonLines(writer);
                var header = new ArrayList<>(names);
                header.add("prediction");
                predictor.labels().forEach(label -> header.add("p_" + label));
                out.header(header);
                Chunk chunk;
                while ((chunk = source.next()) != null) {
                    progress.checkCancelled();
                    Rows parsed = chunk.parse();
                    if (parsed.size() == 0) {
                        continue;
                    }
                    Predictor.Prediction prediction = predictor.predict(table(parsed, index));
                    for (int r = 0; r < parsed.size(); r++) {
                        out.row(parsed.values()[r], prediction.predictions().get(r),
                                prediction.probabilities() == null ? null : prediction.probabilities()[r]);
                    }
                    rows += parsed.size();
                    progress.update(source.bytesRead(), source.totalBytes(), String.format(Locale.US, "%,d rows scored", rows));
                }
                out.finish();
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot score " + input + " into " + output + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // the partial file stays hidden beside the output
            }
        }
        return new Summary(rows, (System.nanoTime() - started) / 1e9);
    }

    /** A chunk's rows as the raw table the model reads: text parsed as training read it (a number that does not parse is missing). */
    private Table table(Rows rows, Map<String, Integer> index) {
        var columns = new ArrayList<Column<?>>();
        var numbers = new NumberParser(false);
        for (ModelArtifact.Input feature : predictor.features()) {
            int c = index.get(feature.name());
            String[][] values = rows.values();
            switch (feature.type()) {
                case "numeric" -> {
                    var column = DoubleColumn.create(feature.name(), rows.size());
                    for (int r = 0; r < rows.size(); r++) {
                        String text = values[r][c];
                        if (text != null && numbers.parse(text)) {
                            column.set(r, numbers.value);
                        } else {
                            column.setMissing(r);
                        }
                    }
                    columns.add(column);
                }
                case "boolean" -> {
                    var column = BooleanColumn.create(feature.name());
                    for (int r = 0; r < rows.size(); r++) {
                        String text = values[r][c];
                        if (text == null || !(text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                            column.appendMissing();
                        } else {
                            column.append(Boolean.parseBoolean(text));
                        }
                    }
                    columns.add(column);
                }
                case "datetime" -> {
                    var column = DateTimeColumn.create(feature.name());
                    for (int r = 0; r < rows.size(); r++) {
                        try {
                            if (values[r][c] == null) {
                                column.appendMissing();
                            } else {
                                column.append(LocalDateTime.parse(values[r][c]));
                            }
                        } catch (java.time.format.DateTimeParseException e) {
                            column.appendMissing();
                        }
                    }
                    columns.add(column);
                }
                default -> {
                    var column = StringColumn.create(feature.name());
                    for (int r = 0; r < rows.size(); r++) {
                        if (values[r][c] == null) {
                            column.appendMissing();
                        } else {
                            column.append(values[r][c]);
                        }
                    }
                    columns.add(column);
                }
            }
        }
        return Table.create(predictor.name(), columns);
    }

    private interface Output {
        void header(List<String> names) throws IOException;

        void row(String[] values, Object prediction, double[] probabilities) throws IOException;

        void finish() throws IOException;
    }

    private static final class Csv implements Output {
        private final Writer writer;

        Csv(Writer writer) {
            this.writer = writer;
        }

        @Override
        public void header(List<String> names) throws IOException {
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    writer.write(',');
                }
                field(names.get(i));
            }
            writer.write('\n');
        }

        @Override
        public void row(String[] values, Object prediction, double[] probabilities) throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    writer.write(',');
                }
                field(values[i]);
            }
            writer.write(',');
            field(String.valueOf(prediction));
            if (probabilities != null) {
                for (double p : probabilities) {
                    writer.write(',');
                    writer.write(Double.toString(p));
                }
            }
            writer.write('\n');
        }

        private void field(String value) throws IOException {
            if (value == null) {
                return;
            }
            if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                writer.write('"');
                writer.write(value.replace("\"", "\"\""));
                writer.write('"');
            } else {
                writer.write(value);
            }
        }

        @Override
        public void finish() {
        }
    }

    private static final class JsonLines implements Output {
        private final JsonGenerator json;
        private List<String> names;

        JsonLines(Writer writer) throws IOException {
            this.json = new JsonFactory().createGenerator(writer);
            json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        }

        @Override
        public void header(List<String> names) {
            this.names = names;
        }

        @Override
        public void row(String[] values, Object prediction, double[] probabilities) throws IOException {
            json.writeStartObject();
            for (int i = 0; i < values.length; i++) {
                json.writeStringField(names.get(i), values[i]);
            }
            if (prediction instanceof Number number) {
                json.writeNumberField("prediction", number.doubleValue());
            } else {
                json.writeStringField("prediction", String.valueOf(prediction));
            }
            if (probabilities != null) {
                for (int k = 0; k < probabilities.length; k++) {
                    json.writeNumberField(names.get(values.length + 1 + k), probabilities[k]);
                }
            }
            json.writeEndObject();
        }

        @Override
        public void finish() throws IOException {
            json.writeRaw('\n');
            json.flush();
        }
    }
}
