package io.pipewright.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * CSV and TSV, streamed: the caller's thread only finds record boundaries in blocks of
 * {@link ReadOptions#chunkBytes()} bytes; splitting fields and decoding happen in
 * {@link Chunk#parse()}, on whichever thread the profiler chooses.
 */
final class CsvSource implements RecordSource {
    private static final int SNIFF_BYTES = 64 << 10;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final Path path;
    private final String name;
    private final SourceInput raw;
    private final InputStream in;
    private final ReadOptions options;
    private final List<String> notes = new ArrayList<>();
    private final byte delimiter;
    private final byte quote;
    private final Charset charset;
    private final List<String> columns;
    private final CsvTokenizer tokenizer;

    /** Buffers of released chunks ({@link Chunk#release()}), for the next chunks to fill. */
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> freeBuffers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final int MAX_FREE_BUFFERS = 16;
    private byte[] pending;          // bytes read but not yet handed out, starting at a record boundary
    private int pendingLength;
    private long pendingLine;        // line number of pending[0]
    private boolean endOfInput;
    private String sha256;

    CsvSource(Path path, DatasetFormat format, ReadOptions options) {
        this.path = path;
        this.name = path.getFileName().toString();
        this.options = options;
        this.raw = SourceInput.open(path).fingerprintInBackground();
        try {
            this.in = DatasetFormat.isGzip(path) ? GzipInput.open(raw, name) : raw;
            pending = new byte[Math.max(options.chunkBytes(), SNIFF_BYTES)];
            pendingLength = fill(pending, 0);
            pendingLine = 1;
            if (pendingLength == 0) {
                throw new DatasetException(name + ": the file is empty");
            }
            int bomLength = 0;
            Charset detected;
            if (startsWith(pending, pendingLength, 0xEF, 0xBB, 0xBF)) {
                bomLength = 3;
                detected = StandardCharsets.UTF_8;
            } else if (startsWith(pending, pendingLength, 0xFE, 0xFF) || startsWith(pending, pendingLength, 0xFF, 0xFE)) {
                throw new DatasetException(name + ": UTF-16 text is not supported; save the file as UTF-8");
            } else {
                detected = null;
            }
            int binaryAt = indexOfNul(pending, Math.min(pendingLength, SNIFF_BYTES));
            if (binaryAt >= 0) {
                throw new DatasetException(name + ": not a text file (binary data at byte " + binaryAt + ")");
            }
            if (options.encoding() != null) {
                charset = options.encoding();
                if (!charset.newEncoder().canEncode(',') || charset.name().startsWith("UTF-16") || charset.name().startsWith("UTF-32")) {
                    throw new DatasetException(name + ": encoding " + charset.name() + " is not supported; use UTF-8 or a single-byte encoding");
                }
            } else if (detected != null) {
                charset = detected;
            } else if (CsvTokenizer.looksLikeUtf8(pending, Math.min(pendingLength, SNIFF_BYTES))) {
                charset = StandardCharsets.UTF_8;
            } else {
                charset = WINDOWS_1252;
                notes.add("the file is not UTF-8; read it as windows-1252 (give --encoding to choose another)");
            }
            quote = (byte) options.quote();
            if (bomLength > 0) {
                pendingLength -= bomLength;
                System.arraycopy(pending, bomLength, pending, 0, pendingLength);
            }
            ensureFirstRecord();
            if (options.delimiter() != null) {
                delimiter = (byte) options.delimiter().charValue();
            } else if (format == DatasetFormat.TSV) {
                delimiter = '\t';
            } else {
                delimiter = (byte) sniffDelimiter();
            }
            var headerReader = new CsvTokenizer(name, delimiter, quote, charset, options.naTokens(), 0);
            CsvTokenizer.Record header = headerReader.first(pending, 0, pendingLength, 1);
            if (header.fields().length == 0) {
                throw new DatasetException(name + ": the file has no header line");
            }
            if (options.header()) {
                columns = List.copyOf(ColumnNames.clean(Arrays.asList(header.fields()), notes));
                pendingLine = 1 + header.lines();
                pendingLength -= header.end();
                System.arraycopy(pending, header.end(), pending, 0, pendingLength);
            } else {
                var generated = new ArrayList<String>();
                for (int i = 1; i <= header.fields().length; i++) {
                    generated.add("column_" + i);
                }
                columns = List.copyOf(generated);
            }
            tokenizer = new CsvTokenizer(name, delimiter, quote, charset, options.naTokens(), columns.size());
        } catch (ZipException e) {
            closeQuietly();
            throw new DatasetException(name + ": not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            closeQuietly();
            throw new DatasetException(name + ": the file ends early (truncated or still being written)", e);
        } catch (IOException e) {
            closeQuietly();
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private void closeQuietly() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    private static boolean startsWith(byte[] bytes, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfNul(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Makes sure the header record is wholly in {@code pending}. */
    private void ensureFirstRecord() throws IOException {
        while (!endOfInput && boundaryIn(pending, pendingLength, (byte) ',', true) < 0) {
            grow();
        }
    }

    private int sniffDelimiter() {
        char[] candidates = {',', ';', '\t', '|'};
        int[] counts = new int[candidates.length];
        boolean inQuotes = false;
        for (int i = 0; i < pendingLength; i++) {
            byte b = pending[i];
            if (b == quote) {
                inQuotes = !inQuotes;
            } else if (!inQuotes && b == '\n') {
                break;
            } else if (!inQuotes) {
                for (int k = 0; k < candidates.length; k++) {
                    if (b == candidates[k]) {
                        counts[k]++;
                    }
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

    private int fill(byte[] buffer, int from) throws IOException {
        int length = from;
        while (length < buffer.length) {
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                endOfInput = true;
                break;
            }
            length += n;
        }
        return length;
    }

    private void grow() throws IOException {
        if (pending.length >= ReadOptions.MAX_RECORD_BYTES) {
            throw new DatasetException(name + ": line " + pendingLine + ": a record longer than "
                    + (ReadOptions.MAX_RECORD_BYTES >> 20) + " MB (an unclosed quote?)");
        }
        pending = Arrays.copyOf(pending, Math.min(pending.length * 2, ReadOptions.MAX_RECORD_BYTES));
        pendingLength = fill(pending, pendingLength);
    }

    /**
     * The offset just past the last complete record in {@code bytes[0, length)}, or -1 when there
     * is none; with {@code firstOnly}, past the first one. Mirrors {@link CsvTokenizer}'s quoting.
     * Up to the first quote, every newline ends a record, so that stretch is scanned eight bytes at
     * a time; from the start of the line holding a quote on, byte by byte.
     */
    private int boundaryIn(byte[] bytes, int length, byte separator, boolean firstOnly) {
        if (firstOnly) {
            return scan(bytes, 0, length, separator, true, 0, -1);
        }
        long newlinePattern = 0x0A0A0A0A0A0A0A0AL;
        long quotePattern = (quote & 0xFFL) * 0x0101010101010101L;
        int newlines = 0;
        int boundary = -1;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            long word = (long) WORDS.get(bytes, i);
            if (matches(word, quotePattern) != 0) {
                break;
            }
            long ends = matches(word, newlinePattern);
            if (ends != 0) {
                newlines += Long.bitCount(ends);
                boundary = i + (63 - Long.numberOfLeadingZeros(ends)) / 8 + 1;
            }
        }
        linesBeforeBoundary = newlines;
        // the rest, from the start of the line the word-at-a-time scan stopped in
        return scan(bytes, Math.max(boundary, 0), length, separator, false, newlines, boundary);
    }

    private static final java.lang.invoke.VarHandle WORDS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The high bit of each byte of {@code word} that equals the byte repeated in {@code pattern}, and no other bit. */
    private static long matches(long word, long pattern) {
        long x = word ^ pattern;
        return ~(((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x | 0x7F7F7F7F7F7F7F7FL);
    }

    /** The byte-by-byte scan, from {@code from} (a record's start) with the newlines and boundary found before it. */
    private int scan(byte[] bytes, int from, int length, byte separator, boolean firstOnly, int newlinesBefore, int boundaryBefore) {
        final int fieldStart = 0;
        final int unquoted = 1;
        final int quoted = 2;
        final int quoteInQuoted = 3;
        int state = fieldStart;
        int boundary = boundaryBefore;
        int newlines = newlinesBefore;
        byte sep = firstOnly ? 0 : separator; // the header scan runs before the delimiter is known
        for (int i = from; i < length; i++) {
            byte b = bytes[i];
            switch (state) {
                case fieldStart:
                    if (b == quote) {
                        state = quoted;
                    } else if (b == '\n') {
                        boundary = i + 1;
                        linesBeforeBoundary = ++newlines;
                        if (firstOnly) {
                            return boundary;
                        }
                    } else if (firstOnly ? isCandidate(b) : b == sep) {
                        state = fieldStart;
                    } else {
                        state = unquoted;
                    }
                    break;
                case unquoted:
                    if (b == '\n') {
                        boundary = i + 1;
                        linesBeforeBoundary = ++newlines;
                        state = fieldStart;
                        if (firstOnly) {
                            return boundary;
                        }
                    } else if (firstOnly ? isCandidate(b) : b == sep) {
                        state = fieldStart;
                    }
                    break;
                case quoted:
                    if (b == quote) {
                        state = quoteInQuoted;
                    } else if (b == '\n') {
                        newlines++;
                    }
                    break;
                default: // quoteInQuoted
                    if (b == quote) {
                        state = quoted;
                    } else if (b == '\n') {
                        boundary = i + 1;
                        linesBeforeBoundary = ++newlines;
                        state = fieldStart;
                        if (firstOnly) {
                            return boundary;
                        }
                    } else if (firstOnly ? isCandidate(b) : b == sep) {
                        state = fieldStart;
                    } else if (b != '\r') {
                        state = unquoted;
                    }
                    break;
            }
        }
        lastScanEndedInQuotes = state == quoted;
        return boundary;
    }

    private boolean lastScanEndedInQuotes;
    /** Newlines before the boundary the last scan found (quoted ones included). */
    private int linesBeforeBoundary;

    private static boolean isCandidate(byte b) {
        return b == ',' || b == ';' || b == '\t' || b == '|';
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Chunk next() throws IOException {
        try {
            while (true) {
                if (pendingLength == 0 && endOfInput) {
                    finish();
                    return null;
                }
                if (!endOfInput && pendingLength < pending.length) {
                    pendingLength = fill(pending, pendingLength);
                }
                int boundary = boundaryIn(pending, pendingLength, delimiter, false);
                if (endOfInput) {
                    boundary = pendingLength;
                    if (lastScanEndedInQuotes) {
                        // let the tokenizer find the line where the quote opened
                        tokenizer.parse(pending, 0, pendingLength, pendingLine);
                    }
                }
                if (boundary <= 0) {
                    grow();
                    continue;
                }
                byte[] chunkBytes = pending;
                int chunkLength = boundary;
                long chunkLine = pendingLine;
                long lines = endOfInput ? countLines(chunkBytes, chunkLength) : linesBeforeBoundary;
                // hand the chunk over and keep the remainder in a fresh buffer (or one a parsed chunk gave back)
                byte[] next = buffer(pendingLength - boundary);
                System.arraycopy(pending, boundary, next, 0, pendingLength - boundary);
                pendingLength -= boundary;
                pending = next;
                pendingLine += lines;
                CsvTokenizer chunkTokenizer = tokenizer;
                return new Chunk() {
                    @Override
                    public Rows parse() {
                        return chunkTokenizer.parse(chunkBytes, 0, chunkLength, chunkLine);
                    }

                    @Override
                    public ColumnBatch parseColumns(ColumnPlan[] plans) {
                        return chunkTokenizer.parseColumns(chunkBytes, 0, chunkLength, chunkLine, plans, null);
                    }

                    @Override
                    public ColumnBatch parseColumns(ColumnPlan[] plans, boolean[] skip) {
                        return chunkTokenizer.parseColumns(chunkBytes, 0, chunkLength, chunkLine, plans, skip);
                    }

                    @Override
                    public ColumnBatch parseColumns(ColumnPlan[] plans, boolean[] skip, boolean[] hashOnly) {
                        return chunkTokenizer.parseColumns(chunkBytes, 0, chunkLength, chunkLine, plans, skip, hashOnly);
                    }

                    private boolean released;

                    @Override
                    public void release() {
                        if (released) {
                            return;
                        }
                        released = true;
                        if (chunkBytes.length == options.chunkBytes() && freeBuffers.size() < MAX_FREE_BUFFERS) {
                            freeBuffers.offer(chunkBytes);
                        }
                    }
                };
            }
        } catch (ZipException e) {
            throw new DatasetException(name + ": not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DatasetException(name + ": the file ends early (truncated or still being written)", e);
        }
    }

    /** A buffer of at least the chunk size that holds {@code remainder} bytes: a released one when it fits. */
    private byte[] buffer(int remainder) {
        if (remainder <= options.chunkBytes()) {
            byte[] free = freeBuffers.poll();
            if (free != null) {
                return free;
            }
        }
        return new byte[Math.max(options.chunkBytes(), remainder)];
    }

    private static long countLines(byte[] bytes, int length) {
        long lines = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private void finish() throws IOException {
        if (sha256 == null) {
            sha256 = raw.finishDigest();
        }
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
        return charset.name();
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CsvSource[%s, delimiter=%s]", path, (char) delimiter);
    }
}
