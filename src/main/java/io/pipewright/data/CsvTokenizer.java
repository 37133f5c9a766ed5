package io.pipewright.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;

/**
 * Splits CSV bytes into fields (RFC 4180: a quote opens only at the start of a field, a doubled
 * quote inside a quoted field is a literal quote; a stray quote elsewhere is kept as text). Works
 * on bytes, so any ASCII-compatible encoding is split correctly, and decodes each field once.
 */
final class CsvTokenizer {
    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final String fileName;
    private final byte delimiter;
    private final byte quote;
    private final Charset charset;
    private final boolean utf8;
    private final Set<String> naTokens;
    private final int width;
    /** The column arrays of batches read and given back ({@link ColumnBatch#recycle()}). */
    private final ColumnBatch.Recycler recycler = new ColumnBatch.Recycler();

    private static final ThreadLocal<CharsetDecoder> UTF8 = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));

    CsvTokenizer(String fileName, byte delimiter, byte quote, Charset charset, Set<String> naTokens, int width) {
        this.fileName = fileName;
        this.delimiter = delimiter;
        this.quote = quote;
        this.charset = charset;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.naTokens = naTokens;
        this.width = width;
    }

    /** One record's fields and where the next record starts. */
    record Record(String[] fields, int end, int lines) {
    }

    /** Reads the record at {@code from} without a width check (the header). */
    Record first(byte[] bytes, int from, int to, long line) {
        var fields = new ArrayList<String>();
        var cursor = new Cursor(bytes, from, to, line);
        var sink = new StringSink(fields, true);
        while (cursor.position < to && readRecord(cursor, sink) == 0) {
            fields.clear(); // a blank line before the header
        }
        return new Record(fields.toArray(String[]::new), cursor.position, (int) (cursor.line - line));
    }

    /** Parses every record in {@code bytes[from, to)}, which starts at a record boundary on {@code firstLine}. */
    Rows parse(byte[] bytes, int from, int to, long firstLine) {
        var rows = new ArrayList<String[]>(Math.max(16, (to - from) / 64));
        var lines = new LongList();
        var fields = new ArrayList<String>(width);
        var cursor = new Cursor(bytes, from, to, firstLine);
        var sink = new StringSink(fields, false);
        while (cursor.position < to) {
            long startLine = cursor.line;
            fields.clear();
            if (readRecord(cursor, sink) == 0) {
                continue; // blank line
            }
            if (fields.size() != width) {
                throw new DatasetException(fileName + ": line " + startLine + ": expected " + width + " fields, found "
                        + fields.size() + (fields.size() > width ? " (a delimiter inside an unquoted value?)" : ""));
            }
            rows.add(fields.toArray(new String[width]));
            lines.add(startLine);
        }
        return new Rows(rows.toArray(String[][]::new), lines.toArray(), rows.size());
    }

    /** Parses every record in {@code bytes[from, to)} straight into typed columns; the columns marked in {@code skip} (may be null) only as present or missing. */
    ColumnBatch parseColumns(byte[] bytes, int from, int to, long firstLine, ColumnPlan[] plans, boolean[] skip) {
        return parseColumns(bytes, from, to, firstLine, plans, skip, null);
    }

    /** As above; the text columns marked in {@code hashOnly} (may be null) keep their ASCII cells as hash codes, not Strings. */
    ColumnBatch parseColumns(byte[] bytes, int from, int to, long firstLine, ColumnPlan[] plans, boolean[] skip, boolean[] hashOnly) {
        var builder = recycler.builder(plans, Math.max(16, (to - from) / Math.max(8, width * 6)));
        builder.skip(skip);
        // a missing-value token must be compared as text, so then every cell is made a String
        builder.hashOnly(naTokens.isEmpty() ? hashOnly : null, bytes);
        var cursor = new Cursor(bytes, from, to, firstLine);
        var sink = new BuilderSink(builder);
        int row = 0;
        while (cursor.position < to) {
            long startLine = cursor.line;
            if (row == builder.capacity()) {
                builder.grow(row * 2);
            }
            sink.row = row;
            int fields = readRecord(cursor, sink);
            if (fields == 0) {
                continue; // blank line
            }
            if (fields != width) {
                throw new DatasetException(fileName + ": line " + startLine + ": expected " + width + " fields, found "
                        + fields + (fields > width ? " (a delimiter inside an unquoted value?)" : ""));
            }
            builder.line(row, startLine);
            row++;
        }
        return builder.build(row);
    }

    /** Where the fields of one record go. */
    private interface FieldSink {
        /** An unquoted field, {@code bytes[start, end)}. */
        void plain(int column, byte[] bytes, int start, int end, boolean ascii, long line);

        /** A quoted field, unescaped. */
        void quoted(int column, String value);
    }

    /** Fields as strings: missing ones null unless {@code raw} (the header). */
    private final class StringSink implements FieldSink {
        private final ArrayList<String> fields;
        private final boolean raw;

        StringSink(ArrayList<String> fields, boolean raw) {
            this.fields = fields;
            this.raw = raw;
        }

        @Override
        public void plain(int column, byte[] bytes, int start, int end, boolean ascii, long line) {
            fields.add(raw ? decode(bytes, start, end, ascii, line, column) : missingOr(bytes, start, end, ascii, line, column));
        }

        @Override
        public void quoted(int column, String value) {
            fields.add(value); // a quoted empty string is a value, not a missing one
        }
    }

    /** Fields straight into a row of typed columns. */
    private final class BuilderSink implements FieldSink {
        private final ColumnBatch.Builder builder;
        int row;

        BuilderSink(ColumnBatch.Builder builder) {
            this.builder = builder;
        }

        @Override
        public void plain(int column, byte[] bytes, int start, int end, boolean ascii, long line) {
            if (column < width) {
                cell(bytes, start, end, ascii, line, column, builder, row);
            }
        }

        @Override
        public void quoted(int column, String value) {
            if (column < width) {
                builder.set(column, row, value);
            }
        }
    }

    /**
     * Reads one record into the sink; returns its field count, 0 for a blank line. The loops over a field's bytes
     * are small methods of their own: compiled once each, they stay compiled while the sink behind this loop
     * changes (the head's strings, then the typed columns), which made this method alone be compiled five times.
     */
    private int readRecord(Cursor cursor, FieldSink sink) {
        byte[] bytes = cursor.bytes;
        int to = cursor.to;
        int i = cursor.position;
        long recordLine = cursor.line;
        int column = 0;
        boolean blank = true;
        while (true) {
            if (i < to && bytes[i] == quote) {
                i = quotedField(cursor, sink, i, recordLine, column);
                blank = false;
            } else {
                int scanned = fieldEnd(bytes, i, to);
                int end = scanned < 0 ? ~scanned : scanned;
                if (end > i) {
                    blank = false;
                }
                sink.plain(column, bytes, i, end, scanned >= 0, recordLine);
                i = end;
            }
            column++;
            // after a field: delimiter, end of record, or end of input
            if (i < to && bytes[i] == delimiter) {
                blank = false;
                i++;
                continue;
            }
            if (i < to && bytes[i] == CR) {
                i++;
            }
            if (i < to && bytes[i] == LF) {
                i++;
                cursor.line++;
            }
            cursor.position = i;
            return blank ? 0 : column;
        }
    }

    /** Where an unquoted field starting at {@code i} ends: its end, or {@code ~end} when it holds a byte outside ASCII. */
    private int fieldEnd(byte[] bytes, int i, int to) {
        boolean ascii = true;
        while (i < to) {
            byte b = bytes[i];
            if (b == delimiter || b == LF || b == CR) {
                break;
            }
            ascii &= b >= 0;
            i++;
        }
        return ascii ? i : ~i;
    }

    /** Reads the quoted field whose opening quote is at {@code at} into the sink; returns where the field ends. */
    private int quotedField(Cursor cursor, FieldSink sink, int at, long recordLine, int column) {
        byte[] bytes = cursor.bytes;
        int to = cursor.to;
        int start = at + 1;
        int i = start;
        boolean doubled = false;
        boolean ascii = true;
        while (true) {
            if (i >= to) {
                throw new DatasetException(fileName + ": line " + recordLine + ": a quoted field opened here is never closed");
            }
            byte b = bytes[i];
            if (b == quote) {
                if (i + 1 < to && bytes[i + 1] == quote) {
                    doubled = true;
                    i += 2;
                    continue;
                }
                break;
            }
            if (b == LF) {
                cursor.line++;
            }
            ascii &= b >= 0;
            i++;
        }
        int end = i++; // past the closing quote
        // text after the closing quote belongs to the field (lenient, like most readers)
        int tailStart = i;
        while (i < to && bytes[i] != delimiter && bytes[i] != LF && bytes[i] != CR) {
            ascii &= bytes[i] >= 0;
            i++;
        }
        String value = decode(bytes, start, end, ascii, recordLine, column);
        if (doubled) {
            char q = (char) quote;
            value = value.replace("" + q + q, "" + q);
        }
        if (i > tailStart) {
            value = value + decode(bytes, tailStart, i, ascii, recordLine, column);
        }
        sink.quoted(column, value);
        return i;
    }

    /** An unquoted field: numbers are read from the bytes, everything else from its decoded text. */
    private void cell(byte[] bytes, int start, int end, boolean ascii, long line, int column, ColumnBatch.Builder builder, int row) {
        if (start == end) {
            builder.missing(column, row);
            return;
        }
        if (builder.skipped(column)) {
            return; // present, and nothing more is wanted of it
        }
        ColumnPlan.Kind kind = builder.kind(column);
        if (ascii && kind == ColumnPlan.Kind.NUMBER) {
            NumberParser parser = builder.parser(column);
            if (parser.parse(bytes, start, end)) {
                builder.number(column, row, parser.value, parser.integral);
                return;
            }
        }
        if (ascii && kind == ColumnPlan.Kind.DATETIME && builder.isoDates(column)) {
            long millis = DateFormats.isoDate(bytes, start, end);
            if (millis != DateFormats.NOT_A_DATE) {
                builder.date(column, row, millis);
                return;
            }
        }
        if (ascii && kind == ColumnPlan.Kind.STRING && builder.hashed(column)) {
            builder.hashedText(column, row, bytes, start, end);
            return;
        }
        String value = ascii && kind == ColumnPlan.Kind.STRING ? builder.recent(column).get(bytes, start, end)
                : decode(bytes, start, end, ascii, line, column);
        if (naTokens.contains(value)) {
            builder.missing(column, row);
        } else {
            builder.set(column, row, value);
        }
    }

    private static final class Cursor {
        final byte[] bytes;
        final int to;
        int position;
        long line;

        Cursor(byte[] bytes, int from, int to, long line) {
            this.bytes = bytes;
            this.position = from;
            this.to = to;
            this.line = line;
        }
    }

    private String missingOr(byte[] bytes, int start, int end, boolean ascii, long line, int column) {
        if (start == end) {
            return null;
        }
        String value = decode(bytes, start, end, ascii, line, column);
        return naTokens.contains(value) ? null : value;
    }

    private String decode(byte[] bytes, int start, int end, boolean ascii, long line, int column) {
        if (ascii || !utf8) {
            return new String(bytes, start, end - start, ascii ? StandardCharsets.ISO_8859_1 : charset);
        }
        try {
            CharBuffer chars = UTF8.get().decode(ByteBuffer.wrap(bytes, start, end - start));
            return chars.toString();
        } catch (CharacterCodingException e) {
            int bad = start;
            // find the offending byte for the message
            for (int k = start; k < end; k++) {
                if (!validUtf8At(bytes, k, end)) {
                    bad = k;
                    break;
                }
                k += utf8Length(bytes[k]) - 1;
            }
            throw new DatasetException(String.format(Locale.ROOT,
                    "%s: line %d, column %d: invalid UTF-8 byte 0x%02X (give the file's encoding with --encoding, e.g. windows-1252)",
                    fileName, line, column + 1, bytes[bad] & 0xFF));
        }
    }

    private static int utf8Length(byte lead) {
        int b = lead & 0xFF;
        if (b < 0x80) {
            return 1;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            return 2;
        }
        if (b >= 0xE0 && b <= 0xEF) {
            return 3;
        }
        if (b >= 0xF0 && b <= 0xF4) {
            return 4;
        }
        return 1;
    }

    static boolean validUtf8At(byte[] bytes, int k, int end) {
        int length = utf8Length(bytes[k]);
        int b = bytes[k] & 0xFF;
        if (length == 1) {
            return b < 0x80;
        }
        if (k + length > end) {
            return false;
        }
        for (int j = 1; j < length; j++) {
            if ((bytes[k + j] & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code bytes[0, length)} is UTF-8, ignoring a sequence cut off at the end. */
    static boolean looksLikeUtf8(byte[] bytes, int length) {
        for (int k = 0; k < length; k++) {
            if (bytes[k] >= 0) {
                continue;
            }
            int sequence = utf8Length(bytes[k]);
            if (k + sequence > length) {
                return true; // cut off by the sample's end
            }
            if (!validUtf8At(bytes, k, length)) {
                return false;
            }
            k += sequence - 1;
        }
        return true;
    }

    /** A growable long array. */
    static final class LongList {
        private long[] values = new long[64];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
