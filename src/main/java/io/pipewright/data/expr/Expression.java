package io.pipewright.data.expr;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.Selection;

/**
 * A row expression over a table's columns, such as {@code age >= 18 and income is not null} or
 * {@code round(income / 12, 2)}: the condition of a filter or the formula of a derived column.
 *
 * <h2>Grammar</h2>
 * From the loosest binding to the tightest:
 * <pre>
 * expression     = or
 * or             = and { ("or" | "||") and }
 * and            = not { ("and" | "&amp;&amp;") not }
 * not            = ("not" | "!") not | comparison
 * comparison     = additive [ ("=" | "==" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") additive
 *                           | "is" ["not"] "null"
 *                           | ["not"] "in" "(" expression { "," expression } ")" ]
 * additive       = multiplicative { ("+" | "-") multiplicative }
 * multiplicative = unary { ("*" | "/" | "%") unary }
 * unary          = ("-" | "+") unary | primary
 * primary        = number | string | "true" | "false" | "null"
 *                | function "(" [ expression { "," expression } ] ")"
 *                | column | "(" expression ")"
 * number         = digits ["." digits] [("e" | "E") ["+" | "-"] digits]      e.g. 1, 2.5, .5, 1e-3
 * string         = '...' or "..."; the quote written twice stands for itself: 'it''s'
 * column         = [A-Za-z_][A-Za-z0-9_]* or `any name` (a backtick written twice stands for itself)
 * </pre>
 * Keywords and function names are case-insensitive; column names are not. A column named like a
 * keyword ({@code and}, {@code in}, {@code null}…) needs backticks. Only one comparison is allowed
 * without parentheses: {@code a < b < c} is an error. Nesting is limited to {@link #MAX_NESTING}
 * levels; a chain of operators of one level ({@code a + b + c ...}) may be as long as you like.
 *
 * <h2>Types</h2>
 * number (numeric columns, as double), string, boolean, and date-time (date-time and date columns).
 * Arithmetic takes numbers; {@code and}, {@code or}, {@code not} take booleans; a comparison takes two
 * values of the same type, except that a string literal compared with a date-time is read as
 * {@code 'yyyy-MM-dd'} or {@code 'yyyy-MM-dd HH:mm:ss'}. Text is joined with {@code concat}, not
 * {@code +} ({@code ||} means or).
 *
 * <h2>Null</h2>
 * As in SQL: null (a missing value) propagates through arithmetic, functions and comparisons; {@code
 * and}/{@code or} use three-valued logic ({@code null and false} is false, {@code null or true} is
 * true); {@code x in (...)} is {@code x = a or x = b...}; {@code is [not] null} is never null. A
 * number that is not finite (division by zero, {@code log(0)}, overflow) is null, and so is
 * {@code sqrt} of a negative number. A filter keeps only the rows where its condition is true.
 *
 * <h2>Functions</h2>
 * Numbers: {@code abs, sqrt, log} (natural), {@code log10, exp, floor, ceil}, {@code round(x[, digits])}
 * (half away from zero), {@code pow(a, b)}, {@code min(a, b, ...)}, {@code max(a, b, ...)}. Strings:
 * {@code lower, upper, length}, {@code concat(a, b, ...)} (numbers, booleans and date-times as text;
 * null if any part is null). Date-times: {@code year, month, day}. Any type: {@code coalesce(a, b, ...)}
 * (the first that is not null), {@code if(condition, then, else)} (a null condition takes else).
 *
 * <p>Parsing checks the syntax, function names and argument counts; {@link #check} checks the columns
 * and types against a table. Both throw {@link ExpressionException} with the 1-based position of
 * the problem. An expression is immutable and may be shared between threads.
 */
public final class Expression {
    /**
     * The deepest nesting an expression may have: parentheses, function calls, {@code in} lists,
     * {@code not} and minus signs inside one another. Chains ({@code a + b + ... }) do not nest.
     */
    public static final int MAX_NESTING = 200;

    private final String text;
    private final Syntax syntax;
    private final List<String> columns;

    private Expression(String text, Syntax syntax, List<String> columns) {
        this.text = text;
        this.syntax = syntax;
        this.columns = columns;
    }

    /** Reads the text; throws {@link ExpressionException} naming the offending token and its position. */
    public static Expression parse(String text) {
        Objects.requireNonNull(text, "text");
        Parser.Result result = Parser.parse(text);
        return new Expression(text, result.syntax(), result.columns());
    }

    /**
     * {@code not (this)}, built from the parsed form rather than parsed again, so that an expression
     * at the nesting limit still has a negation.
     */
    public Expression negated() {
        return new Expression("not (" + text + ")", new Syntax.Unary(Syntax.Operator.NOT, "not", syntax, 0), columns);
    }

    public String text() {
        return text;
    }

    /** The names of the columns it reads, each once, in the order they first appear. */
    public List<String> columns() {
        return columns;
    }

    /** The type it gives on this table; throws for an unknown column or a type error. */
    public ValueType check(Table table) {
        return Binder.bind(syntax, table).type();
    }

    /** The rows where it is true (not false, not null); throws unless it is a boolean expression. */
    public Selection filter(Table table) {
        Operand operand = Binder.bind(syntax, table);
        if (operand instanceof Operand.AlwaysNull) {
            return Selection.with();
        }
        if (!(operand instanceof Operand.Logical logical)) {
            throw new ExpressionException("a row condition must give true or false, not a " + operand.type().id(), 0);
        }
        IntUnaryOperator condition = logical.at();
        int rows = table.rowCount();
        var kept = new int[rows];
        int count = 0;
        for (int row = 0; row < rows; row++) {
            if (condition.applyAsInt(row) == Operand.TRUE) {
                kept[count++] = row;
            }
        }
        return Selection.with(Arrays.copyOf(kept, count));
    }

    /**
     * A new column with its value on each row: a DoubleColumn, StringColumn, BooleanColumn or
     * DateTimeColumn by type; null gives a missing value.
     */
    public Column<?> evaluate(Table table, String name) {
        Operand operand = Binder.bind(syntax, table);
        int rows = table.rowCount();
        if (operand instanceof Operand.Numeric numeric) {
            var values = new double[rows];
            for (int row = 0; row < rows; row++) {
                values[row] = numeric.at().applyAsDouble(row);
            }
            return DoubleColumn.create(name, values);
        }
        if (operand instanceof Operand.Logical logical) {
            var column = BooleanColumn.create(name);
            for (int row = 0; row < rows; row++) {
                int value = logical.at().applyAsInt(row);
                if (value == Operand.UNKNOWN) {
                    column.appendMissing();
                } else {
                    column.append(value == Operand.TRUE);
                }
            }
            return column;
        }
        if (operand instanceof Operand.Text text) {
            var column = StringColumn.create(name);
            IntFunction<String> at = text.at();
            for (int row = 0; row < rows; row++) {
                String value = at.apply(row);
                if (value == null) {
                    column.appendMissing();
                } else {
                    column.append(value);
                }
            }
            return column;
        }
        if (operand instanceof Operand.DateTime time) {
            var column = DateTimeColumn.create(name);
            IntFunction<LocalDateTime> at = time.at();
            for (int row = 0; row < rows; row++) {
                LocalDateTime value = at.apply(row);
                if (value == null) {
                    column.appendMissing();
                } else {
                    column.append(value);
                }
            }
            return column;
        }
        throw new ExpressionException("the expression is always null, so its column would have no type", 0);
    }

    @Override
    public String toString() {
        return text;
    }
}
