package io.pipewright.data.expr;

import io.pipewright.data.expr.Operand.AlwaysNull;
import io.pipewright.data.expr.Operand.DateTime;
import io.pipewright.data.expr.Operand.Logical;
import io.pipewright.data.expr.Operand.Numeric;
import io.pipewright.data.expr.Operand.Text;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Binds parsed syntax to a table: resolves each column once to a typed accessor, checks the types
 * of every operator and function, and builds the typed row functions that evaluation calls.
 */
final class Binder {
    private static final IntToDoubleFunction NO_NUMBER = row -> Double.NaN;

    private final Table table;
    private final List<String> columnNames;
    private final Map<String, Operand> columns = new HashMap<>();

    private Binder(Table table) {
        this.table = table;
        this.columnNames = table.columnNames();
    }

    static Operand bind(Syntax syntax, Table table) {
        return new Binder(table).bind(syntax);
    }

    private Operand bind(Syntax syntax) {
        if (syntax instanceof Syntax.Literal literal) {
            return literal(literal.value());
        }
        if (syntax instanceof Syntax.ColumnReference reference) {
            return column(reference);
        }
        if (syntax instanceof Syntax.Unary unary) {
            return unary(unary);
        }
        if (syntax instanceof Syntax.Binary binary) {
            return comparison(binary.operator(), binary.symbol(), binary.left(), bind(binary.left()), binary.right(), bind(binary.right()),
                    binary.position());
        }
        if (syntax instanceof Syntax.Chain chain) {
            Syntax.Operator operator = chain.rest().get(0).operator();
            return operator == Syntax.Operator.AND || operator == Syntax.Operator.OR ? logical(chain) : arithmetic(chain);
        }
        if (syntax instanceof Syntax.In in) {
            return in(in);
        }
        if (syntax instanceof Syntax.IsNull isNull) {
            IntPredicate missing = missing(bind(isNull.value()));
            boolean negated = isNull.negated();
            return new Logical(row -> missing.test(row) != negated ? Operand.TRUE : Operand.FALSE);
        }
        return call((Syntax.Call) syntax);
    }

    private static Operand literal(Object value) {
        if (value instanceof Double number) {
            double constant = number;
            return new Numeric(row -> constant);
        }
        if (value instanceof String text) {
            return new Text(row -> text);
        }
        if (value instanceof Boolean bool) {
            int constant = bool ? Operand.TRUE : Operand.FALSE;
            return new Logical(row -> constant);
        }
        return new AlwaysNull();
    }

    private Operand column(Syntax.ColumnReference reference) {
        String name = reference.name();
        if (!columnNames.contains(name)) {
            throw ExpressionException.at("unknown column '" + name + "'", reference.position(), io.pipewright.work.Suggestions.didYouMean(name, columnNames));
        }
        return columns.computeIfAbsent(name, key -> read(table.column(key), reference.position()));
    }

    private static Operand read(Column<?> column, int position) {
        if (column instanceof DoubleColumn doubles) {
            return new Numeric(doubles::getDouble); // NaN where missing
        }
        if (column instanceof NumericColumn<?> numbers) {
            return new Numeric(row -> numbers.isMissing(row) ? Double.NaN : numbers.getDouble(row));
        }
        if (column instanceof StringColumn strings) {
            return new Text(row -> strings.isMissing(row) ? null : strings.get(row));
        }
        if (column instanceof BooleanColumn booleans) {
            return new Logical(row -> {
                Boolean value = booleans.get(row);
                return value == null ? Operand.UNKNOWN : value ? Operand.TRUE : Operand.FALSE;
            });
        }
        if (column instanceof DateTimeColumn times) {
            return new DateTime(times::get);
        }
        if (column instanceof DateColumn dates) {
            return new DateTime(row -> {
                LocalDate date = dates.get(row);
                return date == null ? null : date.atStartOfDay();
            });
        }
        throw ExpressionException.at("column '" + column.name() + "' holds " + column.type().name().toLowerCase(Locale.ROOT)
                + " values, which expressions cannot read,", position);
    }

