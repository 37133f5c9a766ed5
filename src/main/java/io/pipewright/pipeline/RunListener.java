package io.pipewright.pipeline;

/**
 * Watches a pipeline run: the command line prints these, the window draws them. Called on the
 * engine's threads, possibly several at once.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    default void event(NodeEvent event) {
    }

    default void metric(String nodeId, String key, long step, double value) {
    }

    /**
     * A tuning trial ended: its number, hyperparameters, objective value (null when it failed), state
     * ({@code complete}, {@code pruned}, {@code failed}), and whether higher values are better.
     */
    default void trial(String nodeId, String metric, boolean maximize, int number, java.util.Map<String, Object> params, Double value, String state) {
    }
}
