package io.pipewright.ui.shell;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.TaskExecutor;
import javafx.application.Platform;
import javafx.scene.Scene;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the log how long after the JVM started the window's first frame came: the first pulse
 * that lays out the shown window. The first-frame benchmark reads this line; a person reads it when
 * the window seems slow to appear. The FX thread only notes the time; the line is written elsewhere.
 */
final class FirstFrame {
    private static final Logger LOG = LoggerFactory.getLogger(FirstFrame.class);
    /** The beginning of the log line, as the benchmark looks for it. */
    static final String MESSAGE = "first frame:";

    private FirstFrame() {
    }

    /**
     * Logs, through {@code background}, the time of the first pulse of {@code scene} that comes while
     * its window shows; then runs {@code after} on the FX thread, outside that pulse (work the first
     * frame does not need, started only once it is on screen so that it does not compete with it).
     */
    static void report(Scene scene, String what, TaskExecutor background, Runnable after) {
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (scene.getWindow() == null || !scene.getWindow().isShowing()) {
                return;
            }
            long pulseMillis = System.currentTimeMillis();
            scene.removePostLayoutPulseListener(listener[0]);
            background.execute(BackgroundTask.of("Noting the first frame", progress -> {
                long elapsed = pulseMillis - ManagementFactory.getRuntimeMXBean().getStartTime();
                LOG.info(String.format(Locale.ROOT, "%s %s shown %d ms after the JVM started", MESSAGE, what, elapsed));
                return elapsed;
            }).quiet());
            Platform.runLater(after);
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }
}