    private Operand unary(Syntax.Unary unary) {
        Operand operand = bind(unary.operand());
        if (unary.operator() == Syntax.Operator.NEGATE) {
            IntToDoubleFunction x = numbers(operand);
            if (x == null) {
                throw ExpressionException.at("operator '-' cannot apply to " + operand.type().id(), unary.position());
            }
            return new Numeric(row -> -x.applyAsDouble(row));
        }
        IntUnaryOperator x = logicals(operand);
        if (x == null) {
            throw ExpressionException.at("operator '" + unary.symbol() + "' needs a boolean, not " + operand.type().id(), unary.position());
        }
        return new Logical(row -> {
            int value = x.applyAsInt(row);
            return value == Operand.UNKNOWN ? Operand.UNKNOWN : Operand.TRUE - value;
        });
    }

    /** {@code a and b and c} (or {@code or}): three-valued, left to right, stopping at the first operand that decides. */
    private Operand logical(Syntax.Chain chain) {
        Operand first = bind(chain.first());
        ValueType leftType = first.type();
        IntUnaryOperator head = logicals(first);
        var tail = new IntUnaryOperator[chain.rest().size()];
        for (int i = 0; i < tail.length; i++) {
            Syntax.Link link = chain.rest().get(i);
            Operand right = bind(link.operand());
            tail[i] = logicals(right);
            if (head == null || tail[i] == null) {
                throw ExpressionException.at("operator '" + link.symbol() + "' needs booleans, not " + leftType.id() + " and "
                        + right.type().id(), link.position());
            }
            leftType = ValueType.BOOLEAN;
        }
        IntUnaryOperator a = head;
        if (chain.rest().get(0).operator() == Syntax.Operator.AND) {
            return new Logical(row -> {
                int result = a.applyAsInt(row);
                for (IntUnaryOperator next : tail) {
                    if (result == Operand.FALSE) {
                        return Operand.FALSE;
                    }
                    int second = next.applyAsInt(row);
                    result = second == Operand.FALSE ? Operand.FALSE
                            : result == Operand.TRUE && second == Operand.TRUE ? Operand.TRUE : Operand.UNKNOWN;
                }
                return result;
            });
        }
        return new Logical(row -> {
            int result = a.applyAsInt(row);
            for (IntUnaryOperator next : tail) {
                if (result == Operand.TRUE) {
                    return Operand.TRUE;
                }
                int second = next.applyAsInt(row);
                result = second == Operand.TRUE ? Operand.TRUE
                        : result == Operand.FALSE && second == Operand.FALSE ? Operand.FALSE : Operand.UNKNOWN;
            }
            return result;
        });
    }

    /** {@code a + b - c} or {@code a * b / c}: left to right, each step's infinity made null as it happens. */
    private Operand arithmetic(Syntax.Chain chain) {
        Operand first = bind(chain.first());
        ValueType leftType = first.type();
        IntToDoubleFunction head = numbers(first);
        var terms = new IntToDoubleFunction[chain.rest().size()];
        var steps = new DoubleBinaryOperator[terms.length];
        for (int i = 0; i < terms.length; i++) {
            Syntax.Link link = chain.rest().get(i);
            Operand right = bind(link.operand());
            terms[i] = numbers(right);
            if (head == null || terms[i] == null) {
                boolean joiningText = link.operator() == Syntax.Operator.ADD
                        && (leftType == ValueType.STRING || right.type() == ValueType.STRING);
                throw ExpressionException.at("operator '" + link.symbol() + "' cannot apply to " + leftType.id() + " and " + right.type().id(),
                        link.position(), joiningText ? " (join text with concat(a, b))" : "");
            }
            steps[i] = switch (link.operator()) {
                case ADD -> (x, y) -> x + y;
                case SUBTRACT -> (x, y) -> x - y;
                case MULTIPLY -> (x, y) -> x * y;
                case DIVIDE -> (x, y) -> x / y;
                default -> (x, y) -> x % y;
            };
            leftType = ValueType.NUMBER;
        }
        IntToDoubleFunction a = head;
        if (terms.length == 1) { // the common a + b, without the loop
            IntToDoubleFunction b = terms[0];
            DoubleBinaryOperator step = steps[0];
            return new Numeric(row -> finite(step.applyAsDouble(a.applyAsDouble(row), b.applyAsDouble(row))));
        }
        return new Numeric(row -> {
            double result = a.applyAsDouble(row);
            for (int i = 0; i < terms.length; i++) {
                result = finite(steps[i].applyAsDouble(result, terms[i].applyAsDouble(row)));
            }
            return result;
        });
    }

