package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class FeatureBinsTest {

    private static Table normal(int rows, double shift, int seed) {
        var random = new Random(seed);
        var x = DoubleColumn.create("x");
        var colour = StringColumn.create("colour");
        for (int i = 0; i < rows; i++) {
            x.append(random.nextGaussian() + shift);
            colour.append(random.nextDouble() < 0.7 + shift / 10 ? "red" : "blue");
        }
        return Table.create("t", x, colour);
    }

    private static int[] counts(FeatureBins bins, Table table) {
        var encoding = FeatureEncoding.fit(table, List.of("x", "colour"));
        int f = bins.column().equals("x") ? 0 : 1;
        var counts = new int[bins.bins()];
        for (Object[] row : encoding.values(table)) {
            counts[bins.bin(row[f])]++;
        }
        return counts;
    }

    @Test
    void numbersFallInDecilesAndTextsInTheirLevelsEachWithAMissingBin() {
        Table train = normal(10_000, 0, 1);
        var bins = FeatureBins.fit(train, FeatureEncoding.fit(train, List.of("x", "colour")));

        FeatureBins x = bins.get(0);
        assertThat(x.edges()).hasSize(9);
        assertThat(x.bins()).isEqualTo(11);
        for (int i = 0; i < 10; i++) {
            assertThat(x.fractions()[i]).as("decile %d", i).isCloseTo(0.1, within(0.001));
        }
        assertThat(x.bin(Double.NaN)).isEqualTo(10);
        assertThat(x.bin(x.edges()[0])).as("a value equal to an edge is in the edge's bin").isZero();
        FeatureBins colour = bins.get(1);
        assertThat(colour.levels()).containsExactly("red", "blue");
        assertThat(colour.bin("green")).as("an unseen level: the other bin").isEqualTo(2);
        assertThat(colour.bin(null)).isEqualTo(3);
    }

    @Test
    void repeatedValuesMakeFewerBins() {
        Table train = Table.create("t", DoubleColumn.create("x", 0, 0, 0, 0, 0, 0, 1, 1, 2, 3), StringColumn.create("colour", "a", "a", "a", "a", "a", "a", "a", "a",
                "a", "a"));
        FeatureBins x = FeatureBins.fit(train, FeatureEncoding.fit(train, List.of("x", "colour"))).get(0);

        assertThat(x.edges()).containsExactly(0, 1, 2);
        assertThat(x.fractions()).containsExactly(0.6, 0.2, 0.1, 0.1, 0);
    }

    @Test
    void theStabilityIndexIsNearZeroForTheSameDistributionAndOverTwoTenthsForAShiftedOne() {
        Table train = normal(20_000, 0, 2);
        var bins = FeatureBins.fit(train, FeatureEncoding.fit(train, List.of("x", "colour")));

        // tolerances: 2,000 rows drawn from the training distribution stay well under the 0.1 band
        assertThat(bins.get(0).psi(counts(bins.get(0), normal(2_000, 0, 3)))).isLessThan(0.05);
        assertThat(bins.get(1).psi(counts(bins.get(1), normal(2_000, 0, 3)))).isLessThan(0.05);
        assertThat(bins.get(0).psi(counts(bins.get(0), normal(2_000, 1, 4)))).as("the mean moved by one standard deviation").isGreaterThan(0.2);
        assertThat(bins.get(0).psi(new int[bins.get(0).bins()])).as("nothing observed").isNaN();
    }

    @Test
    void theBinsTravelInTheModelArtifact(@TempDir Path dir) {
        Table train = normal(1_000, 0, 5);
        var label = StringColumn.create("label");
        for (int i = 0; i < train.rowCount(); i++) {
            label.append(train.doubleColumn("x").get(i) > 0 ? "up" : "down");
        }
        train.addColumns(label);
        var model = Trainer.fit(train, null, new Trainer.Request("label", "logistic_regression", Map.of(), null, List.of(), 5, null, List.of(), null),
                TrainingListener.NONE);
        Path file = dir.resolve("m" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "m", Map.of(), "test", file);

        var read = ModelArtifact.read(file).model().reference();
        assertThat(read).hasSize(2);
        assertThat(read.get(0).column()).isEqualTo("x");
        assertThat(read.get(0).edges()).containsExactly(model.reference().get(0).edges());
        assertThat(read.get(1).fractions()).containsExactly(model.reference().get(1).fractions());
    }
}
