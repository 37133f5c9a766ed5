package io.pipewright.data;

import java.io.IOException;
import java.util.List;

/**
 * A dataset read front to back in chunks. {@link #next()} reads raw data on the caller's thread;
 * the chunks it returns may be parsed on others, in any order.
 */
public interface RecordSource extends AutoCloseable {

    List<String> columns();

    /** The next chunk, or null at the end. */
    Chunk next() throws IOException;

    /** Bytes of the file consumed so far (compressed bytes for .gz). */
    long bytesRead();

    /** The size of the file in bytes. */
    long totalBytes();

    /** Hex SHA-256 of the file's bytes; complete once {@link #next()} returned null. */
    String sha256();

    /** The dataset's size in bytes as reports give it: the file's, or for a database the text of the rows read. */
    default long sizeBytes() {
        return totalBytes();
    }

    /** The text encoding used, or null for binary formats. */
    String encoding();

    /**
     * The kind column {@code column} is stored as, where the source knows it (a database's column type),
     * else null: then its first values decide.
     */
    default ColumnPlan.Kind storedKind(int column) {
        return null;
    }

    /** What the reader noticed and worked around (renamed columns, an encoding guessed), one sentence each. */
    List<String> notes();

    @Override
    void close() throws IOException;
}
