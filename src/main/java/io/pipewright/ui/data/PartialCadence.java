package io.pipewright.ui.data;

/**
 * How often the Data workspace shows a partial profile: at most one per period. The profiler asks
 * {@link #due} before it builds one (each is a whole profile: sorts, top values and garbage, on the
 * profiling thread that the window shares the cores with), so that no partial is built only to be
 * dropped. Used from the profiling thread only.
 */
final class PartialCadence {
    private final long periodNanos;
    private long lastTaken = Long.MIN_VALUE;
    private boolean takenOnce;

    PartialCadence(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /** Whether a partial made at {@code now} (System.nanoTime) would be shown. */
    boolean due(long now) {
        return !takenOnce || now - lastTaken >= periodNanos;
    }

    /** Whether to show the partial made at {@code now}; if so, the next one is due a period later. */
    boolean take(long now) {
        if (!due(now)) {
            return false;
        }
        takenOnce = true;
        lastTaken = now;
        return true;
    }
}
