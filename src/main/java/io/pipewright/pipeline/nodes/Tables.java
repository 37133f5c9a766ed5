package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.Names;
import java.util.List;
import tech.tablesaw.api.Table;

/** Column checks shared by the nodes, with messages naming the node and parameter. */
final class Tables {
    private Tables() {
    }

    static void requireColumns(NodeContext context, String param, Table table, List<String> columns) {
        for (String column : columns) {
            if (!table.containsColumn(column)) {
                throw context.problem("params." + param, "no column '" + column + "' in its input table"
                        + closest(column, table.columnNames()) + " (columns: " + String.join(", ", table.columnNames()) + ")");
            }
        }
    }

    static String closest(String name, List<String> names) {
        return Names.didYouMean(name, names);
    }
}
