package io.pipewright.ui.chart;

import java.util.Locale;

/**
 * The theme colours a chart needs. Series and scale colours are the same on both themes: they are
 * mid-tones chosen to read on white and on near-black alike.
 */
public record Palette(String background, String text, String grid, String axis) {
    public static final Palette LIGHT = new Palette("#ffffff", "#1f2328", "#e6e8eb", "#8c959f");
    public static final Palette DARK = new Palette("#0d1117", "#e6edf3", "#2a313a", "#6e7681");

    /** Tableau 10: distinguishable, also for the common colour-vision deficiencies. */
    private static final String[] SERIES = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
    };

    /** Viridis at nine evenly spaced stops: perceptually uniform and readable in grey. */
    private static final int[] VIRIDIS = {
        0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaadc32, 0xfde725
    };

    /**
     * The scale is precomputed at 256 steps, more than the eye tells apart, so that colouring ten
     * thousand lines allocates no strings and the screen back end finds each colour in its cache.
     */
    private static final String[] SCALE = new String[256];

    static {
        for (int i = 0; i < SCALE.length; i++) {
            double position = i / 255.0 * (VIRIDIS.length - 1);
            int low = Math.min((int) position, VIRIDIS.length - 2);
            double f = position - low;
            SCALE[i] = hex(mix(VIRIDIS[low], VIRIDIS[low + 1], f));
        }
    }

    public Palette {
        if (background == null || text == null || grid == null || axis == null) {
            throw new IllegalArgumentException("a palette needs all four colours");
        }
        for (String colour : new String[] {background, text, grid, axis}) {
            // hex only: charts mix these colours (cell shades) and both back ends must read them alike
            if (!colour.matches("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")) {
                throw new IllegalArgumentException("palette colours are CSS hex like #1f2328, not " + colour);
            }
        }
    }

    /** The colour of the i-th series; repeats after ten. */
    public static String series(int i) {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }

    /** A sequential colour for t in [0, 1] (clamped; NaN gives the low end). */
    public static String scale(double t) {
        if (!(t > 0)) {
            return SCALE[0];
        }
        return SCALE[(int) Math.round(Math.min(1, t) * 255)];
    }

    static int rgb(String hex) {
        String h = hex.startsWith("#") ? hex.substring(1) : hex;
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        return Integer.parseInt(h.substring(0, 6), 16);
    }

    static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xffffff);
    }

    static int mix(int from, int to, double f) {
        int r = (int) Math.round(((from >> 16) & 0xff) * (1 - f) + ((to >> 16) & 0xff) * f);
        int g = (int) Math.round(((from >> 8) & 0xff) * (1 - f) + ((to >> 8) & 0xff) * f);
        int b = (int) Math.round((from & 0xff) * (1 - f) + (to & 0xff) * f);
        return (r << 16) | (g << 8) | b;
    }

    /** Relative luminance (WCAG), to pick readable text on a filled cell. */
    static double luminance(int rgb) {
        return 0.2126 * linear((rgb >> 16) & 0xff) + 0.7152 * linear((rgb >> 8) & 0xff) + 0.0722 * linear(rgb & 0xff);
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
