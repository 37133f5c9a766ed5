package io.pipewright.features;

import io.pipewright.data.Chunk;
import io.pipewright.data.ColumnBatch;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.DatasetException;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.RecordSource;
import io.pipewright.data.Rows;
import io.pipewright.data.TypeInference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A dataset read front to back with each column's kind decided from its first rows (as a loaded table decides it),
 * as text rows or as typed column batches.
 */
final class TypedSource implements AutoCloseable {
    private final DatasetReader reader;
    private final RecordSource source;
    private final String name;
    private final List<String> columns;
    private final ColumnPlan[] plans;
    private final ArrayDeque<Rows> head;

    private TypedSource(DatasetReader reader, RecordSource source, ArrayDeque<Rows> head, ColumnPlan[] plans) {
        this.reader = reader;
        this.source = source;
        String name = reader.name();
        this.name = name;
        this.columns = source.columns();
        this.head = head;
        this.plans = plans;
    }

    static TypedSource open(DatasetReader reader) {
        RecordSource source = reader.source();
        try {
            var head = new ArrayDeque<Rows>();
            int headRows = 0;
            Chunk chunk;
            while (headRows < TypeInference.SAMPLE_ROWS && (chunk = source.next()) != null) {
                Rows rows = chunk.parse();
                head.add(rows);
                headRows += rows.size();
            }
            return new TypedSource(reader, source, head, TypeInference.plans(head, source));
        } catch (IOException | RuntimeException e) {
            try {
                source.close();
            } catch (IOException ignored) {
                // the first failure is the one to tell
            }
            if (e instanceof DatasetException failure) {
                throw failure;
            }
            throw new DatasetException(reader.name() + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The same dataset from its start (its kinds decided again from the same first rows). */
    TypedSource reopen() {
        return open(reader);
    }

    String name() {
        return name;
    }

    List<String> columns() {
        return columns;
    }

    ColumnPlan plan(int column) {
        return plans[column];
    }

    /** The column's index, or a one-line message naming the dataset and what the column is for. */
    int column(String column, String role) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new FeatureException(name + ": no column " + column + " (" + role + "); its columns: " + String.join(", ", columns));
        }
        return index;
    }

    /** The next rows as text, or null at the end. */
    Rows nextRows() {
        if (!head.isEmpty()) {
            return head.poll();
        }
        try {
            Chunk chunk = source.next();
            return chunk == null ? null : chunk.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The next chunk still to parse (the head's rows come first, already parsed), or null at the end. */
    Chunk nextChunk() {
        if (!head.isEmpty()) {
            return Chunk.of(head.poll());
        }
        try {
            return source.next();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses a chunk into typed columns (on any thread). */
    ColumnBatch parse(Chunk chunk, boolean[] skip) {
        return chunk.parseColumns(plans, skip);
    }

    long bytesRead() {
        return source.bytesRead();
    }

    long totalBytes() {
        return source.totalBytes();
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot close: " + e.getMessage(), e);
        }
    }
}
