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

    /**
     * Where a node that reads a database finds the login its source names: the environment and the secrets file of the
     * command or window that runs the pipeline; by default, this process's ({@link io.pipewright.data.DatabaseCredentials#ofProcess}).
     */
    default io.pipewright.data.DatabaseCredentials databaseCredentials() {
        return io.pipewright.data.DatabaseCredentials.ofProcess();
    }

    /**
     * The data folder, where the layers' versions and the captured tables are ({@code silver/NAME}): the one of the command or
     * window that runs the pipeline; by default, this process's ({@code $PIPEWRIGHT_DATA}, else the data/ of
     * {@code $PIPEWRIGHT_HOME} or {@code ~/.pipewright}).
     */
    default java.nio.file.Path dataRoot() {
        return io.pipewright.home.PipewrightHome.resolve(null, System.getenv()).data();
    }

    /** The key of the run this is (what the store and the versions a publish node keeps name it by); null where runs are not recorded. */
    default String runKey() {
        return null;
    }

    /**
     * Where the last finished run's incremental read of {@code source} stopped, when it read by {@code column}: the value
     * to read above. Empty where runs are not recorded (every read is then a whole one).
     */
    default java.util.Optional<String> watermark(String source, String column) {
        return java.util.Optional.empty();
    }

    /** An incremental read of {@code source} reached {@code value} of {@code column}: kept once the run has finished. */
    default void reached(String source, String column, String value) {
    }

    /** A tuning trial ended: recorded as a child run of the pipeline's run, where there is a store. */
    default void trial(String nodeId, String algorithm, io.pipewright.train.Tuner.Trial trial, String metric) {
    }

    /**
     * The study of a tune node whose trials ran as separate processes and are recorded in the store
     * ({@code pipewright run --node TUNE --select}), rebuilt from there; null when the node runs its trials itself.
     */
    default io.pipewright.train.Tuner.Study recordedStudy(String nodeId, io.pipewright.train.SearchSpace space,
                                                          io.pipewright.train.Tuner.Settings settings) {
        return null;
    }

    /**
     * Keeps a file a node made (a validation or drift report) with the run: written to the run's
     * artifacts folder as {@code fileName} and recorded as a run artifact of {@code kind}. Returns
     * where it was written, or null where runs are not recorded (a test, a preview in the editor).
     * Attached files are kept even when the node then fails the run.
     */
    default java.nio.file.Path attach(String nodeId, String fileName, String kind, byte[] content) {
        return null;
    }

    /** Writes the model as a new version of {@code name} (pointing {@code alias} at it, when given); returns "name:version". */
    String register(TrainedModel model, String name, String alias, Map<String, Double> metrics, String nodeId);

    /** A gated registration: the version ("name:version") and, when an alias was asked for, what the gates decided (else null). */
    record Registered(String version, io.pipewright.pipeline.gate.GatedPromotion.Outcome promotion) {
    }

    /**
     * Writes the model as a new version of {@code name} and points {@code alias} at it only past the promotion gates,
     * judged on {@code holdout} (null: none, and the gates fail as not checked). An environment without a registry
     * (a test) has no alias holder or store to gate against and registers as {@link #register} does.
     */
    default Registered register(TrainedModel model, String name, String alias, Map<String, Double> metrics, String nodeId,
                                io.pipewright.pipeline.gate.GateSettings gates, io.pipewright.pipeline.gate.Holdout holdout) {
        return new Registered(register(model, name, alias, metrics, nodeId), null);
    }
}
