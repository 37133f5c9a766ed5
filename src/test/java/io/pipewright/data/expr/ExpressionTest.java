package io.pipewright.data.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

class ExpressionTest {
    /** Five people; row 2 is missing a value in every column. */
    private final Table people = Table.create("people",
            IntColumn.create("age", new int[] {17, 34, Integer.MIN_VALUE, 52, 18}),
            DoubleColumn.create("income", new double[] {0, 42_000.5, Double.NaN, 81_000, 12_000}),
            StringColumn.create("name", "Ann", "bob", "", "Cleo", "dan"),
            booleans("member", true, false, null, true, false),
            times("joined", "2019-12-31T23:59", "2020-01-01T00:00", null, "2021-03-04T10:30", "2020-06-15T08:00"),
            DoubleColumn.create("my column", new double[] {1, 2, 3, 4, 5}),
            DoubleColumn.create("and", new double[] {10, 20, 30, 40, 50}));

    private static BooleanColumn booleans(String name, Boolean... values) {
        var column = BooleanColumn.create(name);
        for (Boolean value : values) {
            if (value == null) {
                column.appendMissing();
            } else {
                column.append(value);
            }
        }
        return column;
    }

    private static DateTimeColumn times(String name, String... values) {
        var column = DateTimeColumn.create(name);
        for (String value : values) {
            if (value == null) {
                column.appendMissing();
            } else {
                column.append(LocalDateTime.parse(value));
            }
        }
        return column;
    }

    /** Each row's value, null where missing. */
    private List<Object> values(String expression) {
        Column<?> column = Expression.parse(expression).evaluate(people, "result");
        assertThat(column.size()).isEqualTo(people.rowCount());
        var values = new ArrayList<Object>();
        for (int row = 0; row < column.size(); row++) {
            values.add(column.isMissing(row) ? null : column.get(row));
        }
        return values;
    }

    private Object first(String expression) {
        return values(expression).get(0);
    }

    private List<String> kept(String condition) {
        Table rows = people.where(Expression.parse(condition).filter(people));
        return rows.stringColumn("name").asList();
    }

    private ExpressionException error(String expression) {
        return catchThrowableOfType(() -> Expression.parse(expression).check(people), ExpressionException.class);
    }

    @Test
    void arithmeticFollowsPrecedenceAndAssociativity() {
        assertThat(first("1 + 2 * 3")).isEqualTo(7.0);
        assertThat(first("(1 + 2) * 3")).isEqualTo(9.0);
        assertThat(first("2 - 3 - 4")).isEqualTo(-5.0);
        assertThat(first("8 / 2 / 2")).isEqualTo(2.0);
        assertThat(first("-2 * 3 + 10 % 4")).isEqualTo(-4.0);
        assertThat(first("- -2")).isEqualTo(2.0);
        assertThat(first("1e-3 * 1000 + 2.5 + .5 + 1E2")).isEqualTo(104.0);
        assertThat(values("age * 2 + income / 1000")).containsExactly(34.0, 110.0005, null, 185.0, 48.0);
    }

    @Test
    void nullPropagatesThroughArithmeticAndDivisionByZeroIsNull() {
        assertThat(values("age + 1").get(2)).isNull();
        assertThat(values("100 / income")).containsExactly(null, 100 / 42_000.5, null, 100 / 81_000.0, 100 / 12_000.0);
        assertThat(first("5 % 0")).isNull();
        assertThat(first("1 + null")).isNull();
        assertThat(first("log(0)")).isNull();
        assertThat(first("sqrt(-1)")).isNull();
    }

    @Test
    void comparisonsOfNumbersStringsBooleansAndDates() {
        assertThat(kept("age >= 18")).containsExactly("bob", "Cleo", "dan");
        assertThat(kept("age > 18")).containsExactly("bob", "Cleo");
        assertThat(kept("age < 18")).containsExactly("Ann");
        assertThat(kept("age <= 18")).containsExactly("Ann", "dan");
        assertThat(kept("age = 34")).containsExactly("bob");
        assertThat(kept("age == 34")).containsExactly("bob");
        assertThat(kept("age != 34")).containsExactly("Ann", "Cleo", "dan");
        assertThat(kept("age <> 34")).containsExactly("Ann", "Cleo", "dan");
        assertThat(kept("name = 'Cleo'")).containsExactly("Cleo");
        assertThat(kept("name > \"b\"")).containsExactly("bob", "dan"); // by code point: upper case sorts first
        assertThat(kept("member = true")).containsExactly("Ann", "Cleo");
        assertThat(kept("member")).containsExactly("Ann", "Cleo");
        assertThat(kept("income > age * 1000")).containsExactly("bob", "Cleo");
        assertThat(first("0 = -0")).isEqualTo(true);
    }

