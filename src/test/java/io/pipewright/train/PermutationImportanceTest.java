package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.work.Progress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Shuffling the column a model relies on costs it score; shuffling noise costs nothing. */
class PermutationImportanceTest {

    /** A label decided by {@code signal}, with {@code noise} beside it that tells nothing (seeded). */
    private static Table table(int rows, long seed) {
        var random = new Random(seed);
        var signal = DoubleColumn.create("signal");
        var noise = DoubleColumn.create("noise");
        var label = StringColumn.create("label");
        for (int i = 0; i < rows; i++) {
            double s = random.nextGaussian();
            signal.append(s);
            noise.append(random.nextGaussian());
            label.append(s + random.nextGaussian() * 0.3 > 0 ? "yes" : "no");
        }
        return Table.create("rows", signal, noise, label);
    }

    @Test
    void theColumnTheLabelFollowsMattersAndNoiseDoesNot() {
        var model = Trainer.fit(table(400, 1), null, new Trainer.Request("label", "logistic_regression", Map.of(), null, List.of(), 5, null,
                List.of(), null), TrainingListener.NONE);
        var result = PermutationImportance.of(model, table(300, 2), 0, 1000, 3, 7, Progress.NONE);

        assertThat(result.metric()).isEqualTo("roc_auc");
        assertThat(result.baseline()).isGreaterThan(0.9);
        assertThat(result.features()).extracting(PermutationImportance.Feature::column).containsExactly("signal", "noise");
        // shuffled, the signal leaves the model near chance (AUC 0.5): a loss of about 0.4
        assertThat(result.features().get(0).importance()).isGreaterThan(0.3);
        assertThat(Math.abs(result.features().get(1).importance())).as("noise, within a tolerance of 0.03").isLessThan(0.03);
        assertThat(result.rows()).isEqualTo(300);

        var again = PermutationImportance.of(model, table(300, 2), 0, 1000, 3, 7, Progress.NONE);
        assertThat(again).as("seeded").isEqualTo(result);
        assertThat(PermutationImportance.of(model, table(300, 2), 0, 100, 3, 7, Progress.NONE).rows()).as("a sample of at most maxRows").isEqualTo(100);
    }

    @Test
    void aRegressorIsScoredByRmseAndLosesWhenItsInputIsShuffled() {
        var random = new Random(4);
        var x = DoubleColumn.create("x");
        var y = DoubleColumn.create("y");
        for (int i = 0; i < 300; i++) {
            double v = random.nextDouble() * 10;
            x.append(v);
            y.append(3 * v + random.nextGaussian());
        }
        var rows = Table.create("rows", x, y);
        var model = Trainer.fit(rows, null, new Trainer.Request("y", "ridge", Map.of(), null, List.of(), 5, null, List.of(), null), TrainingListener.NONE);
        var result = PermutationImportance.of(model, rows, 0, 1000, 2, 3, Progress.NONE);

        assertThat(result.metric()).isEqualTo("rmse");
        assertThat(result.higherIsBetter()).isFalse();
        assertThat(result.features()).singleElement().satisfies(feature -> {
            assertThat(feature.column()).isEqualTo("x");
            assertThat(feature.importance()).as("RMSE grows from about 1 to about 12").isGreaterThan(5);
        });
    }
}
