package io.pipewright.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
    /**
     * Coverage: two models right on each row with probabilities 0.80 and 0.75 (independently), so the true
     * difference in accuracy is 0.05. Over 200 holdouts of 400 rows, the 95 % interval should hold 0.05 about 95 %
     * of the time; the percentile bootstrap at n = 400 is close, and 200 draws of a 0.95 rate fall within
     * [0.90, 0.99] with probability above 0.99 (binomial sd 0.015).
     */
    @Test
    void theNinetyFivePercentIntervalHoldsTheTrueDifferenceAboutNinetyFivePercentOfTheTime() {
        var random = new Random(7);
        int covered = 0;
        int holdouts = 200;
        int rows = 400;
        for (int h = 0; h < holdouts; h++) {
            var a = new int[rows];
            var b = new int[rows];
            for (int i = 0; i < rows; i++) {
                a[i] = random.nextDouble() < 0.80 ? 1 : 0;
                b[i] = random.nextDouble() < 0.75 ? 1 : 0;
            }
            var interval = PairedBootstrap.interval(rows, 500, h, 0.95, sample -> {
                double sum = 0;
                for (int row : sample) {
                    sum += a[row] - b[row];
                }
                return sum / sample.length;
            });
            if (interval.low() <= 0.05 && 0.05 <= interval.high()) {
                covered++;
            }
        }
        assertThat(covered / (double) holdouts).isBetween(0.90, 0.99);
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
        var values = new double[300];
        var random = new Random(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        java.util.function.ToDoubleFunction<int[]> mean = sample -> java.util.Arrays.stream(sample).mapToDouble(row -> values[row]).average().orElseThrow();
        var first = PairedBootstrap.interval(values.length, 1000, 42, 0.95, mean);
        assertThat(PairedBootstrap.interval(values.length, 1000, 42, 0.95, mean)).isEqualTo(first);
        assertThat(PairedBootstrap.interval(values.length, 1000, 43, 0.95, mean)).isNotEqualTo(first);
        // the interval of a mean of 300 standard normals is about ±1.96/sqrt(300) = ±0.113 wide around it
        assertThat(first.high() - first.low()).isBetween(0.18, 0.27);
    }

    @Test
    void undefinedResamplesAreLeftOutAndCounted() {
        int[] calls = {0};
        var interval = PairedBootstrap.interval(10, 100, 1, 0.95, sample -> calls[0]++ % 2 == 0 ? Double.NaN : 1.0);
        assertThat(interval.used()).isEqualTo(50);
        assertThat(interval.undefined()).isEqualTo(50);
        assertThat(interval.low()).isEqualTo(1.0);
    }
}
