package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.FileColumns;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.pipeline.TableColumn;
import io.pipewright.pipeline.TableColumns;
import java.util.List;
import java.util.Map;

/** Keeps or drops columns. */
final class SelectNode extends BaseNode {
    SelectNode() {
        super("select", "Transform", "Keeps the columns listed in keep (and the target, listed or not), or drops those listed in drop.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows to select from")),
                List.of(PortSpec.required("table", PortType.TABLE, "the chosen columns")),
                List.of(ParamSpec.optional("keep", ParamSpec.Kind.COLUMNS, null, "columns to keep, in this order"),
                        ParamSpec.optional("drop", ParamSpec.Kind.COLUMNS, null, "columns to drop"),
                        ParamSpec.optional("target", ParamSpec.Kind.COLUMN, null, "the target column: kept even when keep does not list it "
                                + "(default: the pipeline's target)")));
    }

    /** keep, with the target after them when keep does not list it and the input has it. */
    private static List<String> kept(List<String> keep, String target, java.util.function.Predicate<String> present) {
        if (target == null || keep.contains(target) || !present.test(target)) {
            return keep;
        }
        var all = new java.util.ArrayList<>(keep);
        all.add(target);
        return all;
    }

    @Override
    public TableColumns columnsOut(Map<String, Object> params, Map<String, TableColumns> inputs, java.nio.file.Path folder, FileColumns files) {
        TableColumns in = inputs.getOrDefault("table", TableColumns.UNKNOWN);
        List<String> keep = names(params, "keep");
        if (keep.isEmpty()) {
            return in.without(names(params, "drop"));
        }
        return new TableColumns(kept(keep, text(params, "target"), in::has).stream()
                .map(name -> in.find(name).orElse(TableColumn.of(name, TableColumn.Kind.UNKNOWN))).toList());
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
            keep = kept(keep, context.string("target"), input.table()::containsColumn);
            return Map.of("table", input.with(input.table().selectColumns(keep.toArray(String[]::new))));
        }
        Tables.requireColumns(context, "drop", input.table(), drop);
        return Map.of("table", input.with(input.table().rejectColumns(drop.toArray(String[]::new))));
    }
}
