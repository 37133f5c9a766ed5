package io.pipewright.work;

/**
 * How long work reports how far it got and learns that it should stop. Core code takes one of
 * these instead of knowing about threads or the UI; the desktop adapts it to a progress bar.
 */
public interface Progress {

    /** Reports {@code done} out of {@code total} units; a negative total means "unknown". */
    void update(long done, long total, String message);

    boolean isCancelled();

    /** Throws {@link CancelledException} once cancellation was asked for. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** Progress that nobody watches and that is never cancelled. */
    Progress NONE = new Progress() {
        @Override
        public void update(long done, long total, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