    @Test
    void andOrNotUseThreeValuedLogic() {
        assertThat(kept("age >= 18 and member")).containsExactly("Cleo");
        assertThat(kept("age < 18 or member")).containsExactly("Ann", "Cleo");
        assertThat(kept("not member")).containsExactly("bob", "dan");
        assertThat(kept("age >= 18 && !member || name = 'Ann'")).containsExactly("Ann", "bob", "dan");
        assertThat(kept("not (age > 18 or age < 18)")).containsExactly("dan");
        assertThat(kept("`my column` = 1 OR age > 50 AND NOT member IS NULL")).containsExactly("Ann", "Cleo");
        // row 2: null and false is false; null or true is true; null and true, not null: null
        assertThat(values("member and false").get(2)).isEqualTo(false);
        assertThat(values("member or true").get(2)).isEqualTo(true);
        assertThat(values("member and true").get(2)).isNull();
        assertThat(values("not member").get(2)).isNull();
    }

    @Test
    void inAndIsNull() {
        assertThat(kept("name in ('Ann', 'dan', 'zoe')")).containsExactly("Ann", "dan");
        assertThat(kept("age not in (17, 18)")).containsExactly("bob", "Cleo");
        assertThat(kept("age in (2 * 17, 50 + 2)")).containsExactly("bob", "Cleo");
        assertThat(Expression.parse("income is null or age is null").filter(people).toArray()).containsExactly(2);
        assertThat(values("name is not null")).containsExactly(true, true, false, true, true);
        assertThat(values("joined is null")).containsExactly(false, false, true, false, false);
        // as in SQL: a null item makes "not in" unknown for values not found
        assertThat(values("age in (17, null)")).containsExactly(true, null, null, null, null);
        assertThat(values("age not in (17, null)")).containsExactly(false, null, null, null, null);
    }

    @Test
    void numericFunctions() {
        assertThat(first("abs(-3)")).isEqualTo(3.0);
        assertThat(first("sqrt(16)")).isEqualTo(4.0);
        assertThat(first("log(exp(2))")).isEqualTo(2.0);
        assertThat(first("log10(1000)")).isEqualTo(3.0);
        assertThat(first("floor(-2.5)")).isEqualTo(-3.0);
        assertThat(first("ceil(2.1)")).isEqualTo(3.0);
        assertThat(first("round(2.5)")).isEqualTo(3.0);
        assertThat(first("round(-2.5)")).isEqualTo(-3.0);
        assertThat(first("round(1.005, 2)")).isEqualTo(1.01);
        assertThat(first("round(1234, -2)")).isEqualTo(1200.0);
        assertThat(first("pow(2, 10)")).isEqualTo(1024.0);
        assertThat(first("min(3, 1, 2)")).isEqualTo(1.0);
        assertThat(first("max(3, 1)")).isEqualTo(3.0);
        assertThat(first("SQRT(4)")).isEqualTo(2.0);
        assertThat(values("max(age, 20)")).containsExactly(20.0, 34.0, null, 52.0, 20.0);
    }

    @Test
    void stringFunctions() {
        assertThat(values("lower(name)")).containsExactly("ann", "bob", null, "cleo", "dan");
        assertThat(values("upper(name)")).containsExactly("ANN", "BOB", null, "CLEO", "DAN");
        assertThat(values("length(name)")).containsExactly(3.0, 3.0, null, 4.0, 3.0);
        assertThat(values("concat(name, ' (', age, ')')")).containsExactly("Ann (17)", "bob (34)", null, "Cleo (52)", "dan (18)");
        assertThat(first("concat(income / 4, '|', member, '|', joined)")).isEqualTo("0|true|2019-12-31T23:59");
        assertThat(first("concat('it''s', \" \"\"so\"\"\")")).isEqualTo("it's \"so\"");
    }

    @Test
    void coalesceAndIf() {
        assertThat(values("coalesce(income, age, -1)")).containsExactly(0.0, 42_000.5, -1.0, 81_000.0, 12_000.0);
        assertThat(values("coalesce(name, 'unknown')").get(2)).isEqualTo("unknown");
        assertThat(values("coalesce(joined, '2000-01-01')").get(2)).isEqualTo(LocalDateTime.parse("2000-01-01T00:00"));
        assertThat(values("if(age >= 18, 'adult', 'minor')")).containsExactly("minor", "adult", "minor", "adult", "adult");
        assertThat(values("if(member, income, null)")).containsExactly(0.0, null, null, 81_000.0, null);
        assertThat(values("if(age > 20, member, not member)")).containsExactly(false, false, null, true, true);
    }