    /**
     * A comparison; also each item of {@code x in (...)}. A string literal compared with a date-time
     * is read as a date ('2024-01-31') or date-time ('2024-01-31 12:00:00').
     */
    private Operand comparison(Syntax.Operator operator, String symbol, Syntax leftSyntax, Operand left, Syntax rightSyntax, Operand right,
                               int position) {
        if (left.type() == ValueType.DATETIME && right.type() == ValueType.STRING) {
            right = dateTimeLiteral(rightSyntax, right);
        } else if (right.type() == ValueType.DATETIME && left.type() == ValueType.STRING) {
            left = dateTimeLiteral(leftSyntax, left);
        }
        if (left.type() == ValueType.NULL || right.type() == ValueType.NULL) {
            return new Logical(row -> Operand.UNKNOWN);
        }
        if (left.type() != right.type()) {
            throw ExpressionException.at("operator '" + symbol + "' cannot compare " + left.type().id() + " and " + right.type().id(), position);
        }
        IntPredicate holds = switch (operator) {
            case EQUAL -> order -> order == 0;
            case NOT_EQUAL -> order -> order != 0;
            case LESS -> order -> order < 0;
            case LESS_OR_EQUAL -> order -> order <= 0;
            case GREATER -> order -> order > 0;
            default -> order -> order >= 0;
        };
        if (left instanceof Numeric a && right instanceof Numeric b) {
            return new Logical(row -> {
                double x = a.at().applyAsDouble(row);
                double y = b.at().applyAsDouble(row);
                if (Double.isNaN(x) || Double.isNaN(y)) {
                    return Operand.UNKNOWN;
                }
                return holds.test(x < y ? -1 : x > y ? 1 : 0) ? Operand.TRUE : Operand.FALSE; // not Double.compare: -0.0 == 0.0
            });
        }
        if (left instanceof Logical a && right instanceof Logical b) {
            return new Logical(row -> {
                int x = a.at().applyAsInt(row);
                int y = b.at().applyAsInt(row);
                if (x == Operand.UNKNOWN || y == Operand.UNKNOWN) {
                    return Operand.UNKNOWN;
                }
                return holds.test(Integer.compare(x, y)) ? Operand.TRUE : Operand.FALSE;
            });
        }
        if (left instanceof Text a && right instanceof Text b) {
            return compareObjects(a.at(), b.at(), holds);
        }
        return compareObjects(((DateTime) left).at(), ((DateTime) right).at(), holds);
    }

    private static <T extends Comparable<? super T>> Logical compareObjects(IntFunction<T> a, IntFunction<T> b, IntPredicate holds) {
        return new Logical(row -> {
            T x = a.apply(row);
            T y = b.apply(row);
            if (x == null || y == null) {
                return Operand.UNKNOWN;
            }
            return holds.test(x.compareTo(y)) ? Operand.TRUE : Operand.FALSE;
        });
    }

    /** {@code x in (a, b)} is {@code x = a or x = b}, which gives SQL's answer when x or an item is null. */
    private Operand in(Syntax.In in) {
        Operand value = bind(in.value());
        var items = new IntUnaryOperator[in.items().size()];
        for (int i = 0; i < items.length; i++) {
            Syntax item = in.items().get(i);
            items[i] = ((Logical) comparison(Syntax.Operator.EQUAL, "in", in.value(), value, item, bind(item), item.position())).at();
        }
        // one loop over the items, not a lambda per item: a list of thousands evaluates without deep calls
        IntUnaryOperator any = row -> {
            boolean unknown = false;
            for (IntUnaryOperator equal : items) {
                int found = equal.applyAsInt(row);
                if (found == Operand.TRUE) {
                    return Operand.TRUE;
                }
                unknown |= found == Operand.UNKNOWN;
            }
            return unknown ? Operand.UNKNOWN : Operand.FALSE;
        };
        if (!in.negated()) {
            return new Logical(any);
        }
        return new Logical(row -> {
            int found = any.applyAsInt(row);
            return found == Operand.UNKNOWN ? Operand.UNKNOWN : Operand.TRUE - found;
        });
    }

