package io.pipewright.data.expr;

/** One token of an expression: its kind, its text as written, its value (numbers, strings, quoted names) and where it starts. */
record Token(Kind kind, String text, Object value, int position) {

    enum Kind {
        NUMBER, STRING, NAME, QUOTED_NAME, SYMBOL, END
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** A bare word such as {@code and} or {@code null}, in any case; never a quoted name. */
    boolean isKeyword(String keyword) {
        return kind == Kind.NAME && text.equalsIgnoreCase(keyword);
    }

    /** The token as a message shows it. */
    String shown() {
        return switch (kind) {
            case END -> "end of expression";
            case STRING -> text;
            default -> "'" + text + "'";
        };
    }
}
