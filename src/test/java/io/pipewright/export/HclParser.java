package io.pipewright.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A strict parser of HCL 2's native syntax (Terraform's {@code .tf} and {@code .tfvars} files), after
 * HashiCorp's specification: bodies of attributes and blocks; expressions with operators, conditionals,
 * function calls, indexes, splats, tuples, objects and for-expressions; quoted and heredoc templates with
 * interpolations and directives; comments. Anything else is an {@link HclException} naming the file,
 * line and column. The tree keeps the structure (blocks, labels, attributes) and every {@code var.NAME}
 * read, which is what {@link TerraformFilesTest} asks of it. It checks the bundle's Terraform files in
 * the test suite, where no {@code terraform} binary can be counted on: they are fixed templates, and the
 * example variables are written from checked options, so an export has nothing left to parse.
 */
final class HclParser {

    /** A syntax error: "main.tf:12:5: expected '=' or a block after 'resource', found '}'". */
    public static final class HclException extends IllegalArgumentException {
        HclException(String message) {
            super(message);
        }
    }

    public record Attribute(String name, int line) {
    }

    public record Block(String type, List<String> labels, Body body, int line) {
    }

    public record Body(List<Attribute> attributes, List<Block> blocks) {
        public List<Block> blocks(String type) {
            return blocks.stream().filter(block -> block.type().equals(type)).toList();
        }

        public boolean has(String attribute) {
            return attributes.stream().anyMatch(a -> a.name().equals(attribute));
        }
    }

    /** A parsed file: its body and the input variables its expressions read. */
    public record File(String name, Body body, Set<String> variablesRead) {
    }

    private enum Kind { IDENT, NUMBER, OPEN_QUOTE, CLOSE_QUOTE, STRING_PART, INTERP_OPEN, DIRECTIVE_OPEN, TEMPLATE_CLOSE, HEREDOC_OPEN, HEREDOC_CLOSE,
        PUNCT, NEWLINE, EOF }

    private record Token(Kind kind, String text, int line, int column) {
    }

    private final String file;
    private final List<Token> tokens;
    private int position;
    private final Deque<Boolean> newlinesIgnored = new ArrayDeque<>();
    private final Set<String> variables = new LinkedHashSet<>();

    private HclParser(String file, List<Token> tokens) {
        this.file = file;
        this.tokens = tokens;
        newlinesIgnored.push(false);
    }

    public static File parse(String fileName, String text) {
        var parser = new HclParser(fileName, new Lexer(fileName, text).tokens());
        Body body = parser.body(true);
        return new File(fileName, body, parser.variables);
    }

    // ---- parser ----

    /** The next token (past new lines where they are ignored), without taking it. */
    private Token peek() {
        return tokens.get(ahead());
    }

    private int ahead() {
        int index = position;
        if (newlinesIgnored.peek()) {
            while (tokens.get(index).kind() == Kind.NEWLINE) {
                index++;
            }
        }
        return index;
    }

    private Token next() {
        position = ahead();
        return tokens.get(position++);
    }

    private boolean at(String punct) {
        Token token = peek();
        return token.kind() == Kind.PUNCT && token.text().equals(punct);
    }

    private boolean atWord(String word) {
        Token token = peek();
        return token.kind() == Kind.IDENT && token.text().equals(word);
    }

    private Token expect(String punct, String context) {
        Token token = next();
        if (token.kind() != Kind.PUNCT || !token.text().equals(punct)) {
            throw error(token, "expected '" + punct + "' " + context + ", found " + describe(token));
        }
        return token;
    }

    private HclException error(Token token, String message) {
        return new HclException(file + ":" + token.line() + ":" + token.column() + ": " + message);
    }

    private static String describe(Token token) {
        return switch (token.kind()) {
            case NEWLINE -> "the end of the line";
            case EOF -> "the end of the file";
            case OPEN_QUOTE -> "a string";
            default -> "'" + token.text() + "'";
        };
    }

    private Body body(boolean top) {
        var attributes = new ArrayList<Attribute>();
        var blocks = new ArrayList<Block>();
        var names = new HashSet<String>();
        while (true) {
            Token token = peek();
            if (token.kind() == Kind.NEWLINE) {
                next();
                continue;
            }
            if (token.kind() == Kind.EOF) {
                if (!top) {
                    throw error(token, "a block opened here is never closed");
                }
                return new Body(attributes, blocks);
            }
            if (!top && at("}")) {
                return new Body(attributes, blocks);
            }
            if (token.kind() != Kind.IDENT) {
                throw error(token, "expected an attribute or a block, found " + describe(token));
            }
            next();
            if (at("=")) {
                next();
                if (!names.add(token.text())) {
                    throw error(token, "attribute '" + token.text() + "' is set twice in this block");
                }
                expression();
                endOfLine(token.text());
                attributes.add(new Attribute(token.text(), token.line()));
            } else {
                blocks.add(block(token));
            }
        }
    }

