package io.pipewright.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RowSampleTest {

    @Test
    void keepsTheRowsWithTheSmallestPrioritiesWhateverTheOrderTheyCameIn() {
        List<Long> lines = new ArrayList<>(LongStream.range(0, 20_000).boxed().toList());
        Collections.shuffle(lines, new Random(7));
        var sample = new RowSample(300);
        for (long line : lines) {
            long priority = RowSample.priority(line, 42);
            if (sample.mayTake(priority)) {
                sample.offer(new RowSample.Entry(priority, new Object[] {line}));
            }
        }
        List<Long> expected = LongStream.range(0, 20_000).boxed()
                .sorted((a, b) -> Long.compareUnsigned(RowSample.priority(a, 42), RowSample.priority(b, 42)))
                .limit(300).toList();
        assertThat(sample.rows()).extracting(row -> (Long) row[0]).containsExactlyElementsOf(expected);
        assertThat(sample.size()).isEqualTo(300);
    }

    @Test
    void keepsEveryRowOfAFileSmallerThanTheSampleAndNothingWhenTheSampleIsEmpty() {
        var sample = new RowSample(1000);
        var none = new RowSample(0);
        for (long line = 0; line < 10; line++) {
            sample.offer(new RowSample.Entry(RowSample.priority(line, 1), new Object[] {line}));
            none.offer(new RowSample.Entry(RowSample.priority(line, 1), new Object[] {line}));
        }
        assertThat(sample.rows()).hasSize(10);
        assertThat(none.rows()).isEmpty();
    }
}
