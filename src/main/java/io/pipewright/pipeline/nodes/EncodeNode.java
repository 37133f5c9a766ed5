package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.FileColumns;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.pipeline.TableColumn;
import io.pipewright.pipeline.TableColumns;
import io.pipewright.train.Step;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Turns categorical columns into numbers, fitted on its input; unseen categories are handled at scoring time. */
final class EncodeNode extends BaseNode {
    EncodeNode() {
        super("encode", "Transform", "Encodes categorical columns: one_hot (a 0/1 column per level, at most max_levels, the most frequent), "
                        + "ordinal (the level's index), frequency (the level's share of rows) or target (the level's mean of the target, "
                        + "smoothed towards the overall mean by `smoothing` rows; for a numeric or two-class target). A level unseen when "
                        + "fitted sets no one-hot column, ordinal −1, frequency 0, target the overall mean.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows with categorical columns")),
                List.of(PortSpec.required("table", PortType.TABLE, "the rows, encoded")),
                List.of(ParamSpec.choice("method", "one_hot", List.of("one_hot", "ordinal", "frequency", "target"), "how to encode"),
                        ParamSpec.optional("target", ParamSpec.Kind.COLUMN, null, "the target column: what method target encodes by, and "
                                + "encoded itself only when columns lists it (default: the pipeline's target)"),
                        ParamSpec.number("smoothing", ParamSpec.Kind.NUMBER, 10.0, 0.0, 1e6, "method target: rows of weight the overall mean gets"),
                        ParamSpec.optional("columns", ParamSpec.Kind.COLUMNS, null, "columns to encode; default: every text column but the target"),
                        ParamSpec.number("max_levels", ParamSpec.Kind.INTEGER, 30, 1.0, 10_000.0, "one_hot: most frequent levels kept")));
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        if ("target".equals(params.get("method")) && params.get("target") == null) {
            throw new io.pipewright.pipeline.ParamException("target", "missing: method target needs the target column");
        }
    }

    @Override
    public String targetUsed(Map<String, Object> params) {
        return "target".equals(params.get("method")) ? text(params, "target") : null;
    }

    /** one_hot: each encoded column gives way to a 0/1 column per level known from the file's first rows, at the end; otherwise it becomes a number. */
    @Override
    public TableColumns columnsOut(Map<String, Object> params, Map<String, TableColumns> inputs, java.nio.file.Path folder, FileColumns files) {
        TableColumns in = inputs.getOrDefault("table", TableColumns.UNKNOWN);
        String target = text(params, "target");
        List<String> listed = names(params, "columns");
        List<TableColumn> chosen = listed.isEmpty()
                ? in.columns().stream().filter(column -> column.kind() == TableColumn.Kind.TEXT && !column.name().equals(target)).toList()
                : listed.stream().flatMap(name -> in.find(name).stream()).toList();
        if (!"one_hot".equals(params.getOrDefault("method", "one_hot"))) {
            TableColumns out = in;
            for (TableColumn column : chosen) {
                out = out.with(column.withKind(TableColumn.Kind.NUMBER));
            }
            return out;
        }
        int maxLevels = params.get("max_levels") instanceof Number number ? number.intValue() : 30;
        var out = new java.util.ArrayList<>(in.without(chosen.stream().map(TableColumn::name).toList()).columns());
        for (TableColumn column : chosen) {
            column.levels().stream().limit(maxLevels)
                    .forEach(level -> out.add(new TableColumn(column.name() + "=" + level, TableColumn.Kind.NUMBER, List.of(), column.name())));
        }
        return new TableColumns(out);
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        Table table = input.table();
        List<String> columns = context.columns("columns");
        Tables.requireColumns(context, "columns", table, columns);
        if (columns.isEmpty()) {
            String target = context.string("target");
            columns = table.columns().stream().filter(column -> column instanceof StringColumn && !column.name().equals(target)).map(Column::name)
                    .toList();
        }
        String method = context.string("method");
        long maxLevels = context.integer("max_levels");
        double[] targetValues = method.equals("target") ? targetValues(context, table) : null;
        double prior = 0;
        if (targetValues != null) {
            double sum = 0;
            int n = 0;
            for (double value : targetValues) {
                if (!Double.isNaN(value)) {
                    sum += value;
                    n++;
                }
            }
            prior = n == 0 ? 0 : sum / n;
        }
        var fallback = new LinkedHashMap<String, Double>();
        var levels = new LinkedHashMap<String, List<String>>();
        var frequencies = new LinkedHashMap<String, Map<String, Double>>();
        for (String name : columns) {
            Column<?> column = table.column(name);
            var counts = new HashMap<String, Integer>();
            int present = 0;
            for (int i = 0; i < column.size(); i++) {
                if (!column.isMissing(i)) {
                    counts.merge(String.valueOf(column.get(i)), 1, Integer::sum);
                    present++;
                }
            }
            var ordered = counts.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(entry -> -entry.getValue()).thenComparing(Map.Entry::getKey))
                    .map(Map.Entry::getKey).toList();
            levels.put(name, method.equals("one_hot") ? ordered.subList(0, (int) Math.min(maxLevels, ordered.size()))
                    : ordered.stream().sorted().toList());
            var shares = new LinkedHashMap<String, Double>();
            if (targetValues != null) {
                var sums = new HashMap<String, double[]>();
                for (int i = 0; i < column.size(); i++) {
                    if (!column.isMissing(i) && !Double.isNaN(targetValues[i])) {
                        double[] sum = sums.computeIfAbsent(String.valueOf(column.get(i)), key -> new double[2]);
                        sum[0] += targetValues[i];
                        sum[1]++;
                    }
                }
                double m = context.number("smoothing");
                for (var entry : sums.entrySet()) {
                    double[] sum = entry.getValue();
                    shares.put(entry.getKey(), (sum[0] + m * prior) / (sum[1] + m));
                }
                fallback.put(name, prior);
            } else {
                for (var entry : counts.entrySet()) {
                    shares.put(entry.getKey(), (double) entry.getValue() / Math.max(1, present));
                }
            }
            frequencies.put(name, shares);
        }
        boolean valued = method.equals("frequency") || method.equals("target");
        return Map.of("table", input.then(new Step.Encode(method, levels, valued ? frequencies : Map.of(), fallback)));
    }

    /** The target as numbers: its values, or 1 for the second of two classes (sorted) and 0 for the first. */
    private static double[] targetValues(NodeContext context, Table table) {
        String target = context.string("target");
        Tables.requireColumns(context, "target", table, List.of(target));
        Column<?> column = table.column(target);
        var values = new double[table.rowCount()];
        if (column instanceof tech.tablesaw.api.NumericColumn<?> numbers && io.pipewright.train.Trainer.taskOf(column) == io.pipewright.train.Task.REGRESSION) {
            for (int i = 0; i < values.length; i++) {
                values[i] = numbers.isMissing(i) ? Double.NaN : numbers.getDouble(i);
            }
            return values;
        }
        var labels = new java.util.TreeSet<String>();
        for (int i = 0; i < values.length; i++) {
            String label = io.pipewright.train.Trainer.labelOf(column, i);
            if (label != null) {
                labels.add(label);
            }
        }
        if (labels.size() != 2) {
            throw context.problem("params.target", "target encoding needs a numeric or two-class target; '" + target + "' has "
                    + labels.size() + " classes (use one_hot or frequency)");
        }
        String positive = labels.last();
        for (int i = 0; i < values.length; i++) {
            String label = io.pipewright.train.Trainer.labelOf(column, i);
            values[i] = label == null ? Double.NaN : label.equals(positive) ? 1 : 0;
        }
        return values;
    }
}
