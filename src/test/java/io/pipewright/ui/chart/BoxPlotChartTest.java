package io.pipewright.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Box plot numbers match R's and NumPy's defaults (type 7 quantiles). */
class BoxPlotChartTest {

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4};
        // R: quantile(c(1, 2, 3, 4)) gives 1, 1.75, 2.5, 3.25, 4
        assertThat(BoxPlotChart.quantile(sorted, 0)).isEqualTo(1);
        assertThat(BoxPlotChart.quantile(sorted, 0.25)).isEqualTo(1.75);
        assertThat(BoxPlotChart.quantile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(BoxPlotChart.quantile(sorted, 0.75)).isEqualTo(3.25);
        assertThat(BoxPlotChart.quantile(sorted, 1)).isEqualTo(4);
        assertThat(BoxPlotChart.quantile(new double[] {7}, 0.3)).isEqualTo(7);
        assertThat(BoxPlotChart.quantile(new double[0], 0.5)).isNaN();
    }

    @Test
    void whiskersStopAtTheLastValueInsideTheFencesAndTheRestAreOutliers() {
        // numpy.percentile([1,2,3,4,5,6,7,8,9,100], [25, 50, 75]) -> 3.25, 5.5, 7.75
        var box = BoxPlotChart.stats(new double[] {100, 1, 2, 3, 4, 5, 6, 7, 8, 9, Double.NaN});

        assertThat(box.n()).isEqualTo(10);
        assertThat(box.q1()).isCloseTo(3.25, within(1e-12));
        assertThat(box.median()).isCloseTo(5.5, within(1e-12));
        assertThat(box.q3()).isCloseTo(7.75, within(1e-12));
        assertThat(box.low()).isEqualTo(1);
        assertThat(box.high()).as("the upper fence is 14.5").isEqualTo(9);
        assertThat(box.outliers()).containsExactly(100);
    }

    @Test
    void noValuesNoBox() {
        assertThat(BoxPlotChart.stats(new double[] {Double.NaN})).isNull();
    }
}
