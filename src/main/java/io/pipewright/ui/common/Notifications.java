package io.pipewright.ui.common;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The latest message for the person, shown in the status bar. Changed on the FX thread only. */
public final class Notifications {

    public enum Level { INFO, WARNING, ERROR }

    public record Notification(Level level, String text) {
    }

    private final ReadOnlyObjectWrapper<Notification> latest = new ReadOnlyObjectWrapper<>();

    public void info(String text) {
        latest.set(new Notification(Level.INFO, text));
    }

    public void warn(String text) {
        latest.set(new Notification(Level.WARNING, text));
    }

    public void error(String text) {
        latest.set(new Notification(Level.ERROR, text));
    }

    public ReadOnlyObjectProperty<Notification> latestProperty() {
        return latest.getReadOnlyProperty();
    }
}
