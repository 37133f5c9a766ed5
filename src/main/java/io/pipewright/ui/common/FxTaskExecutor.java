package io.pipewright.ui.common;

import io.pipewright.work.CancelledException;
import io.pipewright.work.Progress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a small pool of daemon threads through {@link javafx.concurrent.Task}, which
 * coalesces progress updates into at most one FX pulse each, so a tight loop cannot flood the
 * FX thread.
 */
public final class FxTaskExecutor implements TaskExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(FxTaskExecutor.class);

    private final ExecutorService pool;
    private final ObservableList<RunningTask> running = FXCollections.observableArrayList();

    public FxTaskExecutor(int threads) {
        var counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            // below the FX thread's priority (and so is every thread a task starts): the window is served first
            var thread = new Thread(() -> {
                io.pipewright.work.ThreadPriority.lowerCurrent(io.pipewright.work.ThreadPriority.BACKGROUND);
                runnable.run();
            }, "pipewright-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        var fxTask = new Adapter<>(task);
        fxTask.stateProperty().addListener((observable, before, state) -> {
            switch (state) {
                case SUCCEEDED -> finish(fxTask, () -> task.succeeded(fxTask.getValue()));
                case CANCELLED -> finish(fxTask, task::cancelled);
                case FAILED -> finish(fxTask, () -> {
                    Throwable error = fxTask.getException();
                    if (error instanceof CancelledException) {
                        task.cancelled();
                    } else {
                        LOG.warn("{} failed: {}", task.title(), error.toString(), error);
                        task.failed(error);
                    }
                });
                default -> { }
            }
        });
        if (pool.isShutdown()) {
            // the window is closing: a timer's last tick may still ask for work, which is simply not done
            return () -> { };
        }
        if (task.shownInStatusBar()) {
            running.add(fxTask);
        }
        try {
            pool.execute(fxTask);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.remove(fxTask);
            return () -> { };
        }
        return fxTask::requestCancel;
    }

    private void finish(Adapter<?> fxTask, Runnable callback) {
        running.remove(fxTask);
        callback.run();
    }

    @Override
    public ObservableList<RunningTask> runningTasks() {
        return running;
    }

    @Override
    public void shutdown() {
        for (RunningTask task : running.toArray(RunningTask[]::new)) {
            task.requestCancel();
        }
        pool.shutdownNow();
    }

    private static final class Adapter<T> extends Task<T> implements RunningTask {
        private final BackgroundTask<T> task;

        Adapter(BackgroundTask<T> task) {
            this.task = task;
            updateTitle(task.title());
            updateProgress(-1, 1);
        }

        @Override
        protected T call() throws Exception {
            return task.run(new Progress() {
                @Override
                public void update(long done, long total, String message) {
                    if (total > 0) {
                        updateProgress(done, total);
                    } else {
                        updateProgress(-1, 1);
                    }
                    updateMessage(message);
                }

                @Override
                public boolean isCancelled() {
                    return Adapter.this.isCancelled();
                }
            });
        }

        @Override
        public String title() {
            return task.title();
        }

        @Override
        public String ending() {
            return switch (getState()) {
                case SUCCEEDED -> "done";
                case FAILED -> "failed";
                case CANCELLED -> "stopped";
                default -> null;
            };
        }

        @Override
        public void requestCancel() {
            if (getState() != Worker.State.SUCCEEDED && getState() != Worker.State.FAILED) {
                super.cancel(task.interruptible());
            }
        }
    }
}
