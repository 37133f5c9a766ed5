package io.pipewright.data.expr;

import java.util.List;

/** The parsed form of an expression, before it meets a table. Each part keeps its position for messages. */
sealed interface Syntax {
    int position();

    /** A number (Double), string, boolean, or null. */
    record Literal(Object value, int position) implements Syntax {
    }

    record ColumnReference(String name, int position) implements Syntax {
    }

    /** Unary minus or logical not; {@code symbol} is as written ("-", "not", "!"). */
    record Unary(Operator operator, String symbol, Syntax operand, int position) implements Syntax {
    }

    /** A comparison; {@code symbol} is as written ("==" or "="); the position is the operator's. */
    record Binary(Operator operator, String symbol, Syntax left, Syntax right, int position) implements Syntax {
    }

    /**
     * Operands joined left to right by operators of one precedence level: {@code a + b - c}, {@code a * b / c},
     * {@code a and b and c}, {@code a or b}. Kept flat, not as a left-leaning tree, so that a chain of
     * thousands of terms binds and evaluates in a loop rather than thousands of nested calls.
     */
    record Chain(Syntax first, List<Link> rest) implements Syntax {
        public Chain {
            rest = List.copyOf(rest);
        }

        @Override
        public int position() {
            return first.position();
        }
    }

    /** One step of a chain: the operator as written ("&&" or "and"), its position, and the operand on its right. */
    record Link(Operator operator, String symbol, Syntax operand, int position) {
    }

    record In(Syntax value, List<Syntax> items, boolean negated, int position) implements Syntax {
        public In {
            items = List.copyOf(items);
        }
    }

    record IsNull(Syntax value, boolean negated, int position) implements Syntax {
    }

    record Call(Function function, List<Syntax> arguments, int position) implements Syntax {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    enum Operator {
        NEGATE, NOT, ADD, SUBTRACT, MULTIPLY, DIVIDE, REMAINDER, EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, AND, OR
    }
}
