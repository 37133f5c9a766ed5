package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.train.Step;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Rescales numeric columns, fitted on its input. */
final class ScaleNode extends BaseNode {
    ScaleNode() {
        super("scale", "Transform", "Rescales numeric columns: standard (mean 0, standard deviation 1), min_max (0 to 1) or robust "
                        + "(median 0, interquartile range 1). A constant column is only centred.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows to rescale")),
                List.of(PortSpec.required("table", PortType.TABLE, "the rows, rescaled")),
                List.of(ParamSpec.choice("method", "standard", List.of("standard", "min_max", "robust"), "how to rescale"),
                        ParamSpec.optional("columns", ParamSpec.Kind.COLUMNS, null, "columns to rescale; default: every numeric column but the target"),
                        ParamSpec.optional("target", ParamSpec.Kind.COLUMN, null, "the target column: rescaled only when columns lists it "
                                + "(default: the pipeline's target)")));
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        Table table = input.table();
        List<String> columns = context.columns("columns");
        Tables.requireColumns(context, "columns", table, columns);
        if (columns.isEmpty()) {
            String target = context.string("target");
            columns = table.columns().stream().filter(column -> column instanceof NumericColumn<?> && !column.name().equals(target)).map(Column::name)
                    .toList();
        }
        String method = context.string("method");
        var fitted = new LinkedHashMap<String, double[]>();
        for (String name : columns) {
            if (!(table.column(name) instanceof NumericColumn<?> column)) {
                throw context.problem("params.columns", "column '" + name + "' is not numeric");
            }
            double[] values = Arrays.stream(column.asDoubleArray()).filter(value -> !Double.isNaN(value)).sorted().toArray();
            double center;
            double scale;
            if (values.length == 0) {
                center = 0;
                scale = 1;
            } else if (method.equals("min_max")) {
                center = values[0];
                scale = values[values.length - 1] - values[0];
            } else if (method.equals("robust")) {
                center = quantile(values, 0.5);
                scale = quantile(values, 0.75) - quantile(values, 0.25);
            } else {
                center = Arrays.stream(values).average().orElse(0);
                double variance = Arrays.stream(values).map(value -> (value - center) * (value - center)).sum() / values.length;
                scale = Math.sqrt(variance);
            }
            fitted.put(name, new double[] {center, scale > 0 ? scale : 1});
        }
        return Map.of("table", input.then(new Step.Scale(fitted)));
    }

    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
