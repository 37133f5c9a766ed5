package io.pipewright.ui.common;

import io.pipewright.work.Progress;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A piece of work to run off the FX thread, with callbacks that run on the FX thread
 * ({@code TaskExecutor} decides how). Built fluently:
 * {@code BackgroundTask.of("Scanning x.csv", progress -> scan(...)).onSuccess(this::show)}.
 */
public final class BackgroundTask<T> {

    /** The work itself; it reports through {@link Progress} and stops when asked. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    private final String title;
    private final Work<T> work;
    private Consumer<T> onSuccess = value -> { };
    private Consumer<Throwable> onFailure = error -> { };
    private Runnable onCancelled = () -> { };
    private boolean shownInStatusBar = true;
    private boolean interruptible = true;

    private BackgroundTask(String title, Work<T> work) {
        this.title = Objects.requireNonNull(title);
        this.work = Objects.requireNonNull(work);
    }

    public static <T> BackgroundTask<T> of(String title, Work<T> work) {
        return new BackgroundTask<>(title, work);
    }

    public BackgroundTask<T> onSuccess(Consumer<T> handler) {
        this.onSuccess = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onCancelled(Runnable handler) {
        this.onCancelled = Objects.requireNonNull(handler);
        return this;
    }

    /** For housekeeping that takes milliseconds (saving a preference): not listed in the status bar. */
    public BackgroundTask<T> quiet() {
        this.shownInStatusBar = false;
        return this;
    }

    /**
     * Cancelled by its flag only, never by interrupting its thread: for work that writes to the
     * store as it ends (an interrupt in the middle of a write closes H2's file channel), and
     * that checks {@link Progress#isCancelled()} often enough by itself.
     */
    public BackgroundTask<T> withoutInterrupt() {
        this.interruptible = false;
        return this;
    }

    public boolean interruptible() {
        return interruptible;
    }

    public String title() {
        return title;
    }

    public boolean shownInStatusBar() {
        return shownInStatusBar;
    }

    T run(Progress progress) throws Exception {
        return work.run(progress);
    }

    void succeeded(T value) {
        onSuccess.accept(value);
    }

    void failed(Throwable error) {
        onFailure.accept(error);
    }

    void cancelled() {
        onCancelled.run();
    }
}
