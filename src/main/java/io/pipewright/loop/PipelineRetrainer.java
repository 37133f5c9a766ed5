package io.pipewright.loop;

import io.pipewright.pipeline.ModelRegistration;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RecordedRun;
import io.pipewright.pipeline.RunListener;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Retrains by running a pipeline file as {@code pipewright run} would, with every node that registers
 * its model ({@link NodeType#registersModel()}) rewritten to record the monitored model's next version under {@code challenger}: whatever alias the
 * file names (champion included) is replaced, so a monitor never moves the champion.
 */
public final class PipelineRetrainer implements MonitorRunner.Retrainer {
    private final Store store;
    private final Path artifacts;
    private final String version;
    private final Consumer<String> warnings;

    public PipelineRetrainer(Store store, Path artifacts, String pipewrightVersion, Consumer<String> warnings) {
        this.store = store;
        this.artifacts = artifacts;
        this.version = pipewrightVersion;
        this.warnings = warnings;
    }

    @Override
    public MonitorRunner.Retrained retrain(Path file, String model, Progress progress) {
        Pipeline pipeline = load(file, model);
        var setting = new RecordedRun.Setting(store, artifacts, version, Map.of("monitor.retrain", model),
                Math.max(1, Runtime.getRuntime().availableProcessors()), null);
        RecordedRun.Outcome outcome = RecordedRun.run(pipeline, file.getFileName().toString(), null, pipeline.document().seedOrDefault(), setting,
                RunListener.NONE, progress, warnings);
        if (outcome.result().status() != PipelineRunner.Status.FINISHED) {
            return new MonitorRunner.Retrained(outcome.runId(), false, null, outcome.result().failure());
        }
        var registered = new ModelRegistry(store, java.time.Clock.systemUTC()).find(model + "@" + MonitorRunner.CHALLENGER)
                .filter(found -> outcome.runId().equals(found.runKey()));
        return registered.map(found -> new MonitorRunner.Retrained(outcome.runId(), true, found.name() + ":" + found.version(), null))
                .orElseGet(() -> new MonitorRunner.Retrained(outcome.runId(), true, null, "the run registered no version of " + model));
    }

    @Override
    public void check(Path pipeline, String model) {
        load(pipeline, model);
    }

    /** The pipeline with its register nodes pointed at {@code model}@challenger; a pipeline without one cannot retrain. */
    static Pipeline load(Path file, String model) {
        NodeCatalog catalog = NodeCatalog.standard();
        PipelineDocument document = PipelineFiles.read(file);
        boolean registers = false;
        for (PipelineDocument.Node node : document.nodes()) {
            ModelRegistration registration = catalog.find(node.type()).flatMap(NodeType::registersModel).orElse(null);
            if (registration != null) {
                PipelineDocument.Node pointed = node.withParam(registration.name(), model);
                document = document.withNode(registration.alias() == null ? pointed : pointed.withParam(registration.alias(), MonitorRunner.CHALLENGER));
                registers = true;
            }
        }
        if (!registers) {
            throw new IllegalArgumentException(file.getFileName() + ": the pipeline has no register node, so a retrained model would not be recorded");
        }
        return new PipelineValidator(catalog).validate(document, file.toAbsolutePath().getParent(), file.getFileName().toString());
    }
}
