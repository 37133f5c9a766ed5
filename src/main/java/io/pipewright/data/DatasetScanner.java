package io.pipewright.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pipewright.work.JsonErrors;
import io.pipewright.work.Progress;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A quick, streaming look at a dataset: how many records and columns it has, without holding
 * more than a buffer of it in memory. Used to list a dropped file before it is profiled.
 */
public final class DatasetScanner {
    private static final int BUFFER = 1 << 16;
    private static final long REPORT_EVERY = 4L << 20;
    private static final JsonFactory JSON = new JsonFactory();

    public DatasetSummary scan(Path file, Progress progress) {
        String name = file.getFileName().toString();
        DatasetFormat format = DatasetFormat.detect(file).orElseThrow(() -> new DatasetException(
                name + ": not a dataset Pipewright can open (" + DatasetFormat.supportedList() + ")"));
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (Files.isDirectory(file)) {
            throw new DatasetException(file + ": is a folder, not a file");
        }
        if (format == DatasetFormat.PARQUET) {
            checkParquetMagic(file, size);
            progress.update(size, size, name);
            return new DatasetSummary(file, format, size, OptionalLong.empty(), OptionalInt.empty());
        }
        try (var counting = new CountingInput(Files.newInputStream(file), size, name, progress);
             Reader reader = reader(file, counting)) {
            Counts counts = switch (format) {
                case CSV, TSV -> delimited(reader, format, name, progress);
                case JSON -> jsonArray(reader, name);
                case JSON_LINES -> jsonLines(reader, name, progress);
                case ARFF -> arff(reader, name, progress);
                case PARQUET -> throw new IllegalStateException("handled above");
            };
            progress.update(size, size, name);
            return new DatasetSummary(file, format, size, OptionalLong.of(counts.rows()), OptionalInt.of(counts.columns()));
        } catch (ZipException e) {
            throw new DatasetException(name + ": not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DatasetException(name + ": the file ends early (truncated or still being written)", e);
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Reader reader(Path file, InputStream raw) throws IOException {
        InputStream in = DatasetFormat.isGzip(file) ? new GZIPInputStream(raw, BUFFER) : raw;
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset(); // no byte-order mark
        }
        return reader;
    }

    private record Counts(long rows, int columns) {
    }

    /** Counts records of a CSV/TSV file, honouring quoted fields that span lines. */
    private static Counts delimited(Reader reader, DatasetFormat format, String name, Progress progress) throws IOException {
        char[] buffer = new char[BUFFER];
        boolean inQuotes = false;
        boolean recordHasContent = false;
        long line = 1;
        long quoteOpenedOnLine = 0;
        long records = 0;
        StringBuilder header = new StringBuilder();
        boolean inHeader = true;
        int read;
        while ((read = reader.read(buffer)) > 0) {
            progress.checkCancelled();
            for (int i = 0; i < read; i++) {
                char c = buffer[i];
                if (c == '"') {
                    inQuotes = !inQuotes;
                    if (inQuotes) {
                        quoteOpenedOnLine = line;
                    }
                } else if (c == '\n') {
                    line++;
                    if (!inQuotes) {
                        if (recordHasContent) {
                            records++;
                            inHeader = false;
                        }
                        recordHasContent = false;
                        continue;
                    }
                }
                if (c != '\r' && c != '\n') {
                    recordHasContent = true;
                }
                if (inHeader && header.length() < 1_000_000) {
                    header.append(c);
                }
            }
        }
        if (inQuotes) {
            throw new DatasetException(name + ": line " + quoteOpenedOnLine + ": a quoted field opened here is never closed");
        }
        if (recordHasContent) {
            records++;
        }
        if (records == 0) {
            throw new DatasetException(name + ": the file is empty (no header line)");
        }
        char delimiter = format == DatasetFormat.TSV ? '\t' : sniffDelimiter(header);
        return new Counts(records - 1, countFields(header, delimiter));
    }

    /** Picks the candidate that occurs most often outside quotes in the header line. */
    static char sniffDelimiter(CharSequence header) {
        char[] candidates = {',', ';', '\t', '|'};
        int[] counts = new int[candidates.length];
        boolean inQuotes = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            }
            for (int k = 0; k < candidates.length && !inQuotes; k++) {
                if (c == candidates[k]) {
                    counts[k]++;
                }
            }
        }
        int best = 0;
        for (int k = 1; k < candidates.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return candidates[best];
    }

    private static int countFields(CharSequence record, char delimiter) {
        int fields = 1;
        boolean inQuotes = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == delimiter && !inQuotes) {
                fields++;
            }
        }
        return fields;
    }

    private static Counts jsonArray(Reader reader, String name) throws IOException {
        try (JsonParser parser = JSON.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new DatasetException(name + ": line " + parser.currentLocation().getLineNr()
                        + ": expected a JSON array of records, found " + describe(first));
            }
            long records = 0;
            var fields = new HashSet<String>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new DatasetException(name + ": the JSON array is never closed (truncated file?)");
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new DatasetException(name + ": line " + parser.currentLocation().getLineNr()
                            + ": expected a record (JSON object), found " + describe(token));
                }
                records++;
                if (records == 1) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        fields.add(parser.currentName());
                        parser.nextToken();
                        parser.skipChildren();
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return new Counts(records, fields.size());
        } catch (JsonParseException e) {
            throw jsonError(name, e);
        }
    }

    private static Counts jsonLines(Reader reader, String name, Progress progress) throws IOException {
        var lines = new BufferedReader(reader, BUFFER);
        long number = 0;
        long records = 0;
        int columns = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            number++;
            if ((number & 0xFFF) == 0) {
                progress.checkCancelled();
            }
            if (line.isBlank()) {
                continue;
            }
            records++;
            if (records == 1) {
                columns = topLevelFields(line, name, number);
            }
        }
        return new Counts(records, columns);
    }

    private static int topLevelFields(String line, String name, long number) throws IOException {
        try (JsonParser parser = JSON.createParser(line)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw new DatasetException(name + ": line " + number + ": expected a record (JSON object), found " + describe(token));
            }
            int fields = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                fields++;
                parser.nextToken();
                parser.skipChildren();
            }
            return fields;
        } catch (JsonParseException e) {
            throw new DatasetException(name + ": line " + number + ": " + JsonErrors.describe(e).replaceFirst("^line \\d+, ", ""), e);
        }
    }

    private static DatasetException jsonError(String name, JsonParseException e) {
        return new DatasetException(name + ": " + JsonErrors.describe(e), e);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
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

    private static Counts arff(Reader reader, String name, Progress progress) throws IOException {
        var lines = new BufferedReader(reader, BUFFER);
        long number = 0;
        int attributes = 0;
        long records = 0;
        boolean data = false;
        String line;
        while ((line = lines.readLine()) != null) {
            number++;
            if ((number & 0xFFF) == 0) {
                progress.checkCancelled();
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("%")) {
                continue;
            }
            if (data) {
                records++;
            } else {
                String lower = trimmed.toLowerCase(Locale.ROOT);
                if (lower.startsWith("@attribute")) {
                    attributes++;
                } else if (lower.startsWith("@data")) {
                    data = true;
                } else if (!lower.startsWith("@relation")) {
                    throw new DatasetException(name + ": line " + number + ": expected @relation, @attribute or @data, found '"
                            + abbreviate(trimmed) + "'");
                }
            }
        }
        if (!data) {
            throw new DatasetException(name + ": no @data section");
        }
        return new Counts(records, attributes);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static void checkParquetMagic(Path file, long size) {
        String name = file.getFileName().toString();
        byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (size < 12) {
                throw new DatasetException(name + ": not a Parquet file (only " + size + " bytes)");
            }
            ByteBuffer head = ByteBuffer.allocate(4);
            ByteBuffer tail = ByteBuffer.allocate(4);
            channel.read(head, 0);
            channel.read(tail, size - 4);
            if (!java.util.Arrays.equals(head.array(), magic) || !java.util.Arrays.equals(tail.array(), magic)) {
                throw new DatasetException(name + ": not a Parquet file (it must start and end with PAR1)");
            }
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Counts the compressed bytes read, which is what progress is measured in. */
    private static final class CountingInput extends FilterInputStream {
        private final long total;
        private final String name;
        private final Progress progress;
        private long count;
        private long nextReport = REPORT_EVERY;

        CountingInput(InputStream in, long total, String name, Progress progress) {
            super(in);
            this.total = total;
            this.name = name;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(long n) {
            count += n;
            if (count >= nextReport) {
                nextReport = count + REPORT_EVERY;
                progress.checkCancelled();
                progress.update(count, total, name);
            }
        }
    }
}
