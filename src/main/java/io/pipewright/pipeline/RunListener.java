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
}