    private Block block(Token type) {
        var labels = new ArrayList<String>();
        while (!at("{")) {
            Token label = peek();
            if (label.kind() == Kind.IDENT) {
                next();
                labels.add(label.text());
            } else if (label.kind() == Kind.OPEN_QUOTE) {
                labels.add(plainString());
            } else {
                throw error(label, "expected '=' or a block after '" + type.text() + "', found " + describe(label));
            }
        }
        next();
        Body body;
        if (peek().kind() == Kind.NEWLINE) {
            body = body(false);
        } else if (at("}")) {
            body = new Body(List.of(), List.of()); // an empty one-line block
        } else {
            // a one-line block holds at most one attribute
            Token name = next();
            if (name.kind() != Kind.IDENT) {
                throw error(name, "expected an attribute in the one-line block '" + type.text() + "', found " + describe(name));
            }
            expect("=", "after '" + name.text() + "'");
            expression();
            body = new Body(List.of(new Attribute(name.text(), name.line())), List.of());
        }
        expect("}", "to close the block '" + type.text() + "' of line " + type.line());
        endOfLine(type.text());
        return new Block(type.text(), labels, body, type.line());
    }

    private void endOfLine(String after) {
        Token token = peek();
        if (token.kind() != Kind.NEWLINE && token.kind() != Kind.EOF) {
            throw error(token, "expected the end of the line after '" + after + "', found " + describe(token));
        }
    }

    /** A quoted string without interpolation (block labels). */
    private String plainString() {
        next(); // the opening quote
        var text = new StringBuilder();
        while (peek().kind() == Kind.STRING_PART) {
            text.append(next().text());
        }
        Token close = next();
        if (close.kind() != Kind.CLOSE_QUOTE) {
            throw error(close, "a block label cannot hold an interpolation");
        }
        return text.toString();
    }

    private void expression() {
        binary(0);
        if (at("?")) {
            next();
            expression();
            expect(":", "in the conditional (condition ? true : false)");
            expression();
        }
    }

    private static final List<Set<String>> LEVELS = List.of(Set.of("||"), Set.of("&&"), Set.of("==", "!="), Set.of("<", ">", "<=", ">="),
            Set.of("+", "-"), Set.of("*", "/", "%"));

    private void binary(int level) {
        if (level == LEVELS.size()) {
            unary();
            return;
        }
        binary(level + 1);
        while (peek().kind() == Kind.PUNCT && LEVELS.get(level).contains(peek().text())) {
            next();
            binary(level + 1);
        }
    }

    private void unary() {
        if (at("!") || at("-")) {
            next();
            unary();
            return;
        }
        term();
    }

    private void term() {
        Token token = next();
        switch (token.kind()) {
            case NUMBER -> { }
            case OPEN_QUOTE -> template(Kind.CLOSE_QUOTE);
            case HEREDOC_OPEN -> template(Kind.HEREDOC_CLOSE);
            case IDENT -> {
                if (at("(")) {
                    call();
                } else if (at("::")) {
                    // a provider-defined function: provider::NAME::FUNCTION(...)
                    while (at("::")) {
                        next();
                        Token part = next();
                        if (part.kind() != Kind.IDENT) {
                            throw error(part, "expected a name after '::', found " + describe(part));
                        }
                    }
                    if (!at("(")) {
                        throw error(peek(), "expected '(' after a provider function's name");
                    }
                    call();
                } else if (token.text().equals("var") && at(".")) {
                    Token name = tokens.get(ahead() + 1);
                    if (name.kind() != Kind.IDENT) {
                        throw error(name, "expected a variable's name after 'var.'");
                    }
                    variables.add(name.text());
                }
            }
            case PUNCT -> {
                switch (token.text()) {
                    case "(" -> {
                        newlinesIgnored.push(true);
                        expression();
                        expect(")", "to close the parenthesis of line " + token.line());
                        newlinesIgnored.pop();
                    }
                    case "[" -> tuple(token);
                    case "{" -> object(token);
                    default -> throw error(token, "expected an expression, found " + describe(token));
                }
            }
            default -> throw error(token, "expected an expression, found " + describe(token));
        }
        postfix();
    }

