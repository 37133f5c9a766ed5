package io.pipewright.train;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.pipewright.data.expr.Expression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A fitted preprocessing step of a pipeline (select, impute, encode, scale, derive). A transform node fits
 * it on its input and applies it; the steps before a {@code train} node travel in the model
 * artifact and are applied again, identically, to every table the model scores.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "step")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Step.Select.class, name = "select"),
    @JsonSubTypes.Type(value = Step.Impute.class, name = "impute"),
    @JsonSubTypes.Type(value = Step.Scale.class, name = "scale"),
    @JsonSubTypes.Type(value = Step.Encode.class, name = "encode"),
    @JsonSubTypes.Type(value = Step.Derive.class, name = "derive"),
    @JsonSubTypes.Type(value = Step.Lookup.class, name = "lookup")})
public sealed interface Step {

    /** Applies the step; a column it needs and the table lacks is named. */
    Table apply(Table table);

    /** Keeps only these columns (those present: the target is gone at scoring time). */
    record Select(List<String> keep) implements Step {
        @Override
        public Table apply(Table table) {
            return table.selectColumns(keep.stream().filter(table::containsColumn).toArray(String[]::new));
        }
    }

    /** Fills missing values: numbers with a number, text with a text value, per column. */
    record Impute(Map<String, Double> numbers, Map<String, String> texts) implements Step {
        @Override
        public Table apply(Table table) {
            Table copy = table.copy();
            numbers.forEach((name, value) -> {
                if (copy.containsColumn(name) && copy.column(name) instanceof NumericColumn<?> column) {
                    DoubleColumn filled = DoubleColumn.create(name);
                    for (int i = 0; i < column.size(); i++) {
                        filled.append(column.isMissing(i) ? value : column.getDouble(i));
                    }
                    copy.replaceColumn(name, filled);
                }
            });
            texts.forEach((name, value) -> {
                if (copy.containsColumn(name)) {
                    Column<?> column = copy.column(name);
                    StringColumn filled = StringColumn.create(name);
                    for (int i = 0; i < column.size(); i++) {
                        filled.append(column.isMissing(i) ? value : String.valueOf(column.get(i)));
                    }
                    copy.replaceColumn(name, filled);
                }
            });
            return copy;
        }
    }

    /** (x − center) / scale per column. */
    record Scale(Map<String, double[]> columns) implements Step {
        @Override
        public Table apply(Table table) {
            Table copy = table.copy();
            columns.forEach((name, centerScale) -> {
                if (copy.containsColumn(name) && copy.column(name) instanceof NumericColumn<?> column) {
                    DoubleColumn scaled = DoubleColumn.create(name);
                    for (int i = 0; i < column.size(); i++) {
                        if (column.isMissing(i)) {
                            scaled.appendMissing();
                        } else {
                            scaled.append((column.getDouble(i) - centerScale[0]) / centerScale[1]);
                        }
                    }
                    copy.replaceColumn(name, scaled);
                }
            });
            return copy;
        }

        // a record compares its arrays by reference: the same fitted scaling read back from a file must be equal
        @Override
        public boolean equals(Object other) {
            return other instanceof Scale scale && columns.keySet().equals(scale.columns.keySet())
                    && columns.entrySet().stream().allMatch(entry -> java.util.Arrays.equals(entry.getValue(), scale.columns.get(entry.getKey())));
        }

        @Override
        public int hashCode() {
            return columns.entrySet().stream().mapToInt(entry -> entry.getKey().hashCode() ^ java.util.Arrays.hashCode(entry.getValue())).sum();
        }
    }

    /**
     * Categorical columns as numbers. one_hot: a 0/1 column "name=level" per level (an unseen level
     * sets none); ordinal: the level's index (unseen: −1); frequency: the level's share of the
     * training rows (unseen: 0); target: the level's smoothed mean of the target (unseen: the
     * overall mean, in {@code fallback}). A missing value stays missing (ordinal, frequency, target)
     * or sets none.
     */
    record Encode(String method, Map<String, List<String>> levels, Map<String, Map<String, Double>> frequencies,
                  Map<String, Double> fallback) implements Step {
        @Override
        public Table apply(Table table) {
            Table copy = table.copy();
            for (var entry : levels.entrySet()) {
                String name = entry.getKey();
                if (!copy.containsColumn(name)) {
                    continue;
                }
                Column<?> column = copy.column(name);
                List<String> known = entry.getValue();
                switch (method) {
                    case "one_hot" -> {
                        var added = new ArrayList<DoubleColumn>();
                        for (String level : known) {
                            var indicator = DoubleColumn.create(name + "=" + level);
                            for (int i = 0; i < column.size(); i++) {
                                indicator.append(!column.isMissing(i) && level.equals(String.valueOf(column.get(i))) ? 1 : 0);
                            }
                            added.add(indicator);
                        }
                        copy.removeColumns(name);
                        added.forEach(copy::addColumns);
                    }
                    case "ordinal" -> {
                        var index = new LinkedHashMap<String, Integer>();
                        for (int k = 0; k < known.size(); k++) {
                            index.put(known.get(k), k);
                        }
                        var codes = DoubleColumn.create(name);
                        for (int i = 0; i < column.size(); i++) {
                            if (column.isMissing(i)) {
                                codes.appendMissing();
                            } else {
                                codes.append(index.getOrDefault(String.valueOf(column.get(i)), -1));
                            }
                        }
                        copy.replaceColumn(name, codes);
                    }
                    default -> {
                        Map<String, Double> shares = frequencies.get(name);
                        double unseen = fallback == null ? 0.0 : fallback.getOrDefault(name, 0.0);
                        var values = DoubleColumn.create(name);
                        for (int i = 0; i < column.size(); i++) {
                            if (column.isMissing(i)) {
                                values.appendMissing();
                            } else {
                                values.append(shares.getOrDefault(String.valueOf(column.get(i)), unseen));
                            }
                        }
                        copy.replaceColumn(name, values);
                    }
                }
            }
            return copy;
        }
    }

    /**
     * A column computed by an {@link Expression} (added, or replacing one of the same name). A table
     * that lacks a column the expression reads is left as it is: at scoring time that column is the
     * target, or what the target was derived from; a feature that then goes missing is named by the
     * model's feature encoding.
     */
    record Derive(String name, String expression) implements Step {
        public Derive {
            Expression.parse(expression); // a model file with a broken expression is refused when read, not when it first scores
        }

        @Override
        public Table apply(Table table) {
            Expression parsed = Expression.parse(expression);
            if (!table.columnNames().containsAll(parsed.columns())) {
                return table;
            }
            Column<?> column = parsed.evaluate(table, name);
            Table copy = table.copy();
            if (copy.columnNames().contains(name)) {
                copy.replaceColumn(name, column);
            } else {
                copy.addColumns(column);
            }
            return copy;
        }
    }

    /**
     * Feature views joined onto the rows by entity key (a {@code features} node). In training the values are already in
     * the table; a model server with an online store fills them from it, by each row's entity key, before the model
     * scores the row; a table to score in batch carries them, so this step leaves a table as it is.
     */
    record Lookup(List<View> views) implements Step {
        /** A view: its name, its key columns, its event-time column, and the features it adds. */
        public record View(String name, List<String> entities, String timestamp, List<String> features) {
        }

        public Lookup {
            views = List.copyOf(views);
        }

        @Override
        public Table apply(Table table) {
            return table;
        }
    }

    /** Applies steps in order. */
    static Table applyAll(List<Step> steps, Table table) {
        Table result = table;
        for (Step step : steps) {
            result = step.apply(result);
        }
        return result;
    }
}
