package io.pipewright.data;

import io.pipewright.work.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A source's first rows, parsed as text: they decide how each column is read (type inference),
 * then go through the same work as every later chunk. Reading stops at {@link TypeInference#SAMPLE_ROWS}
 * rows or at the end of the source, whichever comes first.
 */
public final class Head {
    private final List<Rows> rows;
    private final int count;
    private final boolean ended;

    private Head(List<Rows> rows, int count, boolean ended) {
        this.rows = rows;
        this.count = count;
        this.ended = ended;
    }

    public static Head read(RecordSource source, Progress progress) throws IOException {
        var rows = new ArrayList<Rows>();
        int count = 0;
        boolean ended = false;
        while (count < TypeInference.SAMPLE_ROWS) {
            progress.checkCancelled();
            Chunk chunk = source.next();
            if (chunk == null) {
                ended = true;
                break;
            }
            Rows parsed = chunk.parse();
            rows.add(parsed);
            count += parsed.size();
        }
        return new Head(rows, count, ended);
    }

    /** The parsed blocks, in file order. */
    public List<Rows> rows() {
        return rows;
    }

    /** Rows read. */
    public int count() {
        return count;
    }

    /** Whether the source ended within the head (there is nothing more to read). */
    public boolean ended() {
        return ended;
    }

    /** A column's values that are not missing, in file order, at most {@link TypeInference#SAMPLE_ROWS}: what its type is inferred from. */
    public List<String> values(int column) {
        var values = new ArrayList<String>();
        for (Rows block : rows) {
            for (int i = 0; i < block.size() && values.size() < TypeInference.SAMPLE_ROWS; i++) {
                String value = block.values()[i][column];
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return values;
    }
}
