package io.pipewright.quality;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pipewright.data.ColumnType;
import io.pipewright.data.DateFormats;
import io.pipewright.data.expr.Expression;
import io.pipewright.data.expr.ExpressionException;
import io.pipewright.work.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A validation suite: expectations per column and for the table as a whole, read from and written to
 * YAML (the format is documented in the README and in {@code suite.schema.json}). Absent fields are
 * expectations not made. Every expectation has a stable id, {@code columns.age.min} or
 * {@code table.rows}, used in reports.
 *
 * @param suite     the suite's name
 * @param dataset   the dataset it was made for (informative only)
 * @param threshold the share of rows allowed to fail a row-level expectation (0.001 when absent)
 * @param table     table-level expectations, or null
 * @param columns   expectations by column name, in the file's order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"suite", "dataset", "threshold", "table", "columns"})
public record Suite(String suite, String dataset, Double threshold, TableExpectations table, Map<String, ColumnExpectations> columns) {

    public static final double DEFAULT_THRESHOLD = 0.001;

    public Suite {
        columns = columns == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** A closed range; either end may be absent. Numbers are whole where they can be, so the YAML reads 900, not 900.0. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"min", "max"})
    public record Range(Number min, Number max) {
        public boolean contains(double value) {
            return (min == null || value >= min.doubleValue()) && (max == null || value <= max.doubleValue());
        }

        @Override
        public String toString() {
            return "[" + (min == null ? "" : Numbers.plain(min)) + ", " + (max == null ? "" : Numbers.plain(max)) + "]";
        }
    }

    /** The file's columns: exactly these (in any order), or at least these. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"exact", "superset"})
    public record ColumnSet(List<String> exact, List<String> superset) {
    }

    /** A condition that must be true on every row, in Pipewright's expression language; a row where it is null passes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "expression"})
    public record Rule(String name, String expression) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"rows", "columns", "rules"})
    public record TableExpectations(Range rows, ColumnSet columns, List<Rule> rules) {
        public TableExpectations {
            rules = rules == null ? null : List.copyOf(rules);
        }
    }

    /**
     * Expectations of one column. {@code min} and {@code max} are numbers, or dates ({@code 2024-01-31}) for a datetime
     * column; {@code allowed}, {@code regex} and {@code length} apply to the values as text.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "notNull", "maxMissing", "unique", "min", "max", "mean", "stddev", "allowed", "regex", "length"})
    public record ColumnExpectations(String type, Boolean notNull, Double maxMissing, Boolean unique, Object min, Object max, Range mean,
                                     Range stddev, List<String> allowed, String regex, Range length) {
        public ColumnExpectations {
            allowed = allowed == null ? null : List.copyOf(allowed);
        }

        public static ColumnExpectations none() {
            return new ColumnExpectations(null, null, null, null, null, null, null, null, null, null, null);
        }

        /** Whether any expectation is made ({@code notNull: false} and {@code unique: false} make none). */
        public boolean expectsSomething() {
            return type != null || Boolean.TRUE.equals(notNull) || maxMissing != null || Boolean.TRUE.equals(unique) || min != null || max != null
                    || mean != null || stddev != null || allowed != null || regex != null || length != null;
        }

        /** The declared type, or null. */
        public ColumnType columnType() {
            return type == null ? null : ColumnType.parse(type);
        }
    }

    /** The threshold to use: the suite's, else the default. */
    public double thresholdOrDefault() {
        return threshold == null ? DEFAULT_THRESHOLD : threshold;
    }

    public List<Rule> rules() {
        return table == null || table.rules() == null ? List.of() : table.rules();
    }

    /** The id of the {@code index}-th rule: {@code table.rules.<name>}, or {@code table.rules[i]} for a rule without a name. */
    public String ruleId(int index) {
        Rule rule = rules().get(index);
        return rule.name() == null || rule.name().isBlank() ? "table.rules[" + index + "]" : "table.rules." + rule.name();
    }

    // ------------------------------------------------------------------ YAML

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Reads and checks a suite file; a mistake is an {@link SuiteException} of one line naming the file, line and field. */
    public static Suite read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SuiteException(file + ": no such file");
        } catch (IOException e) {
            throw new SuiteException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.getFileName().toString());
    }

    /** Reads and checks a suite's YAML text; {@code name} names it in messages. */
    public static Suite parse(String text, String name) {
        Suite suite;
        try {
            suite = text.isBlank() ? null : YAML.readValue(text, Suite.class);
        } catch (UnrecognizedPropertyException e) {
            var known = e.getKnownPropertyIds().stream().map(String::valueOf).toList();
            String field = path(e);
            throw new SuiteException(name + ":" + YamlLines.keyLine(text, field, e.getLocation() == null ? 0 : e.getLocation().getLineNr())
                    + ": " + field + ": unknown field" + Suggestions.didYouMean(e.getPropertyName(), known), field);
        } catch (JsonProcessingException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof com.fasterxml.jackson.core.exc.StreamReadException)) {
                cause = cause.getCause();
            }
            if (cause instanceof com.fasterxml.jackson.core.exc.StreamReadException syntax) {
                int line = syntax.getLocation() == null ? 0 : syntax.getLocation().getLineNr();
                // SnakeYAML's message: headline lines, each followed by an indented quote of the text
                String message = String.join(": ", syntax.getOriginalMessage().lines()
                        .filter(part -> !part.isBlank() && !Character.isWhitespace(part.charAt(0))).map(String::strip).toList());
                throw new SuiteException(name + (line > 0 ? ":" + line : "") + ": malformed YAML: " + message);
            }
            String field = path(e);
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String message = mismatch(e);
            throw new SuiteException(name + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "malformed YAML: " : field + ": ") + message,
                    field.isEmpty() ? null : field);
        }
        if (suite == null) {
            throw new SuiteException(name + ": the suite is empty");
        }
        List<Problem> problems = suite.problems();
        if (!problems.isEmpty()) {
            Problem first = problems.get(0);
            int line = YamlLines.keyLine(text, first.field(), 0);
            throw new SuiteException(name + (line > 0 ? ":" + line : "") + ": " + first, first.field());
        }
        return suite;
    }

    /**
     * A problem found when the suite met a file (a rule naming an unknown column), located in the suite file:
     * {@code credit.suite.yaml:9: table.rules[0].expression: unknown column 'ende' at position 1}.
     */
    public static SuiteException locate(Path file, SuiteException problem) {
        int line = 0;
        try {
            line = YamlLines.keyLine(Files.readString(file), problem.field(), 0);
        } catch (IOException e) {
            // the message without a line will do
        }
        return new SuiteException(file.getFileName() + (line > 0 ? ":" + line : "") + ": " + problem.getMessage(), problem.field());
    }

    /** The suite as YAML. */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the suite as YAML, after {@code header} as comment lines (none when null). */
    public void write(Path file, String header) {
        var text = new StringBuilder();
        if (header != null) {
            header.lines().forEach(line -> text.append("# ").append(line).append('\n'));
        }
        text.append(toYaml());
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        write(file, null);
    }

    /** A value of the wrong kind, for a person: "must be true or false, not 'maybe'". */
    private static String mismatch(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            String wanted = target == Boolean.class || target == boolean.class ? "true or false"
                    : Number.class.isAssignableFrom(target) || target == double.class ? "a number"
                    : target == String.class ? "text"
                    : java.util.List.class.isAssignableFrom(target) ? "a list"
                    : Map.class.isAssignableFrom(target) ? "a map of column names to their expectations"
                    : target == Object.class ? "a number or a date"
                    : target == Range.class ? "a range such as {min: 1, max: 2}" : "a map of fields";
            String original = e.getOriginalMessage();
            String found;
            if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid && invalid.getValue() != null) {
                found = "'" + invalid.getValue() + "'";
            } else if (original.contains("Array value") || original.contains("START_ARRAY")) {
                found = "a list";
            } else if (original.contains("Object value") || original.contains("START_OBJECT")) {
                found = "a map";
            } else if (original.contains("from Integer value") || original.contains("from Floating-point value")) {
                found = "a number";
            } else {
                var quoted = java.util.regex.Pattern.compile("from String \"(.*?)\"").matcher(original);
                found = quoted.find() ? "'" + quoted.group(1) + "'" : null;
            }
            return "must be " + wanted + (found == null ? "" : ", not " + found);
        }
        return e.getOriginalMessage().replaceAll("\\s+", " ").replaceAll(" \\(for .*?\\)", "").strip();
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            var names = new ArrayList<String>();
            for (var reference : mapping.getPath()) {
                names.add(reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]");
            }
            return String.join(".", names).replace(".[", "[");
        }
        return "";
    }

    // ------------------------------------------------------------------ checks

    /** What is wrong with a field, for a form to show beside it. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /**
     * Whether the suite checks nothing: no table expectation and no column with an expectation (a column listed
     * without any is not one). Validating against it would pass whatever the data, so it is refused.
     */
    public boolean expectsNothing() {
        boolean tableExpects = table != null && (table.rows() != null || table.columns() != null && (table.columns().exact() != null
                || table.columns().superset() != null) || !rules().isEmpty());
        return !tableExpects && columns.values().stream().noneMatch(column -> column != null && column.expectsSomething());
    }

    /** The refusal of a suite that {@link #expectsNothing()}, without the file's name (the caller names it). */
    public static final String EXPECTS_NOTHING = "the suite has no expectations, so nothing would be checked: add one (a column's type, "
            + "range or allowed values, the row count, a rule) before validating";

    /** Every mistake in the suite, each naming its field ({@code columns.grade.regex}); empty when it can be used. */
    public List<Problem> problems() {
        var problems = new ArrayList<Problem>();
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            problems.add(new Problem("threshold", "must be between 0 and 1, not " + Numbers.plain(threshold)));
        }
        if (table != null) {
            range(problems, "table.rows", table.rows(), 0, true);
            if (table.columns() != null && table.columns().exact() != null && table.columns().superset() != null) {
                problems.add(new Problem("table.columns", "give exact or superset, not both"));
            }
            for (int i = 0; i < rules().size(); i++) {
                Rule rule = rules().get(i);
                String field = "table.rules[" + i + "].expression";
                if (rule.expression() == null || rule.expression().isBlank()) {
                    problems.add(new Problem(field, "missing"));
                    continue;
                }
                try {
                    Expression.parse(rule.expression());
                } catch (ExpressionException e) {
                    problems.add(new Problem(field, e.getMessage()));
                }
            }
        }
        columns.forEach((name, column) -> {
            String prefix = "columns." + name + ".";
            if (column == null) {
                return;
            }
            ColumnType type = null;
            if (column.type() != null) {
                try {
                    type = ColumnType.parse(column.type());
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(prefix + "type", "must be one of numeric, boolean, datetime, categorical, text, identifier, not '"
                            + column.type() + "'" + Suggestions.didYouMean(column.type(), Arrays.stream(ColumnType.values()).map(ColumnType::id).toList())));
                }
            }
            if (column.maxMissing() != null && !(column.maxMissing() >= 0 && column.maxMissing() <= 1)) {
                problems.add(new Problem(prefix + "maxMissing", "must be between 0 and 1, not " + Numbers.plain(column.maxMissing())));
            }
            if (Boolean.TRUE.equals(column.notNull()) && column.maxMissing() != null) {
                problems.add(new Problem(prefix + "maxMissing", "give notNull or maxMissing, not both"));
            }
            bound(problems, prefix + "min", column.min(), type);
            bound(problems, prefix + "max", column.max(), type);
            if (column.min() != null && column.max() != null && problems.stream().noneMatch(p -> p.field().startsWith(prefix + "m"))
                    && boundValue(column.min(), type) > boundValue(column.max(), type)) {
                problems.add(new Problem(prefix + "min", "is greater than max"));
            }
            range(problems, prefix + "mean", column.mean(), Double.NEGATIVE_INFINITY, false);
            range(problems, prefix + "stddev", column.stddev(), 0, false);
            range(problems, prefix + "length", column.length(), 0, true);
            if (column.regex() != null) {
                try {
                    Pattern.compile(column.regex());
                } catch (PatternSyntaxException e) {
                    problems.add(new Problem(prefix + "regex", regexError(e)));
                }
            }
        });
        return problems;
    }

    /** A regex error as one line: "Unclosed character class at position 5". */
    public static String regexError(PatternSyntaxException e) {
        return e.getDescription() + (e.getIndex() >= 0 ? " at position " + (e.getIndex() + 1) : "");
    }

    private static void range(List<Problem> problems, String field, Range range, double least, boolean whole) {
        if (range == null) {
            return;
        }
        if (range.min() == null && range.max() == null) {
            problems.add(new Problem(field, "give min, max or both"));
            return;
        }
        for (Number end : Arrays.asList(range.min(), range.max())) {
            if (end != null && (!Double.isFinite(end.doubleValue()) || end.doubleValue() < least || whole && end.doubleValue() != Math.rint(end.doubleValue()))) {
                problems.add(new Problem(field, "must be " + (whole ? "whole numbers" : "numbers") + (least == 0 ? " of at least 0" : "")
                        + ", not " + Numbers.plain(end)));
                return;
            }
        }
        if (range.min() != null && range.max() != null && range.min().doubleValue() > range.max().doubleValue()) {
            problems.add(new Problem(field, "min " + Numbers.plain(range.min()) + " is greater than max " + Numbers.plain(range.max())));
        }
    }

    private static void bound(List<Problem> problems, String field, Object value, ColumnType type) {
        if (value == null) {
            return;
        }
        if (Double.isNaN(boundValue(value, type))) {
            problems.add(new Problem(field, type == ColumnType.DATETIME ? "must be a date such as 2024-01-31, not '" + value + "'"
                    : "must be a number" + (type == null ? " or a date" : "") + ", not '" + value + "'"));
        }
    }

    /** A min or max as a number: the number itself, or epoch milliseconds of a date; NaN when it is neither. */
    static double boundValue(Object value, ColumnType type) {
        if (value instanceof Number number && type != ColumnType.DATETIME) {
            return number.doubleValue();
        }
        if (value instanceof String text && type != ColumnType.NUMERIC) {
            long millis = DateFormats.ANY.epochMillis(text.strip());
            return millis == DateFormats.NOT_A_DATE ? Double.NaN : millis;
        }
        return Double.NaN;
    }
}
