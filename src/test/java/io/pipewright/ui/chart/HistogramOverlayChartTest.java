package io.pipewright.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Overlaid histograms draw both sides, a legend and axis labels, on any surface. */
class HistogramOverlayChartTest {

    @Test
    void drawsBothSidesWithALegend() {
        var chart = new HistogramOverlayChart("price", "price", List.of(0.0, 1.0, 2.0, 3.0), null, new double[] {0.2, 0.5, 0.3},
                new double[] {0.1, 0.3, 0.6});
        var svg = new SvgSurface(480, 320);

        chart.draw(svg, Palette.LIGHT);
        String text = svg.toSvg();

        assertThat(chart.peak()).isEqualTo(0.6);
        assertThat(text).contains(">reference<").contains(">current<").contains(">share<").contains(">price<");
        assertThat(text).contains(Palette.series(0)).contains(Palette.series(1));
    }

    @Test
    void levelsAreDrawnSideBySide() {
        var chart = new HistogramOverlayChart(null, "colour", null, List.of("red", "blue"), new double[] {0.5, 0.5}, new double[] {0.9, 0.1});
        var svg = new SvgSurface(400, 300);

        chart.draw(svg, Palette.DARK);

        assertThat(svg.toSvg()).contains(">red<").contains(">blue<");
    }

    @Test
    void sidesMustShareTheBins() {
        assertThat(catchThrowable(() -> new HistogramOverlayChart(null, "x", List.of(0.0, 1.0), null, new double[] {1}, new double[] {0.5, 0.5})))
                .hasMessage("both sides need the same bins: 1 and 2");
    }
}
