package io.pipewright.data.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Recursive descent over the tokens, one method per precedence level, lowest first. */
final class Parser {
    private static final Map<String, Syntax.Operator> COMPARISONS = Map.of("=", Syntax.Operator.EQUAL, "==", Syntax.Operator.EQUAL,
            "!=", Syntax.Operator.NOT_EQUAL, "<>", Syntax.Operator.NOT_EQUAL, "<", Syntax.Operator.LESS, "<=", Syntax.Operator.LESS_OR_EQUAL,
            ">", Syntax.Operator.GREATER, ">=", Syntax.Operator.GREATER_OR_EQUAL);
    private static final List<String> KEYWORDS = List.of("and", "or", "not", "in", "is", "null", "true", "false");

    private final List<Token> tokens;
    private final Set<String> columns = new LinkedHashSet<>();
    private int next;

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
        Syntax left = and();
        while (peek().isKeyword("or") || peek().isSymbol("||")) {
            Token operator = advance();
            left = new Syntax.Binary(Syntax.Operator.OR, operator.text(), left, and(), operator.position());
        }
        return left;
    }

    private Syntax and() {
        Syntax left = not();
        while (peek().isKeyword("and") || peek().isSymbol("&&")) {
            Token operator = advance();
            left = new Syntax.Binary(Syntax.Operator.AND, operator.text(), left, not(), operator.position());
        }
        return left;
    }

    private Syntax not() {
        if (peek().isKeyword("not") || peek().isSymbol("!")) {
            Token operator = advance();
            return new Syntax.Unary(Syntax.Operator.NOT, operator.text(), not(), operator.position());
        }
        return comparison();
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
            expect("(");
            var items = new ArrayList<Syntax>();
            do {
                items.add(or());
            } while (accept(","));
            expect(")");
            return new Syntax.In(left, items, negated, token.position());
        }
        return left;
    }

    private Syntax additive() {
        Syntax left = multiplicative();
        while (peek().isSymbol("+") || peek().isSymbol("-")) {
            Token operator = advance();
            var kind = operator.text().equals("+") ? Syntax.Operator.ADD : Syntax.Operator.SUBTRACT;
            left = new Syntax.Binary(kind, operator.text(), left, multiplicative(), operator.position());
        }
        return left;
    }

    private Syntax multiplicative() {
        Syntax left = unary();
        while (peek().isSymbol("*") || peek().isSymbol("/") || peek().isSymbol("%")) {
            Token operator = advance();
            var kind = switch (operator.text()) {
                case "*" -> Syntax.Operator.MULTIPLY;
                case "/" -> Syntax.Operator.DIVIDE;
                default -> Syntax.Operator.REMAINDER;
            };
            left = new Syntax.Binary(kind, operator.text(), left, unary(), operator.position());
        }
        return left;
    }

    private Syntax unary() {
        if (peek().isSymbol("-")) {
            Token operator = advance();
            return new Syntax.Unary(Syntax.Operator.NEGATE, "-", unary(), operator.position());
        }
        if (peek().isSymbol("+")) {
            advance();
            return unary();
        }
        return primary();
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
                    Syntax inner = or();
                    expect(")");
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
        expect("(");
        var arguments = new ArrayList<Syntax>();
        if (!accept(")")) {
            do {
                arguments.add(or());
            } while (accept(","));
            expect(")");
        }
        if (!function.accepts(arguments.size())) {
            throw ExpressionException.at(function.id() + "() takes " + function.arity() + " argument" + (function.arity().equals("1") ? "" : "s")
                    + ", not " + arguments.size() + ",", name.position());
        }
        return new Syntax.Call(function, arguments, name.position());
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
