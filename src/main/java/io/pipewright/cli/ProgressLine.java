package io.pipewright.cli;

import io.pipewright.profile.Profiler;
import io.pipewright.work.ByteSizes;
import io.pipewright.work.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn in place; silent when stderr is not a terminal. It
 * hears a profile's rows and bytes, or any work that reports through {@link Progress}.
 */
final class ProgressLine implements Profiler.Listener, Progress {
    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final String label;
    private final boolean terminal = System.console() != null;
    private long last;
    private boolean drawn;

    ProgressLine(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void progress(long rows, long bytesRead, long totalBytes, double secondsLeft) {
        if (due()) {
            String eta = Double.isNaN(secondsLeft) ? "" : String.format(Locale.US, ", %.0f s left", secondsLeft);
            draw(totalBytes <= 0 ? 0 : (double) bytesRead / totalBytes, String.format(Locale.US, "%,d rows, %s%s", rows, ByteSizes.human(bytesRead), eta));
        }
    }

    @Override
    public void update(long done, long total, String message) {
        if (total > 0 && due()) {
            draw((double) done / total, message == null ? "" : message);
        }
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    private boolean due() {
        long now = System.nanoTime();
        if (!terminal || now - last < EVERY_NANOS) {
            return false;
        }
        last = now;
        return true;
    }

    private void draw(double share, String detail) {
        double shown = Math.max(0, Math.min(1, share));
        int width = 30;
        int filled = (int) Math.round(shown * width);
        err.printf(Locale.US, "\r%s [%s%s] %3.0f %% %s   ", label, "#".repeat(filled), " ".repeat(width - filled), shown * 100, detail);
        err.flush();
        drawn = true;
    }

    void done() {
        if (drawn) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
        }
    }
}
