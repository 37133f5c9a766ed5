package io.pipewright.quality.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;
import org.junit.jupiter.api.Test;

/** The aggregates: merged chunk by chunk, they give the whole column's numbers within the stated errors. */
class ColumnAggregateTest {

    @Test
    void theSketchSizeGivesARankErrorUnderHalfAPercent() {
        assertThat(KllSketch.getNormalizedRankError(ColumnAggregate.SKETCH_K, false)).isLessThan(0.005);
    }

    private static ColumnAggregate chunks(double[] values, int chunk, double share) {
        var merged = new ColumnAggregate(ColumnAggregate.Kind.NUMBER);
        for (int from = 0; from < values.length; from += chunk) {
            var part = new ColumnAggregate(ColumnAggregate.Kind.NUMBER);
            double[] copy = Arrays.copyOfRange(values, from, Math.min(values.length, from + chunk));
            part.addNumbers(copy, copy.length, share, from);
            merged.merge(part);
        }
        return merged;
    }

    @Test
    void mergedChunksGiveMomentsRangeAndQuantiles() {
        var random = new Random(11);
        double[] values = new double[1_000_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(1 + 0.7 * random.nextGaussian());
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(values).average().orElseThrow();
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;

        for (double share : new double[] {1, 0.25}) {
            var aggregate = chunks(values, 12_500, share);
            assertThat(aggregate.count).isEqualTo(1_000_000);
            assertThat(aggregate.mean).isCloseTo(mean, within(1e-9 * mean));
            assertThat(aggregate.std()).isCloseTo(Math.sqrt(variance), within(1e-9));
            assertThat(aggregate.min).isEqualTo(sorted[0]);
            assertThat(aggregate.max).isEqualTo(sorted[sorted.length - 1]);
            assertThat(aggregate.exact).isNull();
            assertThat(aggregate.distinctCount()).isEqualTo(-1);
            // the CDF at each decile is within 1 % of its rank (sketch 0.45 % plus, when sampled, about 0.2 %)
            for (int d = 1; d <= 9; d++) {
                double x = sorted[d * 100_000];
                assertThat(aggregate.cdf(x)).as("share %s, decile %d", share, d).isCloseTo(d / 10.0, within(0.01));
            }
        }
    }

    @Test
    void smallColumnsKeepEveryValueAndDistinctCounts() {
        double[] values = {3, 1, 2, 2, Double.NaN, Double.POSITIVE_INFINITY, 3, 3};
        var aggregate = chunks(values, 3, 1);

        assertThat(aggregate.count).isEqualTo(6);
        assertThat(aggregate.missing).as("NaN and infinity read as missing").isEqualTo(2);
        aggregate.sortExact();
        assertThat(aggregate.exact).containsExactly(1, 2, 2, 3, 3, 3);
        assertThat(aggregate.distinctCount()).isEqualTo(3);
        assertThat(aggregate.distinct.count(3)).isEqualTo(3);
        assertThat(aggregate.cdf(2)).isEqualTo(0.5);
        assertThat(aggregate.quantile(0.5)).isEqualTo(2);
    }

    @Test
    void levelsBeyondTheLimitGoToOther() {
        var merged = new ColumnAggregate(ColumnAggregate.Kind.LEVELS);
        for (int chunk = 0; chunk < 3; chunk++) {
            var part = new ColumnAggregate(ColumnAggregate.Kind.LEVELS);
            for (int i = 0; i < 600; i++) {
                part.addLevel("v" + (chunk * 600 + i));
            }
            merged.merge(part);
        }
        assertThat(merged.levels).hasSize(ColumnAggregate.LEVEL_LIMIT);
        assertThat(merged.other).isEqualTo(800);
        assertThat(merged.overflowed).isTrue();
        assertThat(merged.count).isEqualTo(1800);
        assertThat(merged.distinctCount()).isEqualTo(-1);
    }
}
