package io.pipewright.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.data.DatasetException;
import io.pipewright.data.ParquetTables;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Step;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.Tuner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folder that nodes run one at a time (each in its own process, {@code pipewright run --node})
 * pass their outputs through: {@code <node>/<port>.parquet} for a table, {@code <port>.pwmodel} for a
 * model, {@code <port>.json} for metrics and trials (with {@code <port>.holdout.parquet}, the rows the metrics were
 * computed on, which a register node gates on), and {@code <node>/node.json} last, naming the
 * node's cache key and each file's SHA-256. A node's outputs exist only once its {@code node.json}
 * does, so a node killed while writing leaves none.
 */
public final class NodeWorkspace {
    static final String MANIFEST = "node.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * One output as {@code node.json} lists it; the table fields only for a table, and for an evaluation those of the rows
     * it was computed on ({@code <port>.holdout.parquet}, when it carried them).
     */
    public record Output(String type, String file, String sha256, List<String> columnTypes, List<String> sources, List<Step> steps,
                         List<ModelArtifact.Input> origin, List<DataTable.LayerRead> layers) {
        /** An output read from no layer (a workspace written before layers were kept reads with none). */
        public Output(String type, String file, String sha256, List<String> columnTypes, List<String> sources, List<Step> steps,
                      List<ModelArtifact.Input> origin) {
            this(type, file, sha256, columnTypes, sources, steps, origin, null);
        }
    }

    /** What {@code node.json} holds. */
    public record Manifest(String format, String pipeline, String node, String key, double seconds, long peakMemoryBytes,
                           Map<String, Output> outputs) {
    }

    private final Path folder;

