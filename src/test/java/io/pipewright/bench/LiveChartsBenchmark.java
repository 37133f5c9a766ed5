package io.pipewright.bench;

import io.pipewright.ui.chart.LineChart;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import io.pipewright.ui.shell.DesktopLauncher;
import io.pipewright.ui.training.ChartWarmUp;
import io.pipewright.ui.training.TrainingView;
import io.pipewright.ui.training.TrainingViewModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.SimpleObjectProperty;
import javafx.embed.swing.SwingNode;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.swing.SwingUtilities;
import org.knowm.xchart.XChartPanel;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The live charts of the Training workspace against XChart drawn by Swing in a SwingNode, the same
 * data in the same run: four learning curves and five system series grow to 100,000 points each
 * over 20 seconds, and the charts are updated five times a second. A no-op sent to the FX thread
 * every 5 ms measures how late it runs (the floor: no stall over 50 ms); for XChart, the time Swing
 * takes to paint each update is measured too, with every point and with the decimated points the
 * native charts draw. Needs a display (Xvfb), since a SwingNode needs AWT; software rendering.
 *
 * <p>Before the native charts, it runs the warm-up the window runs once its first frame is on screen
 * ({@link ChartWarmUp}), as when a person starts a run in a window that is up; {@code --cold} leaves it
 * out. {@code --stacks} samples the FX and renderer threads' stacks and prints what each of the five
 * longest stalls was; {@code --native-only} skips XChart.
 *
 * <pre>xvfb-run -a mvn -q test-compile exec:exec -Dbench=LiveChartsBenchmark</pre>
 */
public final class LiveChartsBenchmark {
    private static final int POINTS = 100_000;
    private static final String[] CURVES = {"train_logloss", "valid_logloss", "train_error", "valid_error"};
    private static final String[] SYSTEM = {"cpu_percent", "process_cpu_percent", "heap_used_mb", "heap_committed_mb", "rss_mb"};

