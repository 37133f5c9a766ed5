package io.pipewright.pipeline.nodes;

import io.pipewright.data.expr.Expression;
import io.pipewright.data.expr.ExpressionException;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/** Keeps the rows where a condition is true. Not a fitted step: a model scores every row it is given. */
final class FilterNode extends BaseNode {
    FilterNode() {
        super("filter", "Transform", "Keeps the rows where a condition is true; a row where it is false or null (a missing value) is dropped. "
                        + "Conditions compare columns with = != < <= > >=, combine them with and, or, not, and test membership with in (...) "
                        + "and missing values with is null; functions such as abs, round, lower, length, year and coalesce are available.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows to filter")),
                List.of(PortSpec.required("table", PortType.TABLE, "the rows where the condition is true")),
                List.of(ParamSpec.required("expression", ParamSpec.Kind.STRING, "a row condition, e.g. age >= 18 and income is not null")));
    }

    /** Syntax errors show when the pipeline is validated, before anything runs. */
    @Override
    public void checkParams(Map<String, Object> params) {
        ExpressionParam.checkSyntax(params.get("expression"));
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        Table table = input.table();
        try {
            Expression condition = Expression.parse(context.string("expression"));
            return Map.of("table", input.with(table.where(condition.filter(table))));
        } catch (ExpressionException e) {
            throw context.problem("params.expression", e.getMessage());
        }
    }
}
