package io.pipewright.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How a study's trials are grouped when they run side by side (a tune node's {@code parallel} trials
 * in one process, or a workflow's trial tasks): the trials of one batch run at once, each batch after
 * the one before has finished, and nothing a trial does depends on another trial of its own batch, so
 * the same seed gives the same study however the trials are scheduled. TPE proposes from the trials
 * before the batch and, for the batch's earlier members, their proposals scored with a constant lie
 * (the constant-liar approach), so that one batch does not propose the same point {@code parallelism}
 * times; a pruner compares a trial with the trials of earlier batches only. So TPE, and grid or random
 * search with a pruner, run their start-up trials ({@link Tuner#STARTUP_TRIALS}: random for TPE, never
 * pruned) as one batch and then batches of {@code parallelism}; grid and random search without a pruner
 * have nothing to wait for and are one batch. With a parallelism of 1 this is the sequential study.
 */
public final class TrialBatches {
    /** The trials {@code first} to {@code first + count - 1}, numbered from 0 as the in-process study numbers them. */
    public record Batch(int first, int count) {
        public int end() {
            return first + count;
        }

        public boolean contains(int trial) {
            return trial >= first && trial < end();
        }
    }

    private TrialBatches() {
    }

    /** The batches of a study of {@code trials} trials (grid: the grid's size when smaller) run {@code parallelism} at a time. */
    public static List<Batch> of(String strategy, String pruner, int trials, int parallelism) {
        if (trials < 1 || parallelism < 1) {
            throw new IllegalArgumentException("trials and parallelism must be at least 1, not " + trials + " and " + parallelism);
        }
        var batches = new ArrayList<Batch>();
        if (!strategy.equals("tpe") && pruner.equals("none")) {
            batches.add(new Batch(0, trials));
            return batches;
        }
        int startup = Math.min(trials, Tuner.STARTUP_TRIALS);
        batches.add(new Batch(0, startup));
        for (int first = startup; first < trials; first += parallelism) {
            batches.add(new Batch(first, Math.min(parallelism, trials - first)));
        }
        return batches;
    }

    /** The batch trial {@code trial} belongs to. */
    public static Batch batchOf(String strategy, String pruner, int trials, int parallelism, int trial) {
        return of(strategy, pruner, trials, parallelism).stream().filter(batch -> batch.contains(trial)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("trial " + trial + " is not one of the study's " + trials + " trials (0 to "
                        + (trials - 1) + ")"));
    }
}
