package io.pipewright.work;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Results of work handed to a pool, as the work itself would have thrown them. */
public final class Futures {
    private Futures() {
    }

    /**
     * Waits for the result: the task's own runtime exception is rethrown as it was, an I/O error as an
     * {@link UncheckedIOException}, and an interrupted wait is a {@link CancelledException}.
     */
    public static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io.getMessage(), io);
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
