package io.pipewright.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.Runs;
import io.pipewright.track.SchemaColumn;
import io.pipewright.train.TrainedModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a pipeline run in the store as it happens: the run opens as running with the pipeline's
 * text and hash and every node's parameters (checked against the store's lengths first: a value it
 * cannot keep refuses the run before anything is written); metric points (learning curves) are
 * written in batches while nodes run; at the end come the models' effective hyperparameters, the
 * datasets the nodes that read one read (by fingerprint), the metrics of the nodes that evaluate a model and artifacts, with the final status, in one
 * transaction. A run whose results cannot be written is closed as failed, saying why: none is left running.
 */
public final class RunRecorder implements RunListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final Runs runs;
    private final Runs.Run run;
    private final java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RunRecorder(Runs runs, Runs.Run run) {
        this.runs = runs;
        this.run = run;
    }

    public static RunRecorder start(Runs runs, Pipeline pipeline, String runKey, String name, long seed, Map<String, String> tags) {
        String text = PipelineFiles.toYaml(pipeline.document());
        var params = new LinkedHashMap<String, String>();
        pipeline.params().forEach((node, values) -> flatten(node, values, params));
        Runs.Run run = runs.start(pipeline.name(), runKey, name, seed, sha256(text), text, null, params, tags);
        return new RunRecorder(runs, run);
    }

    /** A recorder of a run opened elsewhere (a workflow's run, to which each node adds what it produced). */
    static RunRecorder of(Runs runs, Runs.Run run) {
        return new RunRecorder(runs, run);
    }

    public Runs.Run run() {
        return run;
    }

    public Runs runs() {
        return runs;
    }

    @Override
    public void metric(String nodeId, String key, long step, double value) {
        runs.metric(run.id(), nodeId + "." + key, step, value);
    }

    /**
     * Writes what the run produced and closes it, in one transaction; {@code kinds} names the kind of
     * each file a node attached (null for models and evaluations). When that fails, the run is closed
     * as failed with the reason, and the failure is thrown for the person who ran it.
     */
    public void finish(Pipeline pipeline, PipelineRunner.Result result, Map<String, java.nio.file.Path> artifacts,
                       java.util.function.Function<java.nio.file.Path, String> kinds) {
        try {
            var params = new LinkedHashMap<String, String>();
            var datasets = new java.util.ArrayList<Runs.Dataset>();
            result.outputs().forEach((node, outputs) -> outputs.forEach((port, value) -> {
                if (value instanceof TrainedModel model) {
                    flatten(node + ".hyperparameters", model.hyperparameters(), params);
                } else if (value instanceof DataTable table && pipeline.types().get(node).dataset().isPresent()) {
                    table.sources().forEach(sha256 -> datasets.add(new Runs.Dataset(node, sha256)));
                    recordVersion(pipeline, node, table);
                } else if (value instanceof Evaluation evaluation && pipeline.types().get(node).producesEvaluation()) {
                    evaluation.metrics().forEach((key, metric) -> runs.metric(run.id(), node + "." + key, 0, metric));
                }
            }));
            // each node's time and peak memory, as a workflow's node records them: what a cluster export sizes its tasks from
            result.nodes().values().stream().filter(node -> node.status() == NodeEvent.Status.DONE).forEach(node -> {
                runs.metric(run.id(), node.id() + ".node_seconds", 0, node.seconds());
                runs.metric(run.id(), node.id() + ".node_peak_memory_bytes", 0, node.peakMemoryBytes());
            });
            var files = new java.util.ArrayList<Runs.Artifact>();
            artifacts.forEach((node, file) -> {
                try {
                    String attached = kinds.apply(file);
                    String kind = attached != null ? attached : file.toString().endsWith(".evaluation.json") ? "evaluation" : "model";
                    files.add(new Runs.Artifact(file.toString(), kind, java.nio.file.Files.size(file), sha256(java.nio.file.Files.readAllBytes(file))));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            });
            String status = switch (result.status()) {
                case FINISHED -> Runs.FINISHED;
                case FAILED -> Runs.FAILED;
                case CANCELLED -> Runs.KILLED;
            };
            runs.end(run.id(), status, result.failure(), new Runs.Results(params, files, datasets));
        } catch (RuntimeException e) {
            try {
                runs.end(run.id(), Runs.FAILED, "its results could not be recorded: " + e.getMessage());
            } catch (RuntimeException again) {
                LOG.warn("run {} could not be closed either: {}", run.key(), again.getMessage());
            }
            throw new io.pipewright.track.StoreException(e.getMessage() + " (the run is recorded as failed)", e);
        }
    }

    /**
     * Records the file a node read ({@link NodeType#dataset()}) as a dataset version (its path, format,
     * size, rows and schema), or the dataset in a layer it read (by its pinned reference, {@code gold/scores@2});
     * the run does not depend on it, so a failure is only a warning.
     */
    void recordVersion(Pipeline pipeline, String node, DataTable table) {
        var dataset = pipeline.types().get(node).dataset().orElseThrow();
        Map<String, Object> params = pipeline.params().get(node);
        // a relative path without the pipeline's folder was read from the working directory
        var folder = pipeline.folder() != null ? pipeline.folder() : java.nio.file.Path.of("").toAbsolutePath();
        var named = dataset.file(params, folder);
        if (table.sources().size() != 1) {
            return;
        }
        var schema = table.origin().stream().map(input -> new SchemaColumn(input.name(), input.type())).toList();
        if (named.isEmpty()) {
            // a dataset in a layer is recorded by its pinned reference (gold/scores@2), so a model's lineage reaches the layer's version
            if (table.layers().size() == 1) {
                DataTable.LayerRead layer = table.layers().get(0);
                record(node, layer.reference(), () -> new DatasetVersions(runs.store()).recordRead(layer.reference(), layer.format(), layer.bytes(),
                        table.sources().get(0), table.rows(), schema, DatasetVersions.PIPELINE, java.time.Instant.now()));
            }
            return;
        }
        java.nio.file.Path file = named.get().toAbsolutePath().normalize();
        record(node, file.getFileName().toString(), () -> {
            try {
                new DatasetVersions(runs.store()).recordRead(file.toString(), dataset.reader(file, params).format().label(), java.nio.file.Files.size(file),
                        table.sources().get(0), table.rows(), schema, DatasetVersions.PIPELINE, java.time.Instant.now());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e.getMessage(), e);
            }
        });
    }

    /** Records one dataset version; a failure is a warning naming {@code what}, as the run does not depend on it. */
    private void record(String node, String what, Runnable recording) {
        try {
            recording.run();
        } catch (RuntimeException e) {
            String warning = "the dataset version of " + what + " (node '" + node + "') was not recorded: " + e.getMessage();
            LOG.warn(warning);
            warnings.add(warning);
        }
    }

    /** What could not be recorded without failing the run (dataset versions), for the person who ran it. */
    public java.util.List<String> warnings() {
        return java.util.List.copyOf(warnings);
    }

    /** Closes a run that stopped before the engine returned (an error outside any node). */
    public void abandon(String failure) {
        runs.end(run.id(), Runs.FAILED, failure);
    }

    static void flatten(String prefix, Map<String, Object> values, Map<String, String> into) {
        values.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) map;
                flatten(prefix + "." + key, nested, into);
            } else {
                into.put(prefix + "." + key, text(value));
            }
        });
    }

    private static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
