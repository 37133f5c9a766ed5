package io.pipewright.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pipewright.ui.chart.LineChart.Series;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * A line with a point in every pixel column (a long run's CPU load, a learning curve of thousands of
 * rounds) is drawn as the band its stroke covers; what a person sees of it stays: its spikes, its ends,
 * its gaps, its width. An 800-pixel export leaves about 700 pixels across for the plot.
 */
class DenseLineTest {
    private static final String COLOUR = "#1f6feb";
    private static final double HALF_WIDTH = 1.75 / 2;

    @Test
    void aNoisySeriesOfFiveThousandPointsIsOneFilledShapeThatReachesItsSpikeAndItsLowestPoint() {
        var random = new Random(11);
        int n = 5_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 50 + random.nextGaussian() * 5;
        }
        y[3_210] = 95; // a spike
        int lowest = 0;
        for (int i = 0; i < n; i++) {
            lowest = y[i] < y[lowest] ? i : lowest;
        }
        // the same two points as dots, whose centres say where the spike and the lowest point are on the plot
        var marks = Series.points("marks", "#000000", new double[] {x[3_210], x[lowest]}, new double[] {y[3_210], y[lowest]});
        var svg = SvgDocument.of(new LineChart("CPU %", "seconds", "", false, List.of(new Series("cpu", COLOUR, x, y), marks)));

        assertThat(svg.count("polyline")).as("no stroke of five thousand points").isZero();
        List<Element> shapes = shapesOf(svg);
        assertThat(shapes).hasSize(1);
        double[][] points = points(shapes.get(0));
        assertThat(points[0].length).as("a handful of corners per pixel column, not one per point").isLessThan(2 * 800);
        double spikeY = Double.parseDouble(svg.elements("circle").get(0).getAttribute("cy"));
        double lowestY = Double.parseDouble(svg.elements("circle").get(1).getAttribute("cy"));
        assertThat(Arrays.stream(points[1]).min().orElseThrow()).as("the spike, with half the line's width above it").isCloseTo(spikeY - HALF_WIDTH, within(0.02));
        assertThat(Arrays.stream(points[1]).max().orElseThrow()).as("the lowest point, with half the line's width below it").isCloseTo(lowestY + HALF_WIDTH,
                within(0.02));
        assertThat(shapes.get(0).getAttribute("fill-opacity")).as("as opaque as the line").isIn("", "1");
    }

    @Test
    void aFlatDenseLineIsAsThickAsAStrokeAndSpansItsFirstToItsLastPoint() {
        double[] x = new double[2_000];
        double[] y = new double[2_000];
        Arrays.setAll(x, i -> i);
        Arrays.fill(y, 3);
        var ends = Series.points("ends", "#000000", new double[] {0, 1_999}, new double[] {3, 3});
        var svg = SvgDocument.of(new LineChart("Flat", "step", "", false, List.of(new Series("flat", COLOUR, x, y), ends), null, null, 0.0, 6.0));

        double[][] points = points(shapesOf(svg).get(0));
        double first = Double.parseDouble(svg.elements("circle").get(0).getAttribute("cx"));
        double last = Double.parseDouble(svg.elements("circle").get(1).getAttribute("cx"));
        assertThat(Arrays.stream(points[0]).min().orElseThrow()).isCloseTo(first, within(0.02));
        assertThat(Arrays.stream(points[0]).max().orElseThrow()).isCloseTo(last, within(0.02));
        assertThat(Arrays.stream(points[1]).max().orElseThrow() - Arrays.stream(points[1]).min().orElseThrow()).as("the line's width")
                .isCloseTo(2 * HALF_WIDTH, within(0.02));
    }

    @Test
    void aMissingValueBreaksADenseLineIntoTwoShapes() {
        double[] x = new double[3_000];
        double[] y = new double[3_000];
        Arrays.setAll(x, i -> i);
        Arrays.setAll(y, i -> i == 1_500 ? Double.NaN : Math.sin(i / 100.0));
        var svg = SvgDocument.of(new LineChart("Gap", "step", "", false, List.of(new Series("wave", COLOUR, x, y))));

        assertThat(shapesOf(svg)).hasSize(2);
        assertThat(svg.count("polyline")).isZero();
    }

    @Test
    void aSparseOrDashedLineIsStillStroked() {
        double[] x = new double[100];
        double[] y = new double[100];
        Arrays.setAll(x, i -> i * 30.0); // across the same 3,000 steps: some 7 pixels apart
        Arrays.setAll(y, i -> i % 7);
        double[] denseX = new double[3_000];
        double[] denseY = new double[3_000];
        Arrays.setAll(denseX, i -> i);
        Arrays.setAll(denseY, i -> i % 7);
        var svg = SvgDocument.of(new LineChart("Mixed", "step", "", false, List.of(new Series("sparse", COLOUR, x, y),
                new Series("core 0", "#bf3989", denseX, denseY, null, null, true))));

        assertThat(svg.polylinePoints()).as("100 points and a dashed line, each stroked as before").containsExactly(100, 3_000);
        assertThat(shapesOf(svg)).isEmpty();
    }

    /** The filled shapes in the series' colour (the legend's swatch is a line, the background a rectangle). */
    private static List<Element> shapesOf(SvgDocument svg) {
        return svg.elements("polygon").stream().filter(e -> e.getAttribute("fill").equalsIgnoreCase(COLOUR)).toList();
    }

    private static double[][] points(Element polygon) {
        String[] pairs = polygon.getAttribute("points").trim().split("\\s+");
        double[] xs = new double[pairs.length];
        double[] ys = new double[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            String[] xy = pairs[i].split(",");
            xs[i] = Double.parseDouble(xy[0]);
            ys[i] = Double.parseDouble(xy[1]);
        }
        return new double[][] {xs, ys};
    }
}
