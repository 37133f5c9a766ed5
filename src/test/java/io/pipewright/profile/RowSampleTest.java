package io.pipewright.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.data.ColumnBatch;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.Rows;
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
        var sample = new RowSample(300, KINDS);
        for (long line : lines) {
            long priority = RowSample.priority(line, 42);
            if (sample.mayTake(priority)) {
                sample.offer(priority, batchOf(line), 0);
            }
        }
        List<Long> expected = LongStream.range(0, 20_000).boxed()
                .sorted((a, b) -> Long.compareUnsigned(RowSample.priority(a, 42), RowSample.priority(b, 42)))
                .limit(300).toList();
        assertThat(sample.rows()).extracting(row -> ((Double) row[0]).longValue()).containsExactlyElementsOf(expected);
        assertThat(sample.size()).isEqualTo(300);
    }

    @Test
    void keepsEveryRowOfAFileSmallerThanTheSampleAndNothingWhenTheSampleIsEmpty() {
        var sample = new RowSample(1000, KINDS);
        var none = new RowSample(0, KINDS);
        for (long line = 0; line < 10; line++) {
            sample.offer(RowSample.priority(line, 1), batchOf(line), 0);
            none.offer(RowSample.priority(line, 1), batchOf(line), 0);
        }
        assertThat(sample.rows()).hasSize(10);
        assertThat(none.rows()).isEmpty();
    }

    @Test
    void givesBackEachCellAsTheProfileReadsIt() {
        var plans = new ColumnPlan[] {NUMBER, new ColumnPlan(ColumnPlan.Kind.STRING, false, null, null, 0, ColumnPlan.Kind.STRING), NUMBER};
        var kinds = new ColumnPlan.Kind[] {ColumnPlan.Kind.NUMBER, ColumnPlan.Kind.STRING, ColumnPlan.Kind.NUMBER};
        var batch = ColumnBatch.of(new Rows(new String[][] {{"1.5", "a", null}, {"n/a", null, "2"}}, new long[] {2, 3}, 2), plans);
        var sample = new RowSample(10, kinds);
        sample.offer(1, batch, 0);
        sample.offer(2, batch, 1);
        batch.recycle();
        assertThat(sample.rows()).containsExactly(new Object[] {1.5, "a", null}, new Object[] {"n/a", null, 2.0});
    }

    private static final ColumnPlan NUMBER = new ColumnPlan(ColumnPlan.Kind.NUMBER, false, null, null, 0, ColumnPlan.Kind.NUMBER);
    private static final ColumnPlan.Kind[] KINDS = {ColumnPlan.Kind.NUMBER};

    private static ColumnBatch batchOf(long line) {
        return ColumnBatch.of(new Rows(new String[][] {{Long.toString(line)}}, new long[] {line}, 1), new ColumnPlan[] {NUMBER});
    }
}
