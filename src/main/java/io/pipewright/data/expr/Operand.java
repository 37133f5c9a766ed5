package io.pipewright.data.expr;

import java.time.LocalDateTime;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;

/**
 * A part of an expression bound to a table: a typed function of the row index. Each type has its
 * own unboxed form so that evaluation reads columns directly, with no per-row lookups.
 */
sealed interface Operand {
    /** Three-valued logic, as in SQL: a comparison with null is neither true nor false. */
    int TRUE = 1;
    int FALSE = 0;
    int UNKNOWN = -1;

    ValueType type();

    /** NaN stands for null: it propagates through arithmetic by itself, and Tablesaw reads it as missing. */
    record Numeric(IntToDoubleFunction at) implements Operand {
        @Override
        public ValueType type() {
            return ValueType.NUMBER;
        }
    }

    /** {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN} (null). */
    record Logical(IntUnaryOperator at) implements Operand {
        @Override
        public ValueType type() {
            return ValueType.BOOLEAN;
        }
    }

    /** A null string is null. */
    record Text(IntFunction<String> at) implements Operand {
        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    record DateTime(IntFunction<LocalDateTime> at) implements Operand {
        @Override
        public ValueType type() {
            return ValueType.DATETIME;
        }
    }

    /** The literal null, before anything gives it a type. */
    record AlwaysNull() implements Operand {
        @Override
        public ValueType type() {
            return ValueType.NULL;
        }
    }
}