    private void postfix() {
        while (true) {
            if (at("[")) {
                Token open = next();
                newlinesIgnored.push(true);
                if (at("*")) {
                    next();
                } else {
                    expression();
                }
                expect("]", "to close the index of line " + open.line());
                newlinesIgnored.pop();
            } else if (at(".")) {
                next();
                Token name = next();
                if (name.kind() == Kind.PUNCT && name.text().equals("*")) {
                    continue; // attribute splat
                }
                if (name.kind() != Kind.IDENT && name.kind() != Kind.NUMBER) {
                    throw error(name, "expected an attribute name after '.', found " + describe(name));
                }
            } else {
                return;
            }
        }
    }

    private void call() {
        Token open = next();
        newlinesIgnored.push(true);
        if (!at(")")) {
            while (true) {
                expression();
                if (at("...")) {
                    next();
                    break;
                }
                if (!at(",")) {
                    break;
                }
                next();
                if (at(")")) {
                    break;
                }
            }
        }
        expect(")", "to close the call of line " + open.line());
        newlinesIgnored.pop();
    }

    private void tuple(Token open) {
        newlinesIgnored.push(true);
        if (atWord("for")) {
            forExpression(open, false);
            expect("]", "to close the for expression of line " + open.line());
        } else {
            while (!at("]")) {
                expression();
                if (at(",")) {
                    next();
                } else if (!at("]")) {
                    throw error(peek(), "expected ',' or ']' in the list of line " + open.line() + ", found " + describe(peek()));
                }
            }
            next();
        }
        newlinesIgnored.pop();
    }

    private void object(Token open) {
        newlinesIgnored.push(true);
        if (atWord("for")) {
            forExpression(open, true);
            expect("}", "to close the for expression of line " + open.line());
            newlinesIgnored.pop();
            return;
        }
        newlinesIgnored.pop();
        newlinesIgnored.push(false); // in an object, a new line separates items
        while (true) {
            while (peek().kind() == Kind.NEWLINE) {
                next();
            }
            if (at("}")) {
                next();
                break;
            }
            expression(); // the key: a name, a string or a parenthesised expression
            Token separator = next();
            if (separator.kind() != Kind.PUNCT || !(separator.text().equals("=") || separator.text().equals(":"))) {
                throw error(separator, "expected '=' or ':' after an object key, found " + describe(separator));
            }
            expression();
            Token after = peek();
            if (after.kind() == Kind.PUNCT && after.text().equals(",")) {
                next();
            } else if (after.kind() != Kind.NEWLINE && !(after.kind() == Kind.PUNCT && after.text().equals("}"))) {
                throw error(after, "expected ',', a new line or '}' in the object of line " + open.line() + ", found " + describe(after));
            }
        }
        newlinesIgnored.pop();
    }

    private void forExpression(Token open, boolean object) {
        next(); // for
        identifier("after 'for'");
        if (at(",")) {
            next();
            identifier("after ',' in the for expression");
        }
        if (!atWord("in")) {
            throw error(peek(), "expected 'in' in the for expression of line " + open.line() + ", found " + describe(peek()));
        }
        next();
        expression();
        expect(":", "in the for expression of line " + open.line());
        expression();
        if (object) {
            expect("=>", "in the object for expression of line " + open.line());
            expression();
            if (at("...")) {
                next();
            }
        }
        if (atWord("if")) {
            next();
            expression();
        }
    }

    private void identifier(String context) {
        Token token = next();
        if (token.kind() != Kind.IDENT) {
            throw error(token, "expected a name " + context + ", found " + describe(token));
        }
    }

    /** The parts of a template up to its end; interpolations are expressions, directives if/else/endif and for/endfor. */
    private void template(Kind end) {
        newlinesIgnored.push(false);
        var open = new ArrayDeque<String>();
        while (true) {
            Token token = tokens.get(position++);
            if (token.kind() == end) {
                break;
            }
            switch (token.kind()) {
                case STRING_PART -> { }
                case INTERP_OPEN -> {
                    newlinesIgnored.push(true);
                    expression();
                    closeTemplateSequence(token);
                    newlinesIgnored.pop();
                }
                case DIRECTIVE_OPEN -> {
                    newlinesIgnored.push(true);
                    Token word = next();
                    switch (word.text()) {
                        case "if" -> {
                            expression();
                            open.push("if");
                        }
                        case "for" -> {
                            position--;
                            forHead(word);
                            open.push("for");
                        }
                        case "else" -> {
                            if (!"if".equals(open.peek())) {
                                throw error(word, "%{else} without %{if}");
                            }
                        }
                        case "endif", "endfor" -> {
                            String expected = word.text().substring(3);
                            if (!expected.equals(open.peek())) {
                                throw error(word, "%{" + word.text() + "} without %{" + expected + "}");
                            }
                            open.pop();
                        }
                        default -> throw error(word, "unknown template directive '" + word.text() + "'");
                    }
                    closeTemplateSequence(token);
                    newlinesIgnored.pop();
                }
                default -> throw error(token, "a string opened here is never closed");
            }
        }
        if (!open.isEmpty()) {
            throw error(tokens.get(position - 1), "%{" + open.peek() + "} is never closed with %{end" + open.peek() + "}");
        }
        newlinesIgnored.pop();
    }

