package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import java.util.List;
import java.util.Map;

/** Keeps or drops columns. */
final class SelectNode extends BaseNode {
    SelectNode() {
        super("select", "Transform", "Keeps the columns listed in keep, or drops those listed in drop.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows to select from")),
                List.of(PortSpec.required("table", PortType.TABLE, "the chosen columns")),
                List.of(ParamSpec.optional("keep", ParamSpec.Kind.COLUMNS, null, "columns to keep, in this order"),
                        ParamSpec.optional("drop", ParamSpec.Kind.COLUMNS, null, "columns to drop")));
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        List<String> keep = context.columns("keep");
        List<String> drop = context.columns("drop");
        if (keep.isEmpty() == drop.isEmpty()) {
            throw context.problem("params", "give either keep or drop (a list of column names)");
        }
        if (!keep.isEmpty()) {
            Tables.requireColumns(context, "keep", input.table(), keep);
            return Map.of("table", input.with(input.table().selectColumns(keep.toArray(String[]::new))));
        }
        Tables.requireColumns(context, "drop", input.table(), drop);
        return Map.of("table", input.with(input.table().rejectColumns(drop.toArray(String[]::new))));
    }
}
