package io.pipewright.ui.chart;

import io.pipewright.ui.chart.LineChart.Series;
import io.pipewright.ui.chart.ParallelCoordinatesChart.Axis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;

/**
 * How long the FX thread spends drawing the Experiments workspace's heaviest charts on a 1200 ×
 * 700 canvas (the target is well under 50 ms): 10 overlaid curves of 100 points with bands, and
 * 10,000 parallel-coordinate lines over 8 axes; and the Training workspace's live charts late in a
 * long run (series of 1,200 decimated points, noisy and smooth). Also times the snapshot, which includes software
 * rasterization, and the SVG export. Runs headless (Monocle, software pipeline).
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.pipewright.ui.chart.ChartDrawBenchmark
 * </pre>
 */
public final class ChartDrawBenchmark {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 700;
    private static final int ROUNDS = 20;

    private ChartDrawBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        var started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        measure("10 curves x 100 points, with bands", curves());
        measure("10,000 parallel-coordinate lines x 8 axes", sweep());
        measure("live: 5 noisy series x 1,200 points (a long run's system charts, decimated)", live(true));
        measure("live: 4 smooth series x 1,200 points (a long run's learning curves, decimated)", live(false));
        Platform.exit();
    }

    private static void measure(String name, Chart chart) throws Exception {
        var result = new CompletableFuture<String>();
        Platform.runLater(() -> {
            var canvas = new Canvas(WIDTH, HEIGHT);
            double[] draw = new double[ROUNDS];
            double[] snapshot = new double[ROUNDS];
            for (int round = -5; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                canvas.getGraphicsContext2D().clearRect(0, 0, WIDTH, HEIGHT);
                var surface = new FxSurface(canvas);
                chart.draw(surface, Palette.LIGHT);
                surface.flush();
                long t1 = System.nanoTime();
                canvas.snapshot(null, new WritableImage(WIDTH, HEIGHT));
                long t2 = System.nanoTime();
                if (round >= 0) {
                    draw[round] = (t1 - t0) / 1e6;
                    snapshot[round] = (t2 - t1) / 1e6;
                }
            }
            result.complete(String.format(Locale.ROOT, "draw median %.1f ms, max %.1f ms; snapshot (rasterizing) median %.1f ms",
                    median(draw), Arrays.stream(draw).max().orElse(0), median(snapshot)));
        });
        String fx = result.get();
        long t = System.nanoTime();
        int length = ChartExport.svg(chart, WIDTH, HEIGHT, Palette.LIGHT).length();
        double svg = (System.nanoTime() - t) / 1e6;
        System.out.printf(Locale.ROOT, "%s: %s; SVG %.0f ms, %,d characters%n", name, fx, svg, length);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Chart curves() {
        var random = new Random(7);
        var series = new ArrayList<Series>();
        for (int s = 0; s < 10; s++) {
            double[] x = new double[100];
            double[] y = new double[100];
            double[] lower = new double[100];
            double[] upper = new double[100];
            for (int i = 0; i < 100; i++) {
                x[i] = i;
                y[i] = 1 - Math.exp(-i / (8.0 + s)) + random.nextGaussian() * 0.01;
                lower[i] = y[i] - 0.02;
                upper[i] = y[i] + 0.02;
            }
            series.add(new Series("run " + s, null, x, y, lower, upper, false));
        }
        return new LineChart("Validation accuracy", "epoch", "accuracy", false, series);
    }

    /** What the Training workspace draws late in a long run: the series already decimated to 1,200 points each. */
    private static Chart live(boolean noisy) {
        var random = new Random(7);
        var series = new ArrayList<Series>();
        for (int s = 0; s < (noisy ? 5 : 4); s++) {
            double[] x = new double[1_200];
            double[] y = new double[1_200];
            for (int i = 0; i < x.length; i++) {
                x[i] = i * 80;
                double step = x[i];
                y[i] = noisy ? 50 + s * 10 + random.nextGaussian() * 5 : 1.0 / (1 + step / 1000.0) + s * 0.1 + random.nextGaussian() * 0.01;
            }
            series.add(new Series("series " + s, null, x, y));
        }
        return new LineChart(noisy ? "CPU %" : "Learning curves", noisy ? "seconds" : "iteration", "", false, series);
    }

    private static Chart sweep() {
        var random = new Random(7);
        int runs = 10_000;
        var axes = new ArrayList<Axis>();
        double[] metric = new double[runs];
        for (int a = 0; a < 8; a++) {
            double[] values = new double[runs];
            for (int i = 0; i < runs; i++) {
                values[i] = a == 1 ? random.nextInt(4) : random.nextDouble() * (a + 1);
            }
            axes.add(a == 1 ? new Axis("algorithm", values, List.of("rf", "gbm", "xgb", "linear")) : new Axis("param " + a, values));
            if (a == 7) {
                metric = values;
            }
        }
        return new ParallelCoordinatesChart("Sweep", axes, metric, "param 7");
    }
}
