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

    /**
     * The columns of this node's table outputs, given its checked parameters and the columns of its
     * table inputs (by port), before anything runs: what the validator checks targets against and the
     * editor's column pickers offer. By default the {@code table} input's columns pass through
     * unchanged. {@code folder} is the pipeline file's (null when not known); {@code files} tells the
     * columns of a data file.
     */
    default TableColumns columnsOut(Map<String, Object> params, Map<String, TableColumns> inputs, java.nio.file.Path folder, FileColumns files) {
        return inputs.getOrDefault("table", TableColumns.UNKNOWN);
    }

    /**
     * The column this node needs as its target, given its checked parameters, or null: no node
     * upstream may remove or rename it. A transform that only keeps its target unchanged (impute,
     * scale) needs none.
     */
    default String targetUsed(Map<String, Object> params) {
        return null;
    }

    /** Runs the node on its inputs; returns its outputs by port name. */
    Map<String, Object> run(NodeContext context) throws Exception;
}
