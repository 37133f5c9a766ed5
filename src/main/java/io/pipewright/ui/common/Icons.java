package io.pipewright.ui.common;

import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;

/** Small vector icons on a 24×24 grid, coloured by CSS through the {@code icon} style class. */
public final class Icons {
    public static final String HOME = "M3 11 L12 3 L21 11 L19 11 L19 21 L14 21 L14 15 L10 15 L10 21 L5 21 L5 11 Z";
    public static final String DROP = "M12 2 L6.5 8 L10 8 L10 14 L14 14 L14 8 L17.5 8 Z M3 14 L5 14 L5 19 L19 19 L19 14 L21 14 L21 21 L3 21 Z";
    public static final String DATABASE = "M12 2 C7 2 4 3.5 4 5 L4 19 C4 20.5 7 22 12 22 C17 22 20 20.5 20 19 L20 5 C20 3.5 17 2 12 2 Z "
            + "M12 4 C16 4 18 4.8 18 5 C18 5.2 16 6 12 6 C8 6 6 5.2 6 5 C6 4.8 8 4 12 4 Z";
    public static final String TABLE = "M3 4 L21 4 L21 20 L3 20 Z M5 9 L11 9 L11 12 L5 12 Z M13 9 L19 9 L19 12 L13 12 Z "
            + "M5 14 L11 14 L11 18 L5 18 Z M13 14 L19 14 L19 18 L13 18 Z";

    public static final String CHART = "M3 3 L5 3 L5 19 L21 19 L21 21 L3 21 Z M7 15 L11 10 L14 13 L19 6 L20.5 7.3 L14.2 15.6 L11.1 12.6 L8.5 16.2 Z";
    public static final String CUBE = "M12 2 L21 7 L21 17 L12 22 L3 17 L3 7 Z M12 4.3 L5.6 7.8 L12 11.3 L18.4 7.8 Z "
            + "M5 9.5 L5 15.8 L11 19.2 L11 13 Z M13 13 L13 19.2 L19 15.8 L19 9.5 Z";

    private Icons() {
    }

    /** Nodes and wires: the Pipelines workspace. */
    public static final String GRAPH = "M3 4 L9 4 L9 10 L3 10 Z M15 14 L21 14 L21 20 L15 20 Z M9 6.2 L13 6.2 C15 6.2 16 7.2 16 9.2 L16 14 L18 14 "
            + "L18 9.2 C18 6 16.2 4.2 13 4.2 L9 4.2 Z M3 14 L9 14 L9 20 L3 20 Z";
    /** A shield with a tick: checks on data. */
    public static final String SHIELD = "M12 2 L20 5 L20 11 C20 16 16.5 20 12 22 C7.5 20 4 16 4 11 L4 5 Z M10.5 15.5 L16.5 9.5 L15 8 L10.5 12.5 "
            + "L8.7 10.7 L7.3 12.1 Z";
    /** Two arrows: a transformation. */
    public static final String SHUFFLE = "M3 6 L15 6 L15 3 L21 7.5 L15 12 L15 9 L3 9 Z M21 15 L9 15 L9 12 L3 16.5 L9 21 L9 18 L21 18 Z";
    /** A spark of three rays: learning. */
    public static final String ROCKET = "M12 2 C15 4.5 16.5 8.5 16.5 13 L19 16 L19 20 L15.5 17.5 L8.5 17.5 L5 20 L5 16 L7.5 13 C7.5 8.5 9 4.5 12 2 Z "
            + "M12 7 C10.9 7 10 7.9 10 9 C10 10.1 10.9 11 12 11 C13.1 11 14 10.1 14 9 C14 7.9 13.1 7 12 7 Z M10 19 L14 19 L12 22.5 Z";
    public static final String SPARK = "M12 2 L14 9 L21 12 L14 15 L12 22 L10 15 L3 12 L10 9 Z";

    public static SVGPath icon(String path, double size) {
        var icon = new SVGPath();
        icon.setContent(path);
        icon.setFillRule(FillRule.EVEN_ODD); // inner shapes of an icon are holes
        icon.getStyleClass().add("icon");
        double scale = size / 24.0;
        icon.setScaleX(scale);
        icon.setScaleY(scale);
        return icon;
    }
}
