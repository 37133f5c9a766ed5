package io.pipewright.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ui.chart.LineChart.Series;
import io.pipewright.ui.chart.ParallelCoordinatesChart.Axis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** Each chart exports as well-formed SVG that shows its data, labels and legend. */
class SvgExportTest {
    private static final double[] EPOCHS = {1, 2, 3, 4, 5};

    @Test
    void overlaidCurvesWithBandsShowEveryLineBandAndName() {
        var series = new ArrayList<Series>();
        for (int i = 0; i < 3; i++) {
            double[] mean = {0.5 + i * 0.1, 0.6 + i * 0.1, 0.65 + i * 0.1, 0.7 + i * 0.1, 0.72 + i * 0.1};
            double[] lower = mean.clone();
            double[] upper = mean.clone();
            for (int k = 0; k < mean.length; k++) {
                lower[k] -= 0.03;
                upper[k] += 0.03;
            }
            series.add(new Series("fold mean " + i, null, EPOCHS, mean, lower, upper, false));
        }
        var svg = SvgDocument.of(new LineChart("Validation accuracy", "epoch", "accuracy", false, series));

        assertThat(svg.count("polyline")).isEqualTo(3);
        assertThat(svg.count("polygon")).isEqualTo(3);
        assertThat(svg.polylinePoints()).containsOnly(5);
        assertThat(svg.elements("polygon")).allSatisfy(band -> assertThat(Double.parseDouble(band.getAttribute("fill-opacity"))).isLessThan(0.5));
        assertThat(svg.texts()).contains("Validation accuracy", "epoch", "accuracy", "fold mean 0", "fold mean 1", "fold mean 2");
        assertThat(svg.elements("polyline").stream().map(e -> e.getAttribute("stroke")).distinct()).as("one colour per series").hasSize(3);
        assertThat(svg.document().getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 800 500");
    }

    @Test
    void aTuningChartTicksWholeTrialsAndDrawsPrunedTrialsAsCrosses() {
        var line = new Series("roc_auc per trial", "#1f6feb", new double[] {0, 2}, new double[] {0.80, 0.85});
        var pruned = Series.crosses("pruned (×)", "#bf3989", new double[] {1}, new double[] {Double.NaN});
        var svg = SvgDocument.of(new LineChart("Tuning", "trial", "roc_auc", false, List.of(line, pruned)).wholeNumbersOnX());

        var numbers = svg.texts().stream().filter(text -> text.matches("-?[0-9.]+")).toList();
        assertThat(numbers).as("trial ticks").contains("0", "1", "2").doesNotContain("0.5", "1.5");
        var crossLines = svg.elements("line").stream().filter(e -> e.getAttribute("stroke").equalsIgnoreCase("#bf3989")).toList();
        assertThat(crossLines).as("the pruned trial, drawn though it has no score: its legend swatch and the two strokes of its ×")
                .hasSize(3);
    }

    @Test
    void curvesAreClippedToThePlotOnlyWhenBoundsSetByHandCutThem() {
        var series = List.of(new Series("loss", null, EPOCHS, new double[] {5, 4, 3, 2, 1}));
        var fitted = SvgDocument.of(new LineChart("Loss", "epoch", "loss", false, series));
        var cut = SvgDocument.of(new LineChart("Loss", "epoch", "loss", false, series, null, null, 0.0, 3.0));

        assertThat(fitted.count("clipPath")).as("bounds that fit the data").isZero();
        assertThat(cut.count("clipPath")).as("values above a y maximum set by hand").isEqualTo(1);
        assertThat(cut.polylinePoints()).containsExactly(5);
    }

    @Test
    void seriesNamesWithMarkupCharactersAreShownAsTyped() {
        String name = "a<b & \"c\" 'd'";
        var chart = new LineChart("loss < 0.1 & falling", "step", "loss", false,
                List.of(new Series(name, "#1f6feb", EPOCHS, new double[] {5, 4, 3, 2, 1})));
        var svg = SvgDocument.of(chart);

        assertThat(svg.texts()).contains(name, "loss < 0.1 & falling");
    }

    @Test
    void controlCharactersInANameDoNotBreakTheFile() {
        var chart = new LineChart("run\u0001 7", "x", "y", false,
                List.of(new Series("bell\u0007", null, EPOCHS, EPOCHS)));
        var svg = SvgDocument.of(chart);

        assertThat(svg.texts()).contains("run 7", "bell");
    }

    @Test
    void logScaleLeavesOutValuesItCannotShow() {
        var chart = new LineChart("Loss", "epoch", "loss", true,
                List.of(new Series("train", null, new double[] {1, 2, 3, 4, 5, 6}, new double[] {1, 10, 0, -5, 100, 1000})));
        var svg = SvgDocument.of(chart);

        assertThat(svg.polylinePoints()).as("zero and -5 leave a gap").containsExactly(2, 2);
        assertThat(svg.texts()).contains("1", "10", "100", "1k");
    }

    @Test
    void aMissingValueBreaksTheLine() {
        var chart = new LineChart("AUC", "epoch", "auc", false,
                List.of(new Series("val", null, EPOCHS, new double[] {0.6, 0.7, Double.NaN, 0.8, 0.82})));
        var svg = SvgDocument.of(chart);

        assertThat(svg.polylinePoints()).containsExactly(2, 2);
    }

    @Test
    void rocCurveKeepsItsFixedUnitSquareAndDashedDiagonal() {
        var roc = new Series("model (AUC 0.91)", null, new double[] {0, 0.1, 0.3, 1}, new double[] {0, 0.7, 0.9, 1});
        var chance = new Series("chance", "#8c959f", new double[] {0, 1}, new double[] {0, 1}, null, null, true);
        var svg = SvgDocument.of(new LineChart("ROC", "false positive rate", "true positive rate", false,
                List.of(roc, chance), 0.0, 1.0, 0.0, 1.0));

        assertThat(svg.texts()).contains("0", "0.2", "0.4", "0.6", "0.8", "1").doesNotContain("1.2", "-0.2");
        assertThat(svg.elements("polyline")).filteredOn(e -> e.hasAttribute("stroke-dasharray")).hasSize(1);
    }

    @Test
    void longLegendsAreCutShortWithACountOfTheRest() {
        var series = new ArrayList<Series>();
        for (int i = 0; i < 15; i++) {
            series.add(new Series("run-" + i + (i == 0 ? "-with-a-very-long-name-that-would-cover-the-plot-area" : ""), null, EPOCHS, EPOCHS));
        }
        var svg = SvgDocument.of(new LineChart("Loss", "epoch", "loss", false, series));

        assertThat(svg.count("polyline")).as("every curve is drawn").isEqualTo(15);
        assertThat(svg.texts()).contains("+4 more").doesNotContain("run-14");
        assertThat(svg.texts()).filteredOn(t -> t.startsWith("run-0")).singleElement().asString().endsWith("…");
    }

    @Test
    void emptyChartSaysSo() {
        var svg = SvgDocument.of(new LineChart("Loss", "epoch", "loss", false, List.of()));

        assertThat(svg.texts()).contains("No data");
    }

    @Test
    void parallelCoordinatesDrawOneLinePerRunAndNameMissingValues() {
        int runs = 50;
        double[] rate = new double[runs];
        double[] algorithm = new double[runs];
        double[] depth = new double[runs];
        double[] accuracy = new double[runs];
        for (int i = 0; i < runs; i++) {
            rate[i] = 0.001 * (1 + i % 10);
            algorithm[i] = i % 2;
            depth[i] = i % 7 == 0 ? Double.NaN : 3 + i % 5;
            accuracy[i] = 0.7 + 0.005 * i;
        }
        var chart = new ParallelCoordinatesChart("Sweep", List.of(
                new Axis("learning rate", rate),
                new Axis("algorithm", algorithm, List.of("random forest", "boosting")),
                new Axis("max depth", depth),
                new Axis("accuracy", accuracy)), accuracy, "accuracy");
        var svg = SvgDocument.of(chart);

        assertThat(svg.count("polyline")).isEqualTo(runs);
        assertThat(svg.polylinePoints()).as("missing depths keep their line whole").containsOnly(4);
        assertThat(svg.texts()).contains("learning rate", "algorithm", "max depth", "random forest", "boosting", "missing");
        assertThat(svg.elements("polyline").stream().map(e -> e.getAttribute("stroke")).distinct().count())
                .as("coloured by accuracy").isGreaterThan(10);
    }

    @Test
    void parallelCoordinatesOfTenThousandRunsStayAReasonableFile() {
        int runs = 10_000;
        double[] a = new double[runs];
        double[] b = new double[runs];
        for (int i = 0; i < runs; i++) {
            a[i] = i;
            b[i] = Math.sin(i);
        }
        var chart = new ParallelCoordinatesChart("Big sweep", List.of(new Axis("a", a), new Axis("b", b), new Axis("c", a)), b, "b");
        String svg = ChartExport.svg(chart, 1200, 700, Palette.DARK);

        assertThat(SvgDocument.parse(svg).count("polyline")).isEqualTo(runs);
        assertThat(svg.length()).as("well under a megabyte per thousand lines").isLessThan(10 * 1024 * 1024);
    }

    @Test
    void scatterShowsEveryPointAndKeepsItsJitterFromDrawToDraw() {
        double[] x = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 3;
            y[i] = 0.8 + 0.01 * i;
        }
        var chart = new ScatterChart("Accuracy by optimizer", "optimizer", "accuracy", x, y, List.of("sgd", "adam", "rmsprop"));
        var svg = SvgDocument.of(chart);

        assertThat(svg.count("circle")).isEqualTo(20);
        assertThat(svg.texts()).contains("sgd", "adam", "rmsprop", "optimizer", "accuracy");
        assertThat(ChartExport.svg(chart, 800, 500, Palette.LIGHT)).isEqualTo(svg.source());
        assertThat(svg.elements("circle").stream().map(c -> c.getAttribute("cx")).distinct().count())
                .as("points of one category spread sideways").isGreaterThan(3);
    }

