package io.pipewright.data;

/** A part of a dataset, parsed on whichever thread calls {@link #parse()}: the unit of parallel work. */
@FunctionalInterface
public interface Chunk {
    Rows parse();

    static Chunk of(Rows rows) {
        return () -> rows;
    }
}