    public NodeWorkspace(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** The node's manifest when the node has written its outputs (whatever its key), else empty; a damaged one is refused. */
    public Optional<Manifest> manifest(String node) {
        Path file = folder.resolve(node).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Manifest manifest = JSON.readValue(file.toFile(), Manifest.class);
            if (manifest == null || !"pipewright-node".equals(manifest.format()) || manifest.key() == null || manifest.outputs() == null) {
                throw new PipelineException(file + ": damaged (not a node manifest): run node '" + node + "' again");
            }
            return Optional.of(manifest);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PipelineException(file + ": damaged (" + io.pipewright.work.JsonErrors.describe(e) + "): run node '" + node + "' again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the node's outputs under this key are all there, unchanged. */
    public boolean holds(String node, String key) {
        var manifest = manifest(node).filter(found -> found.key().equals(key));
        if (manifest.isEmpty()) {
            return false;
        }
        for (Output output : manifest.get().outputs().values()) {
            Path file = folder.resolve(node).resolve(output.file());
            if (!Files.isRegularFile(file) || !sha256(file).equals(output.sha256())) {
                return false;
            }
        }
        return true;
    }

    /**
     * One output of a node that ran before ({@code node.port}), read back as the engine passed it, or a
     * refusal naming the node to run first, a workspace of another version of the pipeline, or a damaged file.
     */
    public Object read(String node, String port, String key, String reader) {
        Manifest manifest = manifest(node).orElseThrow(() -> new PipelineException("node '" + reader + "': its input " + node + "." + port
                + " is not in the workspace " + folder + ": run node '" + node + "' first"));
        if (!manifest.key().equals(key)) {
            throw new PipelineException("node '" + reader + "': " + folder.resolve(node).resolve(MANIFEST) + " was written by another version of the"
                    + " pipeline, its parameters, seed or data (cache key " + manifest.key().substring(0, 12) + ", this one's "
                    + key.substring(0, 12) + "): run node '" + node + "' again");
        }
        Output output = manifest.outputs().get(port);
        if (output == null) {
            throw new PipelineException("node '" + reader + "': node '" + node + "' wrote no output '" + port + "' to " + folder);
        }
        Path file = folder.resolve(node).resolve(output.file());
        if (!Files.isRegularFile(file)) {
            throw new PipelineException("node '" + reader + "': " + file + " is missing from the workspace: run node '" + node + "' again");
        }
        if (!sha256(file).equals(output.sha256())) {
            throw new PipelineException("node '" + reader + "': " + file + " is damaged (its SHA-256 is not the one " + MANIFEST
                    + " records): run node '" + node + "' again");
        }
        try {
            return switch (output.type()) {
                case "table" -> new DataTable(ParquetTables.read(file, node + "." + port, output.columnTypes()), output.sources(), output.steps(),
                        output.origin(), output.layers());
                case "model" -> ModelArtifact.read(file).model();
                case "evaluation" -> withHoldout(JSON.readValue(file.toFile(), Evaluation.class), file, output, node);
                case "trials" -> JSON.readValue(file.toFile(), Tuner.Study.class);
                default -> throw new PipelineException(file + ": unknown output type '" + output.type() + "' in " + MANIFEST);
            };
        } catch (DatasetException | IllegalArgumentException | IOException e) {
            throw new PipelineException("node '" + reader + "': " + file + " is damaged (" + e.getMessage().lines().findFirst().orElse("")
                    + "): run node '" + node + "' again", e);
        }
    }

    private static Path holdoutFile(Path evaluation) {
        String name = evaluation.getFileName().toString();
        return evaluation.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".holdout.parquet");
    }

    /** The evaluation with the rows it was computed on, when the node kept them beside it. */
    private static Evaluation withHoldout(Evaluation evaluation, Path file, Output output, String node) {
        Path rows = holdoutFile(file);
        if (output.columnTypes() == null || !Files.isRegularFile(rows)) {
            return evaluation;
        }
        var table = ParquetTables.read(rows, rows.getFileName().toString(), output.columnTypes());
        return evaluation.withHoldout(new io.pipewright.pipeline.gate.Holdout(table, output.steps() == null ? List.of() : output.steps(),
                String.format(java.util.Locale.ROOT, "the %,d rows evaluate node '%s' scored", table.rowCount(), node)));
    }

    /** Writes a node's outputs, then its manifest (replacing what an earlier run of the node left). */
    public void write(String pipeline, String node, String key, double seconds, long peakMemoryBytes, Map<String, Object> outputs, String version) {
        Path nodeFolder = folder.resolve(node);
        try {
            Files.createDirectories(nodeFolder);
            Files.deleteIfExists(nodeFolder.resolve(MANIFEST));
            var written = new LinkedHashMap<String, Output>();
            for (var entry : outputs.entrySet()) {
                String port = entry.getKey();
                Object value = entry.getValue();
                Output output;
                if (value instanceof DataTable table) {
                    Path file = nodeFolder.resolve(port + ".parquet");
                    ParquetTables.write(table.table(), file);
                    output = new Output("table", file.getFileName().toString(), sha256(file), ParquetTables.types(table.table()), table.sources(),
                            table.steps(), table.origin(), table.layers());
                } else if (value instanceof TrainedModel model) {
                    Path file = nodeFolder.resolve(port + ModelArtifact.EXTENSION);
                    ModelArtifact.write(model, pipeline + "-" + node, Map.of(), version, file);
                    output = new Output("model", file.getFileName().toString(), sha256(file), null, null, null, null);
                } else if (value instanceof Evaluation evaluation && evaluation.holdout() != null) {
                    Path file = nodeFolder.resolve(port + ".json");
                    atomically(file, JSON.writeValueAsBytes(value));
                    ParquetTables.write(evaluation.holdout().table(), holdoutFile(file));
                    output = new Output("evaluation", file.getFileName().toString(), sha256(file), ParquetTables.types(evaluation.holdout().table()),
                            null, evaluation.holdout().steps(), null);
                } else if (value instanceof Evaluation || value instanceof Tuner.Study) {
                    Path file = nodeFolder.resolve(port + ".json");
                    atomically(file, JSON.writeValueAsBytes(value));
                    output = new Output(value instanceof Evaluation ? "evaluation" : "trials", file.getFileName().toString(), sha256(file), null, null,
                            null, null);
                } else {
                    throw new PipelineException("node '" + node + "': its output '" + port + "' (" + value.getClass().getSimpleName()
                            + ") cannot be written to a workspace");
                }
                written.put(port, output);
            }
            atomically(nodeFolder.resolve(MANIFEST), JSON.writeValueAsBytes(new Manifest("pipewright-node", pipeline, node, key, seconds,
                    peakMemoryBytes, written)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write node '" + node + "' to " + nodeFolder + ": " + e.getMessage(), e);
        }
    }

    private static void atomically(Path file, byte[] content) throws IOException {
        Path partial = file.resolveSibling("." + file.getFileName() + ".part");
        Files.write(partial, content);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(Path file) {
        try {
            return RunRecorder.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
