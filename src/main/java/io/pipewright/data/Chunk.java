package io.pipewright.data;

/** A part of a dataset, parsed on whichever thread calls {@link #parse()}: the unit of parallel work. */
@FunctionalInterface
public interface Chunk {
    Rows parse();

    /** Parses straight into typed columns; sources that can skip the strings override this. */
    default ColumnBatch parseColumns(ColumnPlan[] plans) {
        return ColumnBatch.of(parse(), plans);
    }

    /**
     * As {@link #parseColumns(ColumnPlan[])}, leaving the text of the columns marked in {@code skip}
     * unread: their cells are only present or missing (a reader that needs nothing else of a column
     * spares making a String per value). Sources that cannot skip read everything.
     */
    default ColumnBatch parseColumns(ColumnPlan[] plans, boolean[] skip) {
        return parseColumns(plans);
    }

    /**
     * As {@link #parseColumns(ColumnPlan[])}, keeping the ASCII cells of the text columns marked in
     * {@code hashOnly} as {@link ColumnBatch#textHashes} and lengths instead of Strings, for a reader that
     * needs nothing else of them ({@link ColumnBatch#text} makes one when asked, until {@link #release()}).
     * Sources that cannot read them so make Strings.
     */
    default ColumnBatch parseColumns(ColumnPlan[] plans, boolean[] skip, boolean[] hashOnly) {
        return parseColumns(plans, skip);
    }

    /**
     * Says the chunk will not be parsed again, so a source may reuse its buffer for a later chunk
     * (reading a file then allocates a few buffers, not one per chunk). Sources that cannot ignore it.
     */
    default void release() {
    }

    static Chunk of(Rows rows) {
        return () -> rows;
    }
}