    private void forHead(Token word) {
        next();
        identifier("after 'for'");
        if (at(",")) {
            next();
            identifier("after ','");
        }
        if (!atWord("in")) {
            throw error(peek(), "expected 'in' in the template's for directive");
        }
        next();
        expression();
    }

    private void closeTemplateSequence(Token open) {
        if (at("~")) {
            next();
        }
        Token close = next();
        if (close.kind() != Kind.TEMPLATE_CLOSE) {
            throw error(close, "expected '}' to close the interpolation of line " + open.line() + ", found " + describe(close));
        }
    }

    // ---- lexer ----

    private static final class Lexer {
        private static final List<String> PUNCTUATION = List.of("...", "=>", "==", "!=", "<=", ">=", "&&", "||", "::", "{", "}", "[", "]", "(", ")",
                ",", ".", "=", ":", "?", "!", "+", "-", "*", "/", "%", "<", ">", "~");

        private final String file;
        private final String text;
        private int index;
        private int line = 1;
        private int lineStart;
        private final List<Token> tokens = new ArrayList<>();
        /** For each open interpolation, the depth of braces inside it. */
        private final Deque<int[]> interpolations = new ArrayDeque<>();

        Lexer(String file, String text) {
            this.file = file;
            this.text = text.replace("\r\n", "\n");
        }

        List<Token> tokens() {
            expressionMode(false);
            add(Kind.NEWLINE, "");
            add(Kind.EOF, "");
            return tokens;
        }

        private HclException error(String message) {
            return new HclException(file + ":" + line + ":" + (index - lineStart + 1) + ": " + message);
        }

        private void add(Kind kind, String value) {
            tokens.add(new Token(kind, value, line, index - lineStart + 1));
        }

        /** Lexes until the end (top level) or the '}' that closes an interpolation. */
        private void expressionMode(boolean inTemplate) {
            while (index < text.length()) {
                char c = text.charAt(index);
                if (c == '\n') {
                    add(Kind.NEWLINE, "\n");
                    index++;
                    line++;
                    lineStart = index;
                } else if (c == ' ' || c == '\t') {
                    index++;
                } else if (c == '#' || text.startsWith("//", index)) {
                    while (index < text.length() && text.charAt(index) != '\n') {
                        index++;
                    }
                } else if (text.startsWith("/*", index)) {
                    int end = text.indexOf("*/", index + 2);
                    if (end < 0) {
                        throw error("a comment opened here is never closed");
                    }
                    for (int i = index; i < end; i++) {
                        if (text.charAt(i) == '\n') {
                            line++;
                            lineStart = i + 1;
                        }
                    }
                    index = end + 2;
                } else if (Character.isLetter(c) || c == '_') {
                    int start = index;
                    while (index < text.length() && (Character.isLetterOrDigit(text.charAt(index)) || text.charAt(index) == '_' || text.charAt(index) == '-')) {
                        index++;
                    }
                    tokens.add(new Token(Kind.IDENT, text.substring(start, index), line, start - lineStart + 1));
                } else if (Character.isDigit(c)) {
                    int start = index;
                    while (index < text.length() && Character.isDigit(text.charAt(index))) {
                        index++;
                    }
                    if (index + 1 < text.length() && text.charAt(index) == '.' && Character.isDigit(text.charAt(index + 1))) {
                        index++;
                        while (index < text.length() && Character.isDigit(text.charAt(index))) {
                            index++;
                        }
                    }
                    if (index < text.length() && (text.charAt(index) == 'e' || text.charAt(index) == 'E')) {
                        index++;
                        if (index < text.length() && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
                            index++;
                        }
                        if (index >= text.length() || !Character.isDigit(text.charAt(index))) {
                            throw error("a number's exponent has no digits");
                        }
                        while (index < text.length() && Character.isDigit(text.charAt(index))) {
                            index++;
                        }
                    }
                    tokens.add(new Token(Kind.NUMBER, text.substring(start, index), line, start - lineStart + 1));
                } else if (c == '"') {
                    add(Kind.OPEN_QUOTE, "\"");
                    index++;
                    templateMode(false, null);
                } else if (text.startsWith("<<", index) && index + 2 < text.length()
                        && (Character.isLetter(text.charAt(index + 2)) || text.charAt(index + 2) == '-')) {
                    heredoc();
                } else if (inTemplate && c == '}' && interpolations.peek()[0] == 0) {
                    add(Kind.TEMPLATE_CLOSE, "}");
                    index++;
                    return;
                } else {
                    String punct = PUNCTUATION.stream().filter(p -> text.startsWith(p, index)).findFirst()
                            .orElseThrow(() -> error("unexpected character '" + c + "'"));
                    if (inTemplate && punct.equals("{")) {
                        interpolations.peek()[0]++;
                    } else if (inTemplate && punct.equals("}")) {
                        interpolations.peek()[0]--;
                    }
                    add(Kind.PUNCT, punct);
                    index += punct.length();
                }
            }
            if (inTemplate) {
                throw error("an interpolation '${' is never closed");
            }
        }

