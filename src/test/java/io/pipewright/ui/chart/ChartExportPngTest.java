package io.pipewright.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.ui.chart.LineChart.Series;
import io.pipewright.ui.chart.ParallelCoordinatesChart.Axis;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** PNG export and the on-screen canvas, drawn by JavaFX under Monocle. */
class ChartExportPngTest {
    private static final double[] EPOCHS = {1, 2, 3, 4, 5, 6};

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeStages() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static LineChart lossChart() {
        return new LineChart("Loss", "epoch", "loss", false, List.of(
                new Series("train", null, EPOCHS, new double[] {1.0, 0.7, 0.5, 0.4, 0.35, 0.3}),
                new Series("validation", null, EPOCHS, new double[] {1.1, 0.8, 0.65, 0.6, 0.58, 0.6})));
    }

    @Test
    void pngHasTheRequestedSizeAndShowsTheChart() throws Exception {
        Path file = dir.resolve("loss.png");
        var failure = new AtomicReference<Exception>();
        robot.interact(() -> {
            try {
                ChartExport.writePng(lossChart(), 640, 400, Palette.LIGHT, file);
            } catch (Exception e) {
                failure.set(e);
            }
        });
        assertThat(failure.get()).isNull();

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);
        assertThat(pixelsUnlike(image, Palette.LIGHT.background())).as("the curves and labels are drawn").isGreaterThan(1000);
        assertThat(pixelsOf(image, Palette.series(0))).as("the first series in its colour").isGreaterThan(50);
    }

    @Test
    void pngCanBeWrittenFromABackgroundThread() throws Exception {
        Path file = dir.resolve("sweep.png");
        double[] a = {1, 2, 3, 4};
        double[] b = {0.9, 0.8, Double.NaN, 0.7};
        var chart = new ParallelCoordinatesChart("Sweep", List.of(new Axis("a", a), new Axis("b", b)), a, "a");

        ChartExport.writePngFromBackground(chart, 300, 200, Palette.DARK, file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(200);
        assertThat(pixelsUnlike(image, Palette.DARK.background())).isGreaterThan(300);
    }

    @Test
    void pngOffTheFxThreadIsRefusedWithAPointer() {
        assertThatThrownBy(() -> ChartExport.writePng(lossChart(), 100, 100, Palette.LIGHT, dir.resolve("x.png")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("writePngFromBackground");
    }

    @Test
    void canvasFillsItsRegionAndRedrawsWhenResized() throws Exception {
        var view = new ChartCanvas(lossChart());
        robot.interact(() -> {
            var stage = new Stage();
            stage.setScene(new Scene(new StackPane(view), 600, 400));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.canvas().getWidth()).isEqualTo(600);
        assertThat(view.canvas().getHeight()).isEqualTo(400);
        assertThat(countUnlike(snapshot(view), Palette.LIGHT.background())).isGreaterThan(1000);

        robot.interact(() -> {
            view.getScene().getWindow().setWidth(300);
            view.getScene().getWindow().setHeight(250);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.canvas().getWidth()).isEqualTo(view.getWidth()).isLessThan(600);

        robot.interact(() -> view.setPalette(Palette.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        int[] dark = snapshot(view);
        assertThat(dark[5]).as("the corner takes the dark background").isEqualTo(0xff000000 | Palette.rgb(Palette.DARK.background()));
    }

    private int[] snapshot(ChartCanvas view) {
        var pixels = new AtomicReference<int[]>();
        robot.interact(() -> {
            var canvas = view.canvas();
            int w = (int) canvas.getWidth();
            int h = (int) canvas.getHeight();
            WritableImage image = canvas.snapshot(null, new WritableImage(w, h));
            int[] argb = new int[w * h];
            image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), java.nio.IntBuffer.wrap(argb), w);
            pixels.set(argb);
        });
        return pixels.get();
    }

    private static long countUnlike(int[] argb, String color) {
        int rgb = Palette.rgb(color);
        long n = 0;
        for (int p : argb) {
            if ((p & 0xffffff) != rgb) {
                n++;
            }
        }
        return n;
    }

    private static long pixelsUnlike(BufferedImage image, String color) {
        return countUnlike(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()), color);
    }

    private static long pixelsOf(BufferedImage image, String color) {
        int rgb = Palette.rgb(color);
        long n = 0;
        for (int p : image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth())) {
            if (near(p, rgb)) {
                n++;
            }
        }
        return n;
    }

    /** Antialiasing and rounding shift a colour by a few units. */
    private static boolean near(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 12) {
                return false;
            }
        }
        return true;
    }
}