    @Test
    void datesCompareWithDateLiteralsAndGiveTheirParts() {
        assertThat(kept("joined >= '2020-01-01'")).containsExactly("bob", "Cleo", "dan");
        assertThat(kept("'2020-06-15 08:00:00' = joined")).containsExactly("dan");
        assertThat(kept("joined in ('2020-01-01', '2021-03-04T10:30')")).containsExactly("bob", "Cleo");
        assertThat(values("year(joined)")).containsExactly(2019.0, 2020.0, null, 2021.0, 2020.0);
        assertThat(values("month(joined)")).containsExactly(12.0, 1.0, null, 3.0, 6.0);
        assertThat(values("day(joined)")).containsExactly(31.0, 1.0, null, 4.0, 15.0);
        Column<?> later = Expression.parse("if(member, joined, null)").evaluate(people, "later");
        assertThat(later).isInstanceOf(DateTimeColumn.class);
        assertThat(later.countMissing()).isEqualTo(3);

        var dated = Table.create("d", DateColumn.create("day", List.of(java.time.LocalDate.of(2024, 2, 29))));
        assertThat(Expression.parse("month(day) = 2 and day < '2024-03-01'").filter(dated).size()).isEqualTo(1);

        assertThat(error("joined > '2020-13-01'")).hasMessage(
                "cannot read '2020-13-01' as a date (yyyy-MM-dd) or date-time (yyyy-MM-dd HH:mm:ss), at position 10");
        assertThat(error("joined > name")).hasMessage("operator '>' cannot compare date-time and string at position 8");
    }

    @Test
    void backticksNameAnyColumn() {
        assertThat(values("`my column` * 2")).containsExactly(2.0, 4.0, 6.0, 8.0, 10.0);
        assertThat(values("`and` + `my column`")).containsExactly(11.0, 22.0, 33.0, 44.0, 55.0);
        var odd = Table.create("odd", DoubleColumn.create("a`b", new double[] {7}));
        assertThat(Expression.parse("`a``b` + 1").evaluate(odd, "x").get(0)).isEqualTo(8.0);
        assertThat(Expression.parse("`my column` > 1 and income < `and` * 1000 or age = 2 or `my column` = 3").columns())
                .containsExactly("my column", "income", "and", "age");
    }

