package io.pipewright.train;

import java.util.Map;

/** Hears an iterative learner's progress: after each tree, round or epoch, its metrics. */
public interface TrainingListener {
    TrainingListener NONE = (step, total, metrics) -> { };

    /** {@code step} of {@code total}; metrics such as train_log_loss, valid_log_loss, valid_rmse. */
    void iteration(int step, int total, Map<String, Double> metrics);

    /** Whether to stop (the run was cancelled). */
    default boolean cancelled() {
        return false;
    }
}
