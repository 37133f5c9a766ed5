package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class FeatureEncodingTest {

    @Test
    void theMedianBySelectionMatchesTheMedianOfTheSortedValues() {
        var random = new Random(5);
        for (int n : new int[] {1, 2, 3, 10, 11, 1000, 1001}) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = i % 7 == 3 ? Double.NaN : Math.floor(random.nextGaussian() * 10); // NaN is missing; ties on purpose
            }
            double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
            double expected = present.length == 0 ? 0 : present.length % 2 == 1 ? present[present.length / 2]
                    : (present[present.length / 2 - 1] + present[present.length / 2]) / 2;
            assertThat(FeatureEncoding.median(values.clone())).as("n=%d", n).isEqualTo(expected);
        }
    }

    @Test
    void missingNumbersTakeTheTrainingMedianAndUnseenLevelsSetNoColumn() {
        Table train = Table.create("t", DoubleColumn.create("x", 1, 2, 3, Double.NaN), StringColumn.create("c", "a", "b", "a", "a"));
        var encoding = FeatureEncoding.fit(train, List.of("x", "c"));
        assertThat(encoding.outputNames()).containsExactly("x", "c=a", "c=b");
        Table fresh = Table.create("t", DoubleColumn.create("x", Double.NaN), StringColumn.create("c", "z"));
        assertThat(encoding.transform(fresh)[0]).containsExactly(2, 0, 0);
        Table wrong = Table.create("t", StringColumn.create("x", "oops"), StringColumn.create("c", "a"));
        assertThat(catchThrowable(() -> encoding.transform(wrong))).hasMessage("column 'x' is string here but was numeric in training");
        assertThat(catchThrowable(() -> encoding.transform(Table.create("t", DoubleColumn.create("x", 1.0)))))
                .hasMessage("the table has no column 'c', which the model was trained on");
    }
}
