package io.pipewright.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pipewright.data.Chunk;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.NumberParser;
import io.pipewright.data.RecordSource;
import io.pipewright.data.Rows;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Step;
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
 * class; CSV, JSON Lines or Parquet (the model's numeric features and the probabilities as
 * doubles, a regression's prediction too, the other columns as text), written beside its name and
 * moved into place when complete.
 */
public final class BatchScorer {
    /** How the output is written. */
    public enum Format { CSV, JSONL, PARQUET }

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
        // a device or a named pipe is written as it is; a file, whole or not at all
        boolean stream = io.pipewright.work.OutputTarget.isStream(output);
        Path partial = stream ? output : parent.resolve("." + output.getFileName() + ".part");
        DatasetReader reader = DatasetReader.open(input);
        // where a bad value is: a line of a text file, a record of a Parquet file
        String where = input.getFileName() + (reader.format() == io.pipewright.data.DatasetFormat.PARQUET ? ": record " : ": line ");
        try (RecordSource source = reader.source()) {
            List<String> names = source.columns();
            var index = new HashMap<String, Integer>();
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i), i);
            }
            var absent = predictor.features().stream().map(ModelArtifact.Input::name).filter(name -> !index.containsKey(name)).toList();
            if (!absent.isEmpty()) {
                throw new Predictor.InvalidInput(input.getFileName() + ": missing feature" + (absent.size() > 1 ? "s " : " ") + String.join(", ", absent)
                        + fromViews(absent, input));
            }
            Files.createDirectories(parent);
            try (Output out = output(format, partial)) {
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
                    Predictor.Prediction prediction = predictor.predict(table(parsed, index, where));
                    for (int r = 0; r < parsed.size(); r++) {
                        out.row(parsed.values()[r], prediction.predictions().get(r),
                                prediction.probabilities() == null ? null : prediction.probabilities()[r]);
                    }
                    rows += parsed.size();
                    progress.update(source.bytesRead(), source.totalBytes(), String.format(Locale.US, "%,d rows scored", rows));
                }
                out.finish();
            }
            if (!stream) {
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot score " + input + " into " + output + ": " + e.getMessage(), e);
        } finally {
            try {
                if (!stream) {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException e) {
                // the partial file stays hidden beside the output
            }
        }
        return new Summary(rows, (System.nanoTime() - started) / 1e9);
    }

    /**
     * A chunk's rows as the raw table the model reads: text parsed as training read it (a number that
     * does not parse is missing, and so is NaN, as in training). An infinite number ({@code inf},
     * {@code 1e999}) is refused naming the file, the line and the feature ({@link FiniteNumbers}).
     */
    private Table table(Rows rows, Map<String, Integer> index, String where) {
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
                            if (Double.isInfinite(numbers.value)) {
                                throw new Predictor.InvalidInput(where + rows.lines()[r] + ": " + feature.name() + ": '" + text
                                        + "' is not a finite number; leave the value empty for a missing value");
                            }
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

    /**
     * For a model trained through a features node: which of the missing features its views give, and the join that adds
     * them (a batch is scored as of each row's own time, which only a point-in-time join gives; not the online store's now).
     */
    private String fromViews(List<String> absent, Path input) {
        var views = FeatureLookup.views(predictor.manifest()).stream().filter(view -> view.features().stream().anyMatch(absent::contains))
                .map(Step.Lookup.View::name).toList();
        if (views.isEmpty()) {
            return "";
        }
        return ", from feature view" + (views.size() > 1 ? "s " : " ") + String.join(", ", views) + ": join " + (views.size() > 1 ? "them" : "it")
                + " onto the file first (pipewright features join " + input.getFileName() + " --view " + String.join(".yaml --view ", views)
                + ".yaml --out joined.csv) and score that";
    }

    private Output output(Format format, Path file) throws IOException {
        if (format == Format.PARQUET) {
            return new Parquet(file, predictor);
        }
        Writer writer = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
        return format == Format.CSV ? new Csv(writer) : new JsonLines(writer);
    }

    private interface Output extends AutoCloseable {
        void header(List<String> names) throws IOException;

        void row(String[] values, Object prediction, double[] probabilities) throws IOException;

        void finish() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Parquet, a row group at a time (parquet-floor: the Parquet writer without Hadoop). */
    private static final class Parquet implements Output {
        private final Path file;
        private final Predictor predictor;
        private final NumberParser numbers = new NumberParser(false);
        private blue.strategic.parquet.ParquetWriter<Object[]> writer;
        private String[] names;
        private boolean[] numeric;

        Parquet(Path file, Predictor predictor) {
            this.file = file;
            this.predictor = predictor;
        }

        @Override
        public void header(List<String> header) throws IOException {
            names = header.toArray(String[]::new);
            numeric = new boolean[names.length];
            var doubles = new java.util.HashSet<String>();
            predictor.features().stream().filter(feature -> feature.type().equals("numeric")).forEach(feature -> doubles.add(feature.name()));
            int columns = names.length - 1 - predictor.labels().size();
            var schema = org.apache.parquet.schema.Types.buildMessage();
            for (int i = 0; i < names.length; i++) {
                boolean prediction = i == columns;
                numeric[i] = i < columns ? doubles.contains(names[i]) : i > columns || !predictor.classifier();
                if (numeric[i]) {
                    schema.optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE).named(names[i]);
                } else {
                    schema.optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY)
                            .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType()).named(names[i]);
                }
            }
            Files.deleteIfExists(file); // the writer creates its file
            writer = blue.strategic.parquet.ParquetWriter.writeFile(schema.named("scored"), file.toFile(), (row, out) -> {
                for (int c = 0; c < row.length; c++) {
                    if (row[c] != null) {
                        out.write(names[c], row[c]);
                    }
                }
            });
        }

        @Override
        public void row(String[] values, Object prediction, double[] probabilities) throws IOException {
            var row = new Object[names.length];
            for (int i = 0; i < values.length; i++) {
                String text = values[i];
                row[i] = text == null ? null : !numeric[i] ? text : numbers.parse(text) ? (Object) numbers.value : null;
            }
            row[values.length] = prediction instanceof Number number ? (Object) number.doubleValue() : String.valueOf(prediction);
            if (probabilities != null) {
                for (int k = 0; k < probabilities.length; k++) {
                    row[values.length + 1 + k] = probabilities[k];
                }
            }
            writer.write(row);
        }

        @Override
        public void finish() {
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }
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

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    private static final class JsonLines implements Output {
        private final JsonGenerator json;
        private List<String> names;

        private final Writer writer;

        JsonLines(Writer writer) throws IOException {
            this.writer = writer;
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

        @Override
        public void close() throws IOException {
            json.close();
            writer.close();
        }
    }
}
