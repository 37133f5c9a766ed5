package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrialBatchesTest {
    @Test
    void gridAndRandomTrialsAreOneBatch() {
        assertThat(TrialBatches.of("random", 16, 2)).containsExactly(new TrialBatches.Batch(0, 16));
        assertThat(TrialBatches.of("grid", 9, 4)).containsExactly(new TrialBatches.Batch(0, 9));
    }

    @Test
    void tpeRunsItsStartUpTrialsTogetherThenBatchesOfTheParallelism() {
        assertThat(TrialBatches.of("tpe", 20, 4)).containsExactly(new TrialBatches.Batch(0, 10), new TrialBatches.Batch(10, 4),
                new TrialBatches.Batch(14, 4), new TrialBatches.Batch(18, 2));
        assertThat(TrialBatches.of("tpe", 12, 1)).as("sequential TPE").containsExactly(new TrialBatches.Batch(0, 10),
                new TrialBatches.Batch(10, 1), new TrialBatches.Batch(11, 1));
        assertThat(TrialBatches.of("tpe", 6, 3)).containsExactly(new TrialBatches.Batch(0, 6));
        assertThat(TrialBatches.batchOf("tpe", 20, 4, 15)).isEqualTo(new TrialBatches.Batch(14, 4));
    }

    @Test
    void aTrialOutsideTheStudyIsNamed() {
        assertThatThrownBy(() -> TrialBatches.batchOf("random", 16, 2, 16)).hasMessage("trial 16 is not one of the study's 16 trials (0 to 15)");
        assertThatThrownBy(() -> TrialBatches.of("tpe", 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TrialBatches.of("tpe", 11, 8)).containsExactly(new TrialBatches.Batch(0, 10), new TrialBatches.Batch(10, 1));
    }
}