    @Test
    void numericScatterLeavesOutMissingPoints() {
        var chart = new ScatterChart("Depth vs accuracy", "depth", "accuracy",
                new double[] {1, 2, Double.NaN, 4}, new double[] {0.8, Double.NaN, 0.9, 0.95}, null);

        assertThat(SvgDocument.of(chart).count("circle")).isEqualTo(2);
    }

    @Test
    void boxPlotShowsABoxPerGroupItsCountAndOutliers() {
        var chart = new BoxPlotChart("Accuracy by algorithm", "algorithm", "accuracy", List.of(
                new BoxPlotChart.Group("random forest", new double[] {0.80, 0.81, 0.82, 0.83, 0.84, 0.5}),
                new BoxPlotChart.Group("boosting", new double[] {0.85, 0.86, 0.87, Double.NaN})));
        var svg = SvgDocument.of(chart);

        assertThat(svg.texts()).contains("random forest", "boosting", "n=6", "n=3", "algorithm", "accuracy");
        assertThat(svg.elements("rect")).filteredOn(r -> r.hasAttribute("stroke")).as("one outlined box per group").hasSize(2);
        assertThat(svg.count("circle")).as("0.5 lies far below the random forest box").isEqualTo(1);
    }

    @Test
    void confusionMatrixPrintsEachCountReadablyOnItsShade() {
        var chart = new HeatmapChart("Confusion matrix", List.of("cat", "dog", "bird"), List.of("cat", "dog", "bird"),
                new double[][] {{50, 3, 0}, {4, 40, 6}, {1, 2, 30}}, "actual", "predicted");
        var svg = SvgDocument.of(chart);

        assertThat(svg.texts()).contains("50", "3", "0", "40", "30", "actual", "predicted", "cat", "dog", "bird");
        Element strong = text(svg, "50");
        Element weak = text(svg, "3");
        assertThat(strong.getAttribute("fill")).as("light text on the dark diagonal").isEqualTo("#ffffff");
        assertThat(weak.getAttribute("fill")).as("dark text on a pale cell").isEqualTo("#1f2328");
    }

