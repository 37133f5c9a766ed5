package io.pipewright.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runs filter, in the spirit of MLflow's search syntax:
 * {@code metrics.roc_auc > 0.85 and params.algorithm = 'xgboost' and tags.dataset LIKE 'credit%' and status = 'finished'}.
 * <ul>
 *   <li>{@code metrics.KEY} compares the metric's latest value with a number ({@code = != < <= > >=});</li>
 *   <li>{@code params.KEY} and {@code tags.KEY} compare text ({@code = != LIKE ILIKE IN (...)}; a number
 *       is compared as its text, so {@code params.max_depth = 6} matches "6");</li>
 *   <li>attributes {@code status}, {@code name}, {@code run_id} and {@code experiment} compare text likewise;
 *       {@code seed} compares as a number;</li>
 *   <li>conditions join with {@code and}, {@code or} and parentheses (nested at most {@link #MAX_NESTING}
 *       deep); a key with other characters is quoted in backticks ({@code metrics.`valid log loss`}).</li>
 * </ul>
 * It compiles to a condition with {@code ?} placeholders and the values to bind: nothing the user types
 * becomes SQL text. A mistake is named with its position.
 */
public final class RunFilter {
    /** The deepest parentheses may nest; a chain of conditions joined by and/or may be as long as you like. */
    public static final int MAX_NESTING = 200;

    private final String sql;
    private final List<Object> values;

    private RunFilter(String sql, List<Object> values) {
        this.sql = sql;
        this.values = List.copyOf(values);
    }

    /** A condition on the run table aliased {@code r}, with placeholders. */
    public String sql() {
        return sql;
    }

    public List<Object> values() {
        return values;
    }

    /**
     * The same condition with each param, metric and tag test on another column that holds the run's
     * id (the {@code run_id} of the index a sorted page walks). Each test stays an uncorrelated
     * {@code IN} set: the database reads the runs it keeps once, from one range of an index on
     * (key, value, run), and checks each run the walk meets against it without reading the run, so a
     * page reads the rows of the runs it shows instead of every run it passes over. The text only
     * ever holds the parser's own fragments (keys and literals are placeholders), so the rewrite
     * cannot touch user input; the placeholders keep their order.
     */
    public String sqlOn(String runIdColumn) {
        return sql.replace("r.id IN (SELECT m.run_id FROM run_metric_latest m WHERE ", runIdColumn + " IN (SELECT m.run_id FROM run_metric_latest m WHERE ")
                .replace("r.id IN (SELECT p.run_id FROM run_param p WHERE ", runIdColumn + " IN (SELECT p.run_id FROM run_param p WHERE ")
                .replace("r.id IN (SELECT t.run_id FROM run_tag t WHERE ", runIdColumn + " IN (SELECT t.run_id FROM run_tag t WHERE ");
    }

    /** The filter that keeps every run. */
    public static RunFilter all() {
        return new RunFilter("1 = 1", List.of());
    }

    public static RunFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return all();
        }
        var parser = new Parser(tokens(text), text);
        var values = new ArrayList<Object>();
        String sql = parser.disjunction(values);
        if (!parser.atEnd()) {
            throw parser.error("unexpected " + parser.peek().describe());
        }
        return new RunFilter(sql, values);
    }

    /** A bad filter: the message names the token and its 1-based position. */
    public static final class FilterException extends IllegalArgumentException {
        private final int position;

        FilterException(String message, int position) {
            super(message + " at position " + position);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    private enum Kind { WORD, STRING, NUMBER, OPERATOR, OPEN, CLOSE, COMMA, DOT, END }

    private record Token(Kind kind, String text, int position) {
        String describe() {
            return switch (kind) {
                case END -> "end of filter";
                case STRING -> "'" + text + "'";
                default -> "'" + text + "'";
            };
        }
    }

    private static List<Token> tokens(String text) {
        var tokens = new ArrayList<Token>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                var value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new FilterException("a string opened here is never closed", start + 1);
                    }
                    char d = text.charAt(i);
                    if (d == c) {
                        if (i + 1 < text.length() && text.charAt(i + 1) == c) {
                            value.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(d);
                    i++;
                }
                tokens.add(new Token(Kind.STRING, value.toString(), start + 1));
            } else if (c == '`') {
                int close = text.indexOf('`', i + 1);
                if (close < 0) {
                    throw new FilterException("a quoted key opened here is never closed", start + 1);
                }
                tokens.add(new Token(Kind.WORD, text.substring(i + 1, close), start + 1));
                i = close + 1;
            } else if (Character.isDigit(c) || (c == '-' || c == '.') && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))
                    && (tokens.isEmpty() || tokens.get(tokens.size() - 1).kind() == Kind.OPERATOR || tokens.get(tokens.size() - 1).kind() == Kind.OPEN
                    || tokens.get(tokens.size() - 1).kind() == Kind.COMMA)) {
                i++;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.' || text.charAt(i) == 'e'
                        || text.charAt(i) == 'E' || (text.charAt(i) == '-' || text.charAt(i) == '+') && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E'))) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start + 1));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '-')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(start, i), start + 1));
            } else if (c == '.') {
                tokens.add(new Token(Kind.DOT, ".", start + 1));
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c), start + 1));
                i++;
            } else if ("=!<>".indexOf(c) >= 0) {
                i++;
                if (i < text.length() && (text.charAt(i) == '=' || c == '<' && text.charAt(i) == '>')) {
                    i++;
                }
                String operator = text.substring(start, i);
                if (operator.equals("!")) {
                    throw new FilterException("unexpected '!'", start + 1);
                }
                tokens.add(new Token(Kind.OPERATOR, operator.equals("==") ? "=" : operator.equals("<>") ? "!=" : operator, start + 1));
            } else {
                throw new FilterException("unexpected '" + c + "'", start + 1);
            }
        }
        tokens.add(new Token(Kind.END, "", text.length() + 1));
        return tokens;
    }

    private static final class Parser {
        private final List<Token> tokens;
        private int next;
        private int depth;

        Parser(List<Token> tokens, String text) {
            this.tokens = tokens;
        }

        Token peek() {
            return tokens.get(next);
        }

        boolean atEnd() {
            return peek().kind() == Kind.END;
        }

        FilterException error(String message) {
            return new FilterException(message, peek().position());
        }

        private boolean keyword(String word) {
            if (peek().kind() == Kind.WORD && peek().text().equalsIgnoreCase(word)) {
                next++;
                return true;
            }
            return false;
        }

        String disjunction(List<Object> values) {
            var parts = new ArrayList<String>();
            parts.add(conjunction(values));
            while (keyword("or")) {
                parts.add(conjunction(values));
            }
            return parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")";
        }

        String conjunction(List<Object> values) {
            var parts = new ArrayList<String>();
            parts.add(condition(values));
            while (keyword("and")) {
                parts.add(condition(values));
            }
            return parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
        }

        String condition(List<Object> values) {
            if (peek().kind() == Kind.OPEN) {
                // each level is a few calls here and in the database's own parser: bounded, so it fails in words
                if (++depth > MAX_NESTING) {
                    throw error("parentheses nested more than " + MAX_NESTING + " levels deep");
                }
                next++;
                String inner = disjunction(values);
                if (peek().kind() != Kind.CLOSE) {
                    throw error("expected ')' but found " + peek().describe());
                }
                next++;
                depth--;
                return inner;
            }
            Token first = peek();
            if (first.kind() != Kind.WORD) {
                throw error("expected a key such as metrics.roc_auc, params.algorithm, tags.dataset or status, but found " + first.describe());
            }
            next++;
            String scope = first.text().toLowerCase(Locale.ROOT);
            String key = null;
            if (scope.equals("metrics") || scope.equals("params") || scope.equals("tags") || scope.equals("metric") || scope.equals("param")
                    || scope.equals("tag")) {
                if (peek().kind() != Kind.DOT) {
                    throw error("expected '.' and a name after " + first.text());
                }
                next++;
                if (peek().kind() != Kind.WORD && peek().kind() != Kind.NUMBER) {
                    throw error("expected a name after " + first.text() + ".");
                }
                var name = new StringBuilder(peek().text());
                next++;
                while (peek().kind() == Kind.DOT) { // dotted names, as train.valid_log_loss
                    next++;
                    if (peek().kind() != Kind.WORD && peek().kind() != Kind.NUMBER) {
                        throw error("expected a name after '.'");
                    }
                    name.append('.').append(peek().text());
                    next++;
                }
                key = name.toString();
                scope = scope.endsWith("s") ? scope : scope + "s";
            } else if (!List.of("status", "name", "run_id", "experiment", "seed").contains(scope)) {
                throw new FilterException("unknown key '" + first.text() + "' (use metrics.NAME, params.NAME, tags.NAME, status, name, run_id, "
                        + "experiment or seed)", first.position());
            }
            Token operator = peek();
            String op;
            boolean negate = false;
            if (operator.kind() == Kind.OPERATOR) {
                op = operator.text();
                next++;
            } else if (keyword("not")) {
                if (keyword("like")) {
                    op = "LIKE";
                } else if (keyword("ilike")) {
                    op = "ILIKE";
                } else if (keyword("in")) {
                    op = "IN";
                } else {
                    throw error("expected LIKE, ILIKE or IN after NOT");
                }
                negate = true;
            } else if (keyword("like")) {
                op = "LIKE";
            } else if (keyword("ilike")) {
                op = "ILIKE";
            } else if (keyword("in")) {
                op = "IN";
            } else {
                throw error("expected a comparison (= != < <= > >= LIKE ILIKE IN) but found " + operator.describe());
            }
            boolean numeric = scope.equals("metrics") || scope.equals("seed");
            if (!numeric && List.of("<", "<=", ">", ">=").contains(op)) {
                throw new FilterException(first.text() + (key == null ? "" : "." + key) + " is text: use = != LIKE ILIKE or IN", operator.position());
            }
            if (numeric && (op.equals("LIKE") || op.equals("ILIKE"))) {
                throw new FilterException(first.text() + (key == null ? "" : "." + key) + " is a number: use = != < <= > >= or IN",
                        operator.position());
            }
            var literals = new ArrayList<Object>();
            if (op.equals("IN")) {
                if (peek().kind() != Kind.OPEN) {
                    throw error("expected '(' after IN");
                }
                next++;
                literals.add(literal(numeric));
                while (peek().kind() == Kind.COMMA) {
                    next++;
                    literals.add(literal(numeric));
                }
                if (peek().kind() != Kind.CLOSE) {
                    throw error("expected ',' or ')' but found " + peek().describe());
                }
                next++;
            } else {
                literals.add(literal(numeric));
            }
            String placeholders = "?" + ", ?".repeat(literals.size() - 1);
            String comparison = switch (op) {
                case "IN" -> (negate ? "NOT IN" : "IN") + " (" + placeholders + ")";
                case "LIKE" -> (negate ? "NOT LIKE" : "LIKE") + " ?";
                case "ILIKE" -> (negate ? "NOT LIKE" : "LIKE") + " ?";
                case "!=" -> "<> ?";
                default -> op + " ?";
            };
            boolean folded = op.equals("ILIKE");
            String column = switch (scope) {
                case "metrics" -> "m.last_value";
                case "params" -> folded ? "LOWER(p.param_value)" : "p.param_value";
                case "tags" -> folded ? "LOWER(t.tag_value)" : "t.tag_value";
                case "status" -> folded ? "LOWER(r.status)" : "r.status";
                case "name" -> folded ? "LOWER(r.name)" : "r.name";
                case "run_id" -> folded ? "LOWER(r.run_key)" : "r.run_key";
                case "experiment" -> folded ? "LOWER(e.name)" : "e.name";
                default -> "r.seed";
            };
            if (folded) {
                literals.replaceAll(value -> ((String) value).toLowerCase(Locale.ROOT));
            }
            String test = column + " " + comparison;
            return switch (scope) {
                case "metrics" -> {
                    values.add(key);
                    values.addAll(literals);
                    yield "r.id IN (SELECT m.run_id FROM run_metric_latest m WHERE m.metric_key = ? AND " + test + ")";
                }
                case "params" -> {
                    values.add(key);
                    values.addAll(literals);
                    yield "r.id IN (SELECT p.run_id FROM run_param p WHERE p.param_key = ? AND " + test + ")";
                }
                case "tags" -> {
                    values.add(key);
                    values.addAll(literals);
                    yield "r.id IN (SELECT t.run_id FROM run_tag t WHERE t.tag_key = ? AND " + test + ")";
                }
                case "experiment" -> {
                    values.addAll(literals);
                    yield "EXISTS (SELECT 1 FROM experiment e WHERE e.id = r.experiment_id AND " + test + ")";
                }
                default -> {
                    values.addAll(literals);
                    yield test;
                }
            };
        }

        private Object literal(boolean numeric) {
            Token token = peek();
            if (numeric) {
                if (token.kind() != Kind.NUMBER) {
                    throw error("expected a number but found " + token.describe());
                }
                next++;
                try {
                    return Double.parseDouble(token.text());
                } catch (NumberFormatException e) {
                    throw new FilterException("'" + token.text() + "' is not a number", token.position());
                }
            }
            if (token.kind() == Kind.STRING) {
                next++;
                return token.text();
            }
            if (token.kind() == Kind.NUMBER) {
                next++;
                double value = Double.parseDouble(token.text());
                // params are stored as their text: 6 is "6", 0.5 is "0.5"
                return value == Math.rint(value) && !token.text().contains(".") ? Long.toString((long) value) : token.text();
            }
            throw error("expected a value in quotes but found " + token.describe());
        }
    }
}
