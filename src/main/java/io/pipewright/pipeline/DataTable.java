package io.pipewright.pipeline;

import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Step;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * What flows along a {@code table} connection: the rows, the fingerprints (SHA-256) of the files
 * they came from (a model records them as its training data), and the fitted preprocessing steps
 * that made them (a model repeats them on every table it scores).
 */
public record DataTable(Table table, List<String> sources, List<Step> steps, List<ModelArtifact.Input> origin) {
    public DataTable {
        sources = List.copyOf(sources);
        steps = List.copyOf(steps);
        origin = List.copyOf(origin);
    }

    /** A table as read from a file: its columns are the schema models trained downstream read. */
    public static DataTable read(Table table, String sha256) {
        return new DataTable(table, List.of(sha256), List.of(), ModelArtifact.schema(table));
    }

    /** The same rows, reshaped by something that is not a fitted step (a split, a filter). */
    public DataTable with(Table changed) {
        return new DataTable(changed, sources, steps, origin);
    }

    /** The table after one more fitted step, which models trained on it will repeat. */
    public DataTable then(Step step) {
        var more = new ArrayList<>(steps);
        more.add(step);
        return new DataTable(step.apply(table), sources, more, origin);
    }

    public int rows() {
        return table.rowCount();
    }
}
