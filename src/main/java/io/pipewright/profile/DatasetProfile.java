package io.pipewright.profile;

import java.util.List;

/**
 * A dataset's profile: what {@code pipewright profile --json} writes. Field names are a contract
 * that other tools read (documented in the README); new fields may be added, none renamed.
 */
public record DatasetProfile(
        long rows,
        Source source,
        long duplicateRows,
        boolean duplicateRowsExact,
        long missingCells,
        List<ColumnProfile> columns,
        List<Alert> alerts,
        Correlations correlations,
        TargetAssociations target,
        List<String> notes,
        long sampleRows,
        boolean complete) {

    /** Where the data came from. */
        public record Source(String path, String format, long bytes, String sha256, String encoding) {
        /** A short name: the file's, or a database source's table ({@code jdbc:…#orders}: "orders"; a query: "query"). */
        public String name() {
            return io.pipewright.data.DatabaseSource.nameIn(path);
        }
    }

    /** One quality alert, with ydata-profiling's meaning. {@code column} is null for the dataset as a whole. */
    public record Alert(AlertType type, String column, String message) {
    }

    /** Correlation matrices over the columns they apply to (NaN where a pair had too few values). */
        public record Correlations(String method, List<String> columns, double[][] matrix, Matrix spearman, Matrix cramersV) {
    }

    public record Matrix(List<String> columns, double[][] matrix) {
    }

    /** How strongly each column goes with the target the person named. */
    public record TargetAssociations(String column, List<Association> associations) {
    }

    /** {@code measure} is pearson, correlation_ratio or cramers_v; values in [-1, 1] or [0, 1]. */
    public record Association(String column, String measure, double value) {
    }

    public ColumnProfile column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no column " + name));
    }
}