    private Operand call(Syntax.Call call) {
        var operands = new ArrayList<Operand>();
        for (Syntax argument : call.arguments()) {
            operands.add(bind(argument));
        }
        Function function = call.function();
        return switch (function) {
            case ABS -> math(call, operands, Math::abs);
            case SQRT -> math(call, operands, Math::sqrt);
            case LOG -> math(call, operands, Math::log);
            case LOG10 -> math(call, operands, Math::log10);
            case EXP -> math(call, operands, Math::exp);
            case FLOOR -> math(call, operands, Math::floor);
            case CEIL -> math(call, operands, Math::ceil);
            case POW -> fold(call, operands, Math::pow);
            case MIN -> fold(call, operands, Math::min);
            case MAX -> fold(call, operands, Math::max);
            case ROUND -> round(call, operands);
            case LOWER -> {
                IntFunction<String> text = text(call, operands, 0);
                yield new Text(row -> {
                    String value = text.apply(row);
                    return value == null ? null : value.toLowerCase(Locale.ROOT);
                });
            }
            case UPPER -> {
                IntFunction<String> text = text(call, operands, 0);
                yield new Text(row -> {
                    String value = text.apply(row);
                    return value == null ? null : value.toUpperCase(Locale.ROOT);
                });
            }
            case LENGTH -> {
                IntFunction<String> text = text(call, operands, 0);
                yield new Numeric(row -> {
                    String value = text.apply(row);
                    return value == null ? Double.NaN : value.codePointCount(0, value.length());
                });
            }
            case CONCAT -> concat(operands);
            case COALESCE -> coalesce(call, call.arguments(), operands);
            case IF -> choose(call, operands);
            case YEAR, MONTH, DAY -> datePart(call, operands.get(0));
        };
    }

    /** abs, sqrt…: one number in, one out; pow, min, max fold over their arguments. Null in any argument gives null. */
    private static Numeric math(Syntax.Call call, List<Operand> operands, DoubleUnaryOperator function) {
        IntToDoubleFunction x = number(call, operands, 0);
        return new Numeric(row -> finite(function.applyAsDouble(x.applyAsDouble(row))));
    }

    private static Numeric fold(Syntax.Call call, List<Operand> operands, DoubleBinaryOperator function) {
        var arguments = new IntToDoubleFunction[operands.size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = number(call, operands, i);
        }
        return new Numeric(row -> {
            double result = arguments[0].applyAsDouble(row);
            for (int i = 1; i < arguments.length; i++) {
                result = function.applyAsDouble(result, arguments[i].applyAsDouble(row)); // NaN propagates through pow, min and max
            }
            return finite(result);
        });
    }

    /** Half away from zero, in decimal: round(2.5) is 3, round(-2.5) is -3, round(1.005, 2) is 1.01. */
    private static Numeric round(Syntax.Call call, List<Operand> operands) {
        IntToDoubleFunction x = number(call, operands, 0);
        IntToDoubleFunction digits = operands.size() > 1 ? number(call, operands, 1) : row -> 0;
        return new Numeric(row -> {
            double value = x.applyAsDouble(row);
            double places = digits.applyAsDouble(row);
            if (Double.isNaN(value) || Double.isNaN(places) || Double.isInfinite(value)) {
                return Double.NaN;
            }
            if (places == 0 && Math.abs(value) < 1e15) {
                return value < 0 ? -Math.round(-value) : Math.round(value); // the common case, without BigDecimal
            }
            return BigDecimal.valueOf(value).setScale((int) places, RoundingMode.HALF_UP).doubleValue();
        });
    }

    private static Text concat(List<Operand> operands) {
        var parts = new ArrayList<IntFunction<String>>();
        for (Operand operand : operands) {
            parts.add(asText(operand));
        }
        return new Text(row -> {
            var joined = new StringBuilder();
            for (IntFunction<String> part : parts) {
                String value = part.apply(row);
                if (value == null) {
                    return null;
                }
                joined.append(value);
            }
            return joined.toString();
        });
    }

    private static IntFunction<String> asText(Operand operand) {
        if (operand instanceof Text text) {
            return text.at();
        }
        if (operand instanceof Numeric number) {
            return row -> {
                double value = number.at().applyAsDouble(row);
                return Double.isNaN(value) ? null : format(value);
            };
        }
        if (operand instanceof Logical logical) {
            return row -> {
                int value = logical.at().applyAsInt(row);
                return value == Operand.UNKNOWN ? null : Boolean.toString(value == Operand.TRUE);
            };
        }
        if (operand instanceof DateTime time) {
            return row -> {
                LocalDateTime value = time.at().apply(row);
                return value == null ? null : value.toString();
            };
        }
        return row -> null;
    }

