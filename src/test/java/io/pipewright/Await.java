package io.pipewright;

import java.time.Duration;

/**
 * Waits in a test for something it can observe (a gauge, a file, a thread, a line), up to a deadline,
 * and fails naming what it waited for: never a fixed sleep that bets on how long something takes.
 */
public final class Await {
    /** A condition that may read a file or ask a server. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
            }
            Thread.sleep(5); // the interval of the poll; the deadline bounds the wait
        }
    }
}
