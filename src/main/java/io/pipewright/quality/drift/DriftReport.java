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

        /**
         * The threshold with what it is compared with, as tables show it beside the p-value: {@code p < 0.05} for
         * a test, {@code stat ≥ 0.1} for a distance (which has no p-value).
         */
        public String thresholdText() {
            return (pValue != null ? "p < " : "stat ≥ ") + compact(threshold);
        }
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

    /** How the report reads at a glance. */
    public enum Verdict {
        /** At least the drift share of the tested columns drifted. */
        DATASET_DRIFT,
        /** Some tested columns drifted, fewer than the drift share: no dataset drift, but not nothing either. */
        COLUMNS_DRIFTED,
        /** No tested column drifted. */
        NO_DRIFT
    }

    /** Names listed in the headline; more are counted. */
    private static final int HEADLINE_NAMES = 6;

    public Verdict verdict() {
        return datasetDrift ? Verdict.DATASET_DRIFT : driftedColumns > 0 ? Verdict.COLUMNS_DRIFTED : Verdict.NO_DRIFT;
    }

    /**
     * One sentence that says what drifted, whatever the verdict: {@code Dataset drift: 5 of 8 tested columns drifted (a, b, c,
     * d, e), at or over the 50 % share}, {@code 3 of 8 tested columns drifted (income, score, region), under the 50 % share}, or
     * {@code No drift: none of the 8 tested columns drifted}; then the target's drift when it drifted.
     */
    public String headline() {
        String share = compact(driftShare * 100) + " %";
        var text = new StringBuilder();
        switch (verdict()) {
            case DATASET_DRIFT -> text.append("Dataset drift: ").append(driftedCount()).append(", at or over the ").append(share).append(" share");
            case COLUMNS_DRIFTED -> text.append(driftedCount()).append(", under the ").append(share).append(" share");
            case NO_DRIFT -> text.append(testedColumns == 0 ? "No column could be tested" : testedColumns == 1 ? "No drift: the tested column did not drift"
                    : "No drift: none of the " + testedColumns + " tested columns drifted");
        }
        if (target != null && target.drifted()) {
            text.append("; the target (").append(target.name()).append(") drifted");
        }
        return text.toString();
    }

    /** "3 of 8 tested columns drifted (income, score, region)", at most {@link #HEADLINE_NAMES} names and then how many more. */
    private String driftedCount() {
        List<String> names = driftedNames();
        String listed = String.join(", ", names.subList(0, Math.min(names.size(), HEADLINE_NAMES)))
                + (names.size() > HEADLINE_NAMES ? " and " + (names.size() - HEADLINE_NAMES) + " more" : "");
        return driftedColumns + " of " + testedColumns + " tested column" + (testedColumns == 1 ? "" : "s") + " drifted (" + listed + ")";
    }

    /** A number with at most four significant digits and no trailing zeros: 0.05, 0.1, 50, 33.33. */
    static String compact(double value) {
        if (value == Double.MAX_VALUE || Double.isInfinite(value)) {
            return "∞";
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
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
}
