package io.pipewright.bench;

import io.pipewright.ui.common.FxTaskExecutor;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.data.DataView;
import io.pipewright.ui.data.DataViewModel;
import io.pipewright.ui.shell.DesktopLauncher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Whether the FX thread stays responsive while the Data workspace profiles the benchmark file:
 * a timer asks the FX thread to run a no-op every 5 ms and records how late each one ran. The
 * longest delay is the longest stall a person would feel (the floor is 50 ms); beside each of the five
 * longest, the garbage-collection pauses within it, so the FX thread's own work is told from the JVM's. Runs headless
 * (Monocle), with the same view and view model as the app.
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=FxResponsivenessBenchmark</pre>
 */
public final class FxResponsivenessBenchmark {
    private FxResponsivenessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        Path data = args.length > 0 ? Path.of(args[0]) : BenchData.ensure(Path.of("target", "bench"), 1_000_000L);

        DesktopLauncher.prepareProcess(); // as the app starts
        var started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        var executor = new FxTaskExecutor(2);
        var done = new CountDownLatch(1);
        long[] longestUpdate = new long[1];
        long[] longestLayout = new long[1];
        long[] opened = new long[1];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        var longPasses = new java.util.concurrent.CopyOnWriteArrayList<String>();
        java.util.concurrent.Executor timed = runnable -> Platform.runLater(() -> {
            long t = System.nanoTime();
            runnable.run();
            longestUpdate[0] = Math.max(longestUpdate[0], System.nanoTime() - t);
        });
        var model = new DataViewModel(executor, timed, new Notifications(), Optional::empty, Clock.systemUTC());
        var shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            var stage = new Stage();
            var scene = new Scene(new DataView(model, () -> { }, name -> { }, name -> { }), 1280, 800);
            long[] pulseStart = new long[1];
            long[] cpuStart = new long[1];
            scene.addPreLayoutPulseListener(() -> {
                pulseStart[0] = System.nanoTime();
                cpuStart[0] = threads.getCurrentThreadCpuTime();
            });
            scene.addPostLayoutPulseListener(() -> {
                long pass = System.nanoTime() - pulseStart[0];
                longestLayout[0] = Math.max(longestLayout[0], pass);
                if (opened[0] > 0 && pass > 30_000_000L) {
                    // the FX thread's own CPU time in it: on a loaded machine most of a long pass is a wait for a core
                    longPasses.add(String.format(Locale.US, "%.0f ms (%.0f ms of CPU) at %.2f s", pass / 1e6,
                            (threads.getCurrentThreadCpuTime() - cpuStart[0]) / 1e6, (pulseStart[0] - opened[0]) / 1e9));
                }
            });
            stage.setScene(scene);
            stage.show();
            model.runningProperty().addListener((observable, before, running) -> {
                if (!running) {
                    done.countDown();
                }
            });
            shown.countDown();
        });
        shown.await();
        // as in the app, the window is up before a file is dropped: its first CSS pass and the Data workspace's warm-up,
        // which take a few seconds on a loaded machine, are not the profile's
        long waited = FxPinger.awaitQuiet(1000, 20, 60_000);
        System.out.printf(Locale.US, "the window was up and idle %.1f s after it was shown%n", waited / 1e3);
        Platform.runLater(() -> {
            longestLayout[0] = 0; // the window's own first pulses (and the Data workspace's warm-up) are not the profile's
            opened[0] = System.nanoTime();
            model.open(data);
        });

        var pinger = new FxPinger();
        pinger.start();
        done.await();
        Thread.sleep(1000); // ping on for a second after the profile is done: showing the complete profile counts too
        String delays = pinger.finish(" (floor: no stall over 50 ms)");
        System.out.printf(Locale.US, "profiled %s, watching the FX thread for %.1f s (until a second after the end): %s%n", data.getFileName(),
                pinger.seconds(), delays);
        System.out.printf(Locale.US, "the five longest delays: %s%n", pinger.longest(5));
        System.out.printf(Locale.US, "while pinging: %s%n", pinger.pauses());
        System.out.printf(Locale.US, "longest update of the view on the FX thread: %.1f ms, longest CSS and layout pass (pulse listener): %.1f ms%n",
                longestUpdate[0] / 1e6, longestLayout[0] / 1e6);
        System.out.printf(Locale.US, "CSS and layout passes over 30 ms (from the file's opening): %s%n",
                longPasses.isEmpty() ? "none" : String.join(", ", longPasses));
        executor.shutdown();
        Platform.exit();
    }
}
