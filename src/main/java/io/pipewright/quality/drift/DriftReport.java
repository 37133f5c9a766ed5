package io.pipewright.quality.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The result of comparing a reference dataset with a current one: whether the dataset drifted,
 * each column's test, statistic, threshold, verdict, PSI and histograms, the schema differences,
 * and the columns left out with why. Written as JSON by {@link #toJson()}: the {@code --json}
 * contract. Its size depends on the columns, never on the rows.
 */
public record DriftReport(boolean datasetDrift, double driftShare, int driftedColumns, int testedColumns, Source reference,
                          Source current, Schema schema, List<ColumnDrift> columns, List<Skipped> skipped, ColumnDrift target,
                          double seconds) {

    public DriftReport {
        columns = List.copyOf(columns);
        skipped = List.copyOf(skipped);
    }

    /** One side: where it came from and what it holds. For a request-log folder, sha256 is of its files' SHA-256s in reading order. */
    public record Source(String path, String format, long bytes, String sha256, long rows, List<Column> columns) {
        public Source {
            columns = List.copyOf(columns);
        }
    }

    public record Column(String name, String type) {
    }

    public record Schema(List<String> onlyInReference, List<String> onlyInCurrent, List<TypeMismatch> typeMismatches) {
        public Schema {
            onlyInReference = List.copyOf(onlyInReference);
            onlyInCurrent = List.copyOf(onlyInCurrent);
            typeMismatches = List.copyOf(typeMismatches);
        }

        public boolean same() {
            return onlyInReference.isEmpty() && onlyInCurrent.isEmpty() && typeMismatches.isEmpty();
        }
    }

    /** The reference's type, the type the current values look like on their own, and the share of current values that do not fit the reference's type. */
    public record TypeMismatch(String column, String reference, String current, double invalidShare) {
    }

    /**
     * One tested column. {@code test} is ks, chi_squared, z, wasserstein or jensen_shannon;
     * {@code pValue} is null for the distances; drift is p-value &lt; threshold for tests and
     * statistic ≥ threshold for distances.
     */
    public record ColumnDrift(String name, String type, String test, double statistic, Double pValue, double threshold, boolean drifted,
                              double psi, String psiBand, String reason, Summary reference, Summary current, Histogram histogram) {
    }

    /** A side's values of a column: counts, and mean/std/min/max (numbers) or the top levels (categories). */
    public record Summary(long count, long missing, long invalid, Double mean, Double std, Double min, Double max, List<Level> top) {
    }

    public record Level(String value, long count) {
    }

    /**
     * Both sides' shares over the same bins: {@code edges} (bins+1 numbers) for numbers, or
     * {@code levels} (the last may be "(other)") for categories; the other field is null.
     */
    public record Histogram(List<Double> edges, List<String> levels, List<Double> reference, List<Double> current) {
    }

    public record Skipped(String name, String reason) {
    }

    /** The drifted tested columns' names, in report order. */
    public List<String> driftedNames() {
        return columns.stream().filter(ColumnDrift::drifted).map(ColumnDrift::name).toList();
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the drift report as JSON: " + e.getMessage(), e);
        }
    }

    public void writeJson(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(file.getFileName() + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Reads a report written by {@link #toJson()}. */
    public static DriftReport fromJson(String json) {
        try {
            return MAPPER.readValue(json, DriftReport.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a drift report: " + e.getMessage(), e);
        }
    }

    /** Records both sides as dataset versions read by a drift report (a side already recorded keeps its version and profile). */
    public void recordVersions(io.pipewright.track.Store store, java.time.Instant now) {
        var versions = new io.pipewright.track.DatasetVersions(store);
        for (Source side : List.of(reference, current)) {
            versions.recordRead(side.path(), side.format(), side.bytes(), side.sha256(), side.rows(),
                    side.columns().stream().map(column -> new io.pipewright.track.SchemaColumn(column.name(), column.type())).toList(),
                    io.pipewright.track.DatasetVersions.DRIFT, now);
        }
    }
}
