package io.pipewright.cli;

import io.pipewright.work.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on stderr for work that reports through {@link Progress}; silent when stderr is not a terminal. */
final class ProgressPercent implements Progress {
    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final String label;
    private final boolean terminal = System.console() != null;
    private long last;
    private boolean drawn;

    ProgressPercent(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void update(long done, long total, String message) {
        long now = System.nanoTime();
        if (!terminal || total <= 0 || now - last < EVERY_NANOS) {
            return;
        }
        last = now;
        double share = Math.min(1, (double) done / total);
        int width = 30;
        int filled = (int) Math.round(share * width);
        err.printf(Locale.US, "\r%s [%s%s] %3.0f %% %s   ", label, "#".repeat(filled), " ".repeat(width - filled), share * 100, message == null ? "" : message);
        err.flush();
        drawn = true;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    void done() {
        if (drawn) {
            err.print("\r" + " ".repeat(110) + "\r");
            err.flush();
        }
    }
}
