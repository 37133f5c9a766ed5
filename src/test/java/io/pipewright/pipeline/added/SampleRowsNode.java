package io.pipewright.pipeline.added;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.FileColumns;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.pipeline.TableColumns;
import io.pipewright.pipeline.nodes.BaseNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A node type that exists only in the tests, to show that adding one is this class and one line in a
 * catalog: a seeded sample of rows, with only the columns {@code keep} lists.
 */
public final class SampleRowsNode extends BaseNode {
    public SampleRowsNode() {
        super("sample", "Transform", "Keeps a seeded random sample of at most `rows` rows, in their order, and only the columns keep lists "
                        + "(all when it lists none).",
                List.of(PortSpec.required("table", PortType.TABLE, "rows to sample")),
                List.of(PortSpec.required("table", PortType.TABLE, "the sampled rows")),
                List.of(ParamSpec.number("rows", ParamSpec.Kind.INTEGER, 100, 1.0, 1e9, "rows to keep, at most"),
                        ParamSpec.optional("keep", ParamSpec.Kind.COLUMNS, null, "the columns to keep (default: all)")));
    }

    /** Its input's columns, only those keep lists. */
    @Override
    public TableColumns columnsOut(Map<String, Object> params, Map<String, TableColumns> inputs, Path folder, FileColumns files) {
        TableColumns in = inputs.getOrDefault("table", TableColumns.UNKNOWN);
        List<String> keep = names(params, "keep");
        return keep.isEmpty() ? in : new TableColumns(in.columns().stream().filter(column -> keep.contains(column.name())).toList());
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        int n = input.rows();
        var order = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(context.seed()));
        var picked = new ArrayList<>(order.subList(0, (int) Math.min(n, context.integer("rows"))));
        Collections.sort(picked);
        var table = input.table().rows(picked.stream().mapToInt(Integer::intValue).toArray());
        List<String> keep = context.columns("keep");
        for (String column : keep) {
            if (!table.containsColumn(column)) {
                throw context.problem("params.keep", "the table has no column '" + column + "'");
            }
        }
        return Map.of("table", input.with(keep.isEmpty() ? table : table.selectColumns(keep.toArray(String[]::new))));
    }
}
