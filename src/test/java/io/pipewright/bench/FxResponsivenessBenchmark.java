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

        DesktopLauncher.configureRendering(); // as the app starts
        var started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        var executor = new FxTaskExecutor(2);
        var done = new CountDownLatch(1);
        long[] longestUpdate = new long[1];
        long[] longestLayout = new long[1];
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
            scene.addPreLayoutPulseListener(() -> pulseStart[0] = System.nanoTime());
            scene.addPostLayoutPulseListener(() -> longestLayout[0] = Math.max(longestLayout[0], System.nanoTime() - pulseStart[0]));
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
        Thread.sleep(1000); // as in the app, the window is up before a file is dropped
        Platform.runLater(() -> {
            longestLayout[0] = 0; // the window's own first pulses (and the Data workspace's warm-up) are not the profile's
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
        executor.shutdown();
        Platform.exit();
    }
}
