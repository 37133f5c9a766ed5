package io.pipewright.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Axis ticks fall on round values and read compactly. */
class TicksTest {

    @Test
    void unitRange() {
        assertThat(Ticks.linear(0, 1, 5, false, false).labels()).containsExactly("0", "0.2", "0.4", "0.6", "0.8", "1");
    }

    @Test
    void tinyValuesUseShortScientificLabels() {
        var ticks = Ticks.linear(0.0001, 0.0009, 5, false, false);

        assertThat(ticks.labels()).containsExactly("0", "2e-4", "4e-4", "6e-4", "8e-4", "1e-3");
        assertThat(ticks.min()).isLessThanOrEqualTo(0.0001);
        assertThat(ticks.max()).isGreaterThanOrEqualTo(0.0009);
    }

    @Test
    void wideRangesUseThousandsAndMillions() {
        var ticks = Ticks.linear(-3, 1_234_567, 5, false, false);

        assertThat(ticks.labels()).containsExactly("-200k", "0", "200k", "400k", "600k", "800k", "1M", "1.2M", "1.4M");
    }

    @Test
    void constantRangeStillShowsItsValue() {
        assertThat(Ticks.linear(5, 5, 5, false, false).labels()).contains("5").hasSizeBetween(3, 11);
        assertThat(Ticks.linear(0, 0, 5, false, false).labels()).contains("-1", "0", "1");
    }

    @Test
    void fixedBoundsStayPut() {
        var ticks = Ticks.linear(0, 0.93, 5, true, true);

        assertThat(ticks.max()).isEqualTo(0.93);
        assertThat(ticks.labels()).containsExactly("0", "0.2", "0.4", "0.6", "0.8");
    }

    @Test
    void aCountAxisTicksAtWholeNumbersOnly() {
        // one to three trials: a continuous axis ticks at 0.2 or 0.5 steps
        assertThat(Ticks.linear(0, 1, 5, false, false).labels()).contains("0.2");
        assertThat(Ticks.integers(0, 1, 5, false, false).labels()).containsExactly("0", "1");
        assertThat(Ticks.integers(0, 3, 8, false, false).labels()).containsExactly("0", "1", "2", "3");
        assertThat(Ticks.integers(4, 4, 5, false, false).labels()).containsExactly("3", "4", "5");
        for (int trials = 1; trials <= 60; trials++) {
            for (int target = 2; target <= 10; target++) {
                for (double value : Ticks.integers(0, trials - 1, target, false, false).values()) {
                    assertThat(value).as("%d trials, %d ticks wanted", trials, target).isEqualTo(Math.rint(value));
                }
            }
        }
        assertThat(Ticks.integers(0, 1000, 5, false, false).labels()).containsExactly("0", "200", "400", "600", "800", "1k");
    }

    @Test
    void logAxisTicksAtDecades() {
        assertThat(Ticks.log(0.002, 40).labels()).containsExactly("0.001", "0.01", "0.1", "1", "10", "100");
        assertThat(Ticks.log(3e-6, 0.5).labels()).startsWith("1e-6", "1e-5", "1e-4");
        assertThat(Ticks.log(1, 50).labels()).containsExactly("1", "2", "5", "10", "20", "50", "100");
    }

    @Test
    void valuesReadCompactly() {
        assertThat(Ticks.format(0.85)).isEqualTo("0.85");
        assertThat(Ticks.format(1200)).isEqualTo("1.2k");
        assertThat(Ticks.format(3e-5)).isEqualTo("3e-5");
        assertThat(Ticks.format(-2_500_000)).isEqualTo("-2.5M");
        assertThat(Ticks.format(0.8534)).isEqualTo("0.853");
    }
}
