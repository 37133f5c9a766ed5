package io.pipewright.ui.common;

import javafx.scene.control.Tooltip;

/**
 * A tooltip whose text wraps at {@link #WIDTH} pixels: a node type's description or a failure's
 * message is one long paragraph, which an unwrapped tooltip draws as one line wider than the screen.
 */
public final class WrappedTooltip extends Tooltip {
    /** About 70 characters of the default font: a comfortable line to read. */
    public static final double WIDTH = 480;

    public WrappedTooltip() {
        setWrapText(true);
        setMaxWidth(WIDTH);
    }

    public WrappedTooltip(String text) {
        this();
        setText(text);
    }
}
