package io.pipewright.pipeline.gate;

import io.pipewright.train.Step;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * The labelled rows the gates judge on, and the fitted preprocessing steps they already went through (none for
 * raw rows, as read from a file). A model scores them when its own steps start with these; {@code description}
 * says where they came from ("rows scored by evaluate node 'eval'", a file name).
 */
public record Holdout(Table table, List<Step> steps, String description) {
    public Holdout {
        steps = List.copyOf(steps);
    }

    /** Raw rows, as read from a file or a pipeline's read node. */
    public static Holdout raw(Table table, String description) {
        return new Holdout(table, List.of(), description);
    }

    /** Whether the rows are raw (no fitted step applied), so that any model of the same columns can score them. */
    public boolean isRaw() {
        return steps.isEmpty();
    }
}
