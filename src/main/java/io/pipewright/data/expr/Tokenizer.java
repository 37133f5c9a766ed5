package io.pipewright.data.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression's text into tokens, each with its 1-based position. */
final class Tokenizer {
    /** Two-character symbols first, so that {@code <=} is not read as {@code <} then {@code =}. */
    private static final List<String> SYMBOLS = List.of("==", "!=", "<>", "<=", ">=", "&&", "||",
            "+", "-", "*", "/", "%", "=", "<", ">", "!", "(", ")", ",");

    private final String text;
    private int at;

    private Tokenizer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        var tokenizer = new Tokenizer(text);
        var tokens = new ArrayList<Token>();
        Token token;
        do {
            token = tokenizer.next();
            tokens.add(token);
        } while (token.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        int start = at;
        if (at == text.length()) {
            return new Token(Token.Kind.END, "", null, start + 1);
        }
        char c = text.charAt(at);
        if (Character.isDigit(c) || c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1))) {
            return number(start);
        }
        if (c == '\'' || c == '"') {
            return quoted(start, c, Token.Kind.STRING, "string");
        }
        if (c == '`') {
            return quoted(start, c, Token.Kind.QUOTED_NAME, "column name");
        }
        if (c == '_' || isAsciiLetter(c)) {
            while (at < text.length() && (text.charAt(at) == '_' || isAsciiLetter(text.charAt(at)) || isAsciiDigit(text.charAt(at)))) {
                at++;
            }
            String word = text.substring(start, at);
            return new Token(Token.Kind.NAME, word, word, start + 1);
        }
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, at)) {
                at += symbol.length();
                return new Token(Token.Kind.SYMBOL, symbol, null, start + 1);
            }
        }
        throw ExpressionException.at("unexpected '" + new String(Character.toChars(text.codePointAt(at))) + "'", start + 1);
    }

    private Token number(int start) {
        while (at < text.length() && isAsciiDigit(text.charAt(at))) {
            at++;
        }
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            while (at < text.length() && isAsciiDigit(text.charAt(at))) {
                at++;
            }
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            int digits = at;
            while (at < text.length() && isAsciiDigit(text.charAt(at))) {
                at++;
            }
            if (digits == at) {
                throw ExpressionException.at("bad number '" + text.substring(start, at) + "': the exponent has no digits", start + 1);
            }
        }
        // 12abc is a mistake, not the number 12 followed by the column abc
        if (at < text.length() && (isAsciiLetter(text.charAt(at)) || text.charAt(at) == '_')) {
            while (at < text.length() && (text.charAt(at) == '_' || isAsciiLetter(text.charAt(at)) || isAsciiDigit(text.charAt(at)))) {
                at++;
            }
            throw ExpressionException.at("bad number '" + text.substring(start, at) + "'", start + 1);
        }
        String literal = text.substring(start, at);
        return new Token(Token.Kind.NUMBER, literal, Double.parseDouble(literal), start + 1);
    }

    /** A string or a backtick name; the quote character itself is written twice inside ('it''s'). */
    private Token quoted(int start, char quote, Token.Kind kind, String what) {
        var value = new StringBuilder();
        at++;
        while (true) {
            if (at == text.length()) {
                throw ExpressionException.at("unterminated " + what + " starting", start + 1);
            }
            char c = text.charAt(at++);
            if (c == quote) {
                if (at < text.length() && text.charAt(at) == quote) {
                    value.append(quote);
                    at++;
                } else {
                    break;
                }
            } else {
                value.append(c);
            }
        }
        if (kind == Token.Kind.QUOTED_NAME && value.isEmpty()) {
            throw ExpressionException.at("empty column name ``", start + 1);
        }
        return new Token(kind, text.substring(start, at), value.toString(), start + 1);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