    @Test
    void evaluateGivesAColumnOfTheExpressionsType() {
        Column<?> half = Expression.parse("age / 2").evaluate(people, "half");
        assertThat(half).isInstanceOf(DoubleColumn.class);
        assertThat(half.name()).isEqualTo("half");
        assertThat(Expression.parse("lower(name)").evaluate(people, "x")).isInstanceOf(StringColumn.class);
        assertThat(Expression.parse("age > 20").evaluate(people, "x")).isInstanceOf(BooleanColumn.class);
        assertThat(Expression.parse("joined").evaluate(people, "x")).isInstanceOf(DateTimeColumn.class);
        assertThat(Expression.parse("age > 20").check(people)).isEqualTo(ValueType.BOOLEAN);
        assertThat(Expression.parse("null").check(people)).isEqualTo(ValueType.NULL);
        assertThatThrownBy(() -> Expression.parse("null").evaluate(people, "x")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("always null");
        assertThat(Expression.parse("null").filter(people).size()).isZero();
    }

    @Test
    void parseErrorsPointAtTheTokenAndItsPosition() {
        assertThat(error("(age + 1)) > 2")).hasMessage("unexpected ')' at position 10").satisfies(e -> assertThat(e.position()).isEqualTo(10));
        assertThat(error("age >")).hasMessage("unexpected end of expression at position 6");
        assertThat(error("(age + 1")).hasMessage("expected ')' but found end of expression at position 9");
        assertThat(error("age 1")).hasMessage("unexpected '1' at position 5");
        assertThat(error("age > 'abc")).hasMessage("unterminated string starting at position 7");
        assertThat(error("`my column")).hasMessage("unterminated column name starting at position 1");
        assertThat(error("age $ 2")).hasMessage("unexpected '$' at position 5");
        assertThat(error("1e+ 2")).hasMessage("bad number '1e+': the exponent has no digits at position 1");
        assertThat(error("12abc")).hasMessage("bad number '12abc' at position 1");
        assertThat(error("age is 3")).hasMessage("expected 'null' but found '3' at position 8");
        assertThat(error("age in 1, 2")).hasMessage("expected '(' but found '1' at position 8");
        assertThat(error("age and")).hasMessage("unexpected end of expression at position 8");
        assertThat(error("and > 1")).hasMessage("unexpected 'and' at position 1");
        assertThat(error("1 < age < 3")).hasMessage("unexpected '<' at position 9");
        assertThat(error("round(1, 2, 3)")).hasMessage("round() takes 1 or 2 arguments, not 3, at position 1");
        assertThat(error("abs()")).hasMessage("abs() takes 1 argument, not 0, at position 1");
        assertThat(error("  ")).hasMessage("empty expression");
        assertThat(error("age > 'x' 'y'")).hasMessage("unexpected 'y' at position 11");
    }

    @Test
    void unknownFunctionsAndColumnsSuggestTheClosestName() {
        assertThat(error("sqroot(age)")).hasMessage("unknown function 'sqroot' at position 1 (did you mean 'sqrt'?)");
        assertThat(error("frobnicate(age)")).hasMessage("unknown function 'frobnicate' at position 1");
        assertThat(error("agee > 1")).hasMessage("unknown column 'agee' at position 1 (did you mean 'age'?)");
        assertThat(error("1 + `my colum`")).hasMessage("unknown column 'my colum' at position 5 (did you mean 'my column'?)");
        assertThat(error("Age > 1")).hasMessage("unknown column 'Age' at position 1 (did you mean 'age'?)");
        // the syntax alone is fine: only the table tells
        assertThat(Expression.parse("agee > 1").columns()).containsExactly("agee");
    }

    @Test
    void typeErrorsNameTheOperatorAndTheTypes() {
        assertThat(error("'a' * 2")).hasMessage("operator '*' cannot apply to string and number at position 5");
        assertThat(error("name + 1")).hasMessage("operator '+' cannot apply to string and number at position 6 (join text with concat(a, b))");
        assertThat(error("age and member")).hasMessage("operator 'and' needs booleans, not number and boolean at position 5");
        assertThat(error("member || 1")).hasMessage("operator '||' needs booleans, not boolean and number at position 8");
        assertThat(error("not age")).hasMessage("operator 'not' needs a boolean, not number at position 1");
        assertThat(error("-name")).hasMessage("operator '-' cannot apply to string at position 1");
        assertThat(error("age < 'x'")).hasMessage("operator '<' cannot compare number and string at position 5");
        assertThat(error("age in ('a')")).hasMessage("operator 'in' cannot compare number and string at position 9");
        assertThat(error("lower(age)")).hasMessage("lower() needs a string, not number, at position 7");
        assertThat(error("sqrt(name)")).hasMessage("sqrt() needs a number, not string, at position 6");
        assertThat(error("year(age)")).hasMessage("year() needs a date-time, not number, at position 6");
        assertThat(error("if(age, 1, 2)")).hasMessage("if() needs a boolean condition, not number, at position 4");
        assertThat(error("if(member, 1, 'x')")).hasMessage("if() cannot mix number and string, at position 15");
        assertThat(error("coalesce(age, name)")).hasMessage("coalesce() cannot mix number and string, at position 15");
        assertThatThrownBy(() -> Expression.parse("age + 1").filter(people)).isInstanceOf(ExpressionException.class)
                .hasMessage("a row condition must give true or false, not a number");
        var unreadable = Table.create("t", tech.tablesaw.api.TimeColumn.create("at"));
        assertThatThrownBy(() -> Expression.parse("at is null").check(unreadable)).isInstanceOf(ExpressionException.class)
                .hasMessage("column 'at' holds local_time values, which expressions cannot read, at position 1");
    }

    /** Runs the check on a thread with a small stack, as a worker of a busy machine may have: deep recursion fails there first. */
    private static void onSmallStack(Runnable check) throws InterruptedException {
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        var thread = new Thread(null, () -> {
            try {
                check.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small stack", 256 * 1024);
        thread.start();
        thread.join();
        assertThat(failure.get()).isNull();
    }

    @Test
    void longChainsOfOneOperatorEvaluateAsTheyParse() throws InterruptedException {
        // 2,500 terms: each chain is flat, so binding and evaluating it is a loop, not 2,500 nested calls
        onSmallStack(() -> assertThat(values(String.join(" + ", java.util.Collections.nCopies(2_500, "age"))))
                .containsExactly(17.0 * 2_500, 34.0 * 2_500, null, 52.0 * 2_500, 18.0 * 2_500));
        onSmallStack(() -> assertThat(kept("age > 20" + " and member".repeat(2_500) + " or age in (" + "1, ".repeat(5_000) + "52)"))
                .containsExactly("Cleo"));
        assertThat(first("100" + " - 1".repeat(2_499))).isEqualTo(100.0 - 2_499);
        assertThat(first("1" + " * 2 / 2".repeat(2_000))).isEqualTo(1.0);
        assertThat(kept("age > 20" + " and member".repeat(2_500))).containsExactly("Cleo");
        assertThat(kept("age < 0" + " or age > 50".repeat(2_500))).containsExactly("Cleo");
        var items = new StringBuilder("age in (");
        for (int i = 0; i < 5_000; i++) {
            items.append(i == 0 ? "" : ", ").append(i * 1_000 + 34);
        }
        assertThat(kept(items + ")")).containsExactly("bob");
        assertThat(first("+".repeat(5_000) + "3")).isEqualTo(3.0);
        // the chains keep their left-to-right reading and three-valued logic
        assertThat(first("2 - 3 - 4 - 5")).isEqualTo(-10.0);
        assertThat(first("64 / 2 / 2 / 2 % 5")).isEqualTo(3.0);
        assertThat(values("member and age > 20 and income > 50000")).containsExactly(false, false, null, true, false);
        assertThat(values("null or member or false")).containsExactly(true, null, null, true, null);
        assertThat(error("age + 1 + name")).hasMessage("operator '+' cannot apply to number and string at position 9 (join text with concat(a, b))");
        assertThat(error("member and member or 3")).hasMessage("operator 'or' needs booleans, not boolean and number at position 19");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedWithItsPosition() throws InterruptedException {
        int limit = Expression.MAX_NESTING;
        assertThat(limit).isEqualTo(200);
        // at the limit: parses, and binds and evaluates even on a small stack
        String deepest = "(".repeat(limit) + "age" + ")".repeat(limit);
        onSmallStack(() -> assertThat(values("abs(".repeat(limit / 2) + "-".repeat(limit / 2) + "age" + ")".repeat(limit / 2)))
                .containsExactly(17.0, 34.0, null, 52.0, 18.0));
        assertThat(values(deepest)).containsExactly(17.0, 34.0, null, 52.0, 18.0);
        String message = "nested more than 200 levels deep (parentheses, function calls, not and minus signs) at position ";
        assertThat(error("(".repeat(limit + 1) + "age" + ")".repeat(limit + 1))).hasMessage(message + (limit + 1))
                .satisfies(e -> assertThat(e.position()).isEqualTo(limit + 1));
        assertThat(error("(".repeat(5_000) + "age" + ")".repeat(5_000))).hasMessage(message + (limit + 1));
        assertThat(error("abs(".repeat(3_000) + "age" + ")".repeat(3_000))).hasMessage(message + (limit * 4 + 4));
        assertThat(error("not ".repeat(3_000) + "member")).hasMessage(message + (limit * 4 + 1));
        assertThat(error("-".repeat(3_000) + "age")).hasMessage(message + (limit + 1));
        assertThat(error("age in (".repeat(300) + "1" + ")".repeat(300))).hasMessage(message + (limit * 8 + 8));
        // a rule's negation (how a suite counts failing rows) adds a level without parsing again
        assertThat(Expression.parse(deepest.replace("age", "member")).negated().filter(people).size()).isEqualTo(2);
    }

    @Test
    void aCheckedExpressionEvaluatesManyRowsFromTypedColumns() {
        int rows = 100_000;
        var x = new double[rows];
        var labels = new String[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = i % 7 == 0 ? Double.NaN : i;
            labels[i] = i % 2 == 0 ? "even" : "odd";
        }
        var big = Table.create("big", DoubleColumn.create("x", x), StringColumn.create("label", labels));
        var condition = Expression.parse("x * 2 + 1 > 100 and label in ('even') and sqrt(x) < 200");
        int[] kept = condition.filter(big).toArray();
        long expected = java.util.stream.IntStream.range(0, rows)
                .filter(i -> i % 7 != 0 && i * 2 + 1 > 100 && i % 2 == 0 && Math.sqrt(i) < 200).count();
        assertThat(kept).hasSize((int) expected);
        assertThat(Arrays.stream(kept).allMatch(i -> i % 2 == 0)).isTrue();
    }
}
