package io.pipewright.ui.chart;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;

/**
 * Saves a chart as the same drawing the screen shows: SVG through {@link SvgSurface}, PNG by
 * drawing on an off-screen canvas and taking its snapshot.
 */
public final class ChartExport {
    private ChartExport() {
    }

    /** The chart as an SVG document of the given size in pixels. Any thread. */
    public static String svg(Chart chart, double width, double height, Palette palette) {
        var surface = new SvgSurface(width, height);
        chart.draw(surface, palette);
        return surface.toSvg();
    }

    /** Writes {@link #svg} as UTF-8. Any thread; it does I/O, so not the FX thread. */
    public static void writeSvg(Chart chart, double width, double height, Palette palette, Path file) throws IOException {
        Files.writeString(file, svg(chart, width, height, palette), StandardCharsets.UTF_8);
    }

    /**
     * Writes the chart as a PNG of exactly {@code width} × {@code height} pixels. Call on the FX
     * thread (a snapshot can only be taken there); from a background thread use
     * {@link #writePngFromBackground}, which keeps the file I/O off the FX thread.
     *
     * @throws IllegalStateException when called off the FX thread
     */
    public static void writePng(Chart chart, int width, int height, Palette palette, Path file) throws IOException {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("writePng runs on the FX thread; use writePngFromBackground elsewhere");
        }
        write(render(chart, width, height, palette), width, height, file);
    }

    /**
     * Like {@link #writePng}, for a background thread: the chart is drawn and its snapshot taken on
     * the FX thread, then the PNG is encoded and written on the calling thread, which waits for the
     * FX thread meanwhile. The FX toolkit must be running.
     *
     * @throws IllegalStateException when called on the FX thread (it would wait for itself)
     */
    public static void writePngFromBackground(Chart chart, int width, int height, Palette palette, Path file)
            throws IOException, InterruptedException {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("writePngFromBackground waits for the FX thread; call writePng there instead");
        }
        var pixels = new CompletableFuture<int[]>();
        Platform.runLater(() -> {
            try {
                pixels.complete(render(chart, width, height, palette));
            } catch (RuntimeException | Error e) {
                pixels.completeExceptionally(e);
            }
        });
        try {
            write(pixels.get(), width, height, file);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("drawing the chart failed", e.getCause());
        }
    }

    /** Draws off screen and reads the snapshot back as ARGB pixels, row by row. FX thread. */
    private static int[] render(Chart chart, int width, int height, Palette palette) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a PNG needs a positive size, not " + width + " × " + height);
        }
        var canvas = new Canvas(width, height);
        var surface = new FxSurface(canvas);
        chart.draw(surface, palette);
        surface.flush();
        var parameters = new SnapshotParameters();
        parameters.setFill(Color.web(palette.background()));
        WritableImage image = canvas.snapshot(parameters, new WritableImage(width, height));
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), IntBuffer.wrap(argb), width);
        return argb;
    }

    /**
     * Encodes through AWT's ImageIO: this is what SwingFXUtils.fromFXImage does, done here because
     * the javafx-swing module is not among the project's dependencies.
     */
    private static void write(int[] argb, int width, int height, Path file) throws IOException {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, width, height, argb, 0, width);
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this Java runtime");
        }
    }
}
