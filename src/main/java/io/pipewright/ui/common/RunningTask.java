package io.pipewright.ui.common;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/** A task the status bar shows: its title, progress (-1 when unknown), message, how it ended, and a way to cancel it. */
public interface RunningTask {
    String title();

    ReadOnlyDoubleProperty progressProperty();

    ReadOnlyStringProperty messageProperty();

    /** Asks the work to stop; it ends at its next check. */
    void requestCancel();

    /** How the work ended, in a word: done, failed or stopped; null while it has not. */
    String ending();
}
