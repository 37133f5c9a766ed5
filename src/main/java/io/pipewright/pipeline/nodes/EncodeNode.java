package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
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
                        + "ordinal (the level's index) or frequency (the level's share of rows). A level unseen when fitted sets no "
                        + "one-hot column, ordinal −1, frequency 0.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows with categorical columns")),
                List.of(PortSpec.required("table", PortType.TABLE, "the rows, encoded")),
                List.of(ParamSpec.choice("method", "one_hot", List.of("one_hot", "ordinal", "frequency"), "how to encode"),
                        ParamSpec.optional("columns", ParamSpec.Kind.COLUMNS, null, "columns to encode; default: every text column"),
                        ParamSpec.number("max_levels", ParamSpec.Kind.INTEGER, 30, 1.0, 10_000.0, "one_hot: most frequent levels kept")));
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        Table table = input.table();
        List<String> columns = context.columns("columns");
        Tables.requireColumns(context, "columns", table, columns);
        if (columns.isEmpty()) {
            columns = table.columns().stream().filter(column -> column instanceof StringColumn).map(Column::name).toList();
        }
        String method = context.string("method");
        long maxLevels = context.integer("max_levels");
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
            for (var entry : counts.entrySet()) {
                shares.put(entry.getKey(), (double) entry.getValue() / Math.max(1, present));
            }
            frequencies.put(name, shares);
        }
        return Map.of("table", input.then(new Step.Encode(method, levels, method.equals("frequency") ? frequencies : Map.of())));
    }
}
