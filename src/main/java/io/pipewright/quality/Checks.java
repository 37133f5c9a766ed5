package io.pipewright.quality;

import io.pipewright.data.ColumnBatch;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.ColumnType;
import io.pipewright.data.DateFormats;
import io.pipewright.data.TypeInference;
import io.pipewright.data.expr.Expression;
import io.pipewright.data.expr.ExpressionException;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.Selection;

/**
 * A suite compiled against one file's columns and plans: the row-level checks a chunk runs, each with a slot where its
 * failures are counted. Immutable once built, shared by the threads that check chunks.
 */
final class Checks {

    /** One expectation as reported. {@code slot} is its index among the row-level ones, or -1 for a table-level one. */
    record Expectation(String id, String column, String name, ValidationReport.Scope scope, String expected, int slot) {
    }

    /** A column's compiled expectations. Slot indexes are -1 where the expectation is not made. */
    static final class ColumnCheck {
        final String name;
        final int index;
        final ColumnPlan.Kind kind;
        final Suite.ColumnExpectations spec;
        final ColumnType declared;
        int typeSlot = -1;
        int notNullSlot = -1;
        int uniqueSlot = -1;
        int minSlot = -1;
        int maxSlot = -1;
        int allowedSlot = -1;
        int regexSlot = -1;
        int lengthSlot = -1;
        double min = Double.NaN;
        double max = Double.NaN;
        Set<String> allowedText;
        LongOpenHashSet allowedKeys;
        Pattern regex;
        int lengthMin = Integer.MIN_VALUE;
        int lengthMax = Integer.MAX_VALUE;
        boolean wantsLengths;
        boolean wantsMoments;

        ColumnCheck(String name, int index, ColumnPlan plan, Suite.ColumnExpectations spec) {
            this.name = name;
            this.index = index;
            this.kind = plan.kind();
            this.spec = spec;
            this.declared = spec.columnType();
        }
    }

    /** A cross-column rule: failing rows are those where {@code not (expression)} is true. */
    record RuleCheck(String id, Expression negated, List<Integer> columns, int slot) {
    }

    final List<String> names;
    final ColumnPlan[] plans;
    final List<ColumnCheck> columns = new ArrayList<>();
    final List<RuleCheck> rules = new ArrayList<>();
    final List<Expectation> expectations = new ArrayList<>();
    final List<String> missingColumns = new ArrayList<>();
    /** Rules that cannot be applied to this file, by id: why. */
    final java.util.Map<String, String> unusableRules = new java.util.HashMap<>();
    int slots;

    Checks(Suite suite, List<String> names, ColumnPlan[] plans) {
        this.names = names;
        this.plans = plans;
        var table = suite.table();
        if (table != null && table.rows() != null) {
            add("table.rows", null, "rows", ValidationReport.Scope.TABLE, "rows in " + table.rows(), false);
        }
        if (table != null && table.columns() != null && (table.columns().exact() != null || table.columns().superset() != null)) {
            boolean exact = table.columns().exact() != null;
            List<String> listed = exact ? table.columns().exact() : table.columns().superset();
            add("table.columns", null, "columns", ValidationReport.Scope.TABLE, (exact ? "exactly " : "at least ") + listed, false);
        }
        suite.columns().forEach((name, spec) -> {
            Suite.ColumnExpectations expectations = spec == null ? Suite.ColumnExpectations.none() : spec;
            int index = names.indexOf(name);
            if (index < 0) {
                missingColumns.add(name);
                add("columns." + name + ".exists", name, "exists", ValidationReport.Scope.TABLE, "a column named " + name, false);
                return;
            }
            columns.add(compile(name, index, expectations));
        });
        for (int i = 0; i < suite.rules().size(); i++) {
            RuleCheck rule = rule(suite, i);
            if (rule != null) {
                rules.add(rule);
            }
        }
    }

    private int add(String id, String column, String name, ValidationReport.Scope scope, String expected, boolean row) {
        int slot = row ? slots++ : -1;
        expectations.add(new Expectation(id, column, name, scope, expected, slot));
        return slot;
    }

    private int row(String prefix, String column, String name, String expected) {
        return add(prefix + name, column, name, ValidationReport.Scope.ROW, expected, true);
    }

