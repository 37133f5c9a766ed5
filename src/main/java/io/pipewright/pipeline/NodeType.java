package io.pipewright.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kind of node: its ports, parameters, what it does, and what the rest of Pipewright needs to know
 * of it (the dataset it reads, the columns it outputs, whether it evaluates or registers a model).
 * Implementations are stateless. A new node type is this one class plus its line in the catalog
 * ({@code StandardNodes}): the validator, the column flow, run recording and the editor ask it, never its name.
 */
public interface NodeType {
    String name();

    /** The palette group: Data, Quality, Transform, Train, Evaluate or Deploy (another name makes a group of its own after those). */
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
     * Checks against the world outside the pipeline, relative to the pipeline file's folder; run by the
     * validator, so that a wrong path is refused before anything runs. By default: the dataset file it
     * reads ({@link #dataset()}) is a file.
     */
    default void checkFiles(Map<String, Object> params, Path folder) {
        var dataset = dataset().orElse(null);
        Path file = dataset == null ? null : dataset.file(params, folder).orElse(null);
        if (file != null && !Files.isRegularFile(file)) {
            throw new ParamException(dataset.path(), file + (Files.isDirectory(file) ? ": is a folder, not a file" : ": no such file"));
        }
    }

    /**
     * The columns of this node's table outputs, given its checked parameters and the columns of its
     * table inputs (by port), before anything runs: what the validator checks targets against and the
     * editor's column pickers offer. By default: the columns of the dataset file it reads
     * ({@link #dataset()}), else its {@code table} input's columns unchanged. {@code folder} is the
     * pipeline file's (null when not known); {@code files} tells the columns of a data file.
     */
    default TableColumns columnsOut(Map<String, Object> params, Map<String, TableColumns> inputs, Path folder, FileColumns files) {
        var dataset = dataset().orElse(null);
        if (dataset != null) {
            return dataset.file(params, folder).map(file -> files.of(file, dataset.na(params))).orElse(TableColumns.UNKNOWN);
        }
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

    /**
     * The dataset file it reads, when it reads one (by the parameters that name it): the validator
     * checks the file is there, the column pickers read its first rows before a run, and a run records
     * each table it outputs as that file's dataset version.
     */
    default Optional<DatasetParams> dataset() {
        return Optional.empty();
    }

    /**
     * Whether its {@link Evaluation} output scores a model on rows it did not train on (a train node's
     * cross-validation does not): a run records those metrics as its own, and writes them with the
     * model artifact the node scored (its {@link PortType#MODEL} input).
     */
    default boolean producesEvaluation() {
        return false;
    }

    /** The parameters naming the model version it registers, when it registers one. */
    default Optional<ModelRegistration> registersModel() {
        return Optional.empty();
    }

    /**
     * When it outputs a model: its table inputs the model learned from, held-out rows first
     * (validation rows, then training rows): what the model's feature importances are measured on
     * when no node scores it.
     */
    default List<String> trainingInputs() {
        return List.of();
    }

    /**
     * Whether it can run as a task of a workflow on a cluster (a pod with the image's {@code pipewright},
     * the workspace and data volumes and the store, nothing else): a node that needs this machine
     * (a display, a local device, a file outside the data) cannot; {@link #notOnClusterReason()} says why.
     */
    default boolean runsOnCluster() {
        return true;
    }

    /** Why it cannot run on a cluster, when {@link #runsOnCluster()} is false (a sentence a person reads); blank otherwise. */
    default String notOnClusterReason() {
        return "";
    }

    /** Runs the node on its inputs; returns its outputs by port name. */
    Map<String, Object> run(NodeContext context) throws Exception;
}
