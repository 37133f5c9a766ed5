package io.pipewright.pipeline;

import java.util.List;
import java.util.Map;

/** A kind of node: its ports, parameters and what it does. Implementations are stateless. */
public interface NodeType {
    String name();

    /** The palette group: Data, Quality, Transform, Train, Evaluate or Deploy. */
    String stage();

    String description();

    List<PortSpec> inputs();

    List<PortSpec> outputs();

    List<ParamSpec> params();

    /**
     * Checks that go beyond each parameter's own spec (a train node's hyperparameters against its
     * algorithm), run by the validator before anything runs; throws with a message naming the field.
     */
    default void checkParams(Map<String, Object> params) {
    }

    /**
     * Checks against the world outside the pipeline (a read node's file exists), relative to the
     * pipeline file's folder; run by the validator, so that a wrong path is refused before anything runs.
     */
    default void checkFiles(Map<String, Object> params, java.nio.file.Path folder) {
    }

    /** Runs the node on its inputs; returns its outputs by port name. */
    Map<String, Object> run(NodeContext context) throws Exception;
}
