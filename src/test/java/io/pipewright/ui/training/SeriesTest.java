package io.pipewright.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesTest {

    @Test
    void keepsEveryPointAcrossChunksAndAViewTakenEarlierStaysAsItWas() {
        var series = new Series();
        for (int step = 0; step < 10_000; step++) {
            series.add(step, step * 0.5);
        }
        var early = series.view();
        // past the chunk directory's first size (4 chunks of 4,096): the directory grows, the chunks stay
        for (int step = 10_000; step < 100_000; step++) {
            series.add(step, step * 0.5);
        }
        var late = series.view();
        assertThat(early.size()).isEqualTo(10_000);
        assertThat(late.size()).isEqualTo(100_000);
        for (int i : new int[] {0, 4_095, 4_096, 9_999}) {
            assertThat(early.x(i)).isEqualTo(i);
            assertThat(early.y(i)).isEqualTo(i * 0.5);
        }
        for (int i : new int[] {0, 16_383, 16_384, 65_536, 99_999}) {
            assertThat(late.x(i)).isEqualTo(i);
            assertThat(late.y(i)).isEqualTo(i * 0.5);
        }
    }

    @Test
    void aStepWrittenAgainReplacesItsValueAlsoAtAChunksEnd() {
        var series = new Series();
        for (int step = 0; step < 4_096; step++) {
            series.add(step, 1);
        }
        series.add(4_095, 7);
        series.add(4_096, 2);
        series.add(4_096, 3);
        var view = series.view();
        assertThat(view.size()).isEqualTo(4_097);
        assertThat(view.y(4_095)).isEqualTo(7);
        assertThat(view.y(4_096)).isEqualTo(3);
    }

    @Test
    void aShortSeriesIsDrawnWholeAndALongOneKeepsItsEndsAndItsExtremes() {
        var series = new Series();
        for (int step = 0; step < 20; step++) {
            series.add(step, step);
        }
        assertThat(series.view().forDisplay(600)[1]).hasSize(20).startsWith(0, 1).endsWith(19);
        var longer = new Series();
        for (int step = 0; step < 50_000; step++) {
            longer.add(step, step == 31_111 ? -5 : step == 41_111 ? 5 : 0);
        }
        double[][] drawn = longer.view().forDisplay(100);
        assertThat(drawn[0].length).isLessThanOrEqualTo(2 * 100 + 4);
        assertThat(drawn[0][0]).isZero();
        assertThat(drawn[0][drawn[0].length - 1]).isEqualTo(49_999);
        assertThat(drawn[1]).contains(-5.0, 5.0);
    }
}
