package io.pipewright.data.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive descent over the tokens, one method per precedence level, lowest first. Chains of one
 * level ({@code a + b + c}, {@code not not x}) are read in loops; only nesting recurses, and it is bounded.
 */
final class Parser {
    private static final Map<String, Syntax.Operator> COMPARISONS = Map.of("=", Syntax.Operator.EQUAL, "==", Syntax.Operator.EQUAL,
            "!=", Syntax.Operator.NOT_EQUAL, "<>", Syntax.Operator.NOT_EQUAL, "<", Syntax.Operator.LESS, "<=", Syntax.Operator.LESS_OR_EQUAL,
            ">", Syntax.Operator.GREATER, ">=", Syntax.Operator.GREATER_OR_EQUAL);
    private static final List<String> KEYWORDS = List.of("and", "or", "not", "in", "is", "null", "true", "false");

    private final List<Token> tokens;
    private final Set<String> columns = new LinkedHashSet<>();
    private int next;
    private int depth;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    record Result(Syntax syntax, List<String> columns) {
    }

    static Result parse(String text) {
        var parser = new Parser(Tokenizer.tokens(text));
        if (parser.peek().kind() == Token.Kind.END) {
            throw new ExpressionException("empty expression", 0);
        }
        Syntax syntax = parser.or();
        if (parser.peek().kind() != Token.Kind.END) {
            throw parser.unexpected(parser.peek());
        }
        return new Result(syntax, List.copyOf(parser.columns));
    }

    private Syntax or() {
        return chain(this::and, Syntax.Operator.OR, "or", "||");
    }

    private Syntax and() {
        return chain(this::not, Syntax.Operator.AND, "and", "&&");
    }

    /** Operands joined by one operator (its keyword or its symbol), read in a loop: a long chain adds no depth. */
    private Syntax chain(java.util.function.Supplier<Syntax> operand, Syntax.Operator operator, String keyword, String symbol) {
        Syntax first = operand.get();
        var rest = new ArrayList<Syntax.Link>();
        while (peek().isKeyword(keyword) || peek().isSymbol(symbol)) {
            Token token = advance();
            rest.add(new Syntax.Link(operator, token.text(), operand.get(), token.position()));
        }
        return rest.isEmpty() ? first : new Syntax.Chain(first, rest);
    }

    /** {@code not not x}: the operators are counted in a loop, each a level of nesting. */
    private Syntax not() {
        var operators = new ArrayList<Token>();
        while (peek().isKeyword("not") || peek().isSymbol("!")) {
            Token operator = advance();
            enter(operator);
            operators.add(operator);
        }
        Syntax syntax = comparison();
        for (int i = operators.size() - 1; i >= 0; i--) {
            Token operator = operators.get(i);
            syntax = new Syntax.Unary(Syntax.Operator.NOT, operator.text(), syntax, operator.position());
        }
        depth -= operators.size();
        return syntax;
    }

    /** One comparison at most: {@code a < b < c} is refused rather than read as {@code (a < b) < c}. */
    private Syntax comparison() {
        Syntax left = additive();
        Token token = peek();
        if (token.kind() == Token.Kind.SYMBOL && COMPARISONS.containsKey(token.text())) {
            advance();
            return new Syntax.Binary(COMPARISONS.get(token.text()), token.text(), left, additive(), token.position());
        }
        if (token.isKeyword("is")) {
            advance();
            boolean negated = peek().isKeyword("not");
            if (negated) {
                advance();
            }
            if (!peek().isKeyword("null")) {
                throw expected("null", peek());
            }
            advance();
            return new Syntax.IsNull(left, negated, token.position());
        }
        boolean negated = token.isKeyword("not") && tokens.get(next + 1).isKeyword("in");
        if (negated || token.isKeyword("in")) {
            advance();
            if (negated) {
                advance();
            }
            enter(peek());
            expect("(");
            var items = new ArrayList<Syntax>();
            do {
                items.add(or());
            } while (accept(","));
            expect(")");
            depth--;
            return new Syntax.In(left, items, negated, token.position());
        }
        return left;
    }

    private Syntax additive() {
        Syntax first = multiplicative();
        var rest = new ArrayList<Syntax.Link>();
        while (peek().isSymbol("+") || peek().isSymbol("-")) {
            Token operator = advance();
            var kind = operator.text().equals("+") ? Syntax.Operator.ADD : Syntax.Operator.SUBTRACT;
            rest.add(new Syntax.Link(kind, operator.text(), multiplicative(), operator.position()));
        }
        return rest.isEmpty() ? first : new Syntax.Chain(first, rest);
    }

