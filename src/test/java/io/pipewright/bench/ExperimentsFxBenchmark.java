package io.pipewright.bench;

import io.pipewright.track.RunPages.Column;
import io.pipewright.track.RunPages;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.FxTaskExecutor;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.ScriptedDialogs;
import io.pipewright.ui.experiments.CompareViewModel;
import io.pipewright.ui.experiments.ExperimentsViewModel;
import io.pipewright.ui.experiments.ExperimentsWorkspace;
import io.pipewright.ui.shell.DesktopLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The FX thread's longest stall in the Experiments workspace over the store benchmark's 10,000
 * runs (10 metric and 10 param columns shown): while the runs table is scrolled from top to bottom
 * and back in jumps (its pages read as they come into view), then while a comparison of 10 runs
 * draws its overlaid curves again and again (smoothing changed every frame). A timer asks the FX
 * thread to run a no-op every 5 ms and records how late each ran; the floor is 50 ms. Headless
 * (Monocle, software rendering), with the app's own views and view models.
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=ExperimentsFxBenchmark</pre>
 */
public final class ExperimentsFxBenchmark {
    private ExperimentsFxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        int runCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path home = Files.createTempDirectory("pipewright-experiments-bench");
        try (Store store = Store.open(home.resolve("store"), "bench")) {
            long t = System.nanoTime();
            StoreBenchmark.fill(new Runs(store, Clock.systemUTC()), runCount);
            System.out.printf(Locale.US, "filled the store with %,d runs in %.1f s%n", runCount, (System.nanoTime() - t) / 1e9);
            System.gc(); // the fill's garbage is the benchmark's setup, not the workspace's
            run(store, runCount);
        } finally {
            // the FX thread is not a daemon: end the process even when the benchmark failed
            Platform.exit();
        }
    }

    private static void run(Store store, int runCount) throws Exception {
        DesktopLauncher.prepareProcess(); // as the app starts
        var started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        var executor = new FxTaskExecutor(3);
        var memory = new ExperimentsViewModel.ColumnMemory() {
            @Override
            public Optional<List<Column>> columns(String experiment) {
                return Optional.empty(); // the default choice: four metrics and four params
            }

            @Override
            public void remember(String experiment, List<Column> columns) {
            }
        };
        var model = new ExperimentsViewModel(executor, () -> Optional.of(store), new Notifications(), memory);
        var workspace = new ExperimentsWorkspace(model, executor, () -> Optional.of(store), new Notifications(), new ScriptedDialogs(List.of()),
                new SimpleObjectProperty<>(Palette.LIGHT));
        var ready = new CountDownLatch(1);
        long[] pulseStart = new long[1];
        long[] longestLayout = new long[1];
        var passes = java.util.Collections.synchronizedList(new ArrayList<Long>());
        Platform.runLater(() -> {
            var stage = new Stage();
            var scene = new Scene(workspace.view(), 1280, 800);
            // the FX thread's own CSS and layout work of each pulse, apart from waiting for the (software) renderer
            scene.addPreLayoutPulseListener(() -> pulseStart[0] = System.nanoTime());
            scene.addPostLayoutPulseListener(() -> {
                long took = System.nanoTime() - pulseStart[0];
                longestLayout[0] = Math.max(longestLayout[0], took);
                if (passes.size() < 100_000) {
                    passes.add(took);
                }
            });
            stage.setScene(scene);
            stage.show();
            model.matchingProperty().addListener((o, old, counted) -> {
                if (counted.longValue() == runCount) {
                    ready.countDown();
                }
            });
            model.refresh();
        });
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the runs table did not fill");
        }
        Thread.sleep(1000);

        var table = workspace.view().table();
        String defaultScroll = scroll(table, runCount, longestLayout, passes);
        var wide = new ArrayList<Column>();
        for (int i = 0; i < 10; i++) {
            wide.add(Column.metric("metric_" + i, Column.Aggregate.LAST));
            wide.add(Column.param("param_" + i));
        }
        var widened = new CountDownLatch(1);
        Platform.runLater(() -> {
            model.rowsProperty().addListener((o, old, list) -> widened.countDown());
            model.setColumns(wide);
        });
        widened.await(30, TimeUnit.SECONDS);
        Thread.sleep(1000);
        String wideScroll = scroll(table, runCount, longestLayout, passes);
        int rows = runCount;

        // as a person would: sort by a metric, then type a filter and press Enter; timed to the first row shown
        var sorted = new CountDownLatch(1);
        Platform.runLater(() -> {
            model.rowsProperty().addListener((o, old, list) -> sorted.countDown());
            model.sortBy(Column.metric("metric_1", Column.Aggregate.LAST), false);
        });
        sorted.await(30, TimeUnit.SECONDS);
        Thread.sleep(500);
        var filterTimes = new ArrayList<Double>();
        String[] filters = {"metrics.metric_0 > 0.5 and params.param_0 = 'xgboost'", "metrics.metric_0 > 0.6 and params.param_0 = 'random_forest'",
            "metrics.metric_2 < 0.4 and params.param_0 = 'xgboost'"};
        for (String filter : filters) {
            var before = WaitForAsyncLayout.rows(model);
            long applied = System.nanoTime();
            Platform.runLater(() -> model.setFilter(filter));
            while (true) {
                var shown = WaitForAsyncLayout.firstRow(model, before);
                if (shown) {
                    break;
                }
                Thread.sleep(1);
            }
            filterTimes.add((System.nanoTime() - applied) / 1e6);
            Thread.sleep(300);
        }
        var cleared = WaitForAsyncLayout.rows(model);
        Platform.runLater(() -> model.setFilter(""));
        while (!WaitForAsyncLayout.firstRow(model, cleared)) {
            Thread.sleep(5);
        }

        // a comparison of 10 runs: the curves tab redrawn with a new smoothing every frame
        var chosen = new AtomicReference<CompareViewModel>();
        var compareReady = new CountDownLatch(1);
        Platform.runLater(() -> model.runsAt(List.of(0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000).stream()
                .filter(i -> i < rows).toList(), found -> {
                    CompareViewModel compare = workspace.compare(found);
                    chosen.set(compare);
                    compare.curvesProperty().addListener((o, old, chart) -> {
                        if (chart != null) {
                            compareReady.countDown();
                        }
                    });
                }));
        if (!compareReady.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the comparison's curves did not appear");
        }
        Platform.runLater(() -> {
            longestLayout[0] = 0;
            passes.clear();
        });
        var draw = new FxPinger();
        draw.start();
        Platform.runLater(() -> workspace.view().lookupAll("#compare-tabs").forEach(node -> ((javafx.scene.control.TabPane) node)
                .getSelectionModel().select(1)));
        for (int frame = 0; frame < 150; frame++) {
            double smoothing = (frame % 100) / 100.0;
            Platform.runLater(() -> chosen.get().smoothingProperty().set(smoothing));
            Thread.sleep(16);
        }
        Thread.sleep(500);
        var drawn = draw.finish(" (floor: no stall over 50 ms)");
        long drawLayout = WaitForAsyncLayout.read(longestLayout);
        String drawPasses = describe(passes);

        System.out.printf(Locale.US, "scrolling %,d runs down and up in jumps of 150 rows, the default 8 value columns: %s%n", runCount, defaultScroll);
        System.out.printf(Locale.US, "the same with 20 value columns: %s%n", wideScroll);
        System.out.printf(Locale.US, "from a filter applied (Enter) to the first row of the filtered, metric-sorted table: %s ms (floor 200)%n",
                filterTimes.stream().map(t -> String.format(Locale.US, "%.0f", t)).toList());
        System.out.printf(Locale.US, "redrawing a 10-run overlay of 100-step curves 150 times: %s; longest CSS, layout and drawing pass %.1f ms (%s)%n",
                drawn, drawLayout / 1e6, drawPasses);
        executor.shutdown();
        Platform.exit();
    }

    /** Scrolls the table in jumps of 150 rows every 16 ms, to the end and back, while pinging the FX thread. */
    private static String scroll(javafx.scene.control.TableView<?> table, int rows, long[] longestLayout, List<Long> passes) throws Exception {
        Platform.runLater(() -> {
            longestLayout[0] = 0;
            passes.clear();
        });
        var scroll = new FxPinger();
        scroll.start();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < rows; i += 150) {
                int index = pass == 0 ? i : rows - 1 - i;
                Platform.runLater(() -> table.scrollTo(index));
                Thread.sleep(16);
            }
        }
        Thread.sleep(500);
        String scrolled = scroll.finish(" (floor: no stall over 50 ms)");
        long layout = WaitForAsyncLayout.read(longestLayout);
        return String.format(Locale.US, "%s; longest CSS and layout pass %.1f ms (%s)", scrolled, layout / 1e6, describe(passes));
    }

    /** The pulses' CSS and layout passes: how many, the median and the five longest. */
    private static String describe(List<Long> passes) {
        long[] sorted;
        synchronized (passes) {
            sorted = passes.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (sorted.length == 0) {
            return "no pulse";
        }
        var longest = new StringBuilder();
        for (int i = sorted.length - 1; i >= Math.max(0, sorted.length - 5); i--) {
            longest.append(longest.length() == 0 ? "" : ", ").append(String.format(Locale.US, "%.0f", sorted[i] / 1e6));
        }
        return String.format(Locale.US, "%d pulses, median %.1f ms, the five longest %s ms", sorted.length, sorted[sorted.length / 2] / 1e6, longest);
    }

    /** Reads a value the FX thread writes, on the FX thread. */
    private static final class WaitForAsyncLayout {
        static Object rows(ExperimentsViewModel model) throws Exception {
            var result = new java.util.concurrent.CompletableFuture<Object>();
            Platform.runLater(() -> result.complete(model.rowsProperty().get()));
            return result.get(10, TimeUnit.SECONDS);
        }

        /** Whether a new row list has replaced {@code before} and shows its first run. */
        static boolean firstRow(ExperimentsViewModel model, Object before) throws Exception {
            var result = new java.util.concurrent.CompletableFuture<Boolean>();
            Platform.runLater(() -> {
                var list = model.rowsProperty().get();
                result.complete(list != before && !list.isEmpty() && list.get(0).row() != null);
            });
            return result.get(10, TimeUnit.SECONDS);
        }

        static long read(long[] value) throws Exception {
            var result = new java.util.concurrent.CompletableFuture<Long>();
            Platform.runLater(() -> result.complete(value[0]));
            return result.get(10, TimeUnit.SECONDS);
        }
    }
}