    /** 3 rather than 3.0, 0.1 rather than 0.1000000000000000055. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private Operand coalesce(Syntax.Call call, List<Syntax> syntax, List<Operand> operands) {
        List<Operand> options = unify(call, syntax, operands);
        ValueType type = options.stream().map(Operand::type).filter(t -> t != ValueType.NULL).findFirst().orElse(ValueType.NULL);
        return switch (type) {
            case NUMBER -> {
                IntToDoubleFunction[] values = options.stream().map(Binder::numbers).toArray(IntToDoubleFunction[]::new);
                yield new Numeric(row -> {
                    for (IntToDoubleFunction value : values) {
                        double x = value.applyAsDouble(row);
                        if (!Double.isNaN(x)) {
                            return x;
                        }
                    }
                    return Double.NaN;
                });
            }
            case BOOLEAN -> {
                IntUnaryOperator[] values = options.stream().map(Binder::logicals).toArray(IntUnaryOperator[]::new);
                yield new Logical(row -> {
                    for (IntUnaryOperator value : values) {
                        int x = value.applyAsInt(row);
                        if (x != Operand.UNKNOWN) {
                            return x;
                        }
                    }
                    return Operand.UNKNOWN;
                });
            }
            case STRING -> new Text(firstPresent(options.stream().map(Binder::asText).toList()));
            case DATETIME -> new DateTime(firstPresent(options.stream().map(Binder::times).toList()));
            case NULL -> new AlwaysNull();
        };
    }

    private static <T> IntFunction<T> firstPresent(List<IntFunction<T>> values) {
        return row -> {
            for (IntFunction<T> value : values) {
                T x = value.apply(row);
                if (x != null) {
                    return x;
                }
            }
            return null;
        };
    }

    /** if(condition, then, else): a null condition counts as false, as in SQL's CASE WHEN. */
    private Operand choose(Syntax.Call call, List<Operand> operands) {
        Operand condition = operands.get(0);
        IntUnaryOperator test = logicals(condition);
        if (test == null) {
            throw ExpressionException.at("if() needs a boolean condition, not " + condition.type().id() + ",", call.arguments().get(0).position());
        }
        List<Operand> branches = unify(call, call.arguments().subList(1, 3), operands.subList(1, 3));
        Operand then = branches.get(0);
        Operand otherwise = branches.get(1);
        ValueType type = then.type() != ValueType.NULL ? then.type() : otherwise.type();
        return switch (type) {
            case NUMBER -> {
                IntToDoubleFunction a = numbers(then);
                IntToDoubleFunction b = numbers(otherwise);
                yield new Numeric(row -> test.applyAsInt(row) == Operand.TRUE ? a.applyAsDouble(row) : b.applyAsDouble(row));
            }
            case BOOLEAN -> {
                IntUnaryOperator a = logicals(then);
                IntUnaryOperator b = logicals(otherwise);
                yield new Logical(row -> test.applyAsInt(row) == Operand.TRUE ? a.applyAsInt(row) : b.applyAsInt(row));
            }
            case STRING -> {
                IntFunction<String> a = asText(then);
                IntFunction<String> b = asText(otherwise);
                yield new Text(row -> test.applyAsInt(row) == Operand.TRUE ? a.apply(row) : b.apply(row));
            }
            case DATETIME -> {
                IntFunction<LocalDateTime> a = times(then);
                IntFunction<LocalDateTime> b = times(otherwise);
                yield new DateTime(row -> test.applyAsInt(row) == Operand.TRUE ? a.apply(row) : b.apply(row));
            }
            case NULL -> new AlwaysNull();
        };
    }

