package io.pipewright.work;

/** Text made safe inside HTML elements and attribute values, for the self-contained reports. */
public final class HtmlText {
    private HtmlText() {
    }

    /** Escapes the five characters HTML gives meaning to, and turns control characters other than newline and tab into spaces. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
