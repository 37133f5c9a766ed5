package io.pipewright.quality;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The result of validating a dataset against a suite: what {@code pipewright validate --json} writes. Field names are a
 * contract (documented in the README); new fields may be added, none renamed.
 *
 * @param suite         the suite's name
 * @param dataset       the file validated: where, its format, size, fingerprint, rows and columns as read
 * @param passed        no table-level expectation failed and {@code issueFraction <= threshold}
 * @param issueFraction rows failing at least one row-level expectation, as a share of all rows
 * @param threshold     the issue fraction allowed
 * @param failingRows   rows failing at least one row-level expectation
 * @param results       one per expectation, in the suite's order
 * @param seconds       how long the validation took
 */
@JsonPropertyOrder({"suite", "dataset", "passed", "issueFraction", "threshold", "failingRows", "results", "seconds"})
public record ValidationReport(String suite, Dataset dataset, boolean passed, double issueFraction, double threshold, long failingRows,
                               List<Result> results, double seconds) {

    public ValidationReport {
        results = List.copyOf(results);
    }

    /** {@code format} is the format's label (CSV, Parquet…); {@code bytes} and {@code sha256} are those of the file. */
    @JsonPropertyOrder({"path", "format", "bytes", "sha256", "rows", "columns"})
    public record Dataset(String path, String format, long bytes, String sha256, long rows, List<Column> columns) {
        public Dataset {
            columns = List.copyOf(columns);
        }
    }

    /** A column as validated: its declared type, else the type it was read as (numeric, boolean, datetime or text). */
    public record Column(String name, String type) {
    }

    /** Where an expectation's result applies: to rows (counted in the issue fraction) or to the table as a whole (fails the suite). */
    public enum Scope {
        ROW, TABLE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One expectation's result.
     *
     * @param id          stable id, {@code columns.age.min}, {@code table.rows}, {@code table.rules.<name>}
     * @param column      the column, or null for a table-level expectation
     * @param expectation the expectation's name: exists, type, notNull, maxMissing, unique, min, max, mean, stddev, allowed,
     *                    regex, length, rows, columns or rule
     * @param scope       row or table
     * @param expected    what the suite asks, as text (">= 18", "[A, B, C]")
     * @param passed      whether it held
     * @param failing     values (or rows, for a rule) that broke it; for a table-level expectation 0 or 1, except maxMissing,
     *                    where it is the missing values
     * @param fraction    {@code failing / rows}
     * @param observed    what the data showed: the observed min, max, mean, row count, missing share…; null when nothing was seen
     * @param message     a sentence where one helps (a missing column, how uniqueness was checked), else null
     * @param examples    up to 20 of the first failing values, in file order
     */
    @JsonPropertyOrder({"id", "column", "expectation", "scope", "expected", "passed", "failing", "fraction", "observed", "message", "examples"})
    public record Result(String id, String column, String expectation, Scope scope, String expected, boolean passed, long failing,
                         double fraction, @JsonInclude(JsonInclude.Include.ALWAYS) Object observed,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String message, List<Example> examples) {
        public Result {
            examples = List.copyOf(examples);
        }

        /** The observed value for people: numbers to 6 significant digits, lists joined, lengths as "min – max". */
        public String observedText() {
            if (observed == null) {
                return "";
            }
            if (observed instanceof Double number) {
                return Double.isFinite(number) ? Numbers.significant(number, 6) : number.toString();
            }
            if (observed instanceof java.util.Collection<?> list) {
                return String.join(", ", list.stream().map(String::valueOf).toList());
            }
            if (observed instanceof java.util.Map<?, ?> map && map.containsKey("min")) {
                return map.get("min") + " – " + map.get("max");
            }
            return String.valueOf(observed);
        }
    }

    /** A failing value and the line of the file it is on (1-based; for formats without lines such as Parquet, the record's 1-based position). */
    public record Example(long line, String value) {
    }

    /** The results, failing ones first (table-level before row-level, then by failing count), then the passing ones in suite order. */
    public List<Result> failingFirst() {
        return results.stream().sorted(Comparator.comparing((Result result) -> result.passed())
                .thenComparing(result -> result.passed() ? 0 : result.scope() == Scope.TABLE ? 0 : 1)
                .thenComparing(result -> result.passed() ? 0 : -result.failing())).toList();
    }

    public List<Result> failures() {
        return results.stream().filter(result -> !result.passed()).toList();
    }

    public Result result(String id) {
        return results.stream().filter(result -> result.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no expectation " + id));
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] toJsonBytes() {
        return toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public void writeJson(Path file) {
        write(file, toJson());
    }

    public static ValidationReport readJson(String json) {
        try {
            return JSON.readValue(json, ValidationReport.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a validation report: " + e.getMessage(), e);
        }
    }

    static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