        /** Lexes template text up to its closing quote (quoted) or to the heredoc's end marker. */
        private void templateMode(boolean heredoc, String marker) {
            var part = new StringBuilder();
            while (true) {
                if (index >= text.length()) {
                    throw error(heredoc ? "the heredoc is never closed with " + marker : "a string opened here is never closed");
                }
                char c = text.charAt(index);
                if (!heredoc && c == '"') {
                    flush(part);
                    add(Kind.CLOSE_QUOTE, "\"");
                    index++;
                    return;
                }
                if (!heredoc && c == '\n') {
                    throw error("a quoted string cannot span lines (use a heredoc)");
                }
                if (heredoc && index == lineStart) {
                    int end = index;
                    while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
                        end++;
                    }
                    if (text.startsWith(marker, end) && (end + marker.length() == text.length() || text.charAt(end + marker.length()) == '\n')) {
                        flush(part);
                        index = end + marker.length();
                        add(Kind.HEREDOC_CLOSE, marker);
                        return;
                    }
                }
                if (heredoc && c == '\n') {
                    part.append(c);
                    index++;
                    line++;
                    lineStart = index;
                    continue;
                }
                if (!heredoc && c == '\\') {
                    if (index + 1 >= text.length()) {
                        throw error("a string ends with a lone '\\'");
                    }
                    char escaped = text.charAt(index + 1);
                    switch (escaped) {
                        case 'n', 'r', 't', '"', '\\' -> index += 2;
                        case 'u' -> hex(4);
                        case 'U' -> hex(8);
                        default -> throw error("'\\" + escaped + "' is not an escape HCL knows (\\n \\r \\t \\\" \\\\ \\uNNNN)");
                    }
                    part.append(escaped);
                    continue;
                }
                if (text.startsWith("$${", index) || text.startsWith("%%{", index)) {
                    part.append(text, index + 1, index + 3);
                    index += 3;
                    continue;
                }
                if (text.startsWith("${", index) || text.startsWith("%{", index)) {
                    flush(part);
                    add(c == '$' ? Kind.INTERP_OPEN : Kind.DIRECTIVE_OPEN, text.substring(index, index + 2));
                    index += 2;
                    if (index < text.length() && text.charAt(index) == '~') {
                        index++;
                    }
                    interpolations.push(new int[1]);
                    expressionMode(true);
                    interpolations.pop();
                    continue;
                }
                part.append(c);
                index++;
            }
        }

        private void hex(int digits) {
            int start = index + 2;
            if (start + digits > text.length() || !text.substring(start, start + digits).matches("[0-9A-Fa-f]+")) {
                throw error("'\\" + text.charAt(index + 1) + "' needs " + digits + " hexadecimal digits");
            }
            index = start + digits;
        }

        private void flush(StringBuilder part) {
            if (!part.isEmpty()) {
                add(Kind.STRING_PART, part.toString());
                part.setLength(0);
            }
        }

        private void heredoc() {
            int start = index;
            index += 2;
            if (text.charAt(index) == '-') {
                index++;
            }
            int nameStart = index;
            while (index < text.length() && (Character.isLetterOrDigit(text.charAt(index)) || text.charAt(index) == '_')) {
                index++;
            }
            String marker = text.substring(nameStart, index);
            if (marker.isEmpty() || index >= text.length() || text.charAt(index) != '\n') {
                throw error("a heredoc needs a marker and a new line right after '<<'");
            }
            tokens.add(new Token(Kind.HEREDOC_OPEN, text.substring(start, index), line, start - lineStart + 1));
            index++;
            line++;
            lineStart = index;
            templateMode(true, marker);
        }
    }
}
