package io.pipewright.data;

import java.nio.charset.Charset;
import java.util.Set;

/**
 * How to read a dataset. {@code null} means "sniff it": the delimiter from the header line, the
 * encoding from a byte-order mark or, failing UTF-8, windows-1252.
 *
 * @param delimiter   field separator of CSV/TSV, or null to sniff
 * @param quote       quote character of CSV/TSV
 * @param header      whether the first CSV/TSV record names the columns
 * @param encoding    text encoding, or null to sniff
 * @param naTokens    field values that mean "missing" besides the empty field and JSON null
 * @param chunkBytes  how many bytes one chunk of a text file holds (the unit of parallel work)
 */
public record ReadOptions(Character delimiter, char quote, boolean header, Charset encoding, Set<String> naTokens,
                          int chunkBytes) {

    /** A single record longer than this is taken for an unclosed quote. */
    public static final int MAX_RECORD_BYTES = 64 << 20;

    public static final ReadOptions DEFAULT = new ReadOptions(null, '"', true, null, Set.of(), 1 << 20);

    public ReadOptions {
        naTokens = Set.copyOf(naTokens);
        if (chunkBytes < 1024) {
            throw new IllegalArgumentException("chunk size must be at least 1024 bytes, not " + chunkBytes);
        }
    }

    public ReadOptions withDelimiter(Character value) {
        return new ReadOptions(value, quote, header, encoding, naTokens, chunkBytes);
    }

    public ReadOptions withQuote(char value) {
        return new ReadOptions(delimiter, value, header, encoding, naTokens, chunkBytes);
    }

    public ReadOptions withHeader(boolean value) {
        return new ReadOptions(delimiter, quote, value, encoding, naTokens, chunkBytes);
    }

    public ReadOptions withEncoding(Charset value) {
        return new ReadOptions(delimiter, quote, header, value, naTokens, chunkBytes);
    }

    public ReadOptions withNaTokens(Set<String> value) {
        return new ReadOptions(delimiter, quote, header, encoding, value, chunkBytes);
    }

    public ReadOptions withChunkBytes(int value) {
        return new ReadOptions(delimiter, quote, header, encoding, naTokens, value);
    }
}
