package io.pipewright.data;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipException;

/** Weka's ARFF: {@code @attribute} lines name the columns, {@code ?} is missing, values are comma-separated. */
final class ArffSource implements RecordSource {
    private static final int BATCH = 8192;

    private final String name;
    private final SourceInput raw;
    private final BufferedReader reader;
    private final Set<String> naTokens;
    private final List<String> columns;
    private final List<String> notes = new ArrayList<>();
    private long line;
    private boolean done;
    private String sha256;

    ArffSource(Path path, ReadOptions options) {
        this.name = path.getFileName().toString();
        this.naTokens = options.naTokens();
        this.raw = SourceInput.open(path).fingerprintInBackground();
        try {
            InputStream in = DatasetFormat.isGzip(path) ? GzipInput.open(raw, name) : raw;
            reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            var names = new ArrayList<String>();
            String text;
            boolean data = false;
            while (!data && (text = reader.readLine()) != null) {
                line++;
                String trimmed = text.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("%")) {
                    continue;
                }
                String lower = trimmed.toLowerCase(Locale.ROOT);
                if (lower.startsWith("@attribute")) {
                    List<String> parts = split(trimmed.substring("@attribute".length()).strip(), ' ', true, name + ": line " + line);
                    if (parts.isEmpty()) {
                        throw new DatasetException(name + ": line " + line + ": @attribute without a name");
                    }
                    names.add(parts.get(0));
                } else if (lower.startsWith("@data")) {
                    data = true;
                } else if (!lower.startsWith("@relation")) {
                    throw new DatasetException(name + ": line " + line + ": expected @relation, @attribute or @data, found '"
                            + (trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" : trimmed) + "'");
                }
            }
            if (!data) {
                throw new DatasetException(line == 0 ? name + ": the file is empty" : name + ": no @data section");
            }
            if (names.isEmpty()) {
                throw new DatasetException(name + ": no @attribute lines");
            }
            columns = List.copyOf(ColumnNames.clean(names, notes));
        } catch (ZipException e) {
            raw.closeQuietly();
            throw new DatasetException(name + ": not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            raw.closeQuietly();
            throw new DatasetException(name + ": the file ends early (truncated or still being written)", e);
        } catch (IOException e) {
            raw.closeQuietly();
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            raw.closeQuietly(); // a header it cannot read: the file and its fingerprint's thread are let go
            throw e;
        }
    }

    /**
     * Splits on the separator (and, for data lines, commas), honouring single and double quotes; a
     * mistake is a {@link DatasetException} that starts with {@code where} (the file and line).
     */
    static List<String> split(String text, char separator, boolean header, String where) {
        var parts = new ArrayList<String>();
        var current = new StringBuilder();
        char quote = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < text.length()) {
                    current.append(text.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if ((c == '\'' || c == '"') && current.toString().isBlank()) {
                quote = c;
                quoted = true;
                current.setLength(0);
            } else if (c == separator || (header && Character.isWhitespace(c))) {
                if (header && current.isEmpty() && !quoted) {
                    continue;
                }
                parts.add(quoted ? current.toString() : current.toString().strip());
                current.setLength(0);
                quoted = false;
                if (header) {
                    parts.add(text.substring(i + 1).strip());
                    return parts;
                }
            } else {
                current.append(c);
            }
        }
        if (quote != 0) {
            throw new DatasetException(where + ": a quoted value is never closed");
        }
        if (!current.isEmpty() || quoted || !parts.isEmpty()) {
            parts.add(quoted ? current.toString() : current.toString().strip());
        }
        return parts;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Chunk next() throws IOException {
        if (done) {
            return null;
        }
        var values = new ArrayList<String[]>(BATCH);
        var lines = new CsvTokenizer.LongList();
        String text;
        try {
            while (values.size() < BATCH && (text = reader.readLine()) != null) {
                line++;
                String trimmed = text.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("%")) {
                    continue;
                }
                if (trimmed.startsWith("{")) {
                    throw new DatasetException(name + ": line " + line + ": sparse ARFF rows are not supported");
                }
                List<String> fields = split(trimmed, ',', false, name + ": line " + line);
                if (fields.size() != columns.size()) {
                    throw new DatasetException(name + ": line " + line + ": expected " + columns.size() + " values, found " + fields.size());
                }
                String[] row = new String[fields.size()];
                for (int c = 0; c < row.length; c++) {
                    String value = fields.get(c);
                    row[c] = value.equals("?") || value.isEmpty() || naTokens.contains(value) ? null : value;
                }
                values.add(row);
                lines.add(line);
            }
        } catch (EOFException e) {
            throw new DatasetException(name + ": the file ends early (truncated or still being written)", e);
        }
        if (values.isEmpty()) {
            done = true;
            sha256 = raw.finishDigest();
            return null;
        }
        return Chunk.of(new Rows(values.toArray(String[][]::new), lines.toArray(), values.size()));
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
        return notes;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
