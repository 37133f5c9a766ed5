package io.pipewright.pipeline;

import io.pipewright.train.TrainedModel;
import java.util.Map;

/**
 * What a run offers nodes beyond their inputs: for now, the model registry. A run without a store
 * (a test, a preview in the editor) has none, and a register node then says so.
 */
public interface RunEnvironment {
    RunEnvironment NONE = (model, name, alias, metrics, nodeId) -> {
        throw new IllegalStateException("registering a model needs the store: run the pipeline with pipewright run or from the window");
    };

    /** A tuning trial ended: recorded as a child run of the pipeline's run, where there is a store. */
    default void trial(String nodeId, String algorithm, io.pipewright.train.Tuner.Trial trial, String metric) {
    }

    /** Writes the model as a new version of {@code name} (pointing {@code alias} at it, when given); returns "name:version". */
    String register(TrainedModel model, String name, String alias, Map<String, Double> metrics, String nodeId);
}
