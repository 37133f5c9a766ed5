package io.pipewright.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.ModelRegistry;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    /**
     * @param runs and @param parent the run's record (null when it is not recorded): trials become its child runs
     * @param runFolder where files attached by nodes go ({@code artifacts/<pipeline>/<run>})
     */
    public StoreRunEnvironment(ModelRegistry registry, Path artifacts, String runKey, String pipewrightVersion, io.pipewright.track.Runs runs,
                               io.pipewright.track.Runs.Run parent, Path runFolder) {
        this.runFolder = runFolder;
        this.registry = registry;
        this.artifacts = artifacts;
        this.runKey = runKey;
        this.version = pipewrightVersion;
        this.runs = runs;
        this.parent = parent;
    }

    @Override
    public synchronized void trial(String nodeId, String algorithm, io.pipewright.train.Tuner.Trial trial, String metric) {
        if (runs == null || parent == null) {
            return;
        }
        var params = new LinkedHashMap<String, String>();
        params.put("algorithm", algorithm);
        trial.params().forEach((name, value) -> params.put("hyperparameters." + name, String.valueOf(value)));
        // the trial opens with its params and tags in one write, and closes with its metrics in another
        String key = parent.key() + "-" + nodeId + "-" + trial.number();
        // a workflow's tune node run again (after a failure) keeps the earlier attempt's trials beside the new ones
        for (int attempt = 2; runs.find(key).isPresent(); attempt++) {
            key = parent.key() + "-" + nodeId + "-" + trial.number() + "-attempt" + attempt;
        }
        var child = runs.start(parent.experiment(), key, nodeId + " trial " + trial.number(),
                parent.seed(), parent.pipelineSha256(), null, parent.id(), params,
                Map.of("trial.number", Integer.toString(trial.number()), "trial.state", trial.state(), "tune.node", nodeId));
        trial.intermediate().forEach((step, value) -> runs.metric(child.id(), "valid_curve", step, value));
        if (trial.value() != null) {
            runs.metric(child.id(), metric, 0, trial.value());
        }
        runs.end(child.id(), trial.state().equals("failed") ? io.pipewright.track.Runs.FAILED
                : trial.state().equals("pruned") ? "pruned" : io.pipewright.track.Runs.FINISHED, trial.message());
    }

    @Override
    public synchronized String register(TrainedModel model, String name, String alias, Map<String, Double> metrics, String nodeId) {
        int next = registry.nextVersion(name);
        Path folder = artifacts.resolve("models").resolve(name);
        Path file = folder.resolve("v" + next + ModelArtifact.EXTENSION);
        try {
            Files.createDirectories(folder);
            ModelArtifact.write(model, name, metrics, version, file);
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

    /** The kind of an attached file (null for a model or another file this environment did not attach). */
    public String kindOf(Path file) {
        return attachedKinds.get(file);
    }

    /** The model files written by register nodes, by node, and the files attached by nodes (by node/file name). */
    public Map<String, Path> written() {
        return Map.copyOf(written);
    }
}
