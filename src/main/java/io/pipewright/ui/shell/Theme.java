package io.pipewright.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The AtlantaFX themes the View menu offers. */
public enum Theme {
    LIGHT("Light theme"),
    DARK("Dark theme");

    private final String label;

    Theme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    String userAgentStylesheet() {
        return this == DARK ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet();
    }

    /** Sets the application-wide stylesheet; every window, dialogs included, follows it. */
    void apply() {
        Application.setUserAgentStylesheet(userAgentStylesheet());
    }
}
