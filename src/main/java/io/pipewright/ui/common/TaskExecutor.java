package io.pipewright.ui.common;

import javafx.collections.ObservableList;

/**
 * The one way the desktop runs work off the FX thread. Callbacks of a {@link BackgroundTask}
 * always run on the FX thread; tests use {@link SameThreadTaskExecutor}.
 */
public interface TaskExecutor {

    /** Starts the task; the handle cancels it. */
    <T> TaskHandle execute(BackgroundTask<T> task);

    /** Cancels a task started by {@link #execute}. */
    @FunctionalInterface
    interface TaskHandle {
        void cancel();
    }

    /** Tasks now running that the status bar lists; changed on the FX thread only. */
    ObservableList<RunningTask> runningTasks();

    /** Cancels what runs and stops accepting work. */
    void shutdown();
}
