package io.pipewright.pipeline.gate;

import io.pipewright.train.Task;
import io.pipewright.train.TrainedModel;
import java.util.Arrays;
import tech.tablesaw.api.Table;

/**
 * Time per row of scoring the holdout, measured for two models the same way in the same process: one untimed
 * warm-up pass each (as long as a timed one, so that both run compiled code), then {@link #PASSES} passes alternating between them, each pass scoring the whole table (repeated
 * until it lasts at least {@link #MIN_PASS_NANOS}, so that a small table is not timed below the clock's grain);
 * the fastest pass of each, divided by the rows it scored. The fastest, not the median: what other processes take
 * from the machine only ever makes a pass slower, and on a loaded machine (two cores, a CI run beside it) the
 * medians of two equal models were seen 10 to 27 times apart, one model's passes meeting the load more than the other's.
 */
final class RowLatency {
    static final int PASSES = 7;
    static final long MIN_PASS_NANOS = 20_000_000L;

    private RowLatency() {
    }

    /** Microseconds per row of each model, candidate first. */
    static double[] measure(TrainedModel candidate, int candidateApplied, TrainedModel holder, int holderApplied, Table rows) {
        pass(candidate, candidateApplied, rows);
        pass(holder, holderApplied, rows);
        var first = new double[PASSES];
        var second = new double[PASSES];
        for (int pass = 0; pass < PASSES; pass++) {
            first[pass] = pass(candidate, candidateApplied, rows);
            second[pass] = pass(holder, holderApplied, rows);
        }
        return new double[] {fastest(first), fastest(second)};
    }

    private static double pass(TrainedModel model, int applied, Table rows) {
        long started = System.nanoTime();
        long scored = 0;
        long elapsed;
        do {
            score(model, applied, rows);
            scored += rows.rowCount();
            elapsed = System.nanoTime() - started;
        } while (elapsed < MIN_PASS_NANOS);
        return elapsed / 1000.0 / scored;
    }

    private static void score(TrainedModel model, int applied, Table rows) {
        if (model.task() == Task.CLASSIFICATION) {
            model.probabilities(rows, applied);
        } else {
            model.values(rows, applied);
        }
    }

    private static double fastest(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }
}
