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

    /** Pseudo-class on the drop target and the window while a droppable file hovers. */
    public static final String ACCEPTING = "accepting";

    private Styles() {
    }
}