    @Test
    void darkPaletteDrawsOnItsOwnBackground() {
        var chart = new LineChart("Loss", "epoch", "loss", false, List.of(new Series("train", null, EPOCHS, EPOCHS)));
        var svg = SvgDocument.parse(ChartExport.svg(chart, 640, 400, Palette.DARK));

        assertThat(svg.elements("rect").get(0).getAttribute("fill")).isEqualTo(Palette.DARK.background());
        assertThat(svg.texts()).isNotEmpty();
        assertThat(svg.elements("text")).allSatisfy(t -> assertThat(t.getAttribute("fill")).isNotEqualTo(Palette.DARK.background()));
    }

    @Test
    void writeSvgWritesTheDocument(@TempDir Path dir) throws Exception {
        var chart = new LineChart("Loss", "epoch", "loss", false, List.of(new Series("träin", null, EPOCHS, EPOCHS)));
        Path file = dir.resolve("loss.svg");
        ChartExport.writeSvg(chart, 640, 400, Palette.LIGHT, file);

        assertThat(SvgDocument.parse(Files.readString(file)).texts()).contains("träin");
    }

    private static Element text(SvgDocument svg, String content) {
        return svg.elements("text").stream().filter(t -> t.getTextContent().equals(content)).findFirst().orElseThrow();
    }
}
