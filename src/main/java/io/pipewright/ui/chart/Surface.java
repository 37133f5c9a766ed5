package io.pipewright.ui.chart;

/**
 * Device-independent drawing primitives, so that one piece of chart code draws on screen and into
 * an exported file. Coordinates are pixels with the origin at the top left; colours are CSS hex
 * strings ("#1f6feb"); opacity is 0..1. A NaN coordinate never reaches the output: a shape that
 * needs it is skipped, and a polyline breaks there.
 */
public interface Surface {
    double width();

    double height();

    void line(double x1, double y1, double x2, double y2, String color, double lineWidth, double opacity);

    /** A solid polyline through the first {@code count} points; a NaN x or y breaks the line. */
    default void polyline(double[] xs, double[] ys, int count, String color, double lineWidth, double opacity) {
        polyline(xs, ys, count, color, lineWidth, opacity, null);
    }

    /**
     * A polyline drawn with a dash pattern ({@code dashes} alternates dash and gap lengths in
     * pixels; null or empty draws a solid line); a NaN x or y breaks the line.
     */
    void polyline(double[] xs, double[] ys, int count, String color, double lineWidth, double opacity, double[] dashes);

    /** A filled polygon without stroke (mean ± std bands); points with a NaN coordinate are left out. */
    void polygon(double[] xs, double[] ys, int count, String fill, double opacity);

    /** A rectangle; {@code fill} or {@code stroke} may be null for none. */
    void rect(double x, double y, double w, double h, String fill, String stroke, double opacity);

    void circle(double cx, double cy, double r, String fill, double opacity);

    /** Text whose {@code anchor} says where x is horizontally and whose vertical centre is y, turned about (x, y). */
    void text(String text, double x, double y, Anchor anchor, double size, String color, double rotateDegrees);

    /** Limits what is drawn next to a rectangle (a plot area with fixed bounds), until {@link #unclip()}. */
    void clip(double x, double y, double w, double h);

    /** Ends the latest {@link #clip}. */
    void unclip();

    /** Horizontal placement of text relative to its x. */
    enum Anchor { START, MIDDLE, END }
}
