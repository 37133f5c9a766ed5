package io.pipewright.ui.chart;

/**
 * Draws into an SVG 1.1 document: the export twin of {@link FxSurface}. Coordinates are written
 * with two decimals (a hundredth of a pixel is below what any viewer shows, and it keeps a
 * ten-thousand-line chart small); text is escaped, and characters XML cannot hold are dropped.
 * Not thread-safe; use one per document.
 */
public final class SvgSurface implements Surface {
    /** Far beyond any screen; keeps a wild coordinate (a clipped point far off scale) a plain number. */
    private static final double LIMIT = 1e7;

    private final double width;
    private final double height;
    private final StringBuilder body = new StringBuilder(4096);
    private int openClips;
    private int clipIds;

    public SvgSurface(double width, double height) {
        if (!(width > 0) || !(height > 0) || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("an SVG needs a positive size, not " + width + " × " + height);
        }
        this.width = width;
        this.height = height;
    }

    @Override
    public double width() {
        return width;
    }

    @Override
    public double height() {
        return height;
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double lineWidth, double opacity) {
        if (!finite(x1, y1, x2, y2) || color == null) {
            return;
        }
        body.append("<line x1=\"");
        num(x1);
        body.append("\" y1=\"");
        num(y1);
        body.append("\" x2=\"");
        num(x2);
        body.append("\" y2=\"");
        num(y2);
        body.append('"');
        stroke(color, lineWidth, opacity);
        body.append("/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, int count, String color, double lineWidth, double opacity, double[] dashes) {
        if (color == null) {
            return;
        }
        int start = 0;
        while (start < count) {
            while (start < count && !finite(xs[start], ys[start])) {
                start++;
            }
            int end = start;
            while (end < count && finite(xs[end], ys[end])) {
                end++;
            }
            if (end - start >= 2) {
                body.append("<polyline points=\"");
                points(xs, ys, start, end);
                body.append("\" fill=\"none\"");
                stroke(color, lineWidth, opacity);
                body.append(" stroke-linejoin=\"round\"");
                if (dashes != null && dashes.length > 0) {
                    body.append(" stroke-dasharray=\"");
                    for (int i = 0; i < dashes.length; i++) {
                        if (i > 0) {
                            body.append(' ');
                        }
                        num(Math.max(0, dashes[i]));
                    }
                    body.append('"');
                }
                body.append("/>\n");
            }
            start = end;
        }
    }

    @Override
    public void polygon(double[] xs, double[] ys, int count, String fill, double opacity) {
        if (fill == null) {
            return;
        }
        int finite = 0;
        for (int i = 0; i < count; i++) {
            if (finite(xs[i], ys[i])) {
                finite++;
            }
        }
        if (finite < 3) {
            return;
        }
        body.append("<polygon points=\"");
        points(xs, ys, 0, count);
        body.append("\" fill=\"");
        escape(fill);
        body.append('"');
        opacity("fill-opacity", opacity);
        body.append("/>\n");
    }

    @Override
    public void rect(double x, double y, double w, double h, String fill, String stroke, double opacity) {
        if (!finite(x, y, w, h) || (fill == null && stroke == null)) {
            return;
        }
        body.append("<rect x=\"");
        num(w < 0 ? x + w : x);
        body.append("\" y=\"");
        num(h < 0 ? y + h : y);
        body.append("\" width=\"");
        num(Math.abs(w));
        body.append("\" height=\"");
        num(Math.abs(h));
        body.append("\" fill=\"");
        if (fill == null) {
            body.append("none");
        } else {
            escape(fill);
        }
        body.append('"');
        if (stroke != null) {
            body.append(" stroke=\"");
            escape(stroke);
            body.append('"');
        }
        opacity("opacity", opacity);
        body.append("/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, String fill, double opacity) {
        if (!finite(cx, cy, r) || fill == null) {
            return;
        }
        body.append("<circle cx=\"");
        num(cx);
        body.append("\" cy=\"");
        num(cy);
        body.append("\" r=\"");
        num(r);
        body.append("\" fill=\"");
        escape(fill);
        body.append('"');
        opacity("fill-opacity", opacity);
        body.append("/>\n");
    }

    @Override
    public void text(String text, double x, double y, Anchor anchor, double size, String color, double rotateDegrees) {
        if (text == null || text.isEmpty() || !finite(x, y, size) || color == null) {
            return;
        }
        body.append("<text x=\"");
        num(x);
        body.append("\" y=\"");
        num(y);
        // dy rather than dominant-baseline: every SVG renderer honours it
        body.append("\" dy=\"0.35em\" font-size=\"");
        num(size);
        body.append("\" fill=\"");
        escape(color);
        body.append('"');
        if (anchor == Anchor.MIDDLE) {
            body.append(" text-anchor=\"middle\"");
        } else if (anchor == Anchor.END) {
            body.append(" text-anchor=\"end\"");
        }
        if (rotateDegrees != 0 && Double.isFinite(rotateDegrees)) {
            body.append(" transform=\"rotate(");
            num(rotateDegrees);
            body.append(' ');
            num(x);
            body.append(' ');
            num(y);
            body.append(")\"");
        }
        body.append('>');
        escape(text);
        body.append("</text>\n");
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        if (!finite(x, y, w, h)) {
            x = 0;
            y = 0;
            w = width;
            h = height;
        }
        int id = ++clipIds;
        body.append("<clipPath id=\"clip").append(id).append("\"><rect x=\"");
        num(x);
        body.append("\" y=\"");
        num(y);
        body.append("\" width=\"");
        num(Math.max(0, w));
        body.append("\" height=\"");
        num(Math.max(0, h));
        body.append("\"/></clipPath>\n<g clip-path=\"url(#clip").append(id).append(")\">\n");
        openClips++;
    }

    @Override
    public void unclip() {
        if (openClips > 0) {
            openClips--;
            body.append("</g>\n");
        }
    }

    /** The finished document; clips left open are closed. */
    public String toSvg() {
        var svg = new StringBuilder(body.length() + 400);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"");
        svg.append(plain(width)).append("\" height=\"").append(plain(height))
                .append("\" viewBox=\"0 0 ").append(plain(width)).append(' ').append(plain(height))
                .append("\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        svg.append(body);
        svg.append("</g>\n".repeat(openClips));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private void stroke(String color, double lineWidth, double opacity) {
        body.append(" stroke=\"");
        escape(color);
        body.append("\" stroke-width=\"");
        num(Double.isFinite(lineWidth) ? lineWidth : 1);
        body.append('"');
        opacity("stroke-opacity", opacity);
    }

    private void opacity(String name, double opacity) {
        if (opacity < 1 && !Double.isNaN(opacity)) {
            body.append(' ').append(name).append("=\"");
            num(Math.max(0, opacity));
            body.append('"');
        }
    }

    private void points(double[] xs, double[] ys, int from, int to) {
        boolean first = true;
        for (int i = from; i < to; i++) {
            if (!finite(xs[i], ys[i])) {
                continue;
            }
            if (!first) {
                body.append(' ');
            }
            first = false;
            num(xs[i]);
            body.append(',');
            num(ys[i]);
        }
    }

    /** A number rounded to two decimals, without trailing zeros and without the cost of String.format. */
    private void num(double v) {
        long scaled = Math.round(Math.max(-LIMIT, Math.min(LIMIT, v)) * 100);
        if (scaled < 0) {
            body.append('-');
            scaled = -scaled;
        }
        body.append(scaled / 100);
        long fraction = scaled % 100;
        if (fraction != 0) {
            body.append('.').append(fraction / 10);
            if (fraction % 10 != 0) {
                body.append(fraction % 10);
            }
        }
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> body.append("&amp;");
                case '<' -> body.append("&lt;");
                case '>' -> body.append("&gt;");
                case '"' -> body.append("&quot;");
                case '\'' -> body.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        body.append(c).append(text.charAt(++i));
                    } else if (allowed(c)) {
                        body.append(c);
                    }
                }
            }
        }
    }

    /** Whether XML 1.0 can hold the character at all (control characters and lone surrogates it cannot). */
    private static boolean allowed(char c) {
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        return !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF;
    }

    private static boolean finite(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b);
    }

    private static boolean finite(double a, double b, double c) {
        return finite(a, b) && Double.isFinite(c);
    }

    private static boolean finite(double a, double b, double c, double d) {
        return finite(a, b) && finite(c, d);
    }
}