    private ColumnCheck compile(String name, int index, Suite.ColumnExpectations spec) {
        var check = new ColumnCheck(name, index, plans[index], spec);
        String prefix = "columns." + name + ".";
        ColumnType declared = check.declared;
        if (declared != null) {
            check.typeSlot = row(prefix, name, "type", declared.id());
        }
        if (Boolean.TRUE.equals(spec.notNull())) {
            check.notNullSlot = row(prefix, name, "notNull", "no missing values");
        }
        if (spec.maxMissing() != null) {
            add(prefix + "maxMissing", name, "maxMissing", ValidationReport.Scope.TABLE, "at most " + Numbers.percent(spec.maxMissing()) + " missing",
                    false);
        }
        if (Boolean.TRUE.equals(spec.unique())) {
            check.uniqueSlot = row(prefix, name, "unique", "every value distinct");
        }
        ColumnType boundType = check.kind == ColumnPlan.Kind.DATETIME ? ColumnType.DATETIME : ColumnType.NUMERIC;
        if (spec.min() != null) {
            check.min = Suite.boundValue(spec.min(), boundType);
            check.minSlot = row(prefix, name, "min", ">= " + spec.min());
        }
        if (spec.max() != null) {
            check.max = Suite.boundValue(spec.max(), boundType);
            check.maxSlot = row(prefix, name, "max", "<= " + spec.max());
        }
        if (spec.mean() != null) {
            add(prefix + "mean", name, "mean", ValidationReport.Scope.TABLE, "mean in " + spec.mean(), false);
            check.wantsMoments = true;
        }
        if (spec.stddev() != null) {
            add(prefix + "stddev", name, "stddev", ValidationReport.Scope.TABLE, "stddev in " + spec.stddev(), false);
            check.wantsMoments = true;
        }
        if (spec.allowed() != null) {
            check.allowedSlot = row(prefix, name, "allowed", "one of " + shortList(spec.allowed()));
            switch (check.kind) {
                case STRING -> check.allowedText = new HashSet<>(spec.allowed());
                case NUMBER -> {
                    check.allowedKeys = new LongOpenHashSet();
                    var parser = new io.pipewright.data.NumberParser(plans[index].grouped());
                    for (String value : spec.allowed()) {
                        if (parser.parse(value.strip())) {
                            check.allowedKeys.add(numberKey(parser.value));
                        }
                    }
                }
                case BOOLEAN -> {
                    check.allowedKeys = new LongOpenHashSet();
                    for (String value : spec.allowed()) {
                        Boolean bool = TypeInference.booleanValue(value.strip());
                        if (bool != null) {
                            check.allowedKeys.add(numberKey(bool ? 1 : 0));
                        }
                    }
                }
                case DATETIME -> {
                    check.allowedKeys = new LongOpenHashSet();
                    for (String value : spec.allowed()) {
                        long millis = DateFormats.ANY.epochMillis(value.strip());
                        if (millis != DateFormats.NOT_A_DATE) {
                            check.allowedKeys.add(millis);
                        }
                    }
                }
            }
        }
        if (spec.regex() != null) {
            check.regex = Pattern.compile(spec.regex());
            check.regexSlot = row(prefix, name, "regex", "matches " + spec.regex());
        }
        if (spec.length() != null) {
            check.lengthMin = spec.length().min() == null ? Integer.MIN_VALUE : spec.length().min().intValue();
            check.lengthMax = spec.length().max() == null ? Integer.MAX_VALUE : spec.length().max().intValue();
            check.lengthSlot = row(prefix, name, "length", "length in " + spec.length());
            check.wantsLengths = true;
        }
        return check;
    }

