package io.pipewright.data.expr;

/**
 * An expression that cannot be read or does not fit its table. The message names the offending
 * token, column or operator and its 1-based position in the text, so that an editor can point at it.
 */
public final class ExpressionException extends IllegalArgumentException {
    private final int position;

    ExpressionException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** Where in the text the problem is, counting from 1; 0 when it concerns the whole expression. */
    public int position() {
        return position;
    }

    static ExpressionException at(String message, int position) {
        return at(message, position, "");
    }

    /** The suffix follows the position: "unknown column 'agee' at position 1 (did you mean 'age'?)". */
    static ExpressionException at(String message, int position, String suffix) {
        return new ExpressionException(message + " at position " + position + suffix, position);
    }
}
