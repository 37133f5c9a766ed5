package io.pipewright.export.cluster;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python source literals for any value an export writes into a DAG file: strings (any text: quotes,
 * backslashes, newlines, non-ASCII, lone surrogates), numbers, booleans, {@code None}, lists and dicts
 * (in their given order, so the same value gives the same bytes). Printable characters stay as they
 * are, so a name reads as the person wrote it; the file is UTF-8, Python's default source encoding.
 */
public final class PythonLiteral {
    private PythonLiteral() {
    }

    /** A value as a Python literal: String, Number, Boolean, null, List or Map (keys as strings). */
    public static String of(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof Boolean flag) {
            return flag ? "True" : "False";
        }
        if (value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            var literal = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                literal.append(i == 0 ? "" : ", ").append(of(list.get(i)));
            }
            return literal.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            var literal = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                literal.append(first ? "" : ", ").append(string(String.valueOf(entry.getKey()))).append(": ").append(of(entry.getValue()));
                first = false;
            }
            return literal.append('}').toString();
        }
        throw new IllegalArgumentException("no Python literal for a " + value.getClass().getSimpleName());
    }

    /** A double-quoted Python string literal whose value is exactly {@code text}. */
    public static String string(String text) {
        return '"' + escaped(text, false) + '"';
    }

    /**
     * The body of a triple-double-quoted string (a docstring) whose value is exactly {@code text}: line
     * breaks stay line breaks, every quote and backslash is escaped, so no text can end the string early.
     */
    public static String docstringBody(String text) {
        return escaped(text, true);
    }

    /** {@code text} as one comment line's text: every character that is not printable (line breaks included) becomes a space. */
    public static String commentText(String text) {
        var out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> out.appendCodePoint(printable(codePoint) ? codePoint : ' '));
        return out.toString();
    }

    private static String escaped(String text, boolean keepNewlines) {
        var out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append(keepNewlines ? "\n" : "\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append(keepNewlines ? "\t" : "\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        int codePoint = text.codePointAt(i);
                        appendCodePoint(out, codePoint);
                        i++;
                    } else {
                        appendCodePoint(out, c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void appendCodePoint(StringBuilder out, int codePoint) {
        if (printable(codePoint)) {
            out.appendCodePoint(codePoint);
        } else if (codePoint <= 0xff) {
            out.append(String.format(Locale.ROOT, "\\x%02x", codePoint));
        } else if (codePoint <= 0xffff) {
            out.append(String.format(Locale.ROOT, "\\u%04x", codePoint));
        } else {
            out.append(String.format(Locale.ROOT, "\\U%08x", codePoint));
        }
    }

    /** Characters written as themselves: not control, format, separator (other than space), lone surrogate, private or unassigned. */
    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE,
                 Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            case Character.SPACE_SEPARATOR -> codePoint == ' ';
            default -> true;
        };
    }
}
