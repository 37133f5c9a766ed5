package io.pipewright.data;

/** A part of a dataset, parsed on whichever thread calls {@link #parse()}: the unit of parallel work. */
@FunctionalInterface
public interface Chunk {
    Rows parse();

    /** Parses straight into typed columns; sources that can skip the strings override this. */
    default ColumnBatch parseColumns(ColumnPlan[] plans) {
        return ColumnBatch.of(parse(), plans);
    }

    static Chunk of(Rows rows) {
        return () -> rows;
    }
}
