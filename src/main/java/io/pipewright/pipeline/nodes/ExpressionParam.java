package io.pipewright.pipeline.nodes;

import io.pipewright.data.expr.Expression;
import io.pipewright.data.expr.ExpressionException;

/** The expression parameter's check at validation time, shared by the filter and derive nodes. */
final class ExpressionParam {
    private ExpressionParam() {
    }

    /** The validator reports this under "params", so the message names the parameter itself. */
    static void checkSyntax(Object expression) {
        if (expression instanceof String text) {
            try {
                Expression.parse(text);
            } catch (ExpressionException e) {
                throw new IllegalArgumentException("expression: " + e.getMessage(), e);
            }
        }
    }
}
