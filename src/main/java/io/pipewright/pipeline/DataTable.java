package io.pipewright.pipeline;

import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Step;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * What flows along a {@code table} connection: the rows, the fingerprints (SHA-256) of the files
 * they came from (a model records them as its training data), the fitted preprocessing steps
 * that made them (a model repeats them on every table it scores), and the datasets in layers they
 * were read from (a version a publish node keeps names them as its upstream).
 */
public record DataTable(Table table, List<String> sources, List<Step> steps, List<ModelArtifact.Input> origin, List<LayerRead> layers) {
    public DataTable {
        sources = List.copyOf(sources);
        steps = List.copyOf(steps);
        origin = List.copyOf(origin);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /**
     * A dataset in a layer that rows were read from: its pinned reference ({@code gold/scores@2}, or a captured table's live
     * {@code silver/orders}), the format it read as and its size in bytes.
     */
    public record LayerRead(String reference, String format, long bytes) {
    }

    /** Rows read from no layer. */
    public DataTable(Table table, List<String> sources, List<Step> steps, List<ModelArtifact.Input> origin) {
        this(table, sources, steps, origin, List.of());
    }

    /** A table as read from a file: its columns are the schema models trained downstream read. */
    public static DataTable read(Table table, String sha256) {
        return new DataTable(table, List.of(sha256), List.of(), ModelArtifact.schema(table));
    }

    /** A table as read from a dataset in a layer. */
    public static DataTable readLayer(Table table, String sha256, LayerRead layer) {
        return new DataTable(table, List.of(sha256), List.of(), ModelArtifact.schema(table), List.of(layer));
    }

    /** The same rows, reshaped by something that is not a fitted step (a split, a filter). */
    public DataTable with(Table changed) {
        return new DataTable(changed, sources, steps, origin, layers);
    }

    /** The table after one more fitted step, which models trained on it will repeat. */
    public DataTable then(Step step) {
        var more = new ArrayList<>(steps);
        more.add(step);
        return new DataTable(step.apply(table), sources, more, origin, layers);
    }

    public int rows() {
        return table.rowCount();
    }
}