    private Syntax multiplicative() {
        Syntax first = unary();
        var rest = new ArrayList<Syntax.Link>();
        while (peek().isSymbol("*") || peek().isSymbol("/") || peek().isSymbol("%")) {
            Token operator = advance();
            var kind = switch (operator.text()) {
                case "*" -> Syntax.Operator.MULTIPLY;
                case "/" -> Syntax.Operator.DIVIDE;
                default -> Syntax.Operator.REMAINDER;
            };
            rest.add(new Syntax.Link(kind, operator.text(), unary(), operator.position()));
        }
        return rest.isEmpty() ? first : new Syntax.Chain(first, rest);
    }

    /** Signs are read in a loop; each minus is a level of nesting, a plus changes nothing. */
    private Syntax unary() {
        var minuses = new ArrayList<Token>();
        while (peek().isSymbol("-") || peek().isSymbol("+")) {
            Token operator = advance();
            if (operator.isSymbol("-")) {
                enter(operator);
                minuses.add(operator);
            }
        }
        Syntax syntax = primary();
        for (int i = minuses.size() - 1; i >= 0; i--) {
            syntax = new Syntax.Unary(Syntax.Operator.NEGATE, "-", syntax, minuses.get(i).position());
        }
        depth -= minuses.size();
        return syntax;
    }

    private Syntax primary() {
        Token token = advance();
        switch (token.kind()) {
            case NUMBER, STRING -> {
                return new Syntax.Literal(token.value(), token.position());
            }
            case QUOTED_NAME -> {
                return column(token);
            }
            case NAME -> {
                if (peek().isSymbol("(")) {
                    return call(token);
                }
                if (token.isKeyword("null")) {
                    return new Syntax.Literal(null, token.position());
                }
                if (token.isKeyword("true") || token.isKeyword("false")) {
                    return new Syntax.Literal(token.isKeyword("true"), token.position());
                }
                if (KEYWORDS.stream().anyMatch(token::isKeyword)) {
                    throw unexpected(token);
                }
                return column(token);
            }
            default -> {
                if (token.isSymbol("(")) {
                    enter(token);
                    Syntax inner = or();
                    expect(")");
                    depth--;
                    return inner;
                }
                throw unexpected(token);
            }
        }
    }

    private Syntax column(Token token) {
        String name = (String) token.value();
        columns.add(name);
        return new Syntax.ColumnReference(name, token.position());
    }

    private Syntax call(Token name) {
        Function function = Function.find(name.text()).orElseThrow(() -> ExpressionException.at(
                "unknown function '" + name.text() + "'", name.position(), io.pipewright.work.Suggestions.didYouMean(name.text(), Function.names())));
        enter(peek());
        expect("(");
        var arguments = new ArrayList<Syntax>();
        if (!accept(")")) {
            do {
                arguments.add(or());
            } while (accept(","));
            expect(")");
        }
        depth--;
        if (!function.accepts(arguments.size())) {
            throw ExpressionException.at(function.id() + "() takes " + function.arity() + " argument" + (function.arity().equals("1") ? "" : "s")
                    + ", not " + arguments.size() + ",", name.position());
        }
        return new Syntax.Call(function, arguments, name.position());
    }

    /**
     * One level deeper: a parenthesis, a function's or {@code in}'s list, a {@code not} or a minus. The
     * parser, the binder and evaluation each recurse once per level, so the limit keeps them all
     * within any thread's stack, and a file that validates also runs.
     */
    private void enter(Token opening) {
        if (++depth > Expression.MAX_NESTING) {
            throw ExpressionException.at("nested more than " + Expression.MAX_NESTING
                    + " levels deep (parentheses, function calls, not and minus signs)", opening.position());
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token advance() {
        Token token = tokens.get(next);
        if (token.kind() != Token.Kind.END) {
            next++;
        }
        return token;
    }

    private boolean accept(String symbol) {
        if (peek().isSymbol(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw expected(symbol, peek());
        }
    }

    private ExpressionException unexpected(Token token) {
        return ExpressionException.at("unexpected " + token.shown(), token.position());
    }

    private static ExpressionException expected(String what, Token found) {
        return ExpressionException.at("expected '" + what + "' but found " + found.shown(), found.position());
    }
}
