package io.pipewright.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.work.JsonErrors;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * JSON arrays of records and JSON Lines. Nested objects are flattened into dotted names
 * ({@code address.city}); arrays are kept as their JSON text. The file is read twice: once to learn
 * every column name, once for the values, so that a key first seen late still gets its column.
 */
final class JsonSource implements RecordSource {
    private static final int BATCH = 4096;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path path;
    private final String name;
    private final boolean lines;
    private final Set<String> naTokens;
    private final List<String> columns;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private SourceInput raw;
    private RecordIterator records;
    private String sha256;

    JsonSource(Path path, boolean lines, ReadOptions options) {
        this.path = path;
        this.name = path.getFileName().toString();
        this.lines = lines;
        this.naTokens = options.naTokens();
        // first pass: the column names, in order of first appearance
        var names = new LinkedHashMap<String, Boolean>();
        try (SourceInput input = SourceInput.open(path); RecordIterator scan = iterator(input)) {
            while (scan.hasNext()) {
                flatten("", scan.next(), (key, value) -> names.putIfAbsent(key, Boolean.TRUE));
            }
        } catch (IOException e) {
            throw ioError(e);
        }
        if (names.isEmpty() && !lines) {
            // an empty array is a valid dataset without columns
            this.columns = List.of();
        } else if (names.isEmpty()) {
            throw new DatasetException(name + ": the file is empty");
        } else {
            this.columns = List.copyOf(names.keySet());
        }
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        raw = SourceInput.open(path).fingerprintInBackground();
        try {
            records = iterator(raw);
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    private DatasetException ioError(IOException e) {
        if (e instanceof ZipException) {
            return new DatasetException(name + ": not a valid gzip file (" + e.getMessage() + ")", e);
        }
        if (e instanceof EOFException) {
            return new DatasetException(name + ": the file ends early (truncated or still being written)", e);
        }
        return new DatasetException(name + ": cannot read: " + e.getMessage(), e);
    }

    private RecordIterator iterator(InputStream input) throws IOException {
        InputStream in = DatasetFormat.isGzip(path) ? GzipInput.open(input, name) : input;
        Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        return lines ? new LinesIterator(reader) : new ArrayIterator(reader);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Chunk next() throws IOException {
        if (records == null) {
            return null;
        }
        var values = new ArrayList<String[]>(BATCH);
        var positions = new CsvTokenizer.LongList();
        try {
            while (values.size() < BATCH && records.hasNext()) {
                long position = records.position();
                String[] row = new String[columns.size()];
                flatten("", records.next(), (key, value) -> {
                    Integer column = index.get(key);
                    if (column != null) {
                        row[column] = value == null || naTokens.contains(value) ? null : value;
                    }
                });
                values.add(row);
                positions.add(position);
            }
        } catch (IOException e) {
            throw ioError(e);
        }
        if (values.isEmpty()) {
            sha256 = raw.finishDigest(); // before closing: closing the parser closes the file
            records.close();
            records = null;
            return null;
        }
        return Chunk.of(new Rows(values.toArray(String[][]::new), positions.toArray(), values.size()));
    }

    private interface FieldSink {
        void accept(String key, String value);
    }

    private static void flatten(String prefix, JsonNode node, FieldSink sink) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                JsonNode value = field.getValue();
                if (value.isObject() && !value.isEmpty()) {
                    flatten(key, value, sink);
                } else {
                    sink.accept(key, value.isNull() || value.isMissingNode() ? null : value.isValueNode() ? value.asText() : value.toString());
                }
            }
        }
    }

    /** Records one after another, with the line each starts on. */
    private abstract class RecordIterator implements AutoCloseable {
        abstract boolean hasNext() throws IOException;

        abstract JsonNode next() throws IOException;

        abstract long position();

        @Override
        public abstract void close() throws IOException;
    }

    private final class ArrayIterator extends RecordIterator {
        private final JsonParser parser;
        private JsonToken token;
        private long line;

        ArrayIterator(Reader reader) throws IOException {
            parser = new JsonFactory().createParser(reader);
            try {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    throw new DatasetException(name + ": the file is empty");
                }
                if (first != JsonToken.START_ARRAY) {
                    throw new DatasetException(name + ": line " + parser.currentLocation().getLineNr()
                            + ": expected a JSON array of records, found " + describe(first));
                }
                advance();
            } catch (JsonParseException e) {
                throw new DatasetException(name + ": " + JsonErrors.describe(e), e);
            }
        }

        private void advance() throws IOException {
            try {
                token = parser.nextToken();
                line = parser.currentLocation().getLineNr();
                if (token == null) {
                    throw new DatasetException(name + ": the JSON array is never closed (truncated file?)");
                }
                if (token != JsonToken.END_ARRAY && token != JsonToken.START_OBJECT) {
                    throw new DatasetException(name + ": line " + line + ": expected a record (JSON object), found " + describe(token));
                }
            } catch (JsonParseException e) {
                throw new DatasetException(name + ": " + JsonErrors.describe(e), e);
            }
        }

        @Override
        boolean hasNext() {
            return token == JsonToken.START_OBJECT;
        }

        @Override
        JsonNode next() throws IOException {
            try {
                JsonNode node = MAPPER.readTree(parser);
                advance();
                return node;
            } catch (JsonParseException e) {
                throw new DatasetException(name + ": " + JsonErrors.describe(e), e);
            }
        }

        @Override
        long position() {
            return line;
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    private final class LinesIterator extends RecordIterator {
        private final BufferedReader reader;
        private String nextLine;
        private long number;
        private long nextNumber;

        LinesIterator(Reader reader) throws IOException {
            this.reader = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
            advance();
        }

        private void advance() throws IOException {
            nextLine = null;
            String line;
            while ((line = reader.readLine()) != null) {
                nextNumber++;
                if (!line.isBlank()) {
                    nextLine = line;
                    return;
                }
            }
        }

        @Override
        boolean hasNext() {
            return nextLine != null;
        }

        @Override
        JsonNode next() throws IOException {
            String line = nextLine;
            number = nextNumber;
            advance();
            try {
                JsonNode node = MAPPER.readTree(line);
                if (!node.isObject()) {
                    throw new DatasetException(name + ": line " + number + ": expected a record (JSON object), found "
                            + node.getNodeType().name().toLowerCase(Locale.ROOT));
                }
                return node;
            } catch (JsonParseException e) {
                throw new DatasetException(name + ": line " + number + ": " + JsonErrors.describe(e).replaceFirst("^line \\d+, ", ""), e);
            }
        }

        @Override
        long position() {
            return nextNumber; // the line of the record next() returns
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public long bytesRead() {
        return raw.count();
    }

    @Override
    public long totalBytes() {
        return raw.size();
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public String encoding() {
        return "UTF-8";
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        if (records != null) {
            records.close();
        }
        raw.close();
    }
}