    private LiveChartsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var options = List.of(args);
        double seconds = args.length > 0 && !args[0].startsWith("--") ? Double.parseDouble(args[0]) : 20;
        boolean cold = options.contains("--cold");
        boolean stacks = options.contains("--stacks");
        System.setProperty("prism.order", "sw"); // as the other window benchmarks: the same renderer everywhere
        DesktopLauncher.prepareProcess(); // as the app starts
        var started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
        try {
            if (!cold) {
                System.out.println("The window's warm-up of the training charts took " + ChartWarmUp.run() + " ms");
            }
            System.out.println("JavaFX-native charts (the Training workspace" + (cold ? ", without the warm-up" : "") + "): " + nativeCharts(seconds, stacks));
            if (!options.contains("--native-only")) {
                System.out.println("XChart in a SwingNode, every point drawn: " + xchart(seconds, false));
                System.out.println("XChart in a SwingNode, the decimated points: " + xchart(seconds, true));
            }
        } finally {
            Platform.exit();
            System.exit(0);
        }
    }

    /** Feeds the model as a run would: every series grows by the same number of points every 10 ms. */
    private static Thread producer(TrainingViewModel model, double seconds, AtomicBoolean done) {
        var thread = new Thread(() -> {
            var random = new java.util.Random(7);
            long start = System.nanoTime();
            int written = 0;
            while (written < POINTS) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                int target = (int) Math.min(POINTS, POINTS * elapsed / seconds);
                for (int step = written; step < target; step++) {
                    for (int c = 0; c < CURVES.length; c++) {
                        model.metric("train", CURVES[c], step, 1.0 / (1 + step / 1000.0) + c * 0.1 + random.nextGaussian() * 0.01);
                    }
                    for (int s = 0; s < SYSTEM.length; s++) {
                        model.metric("system", SYSTEM[s], step, 50 + s * 10 + random.nextGaussian() * 5);
                    }
                }
                written = target;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            done.set(true);
        }, "bench-producer");
        thread.setDaemon(true);
        return thread;
    }

    private static String nativeCharts(double seconds, boolean stacks) throws Exception {
        // as the app makes it: the charts built by the app's task executor, handed to the FX thread
        var executor = new io.pipewright.ui.common.FxTaskExecutor(3);
        var model = new TrainingViewModel(executor, Optional::empty, "no GPU detected (benchmark)");
        var shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            var view = new TrainingView(model, new SimpleObjectProperty<>(Palette.LIGHT));
            var stage = new Stage();
            stage.setScene(new Scene(view, 1280, 900));
            stage.show();
            model.begin("bench", () -> { });
            view.shown();
            shown.countDown();
        });
        shown.await();
        Thread.sleep(500);
        var done = new AtomicBoolean();
        var pinger = new FxPinger();
        var sampler = stacks ? new StallSampler() : null;
        if (sampler != null) {
            sampler.start();
        }
        pinger.start();
        producer(model, seconds, done).start();
        while (!done.get()) {
            Thread.sleep(50);
        }
        Thread.sleep(400);
        String result = pinger.finish("");
        if (sampler != null) {
            sampler.finish();
            for (long[] span : pinger.longestSpans(5)) {
                // from a little before the ping was sent: the work that made it wait may have begun just before
                System.out.printf(Locale.US, "  a stall of %.0f ms:%n%s", (span[1] - span[0]) / 1e6, sampler.between(span[0] - 5_000_000, span[1]));
            }
        }
        var points = new CountDownLatch(1);
        int[] drawn = new int[2];
        Platform.runLater(() -> {
            LineChart chart = model.learningProperty().get();
            drawn[0] = chart.series().size();
            drawn[1] = chart.series().get(0).x().length;
            points.countDown();
        });
        points.await();
        Platform.runLater(() -> Stage.getWindows().stream().filter(window -> window instanceof Stage).map(window -> (Stage) window).toList()
                .forEach(Stage::close));
        return result + String.format(Locale.US, "; %d curves of %,d points drawn as %,d each; the five longest delays: %s", drawn[0], POINTS, drawn[1],
                pinger.longest(5));
    }

    private static String xchart(double seconds, boolean decimated) throws Exception {
        var model = new TrainingViewModel(new SameThreadTaskExecutor(), Optional::empty, "");
        var charts = new ArrayList<XYChart>();
        var panels = new ArrayList<XChartPanel<XYChart>>();
        var paints = java.util.Collections.synchronizedList(new ArrayList<Long>());
        var full = new double[CURVES.length + SYSTEM.length][];
        SwingUtilities.invokeAndWait(() -> {
            for (String title : new String[] {"Learning curves", "CPU %", "Memory (MB)"}) {
                XYChart chart = new XYChartBuilder().width(600).height(260).title(title).build();
                chart.getStyler().setMarkerSize(0);
                chart.getStyler().setLegendVisible(true);
                charts.add(chart);
                panels.add(new XChartPanel<>(chart) {
                    @Override
                    protected void paintComponent(java.awt.Graphics g) {
                        long t = System.nanoTime();
                        super.paintComponent(g);
                        paints.add(System.nanoTime() - t);
                    }
                });
            }
        });
        var shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            var box = new VBox();
            for (var panel : panels) {
                var node = new SwingNode();
                SwingUtilities.invokeLater(() -> node.setContent(panel));
                node.resize(1200, 270);
                box.getChildren().add(node);
            }
            var stage = new Stage();
            stage.setScene(new Scene(box, 1280, 900));
            stage.show();
            model.begin("bench", () -> { });
            shown.countDown();
        });
        shown.await();
        Thread.sleep(1000);
        // five times a second: what the charts show goes to Swing, which paints it
        var ticker = new Timeline(new KeyFrame(Duration.millis(200), event -> {
            model.drain();
            var series = new ArrayList<double[][]>();
            if (decimated) {
                addSeries(series, model.learningProperty().get());
                addSeries(series, model.cpuProperty().get());
                addSeries(series, model.memoryProperty().get());
            } else {
                synchronized (full) {
                    for (double[] column : full) {
                        if (column != null) {
                            double[] x = new double[column.length];
                            Arrays.setAll(x, i -> i);
                            series.add(new double[][] {x, column});
                        }
                    }
                }
            }
            SwingUtilities.invokeLater(() -> {
                int[] perChart = {CURVES.length, 2, 3};
                int at = 0;
                for (int c = 0; c < charts.size(); c++) {
                    for (int s = 0; s < perChart[c] && at < series.size(); s++, at++) {
                        String name = "s" + s;
                        double[][] points = series.get(at);
                        if (points[0].length == 0) {
                            continue;
                        }
                        if (charts.get(c).getSeriesMap().containsKey(name)) {
                            charts.get(c).updateXYSeries(name, points[0], points[1], null);
                        } else {
                            charts.get(c).addSeries(name, points[0], points[1]).setMarker(SeriesMarkers.NONE);
                        }
                    }
                    panels.get(c).repaint();
                }
            });
        }));
        ticker.setCycleCount(Timeline.INDEFINITE);
        Platform.runLater(ticker::play);
        var done = new AtomicBoolean();
        var pinger = new FxPinger();
        pinger.start();
        // the full data, kept beside the model for the every-point variant
        var feeder = new Thread(() -> {
            var columns = new double[CURVES.length + SYSTEM.length][POINTS];
            long start = System.nanoTime();
            int written = 0;
            var random = new java.util.Random(7);
            while (written < POINTS) {
                int target = (int) Math.min(POINTS, POINTS * ((System.nanoTime() - start) / 1e9) / seconds);
                for (int step = written; step < target; step++) {
                    for (int c = 0; c < CURVES.length; c++) {
                        double value = 1.0 / (1 + step / 1000.0) + c * 0.1 + random.nextGaussian() * 0.01;
                        columns[c][step] = value;
                        model.metric("train", CURVES[c], step, value);
                    }
                    for (int s = 0; s < SYSTEM.length; s++) {
                        double value = 50 + s * 10 + random.nextGaussian() * 5;
                        columns[CURVES.length + s][step] = value;
                        model.metric("system", SYSTEM[s], step, value);
                    }
                }
                written = target;
                synchronized (full) {
                    for (int k = 0; k < columns.length; k++) {
                        full[k] = Arrays.copyOf(columns[k], written);
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            done.set(true);
        });
        feeder.setDaemon(true);
        feeder.start();
        while (!done.get()) {
            Thread.sleep(50);
        }
        Thread.sleep(400);
        Platform.runLater(ticker::stop);
        String result = pinger.finish("");
        long[] sorted;
        synchronized (paints) {
            sorted = paints.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        Platform.runLater(() -> Stage.getWindows().stream().filter(window -> window instanceof Stage).map(window -> (Stage) window).toList()
                .forEach(Stage::close));
        return result + (sorted.length == 0 ? "; no Swing paint" : String.format(Locale.US, "; Swing painted a chart %d times, median %.1f ms, longest %.1f ms",
                sorted.length, sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6));
    }

    private static void addSeries(List<double[][]> into, LineChart chart) {
        if (chart == null) {
            return;
        }
        chart.series().forEach(series -> into.add(new double[][] {series.x(), series.y()}));
    }
}
