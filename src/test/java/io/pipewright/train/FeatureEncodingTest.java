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

    /** A mixed table (seed 5): numbers with gaps, booleans, date-times, texts with unseen, empty and missing values. */
    static Table mixed(int rows, int seed) {
        var random = new Random(seed);
        var x = DoubleColumn.create("x");
        var flag = tech.tablesaw.api.BooleanColumn.create("flag");
        var when = tech.tablesaw.api.DateTimeColumn.create("when");
        var colour = StringColumn.create("colour");
        String[] colours = {"red", "green", "blue", "teal", ""};
        for (int i = 0; i < rows; i++) {
            if (random.nextInt(10) == 0) {
                x.appendMissing();
            } else {
                x.append(random.nextGaussian() * 3);
            }
            if (random.nextInt(10) == 0) {
                flag.appendMissing();
            } else {
                flag.append(random.nextBoolean());
            }
            if (random.nextInt(10) == 0) {
                when.appendMissing();
            } else {
                when.append(java.time.LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(random.nextInt(500_000)));
            }
            colour.append(colours[random.nextInt(colours.length)]);
        }
        return Table.create("mixed", x, flag, when, colour);
    }

    @Test
    void encodingRowsOfValuesGivesTheSameNumbersAsTransformingTheTable() {
        var encoding = FeatureEncoding.fit(mixed(500, 5).where(mixed(500, 5).stringColumn("colour").isNotEqualTo("teal")), List.of("x", "flag", "when", "colour"));
        Table fresh = mixed(300, 6); // "teal" was never seen in training

        double[][] fromTable = encoding.transform(fresh);
        double[][] fromRows = encoding.encode(encoding.values(fresh));

        assertThat(fromRows).isDeepEqualTo(fromTable);
        assertThat(encoding.features().get(3).levels()).doesNotContain("teal", "");
    }

    @Test
    void valuesAsJsonGivesThemAreReadAsATableHoldsThem() {
        assertThat(FeatureEncoding.value("numeric", 3)).isEqualTo(3.0);
        assertThat((Double) FeatureEncoding.value("numeric", null)).isNaN();
        assertThat(FeatureEncoding.value("boolean", true)).isEqualTo(1.0);
        assertThat(FeatureEncoding.value("datetime", "1970-01-03T12:00:00")).isEqualTo(2.5);
        assertThat(FeatureEncoding.value("categorical", 7)).isEqualTo("7");
        assertThat(FeatureEncoding.value("categorical", "")).as("an empty text is missing, as in a table").isNull();
    }
}
