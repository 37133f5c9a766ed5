package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.train.Step;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Fills missing values, fitted on its input: mean, median, most frequent value, or a constant. */
final class ImputeNode extends BaseNode {
    ImputeNode() {
        super("impute", "Transform", "Fills missing values with each column's mean, median or most frequent value, or a constant. "
                        + "Mean and median apply to numeric columns; mode and constant to any.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows with missing values")),
                List.of(PortSpec.required("table", PortType.TABLE, "the rows, filled")),
                List.of(ParamSpec.choice("strategy", "median", List.of("mean", "median", "mode", "constant"), "how to fill"),
                        ParamSpec.optional("columns", ParamSpec.Kind.COLUMNS, null, "columns to fill; default: every column with missing values but the target"),
                        ParamSpec.optional("target", ParamSpec.Kind.COLUMN, null, "the target column: filled only when columns lists it "
                                + "(default: the pipeline's target)"),
                        ParamSpec.optional("value", ParamSpec.Kind.STRING, null, "the constant, for strategy constant")));
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        Table table = input.table();
        String strategy = context.string("strategy");
        List<String> columns = context.columns("columns");
        Tables.requireColumns(context, "columns", table, columns);
        if (columns.isEmpty()) {
            String target = context.string("target");
            columns = table.columns().stream().filter(column -> column.countMissing() > 0 && !column.name().equals(target)).map(Column::name).toList();
        }
        if (strategy.equals("constant") && !context.has("value")) {
            throw context.problem("params.value", "missing: strategy constant needs a value");
        }
        var numbers = new LinkedHashMap<String, Double>();
        var texts = new LinkedHashMap<String, String>();
        for (String name : columns) {
            Column<?> column = table.column(name);
            if (column instanceof NumericColumn<?> numeric) {
                double[] present = numeric.asDoubleArray();
                present = Arrays.stream(present).filter(value -> !Double.isNaN(value)).toArray();
                double fill = switch (strategy) {
                    case "mean" -> Arrays.stream(present).average().orElse(0);
                    case "median" -> median(present);
                    case "mode" -> mode(present);
                    default -> parse(context, context.string("value"));
                };
                numbers.put(name, fill);
            } else if (strategy.equals("mode") || strategy.equals("constant")) {
                texts.put(name, strategy.equals("constant") ? context.string("value") : modeText(column));
            } else if (context.columns("columns").contains(name)) {
                throw context.problem("params.columns", "column '" + name + "' is not numeric: use strategy mode or constant for it");
            }
        }
        return Map.of("table", input.then(new Step.Impute(numbers, texts)));
    }

    private static double parse(NodeContext context, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw context.problem("params.value", "'" + value + "' is not a number, and a numeric column is to be filled");
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double mode(double[] values) {
        var counts = new HashMap<Double, Integer>();
        double best = 0;
        int bestCount = 0;
        for (double value : values) {
            int count = counts.merge(value, 1, Integer::sum);
            if (count > bestCount || count == bestCount && value < best) {
                best = value;
                bestCount = count;
            }
        }
        return best;
    }

    private static String modeText(Column<?> column) {
        var counts = new HashMap<String, Integer>();
        String best = "";
        int bestCount = 0;
        for (int i = 0; i < column.size(); i++) {
            if (!column.isMissing(i)) {
                String value = String.valueOf(column.get(i));
                int count = counts.merge(value, 1, Integer::sum);
                if (count > bestCount || count == bestCount && value.compareTo(best) < 0) {
                    best = value;
                    bestCount = count;
                }
            }
        }
        return best;
    }
}
