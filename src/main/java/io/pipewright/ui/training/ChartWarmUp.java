package io.pipewright.ui.training;

import io.pipewright.ui.chart.FxSurface;
import io.pipewright.ui.chart.LineChart;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.util.Optional;
import java.util.Random;
import javafx.scene.canvas.Canvas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies the Training workspace's live charts before a run's first points arrive: feeds a made-up
 * run's learning curves and system series to a view model of its own, and draws its charts on a canvas
 * that is in no scene, round after round as the series grow, the way a run's charts are built and drawn.
 * A canvas in no scene may be drawn on from any thread, so none of it runs on the FX thread, and nothing
 * of it is ever shown. Without it, the first second of a run's charts ran the drawing code through the
 * interpreter on the FX thread, and held it up to 58 ms at a time. The window runs it once its first
 * frame is on screen, on a thread of its own below the background work's priority.
 */
public final class ChartWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(ChartWarmUp.class);
    private static final String[] CURVES = {"train_logloss", "valid_logloss"};
    private static final String[] SYSTEM = {"cpu_percent", "process_cpu_percent", "heap_used_mb", "heap_committed_mb", "rss_mb"};
    private static final int ROUNDS = 60;
    private static final int POINTS_PER_ROUND = 100;

    private ChartWarmUp() {
    }

    /** Runs the warm-up on the calling thread; how long it took, in milliseconds. A failure is logged and otherwise ignored. */
    public static long run() {
        long started = System.nanoTime();
        try {
            warm();
        } catch (RuntimeException e) {
            // it only readies code: a real run's charts report their own problems
            LOG.debug("the training charts' warm-up stopped: {}", e.toString());
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The warm-up itself; what goes wrong is thrown. */
    static void warm() {
        var model = new TrainingViewModel(new SameThreadTaskExecutor(), Optional::empty, "");
        model.begin("warm-up", () -> { });
        var random = new Random(3);
        var canvas = new Canvas(600, 300);
        var g = canvas.getGraphicsContext2D();
        for (int round = 0; round < ROUNDS; round++) {
            // short series are drawn as lines; past a point per pixel, as the band their line covers
            for (int step = round * POINTS_PER_ROUND; step < (round + 1) * POINTS_PER_ROUND; step++) {
                for (int c = 0; c < CURVES.length; c++) {
                    model.metric("train", CURVES[c], step, 1.0 / (1 + step / 1000.0) + c * 0.1 + random.nextGaussian() * 0.01);
                }
                for (int s = 0; s < SYSTEM.length; s++) {
                    model.metric("system", SYSTEM[s], step, 50 + s * 10 + random.nextGaussian() * 5);
                }
            }
            model.drain();
            for (LineChart chart : new LineChart[] {model.learningProperty().get(), model.cpuProperty().get(), model.memoryProperty().get()}) {
                // clearing the whole canvas drops what was drawn before: the canvas holds one drawing, not sixty
                g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
                var surface = new FxSurface(g, canvas.getWidth(), canvas.getHeight());
                chart.draw(surface, Palette.LIGHT);
                surface.flush();
            }
        }
        model.end("warmed up");
    }
}
