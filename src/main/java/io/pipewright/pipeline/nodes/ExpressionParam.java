package io.pipewright.pipeline.nodes;

import io.pipewright.data.expr.Expression;
import io.pipewright.data.expr.ExpressionException;
import io.pipewright.pipeline.ParamException;

/** The expression parameter's check at validation time, shared by the filter and derive nodes. */
final class ExpressionParam {
    private ExpressionParam() {
    }

    /** A syntax error, filed by the validator under params.expression. */
    static void checkSyntax(Object expression) {
        if (expression instanceof String text) {
            try {
                Expression.parse(text);
            } catch (ExpressionException e) {
                throw new ParamException("expression", e.getMessage());
            }
        }
    }
}
