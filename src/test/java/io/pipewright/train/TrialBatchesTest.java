package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrialBatchesTest {
    @Test
    void gridAndRandomTrialsWithoutAPrunerAreOneBatch() {
        assertThat(TrialBatches.of("random", "none", 16, 2)).containsExactly(new TrialBatches.Batch(0, 16));
        assertThat(TrialBatches.of("grid", "none", 9, 4)).containsExactly(new TrialBatches.Batch(0, 9));
    }

    @Test
    void tpeRunsItsStartUpTrialsTogetherThenBatchesOfTheParallelism() {
        assertThat(TrialBatches.of("tpe", "median", 20, 4)).containsExactly(new TrialBatches.Batch(0, 10), new TrialBatches.Batch(10, 4),
                new TrialBatches.Batch(14, 4), new TrialBatches.Batch(18, 2));
        assertThat(TrialBatches.of("tpe", "median", 12, 1)).as("sequential TPE").containsExactly(new TrialBatches.Batch(0, 10),
                new TrialBatches.Batch(10, 1), new TrialBatches.Batch(11, 1));
        assertThat(TrialBatches.of("tpe", "median", 6, 3)).containsExactly(new TrialBatches.Batch(0, 6));
        assertThat(TrialBatches.batchOf("tpe", "none", 20, 4, 15)).isEqualTo(new TrialBatches.Batch(14, 4));
    }

    @Test
    void gridAndRandomWithAPrunerAreBatchedSoThatEachTrialIsComparedWithEarlierBatchesOnly() {
        assertThat(TrialBatches.of("random", "median", 16, 4)).containsExactly(new TrialBatches.Batch(0, 10), new TrialBatches.Batch(10, 4),
                new TrialBatches.Batch(14, 2));
        assertThat(TrialBatches.of("grid", "successive_halving", 12, 1)).containsExactly(new TrialBatches.Batch(0, 10),
                new TrialBatches.Batch(10, 1), new TrialBatches.Batch(11, 1));
    }

    @Test
    void aTrialOutsideTheStudyIsNamed() {
        assertThatThrownBy(() -> TrialBatches.batchOf("random", "none", 16, 2, 16)).hasMessage("trial 16 is not one of the study's 16 trials (0 to 15)");
        assertThatThrownBy(() -> TrialBatches.of("tpe", "none", 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TrialBatches.of("tpe", "median", 11, 8)).containsExactly(new TrialBatches.Batch(0, 10), new TrialBatches.Batch(10, 1));
    }
}
