package io.pipewright.ui.common;

/** Style-class names of {@code pipewright.css}, so code and stylesheet agree on spelling. */
public final class Styles {
    public static final String SIDEBAR = "sidebar";
    public static final String SIDEBAR_BUTTON = "sidebar-button";
    public static final String STATUS_BAR = "status-bar";
    public static final String TASK_CHIP = "task-chip";
    public static final String CARD = "card-pane";
    public static final String DROP_TARGET = "drop-target";
    public static final String MUTED = "muted";
    public static final String SECTION_TITLE = "section-title";
    public static final String NOTICE = "notice";
    public static final String TAG = "tag";
    /** A step of a version's chain across layers (Layers view), and the arrow between two layers. */
    public static final String LAYERS_STEP = "layers-step";
    public static final String LAYERS_ARROW = "layers-arrow";

    /** Pseudo-class on the drop target and the window while a droppable file hovers. */
    public static final String ACCEPTING = "accepting";
    /** Pseudo-class on the step of a chain that is the version selected. */
    public static final String SELECTED_VERSION = "selected-version";

    private Styles() {
    }
}
