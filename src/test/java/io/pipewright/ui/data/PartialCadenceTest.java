package io.pipewright.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartialCadenceTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstPartialIsShownAtOnceAndTheNextOnlyAPeriodLater() {
        var cadence = new PartialCadence(SECOND);
        long start = -5 * SECOND; // System.nanoTime may be negative

        assertThat(cadence.due(start)).as("nothing shown yet").isTrue();
        assertThat(cadence.take(start)).isTrue();
        assertThat(cadence.due(start + SECOND / 2)).as("the profiler builds no partial the window would drop").isFalse();
        assertThat(cadence.take(start + SECOND / 2)).isFalse();
        assertThat(cadence.due(start + SECOND)).isTrue();
        assertThat(cadence.take(start + SECOND + 1)).isTrue();
        assertThat(cadence.due(start + 2 * SECOND)).as("a period from the one last shown, not from the one dropped").isFalse();
    }
}
