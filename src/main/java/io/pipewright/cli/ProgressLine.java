package io.pipewright.cli;

import io.pipewright.profile.Profiler;
import io.pipewright.work.ByteSizes;
import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn in place; silent when stderr is not a terminal. */
final class ProgressLine implements Profiler.Listener {
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
        long now = System.nanoTime();
        if (!terminal || now - last < EVERY_NANOS) {
            return;
        }
        last = now;
        double share = totalBytes <= 0 ? 0 : Math.min(1, (double) bytesRead / totalBytes);
        int width = 30;
        int filled = (int) Math.round(share * width);
        String eta = Double.isNaN(secondsLeft) ? "" : String.format(Locale.US, ", %.0f s left", secondsLeft);
        err.printf(Locale.US, "\r%s [%s%s] %3.0f %% %,d rows, %s%s   ", label, "#".repeat(filled), " ".repeat(width - filled), share * 100,
                rows, ByteSizes.human(bytesRead), eta);
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