    /** Arguments that must share one type (null fits any; a string literal fits a date-time). */
    private List<Operand> unify(Syntax.Call call, List<Syntax> syntax, List<Operand> operands) {
        ValueType type = operands.stream().map(Operand::type).filter(t -> t != ValueType.NULL && t != ValueType.STRING).findFirst()
                .orElse(operands.stream().anyMatch(operand -> operand.type() == ValueType.STRING) ? ValueType.STRING : ValueType.NULL);
        var unified = new ArrayList<Operand>();
        for (int i = 0; i < operands.size(); i++) {
            Operand operand = operands.get(i);
            if (type == ValueType.DATETIME && operand.type() == ValueType.STRING) {
                operand = dateTimeLiteral(syntax.get(i), operand);
            }
            if (operand.type() != type && operand.type() != ValueType.NULL) {
                throw ExpressionException.at(call.function().id() + "() cannot mix " + type.id() + " and " + operand.type().id() + ",",
                        syntax.get(i).position());
            }
            unified.add(operand);
        }
        return unified;
    }

    private static Numeric datePart(Syntax.Call call, Operand operand) {
        IntFunction<LocalDateTime> time = times(operand);
        if (time == null) {
            throw ExpressionException.at(call.function().id() + "() needs a date-time, not " + operand.type().id() + ",",
                    call.arguments().get(0).position());
        }
        return switch (call.function()) {
            case YEAR -> new Numeric(row -> {
                LocalDateTime value = time.apply(row);
                return value == null ? Double.NaN : value.getYear();
            });
            case MONTH -> new Numeric(row -> {
                LocalDateTime value = time.apply(row);
                return value == null ? Double.NaN : value.getMonthValue();
            });
            default -> new Numeric(row -> {
                LocalDateTime value = time.apply(row);
                return value == null ? Double.NaN : value.getDayOfMonth();
            });
        };
    }

    /** A string literal where a date-time is wanted, read once; anything else is left for the caller to refuse. */
    private static Operand dateTimeLiteral(Syntax syntax, Operand operand) {
        if (!(syntax instanceof Syntax.Literal literal) || !(literal.value() instanceof String text)) {
            return operand;
        }
        LocalDateTime value;
        try {
            value = text.length() <= 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw ExpressionException.at("cannot read '" + text + "' as a date (yyyy-MM-dd) or date-time (yyyy-MM-dd HH:mm:ss),",
                    literal.position());
        }
        return new DateTime(row -> value);
    }

    private static IntToDoubleFunction number(Syntax.Call call, List<Operand> operands, int index) {
        IntToDoubleFunction x = numbers(operands.get(index));
        if (x == null) {
            throw ExpressionException.at(call.function().id() + "() needs a number, not " + operands.get(index).type().id() + ",",
                    call.arguments().get(index).position());
        }
        return x;
    }

    private static IntFunction<String> text(Syntax.Call call, List<Operand> operands, int index) {
        Operand operand = operands.get(index);
        if (operand instanceof Text text) {
            return text.at();
        }
        if (operand instanceof AlwaysNull) {
            return row -> null;
        }
        throw ExpressionException.at(call.function().id() + "() needs a string, not " + operand.type().id() + ",",
                call.arguments().get(index).position());
    }

    /** The operand as numbers, null typed as a number, or null if it is not one. */
    private static IntToDoubleFunction numbers(Operand operand) {
        if (operand instanceof Numeric number) {
            return number.at();
        }
        return operand instanceof AlwaysNull ? NO_NUMBER : null;
    }

    private static IntUnaryOperator logicals(Operand operand) {
        if (operand instanceof Logical logical) {
            return logical.at();
        }
        return operand instanceof AlwaysNull ? row -> Operand.UNKNOWN : null;
    }

    private static IntFunction<LocalDateTime> times(Operand operand) {
        if (operand instanceof DateTime time) {
            return time.at();
        }
        return operand instanceof AlwaysNull ? row -> null : null;
    }

    private static IntPredicate missing(Operand operand) {
        if (operand instanceof Numeric number) {
            return row -> Double.isNaN(number.at().applyAsDouble(row));
        }
        if (operand instanceof Logical logical) {
            return row -> logical.at().applyAsInt(row) == Operand.UNKNOWN;
        }
        if (operand instanceof Text text) {
            return row -> text.at().apply(row) == null;
        }
        if (operand instanceof DateTime time) {
            return row -> time.at().apply(row) == null;
        }
        return row -> true;
    }

    /** Division by zero, log(0), overflow: null rather than an infinity that no model can use. */
    private static double finite(double value) {
        return Double.isInfinite(value) ? Double.NaN : value;
    }
}
