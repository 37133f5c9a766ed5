package io.pipewright.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.TrialRuns;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's environment backed by the store: a registered model is written to
 * {@code artifacts/models/<name>/v<version>.pwmodel} and recorded as the next version in the registry.
 */
public final class StoreRunEnvironment implements RunEnvironment {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelRegistry registry;
    private final Path artifacts;
    private final String runKey;
    private final String version;
    private final Map<String, Path> written = Collections.synchronizedMap(new LinkedHashMap<>());
    private final io.pipewright.track.Runs runs;
    private final io.pipewright.track.Runs.Run parent;
    private final Path runFolder;
    private final Map<Path, String> attachedKinds = Collections.synchronizedMap(new LinkedHashMap<>());
    private boolean recordedStudies;
    private final io.pipewright.data.DatabaseCredentials credentials;
    private final String pipeline;
    private final Path dataRoot;
    /** High-water marks reached by this run's incremental reads, by source: kept when the run finishes ({@link #keepWatermarks}). */
    private final Map<String, io.pipewright.track.SourceWatermarks.Mark> reached = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param runs and @param parent the run's record (null when it is not recorded): trials become its child runs
     * @param runFolder where files attached by nodes go ({@code artifacts/<pipeline>/<run>})
     */
    public StoreRunEnvironment(ModelRegistry registry, Path artifacts, String runKey, String pipewrightVersion, io.pipewright.track.Runs runs,
                               io.pipewright.track.Runs.Run parent, Path runFolder, io.pipewright.data.DatabaseCredentials credentials, String pipeline,
                               Path dataRoot) {
        this.dataRoot = dataRoot;
        this.credentials = credentials;
        this.pipeline = pipeline;
        this.runFolder = runFolder;
        this.registry = registry;
        this.artifacts = artifacts;
        this.runKey = runKey;
        this.version = pipewrightVersion;
        this.runs = runs;
        this.parent = parent;
    }

    /**
     * The data folder of the home whose artifacts folder this is ({@link io.pipewright.home.PipewrightHome} lays a home out):
     * {@code $PIPEWRIGHT_DATA} where this process has it, else the home's data/.
     */
    public static Path dataRootOf(Path artifacts) {
        return io.pipewright.home.PipewrightHome.resolve(artifacts.toAbsolutePath().normalize().getParent(), System.getenv()).data();
    }

    @Override
    public Path dataRoot() {
        return dataRoot;
    }

    @Override
    public String runKey() {
        return runKey;
    }

    @Override
    public io.pipewright.data.DatabaseCredentials databaseCredentials() {
        return credentials;
    }

    @Override
    public java.util.Optional<String> watermark(String source, String column) {
        return new io.pipewright.track.SourceWatermarks(registry.store()).get(pipeline, source).filter(mark -> mark.column().equalsIgnoreCase(column))
                .map(io.pipewright.track.SourceWatermarks.Mark::value);
    }

    @Override
    public void reached(String source, String column, String value) {
        reached.put(source, new io.pipewright.track.SourceWatermarks.Mark(column, value, runKey, java.time.Instant.now()));
    }

    /** Keeps the high-water marks this run's incremental reads reached: called once the run (or the node, on a cluster) has finished. */
    public void keepWatermarks() {
        var marks = new io.pipewright.track.SourceWatermarks(registry.store());
        reached.forEach((source, mark) -> marks.set(pipeline, source, mark));
        reached.clear();
    }

    @Override
    public synchronized void trial(String nodeId, String algorithm, io.pipewright.train.Tuner.Trial trial, String metric) {
        if (runs == null || parent == null) {
            return;
        }
        new TrialRuns(runs, parent, nodeId).record(algorithm, trial, metric);
    }

    @Override
    public io.pipewright.train.Tuner.Study recordedStudy(String nodeId, io.pipewright.train.SearchSpace space, io.pipewright.train.Tuner.Settings settings) {
        if (!recordedStudies || runs == null || parent == null) {
            return null;
        }
        int count = io.pipewright.train.TrialProposals.count(space, settings);
        var records = new TrialRuns(runs, parent, nodeId).read(count, settings.metric());
        List<Integer> missing = StudyRun.withoutResult(records, 0, count);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(StudyRun.missing(nodeId, missing, records, "of the study"));
        }
        return io.pipewright.train.Tuner.study(TrialRuns.trials(records, space), settings.metric());
    }

    @Override
    public synchronized String register(TrainedModel model, String name, String alias, Map<String, Double> metrics, String nodeId) {
        return write(model, name, alias, metrics, nodeId, null, null);
    }

    /**
     * Registers the version without an alias, keeps a raw holdout beside its model file (for a later {@code models promote}),
     * then lets the gates decide whether the alias moves to it (action {@code register}).
     */
    @Override
    public synchronized Registered register(TrainedModel model, String name, String alias, Map<String, Double> metrics, String nodeId,
                                            io.pipewright.pipeline.gate.GateSettings gates, io.pipewright.pipeline.gate.Holdout holdout) {
        String registered = write(model, name, null, metrics, nodeId, holdout, gates);
        if (alias == null) {
            return new Registered(registered, null);
        }
        int number = Integer.parseInt(registered.substring(registered.lastIndexOf(':') + 1));
        return new Registered(registered, new io.pipewright.pipeline.gate.GatedPromotion(registry).promote(name, number, alias, gates, holdout, false,
                "register", null));
    }

    private String write(TrainedModel model, String name, String alias, Map<String, Double> metrics, String nodeId,
                         io.pipewright.pipeline.gate.Holdout holdout, io.pipewright.pipeline.gate.GateSettings gates) {
        int next = registry.nextVersion(name);
        Path folder = artifacts.resolve("models").resolve(name);
        Path file = folder.resolve("v" + next + ModelArtifact.EXTENSION);
        try {
            Files.createDirectories(folder);
            ModelArtifact.write(model, name, metrics, version, file);
            if (holdout != null || gates != null) {
                io.pipewright.pipeline.gate.StoredHoldout.write(file, holdout, gates);
            }
            String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            var registered = registry.register(name, runKey, file.toString(), sha256, JSON.writeValueAsString(metrics), alias);
            written.put(nodeId, file);
            return registered.name() + ":" + registered.version();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Path attach(String nodeId, String fileName, String kind, byte[] content) {
        if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("an attached file's name must be a plain file name, not " + fileName);
        }
        Path file = runFolder.resolve(fileName);
        try {
            Files.createDirectories(runFolder);
            Path partial = runFolder.resolve(fileName + ".partial");
            Files.write(partial, content);
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        written.put(nodeId + "/" + fileName, file);
        attachedKinds.put(file, kind);
        return file;
    }

    /** Tune nodes take their study from the trials recorded in the store (as separate processes), instead of running their own. */
    StoreRunEnvironment readingRecordedStudies() {
        recordedStudies = true;
        return this;
    }

    /** The kind of an attached file (null for a model or another file this environment did not attach). */
    public String kindOf(Path file) {
        return attachedKinds.get(file);
    }

    /** The model files written by register nodes, by node, and the files attached by nodes (by node/file name). */
    public Map<String, Path> written() {
        return Map.copyOf(written);
    }
}
