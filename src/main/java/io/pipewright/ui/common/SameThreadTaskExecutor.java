package io.pipewright.ui.common;

import io.pipewright.work.CancelledException;
import io.pipewright.work.Progress;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Runs each task at once on the calling thread: view-model tests need no threads and no waiting. */
public final class SameThreadTaskExecutor implements TaskExecutor {
    private final ObservableList<RunningTask> none = FXCollections.observableArrayList();

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        T value;
        try {
            value = task.run(Progress.NONE);
        } catch (CancelledException e) {
            task.cancelled();
            return () -> { };
        } catch (Exception e) {
            task.failed(e);
            return () -> { };
        }
        task.succeeded(value);
        return () -> { };
    }

    @Override
    public ObservableList<RunningTask> runningTasks() {
        return none;
    }

    @Override
    public void shutdown() {
    }
}