    private RuleCheck rule(Suite suite, int index) {
        Suite.Rule rule = suite.rules().get(index);
        String field = "table.rules[" + index + "].expression";
        Expression expression;
        Expression negated;
        try {
            expression = Expression.parse(rule.expression());
            negated = expression.negated();
        } catch (ExpressionException e) {
            throw new SuiteException(field + ": " + e.getMessage(), field);
        }
        var columns = new ArrayList<Integer>();
        for (String column : expression.columns()) {
            int at = names.indexOf(column);
            if (at >= 0) {
                columns.add(at);
            }
        }
        // a rule that does not fit this file (a column it lacks, a type mismatch) is a failed expectation, said before the pass
        String unusable = null;
        try {
            var all = new ArrayList<Integer>();
            for (int c = 0; c < names.size(); c++) {
                all.add(c);
            }
            var type = expression.check(emptyTable(all));
            if (type != io.pipewright.data.expr.ValueType.BOOLEAN && type != io.pipewright.data.expr.ValueType.NULL) {
                unusable = "a rule must give true or false, not a " + type.id();
            }
        } catch (ExpressionException e) {
            unusable = e.getMessage();
        }
        if (unusable != null) {
            add(suite.ruleId(index), null, "rule", ValidationReport.Scope.TABLE, rule.expression(), false);
            unusableRules.put(suite.ruleId(index), unusable + "; the rule was not checked");
            return null;
        }
        int slot = add(suite.ruleId(index), null, "rule", ValidationReport.Scope.ROW, rule.expression(), true);
        return new RuleCheck(suite.ruleId(index), negated, List.copyOf(columns), slot);
    }

    private Table emptyTable(List<Integer> columns) {
        var table = Table.create("rule");
        for (int c : columns) {
            table.addColumns(switch (plans[c].kind()) {
                case NUMBER -> DoubleColumn.create(names.get(c));
                case BOOLEAN -> BooleanColumn.create(names.get(c));
                case DATETIME -> DateTimeColumn.create(names.get(c));
                case STRING -> StringColumn.create(names.get(c));
            });
        }
        return table;
    }

    /** The rule's columns of one chunk as a Tablesaw table, for the expression to run on; invalid cells are missing. */
    Table ruleTable(RuleCheck rule, ColumnBatch batch) {
        var table = Table.create("rule");
        int size = batch.size;
        for (int c : rule.columns()) {
            String name = names.get(c);
            byte[] state = batch.state[c];
            Column<?> column;
            switch (plans[c].kind()) {
                case NUMBER -> {
                    double[] values = new double[size];
                    double[] numbers = batch.numbers[c];
                    for (int i = 0; i < size; i++) {
                        values[i] = state[i] == ColumnBatch.PRESENT ? numbers[i] : Double.NaN;
                    }
                    column = DoubleColumn.create(name, values);
                }
                case BOOLEAN -> {
                    var booleans = BooleanColumn.create(name);
                    for (int i = 0; i < size; i++) {
                        if (state[i] == ColumnBatch.PRESENT) {
                            booleans.append(batch.numbers[c][i] == 1);
                        } else {
                            booleans.appendMissing();
                        }
                    }
                    column = booleans;
                }
                case DATETIME -> {
                    var times = DateTimeColumn.create(name);
                    for (int i = 0; i < size; i++) {
                        if (state[i] == ColumnBatch.PRESENT) {
                            times.append(LocalDateTime.ofInstant(Instant.ofEpochMilli(batch.dates[c][i]), ZoneOffset.UTC));
                        } else {
                            times.appendMissing();
                        }
                    }
                    column = times;
                }
                default -> {
                    var strings = StringColumn.create(name);
                    for (int i = 0; i < size; i++) {
                        if (state[i] == ColumnBatch.PRESENT) {
                            strings.append(batch.strings[c][i]);
                        } else {
                            strings.appendMissing();
                        }
                    }
                    column = strings;
                }
            }
            table.addColumns(column);
        }
        if (rule.columns().isEmpty()) {
            table.addColumns(DoubleColumn.create("_rows", new double[size]));
        }
        return table;
    }

    /** The rows of a chunk where the rule is false. */
    Selection ruleFailures(RuleCheck rule, ColumnBatch batch) {
        return rule.negated().filter(ruleTable(rule, batch));
    }

    /** A number as a key of a set: -0.0 and 0.0 alike. */
    static long numberKey(double value) {
        return Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
    }

    /** A 64-bit hash of a string (FNV-1a over its chars, then mixed): no allocation. */
    static long hash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return mix(hash ^ text.length());
    }

    static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String shortList(List<String> values) {
        var shown = new LinkedHashSet<>(values.subList(0, Math.min(values.size(), 12)));
        return "[" + String.join(", ", shown) + (values.size() > 12 ? ", … (" + values.size() + " values)" : "") + "]";
    }

    /** A new matcher per chunk and column, reset for each value: no allocation per row. */
    static Matcher matcher(Pattern pattern) {
        return pattern.matcher("");
    }
}
