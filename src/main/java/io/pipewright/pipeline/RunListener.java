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

    /** Where a run's metrics are written as they come (a run in the store). */
    @FunctionalInterface
    interface MetricSink {
        void metric(String nodeId, String key, long step, double value);
    }

    /** {@code listener}, with each metric written to {@code sink} first; {@code listener} itself when there is no sink. */
    static RunListener recordingMetrics(RunListener listener, MetricSink sink) {
        if (sink == null) {
            return listener;
        }
        return new RunListener() {
            @Override
            public void metric(String nodeId, String key, long step, double value) {
                sink.metric(nodeId, key, step, value);
                listener.metric(nodeId, key, step, value);
            }

            @Override
            public void event(NodeEvent event) {
                listener.event(event);
            }

            @Override
            public void trial(String nodeId, String metric, boolean maximize, int number, java.util.Map<String, Object> params, Double value, String state) {
                listener.trial(nodeId, metric, maximize, number, params, value, state);
            }
        };
    }
}
