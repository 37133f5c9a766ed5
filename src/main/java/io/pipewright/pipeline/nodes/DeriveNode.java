package io.pipewright.pipeline.nodes;

import io.pipewright.data.expr.Expression;
import io.pipewright.data.expr.ExpressionException;
import io.pipewright.data.expr.ValueType;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.train.Step;
import java.util.List;
import java.util.Map;

/**
 * Adds a column computed by an expression. It is a step, not a one-off edit: a model trained
 * downstream computes the column again, the same way, on every table it scores.
 */
final class DeriveNode extends BaseNode {
    DeriveNode() {
        super("derive", "Transform", "Adds a column computed from others by an expression, or replaces the column of that name: arithmetic "
                        + "(+ - * / %), comparisons, and/or/not, if(condition, then, else), coalesce, and functions such as log, round, "
                        + "lower, concat and year. Models trained downstream compute it again on the tables they score.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows to compute from")),
                List.of(PortSpec.required("table", PortType.TABLE, "the rows with the new column")),
                List.of(ParamSpec.required("name", ParamSpec.Kind.STRING, "the new column's name; a column of that name is replaced"),
                        ParamSpec.required("expression", ParamSpec.Kind.STRING, "the value of each row, e.g. round(income / household, 2)")));
    }

    /** Its column, of a type known only once it runs, in place of the one of that name or at the end. */
    @Override
    public io.pipewright.pipeline.TableColumns columnsOut(Map<String, Object> params, Map<String, io.pipewright.pipeline.TableColumns> inputs,
                                                          java.nio.file.Path folder, io.pipewright.pipeline.FileColumns files) {
        var in = inputs.getOrDefault("table", io.pipewright.pipeline.TableColumns.UNKNOWN);
        String name = text(params, "name");
        return name == null || name.isBlank() ? in : in.with(io.pipewright.pipeline.TableColumn.of(name, io.pipewright.pipeline.TableColumn.Kind.UNKNOWN));
    }

    /** Syntax errors show when the pipeline is validated, before anything runs. */
    @Override
    public void checkParams(Map<String, Object> params) {
        ExpressionParam.checkSyntax(params.get("expression"));
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        String name = context.string("name");
        String text = context.string("expression");
        try {
            // checked here because the step leaves a table without the columns it reads as it is (see Step.Derive)
            if (Expression.parse(text).check(input.table()) == ValueType.NULL) {
                throw context.problem("params.expression", "'" + text + "' is always null, so the column would have no type");
            }
            return Map.of("table", input.then(new Step.Derive(name, text)));
        } catch (ExpressionException e) {
            throw context.problem("params.expression", e.getMessage());
        }
    }
}
