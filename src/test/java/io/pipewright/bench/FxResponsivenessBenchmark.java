package io.pipewright.bench;

import io.pipewright.ui.common.FxTaskExecutor;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.data.DataView;
import io.pipewright.ui.data.DataViewModel;
import io.pipewright.ui.shell.DesktopLauncher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Whether the FX thread stays responsive while the Data workspace profiles the benchmark file:
 * a timer asks the FX thread to run a no-op every 5 ms and records how late each one ran. The
 * longest delay is the longest stall a person would feel (the floor is 100 ms). Runs headless
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

        long[] delays = new long[200_000];
        long[] when = new long[200_000];
        int count = 0;
        long start = System.nanoTime();
        long stopAt = Long.MAX_VALUE;
        // ping on for a second after the profile is done: showing the complete profile counts too
        while (System.nanoTime() < stopAt && count < delays.length) {
            if (stopAt == Long.MAX_VALUE && done.await(5, TimeUnit.MILLISECONDS)) {
                stopAt = System.nanoTime() + 1_000_000_000L;
            } else if (stopAt != Long.MAX_VALUE) {
                Thread.sleep(5);
            }
            long asked = System.nanoTime();
            var ran = new CountDownLatch(1);
            long[] at = new long[1];
            Platform.runLater(() -> {
                at[0] = System.nanoTime();
                ran.countDown();
            });
            ran.await();
            when[count] = asked - start;
            delays[count++] = at[0] - asked;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int worst = 0;
        for (int i = 1; i < count; i++) {
            if (delays[i] > delays[worst]) {
                worst = i;
            }
        }
        long[] sorted = Arrays.copyOf(delays, count);
        Arrays.sort(sorted);
        System.out.printf(Locale.US, "profiled %s, watching the FX thread for %.1f s (until a second after the end), %d pings%n", data.getFileName(), seconds, count);
        System.out.printf(Locale.US, "FX thread delay: median %.1f ms, p99 %.1f ms, max %.1f ms (floor: no stall over 100 ms)%n",
                sorted[count / 2] / 1e6, sorted[(int) (count * 0.99)] / 1e6, sorted[count - 1] / 1e6);
        System.out.printf(Locale.US, "the longest delay began %.2f s into the profile; the five longest:", when[worst] / 1e9);
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(delays[b], delays[a]));
        for (int i = 0; i < Math.min(5, count); i++) {
            System.out.printf(Locale.US, " %.0f ms at %.2f s%s", delays[order[i]] / 1e6, when[order[i]] / 1e9, i < 4 ? "," : System.lineSeparator());
        }
        System.out.printf(Locale.US, "longest update of the view on the FX thread: %.1f ms, longest CSS and layout pass (pulse listener): %.1f ms%n",
                longestUpdate[0] / 1e6, longestLayout[0] / 1e6);
        executor.shutdown();
        Platform.exit();
    }
}
