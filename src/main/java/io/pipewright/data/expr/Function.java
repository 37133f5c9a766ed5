package io.pipewright.data.expr;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The functions an expression may call, with how many arguments each takes. */
enum Function {
    ABS(1, 1), SQRT(1, 1), LOG(1, 1), LOG10(1, 1), EXP(1, 1), ROUND(1, 2), FLOOR(1, 1), CEIL(1, 1),
    MIN(2, Integer.MAX_VALUE), MAX(2, Integer.MAX_VALUE), POW(2, 2),
    LOWER(1, 1), UPPER(1, 1), LENGTH(1, 1), CONCAT(1, Integer.MAX_VALUE),
    COALESCE(1, Integer.MAX_VALUE), IF(3, 3),
    YEAR(1, 1), MONTH(1, 1), DAY(1, 1);

    private final int minArguments;
    private final int maxArguments;

    Function(int minArguments, int maxArguments) {
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
    }

    /** The name as written in expressions. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Function> find(String name) {
        return Arrays.stream(values()).filter(function -> function.id().equalsIgnoreCase(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Function::id).toList();
    }

    boolean accepts(int arguments) {
        return arguments >= minArguments && arguments <= maxArguments;
    }

    /** "1", "1 or 2", "at least 2". */
    String arity() {
        if (minArguments == maxArguments) {
            return Integer.toString(minArguments);
        }
        return maxArguments == Integer.MAX_VALUE ? "at least " + minArguments : minArguments + " or " + maxArguments;
    }
}
