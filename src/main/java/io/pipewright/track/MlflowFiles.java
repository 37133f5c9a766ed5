package io.pipewright.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pipewright.work.FolderTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs in MLflow's file-store layout, both ways:
 * {@code DIR/<experiment_id>/meta.yaml} and {@code DIR/<experiment_id>/<run_id>/{meta.yaml, params/, metrics/, tags/, artifacts/}},
 * a parameter or tag per file (its value), a metric per file with a {@code timestamp value step}
 * line per point. {@code mlflow ui --backend-store-uri DIR} shows an export; an import reads such a
 * folder back. Params, metric histories (to the millisecond, as MLflow keeps them) and tags survive
 * a round trip exactly; a child run (a tuning trial) is tagged {@code mlflow.parentRunId}.
 */
public final class MlflowFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    private static final Map<String, Integer> STATUS = Map.of(Runs.RUNNING, 1, Runs.FINISHED, 3, Runs.FAILED, 4, Runs.KILLED, 5, "pruned", 5);

    private MlflowFiles() {
    }

    /** Writes the experiment's runs into {@code out}; returns the experiment folder. */
    public static Path export(Runs runs, String experiment, String experimentId, Path out) {
        List<Runs.Run> all = runs.all(experiment);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no runs in experiment '" + experiment + "'");
        }
        Path folder = out.resolve(experimentId);
        try {
            Files.createDirectories(folder);
            var meta = new LinkedHashMap<String, Object>();
            meta.put("artifact_location", folder.toAbsolutePath().toUri().toString());
            meta.put("creation_time", all.get(0).startedAt().toEpochMilli());
            meta.put("experiment_id", experimentId);
            meta.put("last_update_time", all.get(all.size() - 1).startedAt().toEpochMilli());
            meta.put("lifecycle_stage", "active");
            meta.put("name", experiment);
            write(folder.resolve("meta.yaml"), YAML.writeValueAsString(meta));
            for (Runs.Run run : all) {
                Path runFolder = folder.resolve(run.key());
                for (String part : List.of("params", "metrics", "tags", "artifacts")) {
                    Files.createDirectories(runFolder.resolve(part));
                }
                var runMeta = new LinkedHashMap<String, Object>();
                runMeta.put("artifact_uri", runFolder.resolve("artifacts").toAbsolutePath().toUri().toString());
                runMeta.put("end_time", run.endedAt() == null ? null : run.endedAt().toEpochMilli());
                runMeta.put("entry_point_name", "");
                runMeta.put("experiment_id", experimentId);
                runMeta.put("lifecycle_stage", "active");
                runMeta.put("run_id", run.key());
                runMeta.put("run_name", run.key());
                runMeta.put("run_uuid", run.key());
                runMeta.put("source_name", "");
                runMeta.put("source_type", 4);
                runMeta.put("source_version", "");
                runMeta.put("start_time", run.startedAt().toEpochMilli());
                runMeta.put("status", STATUS.getOrDefault(run.status(), 3));
                runMeta.put("tags", List.of());
                runMeta.put("user_id", System.getProperty("user.name", "pipewright"));
                write(runFolder.resolve("meta.yaml"), YAML.writeValueAsString(runMeta));
                for (var param : runs.params(run.id()).entrySet()) {
                    write(runFolder.resolve("params").resolve(fileName(param.getKey())), param.getValue() == null ? "" : param.getValue());
                }
                var tags = new LinkedHashMap<>(runs.tags(run.id()));
                tags.put("mlflow.runName", run.key());
                tags.put("pipewright.status", run.status());
                String parent = runs.parentKey(run.id());
                if (parent != null) {
                    tags.put("mlflow.parentRunId", parent);
                }
                for (var tag : tags.entrySet()) {
                    write(runFolder.resolve("tags").resolve(fileName(tag.getKey())), tag.getValue() == null ? "" : tag.getValue());
                }
                var lines = new LinkedHashMap<String, StringBuilder>();
                for (Runs.Point point : runs.points(run.id())) {
                    lines.computeIfAbsent(point.key(), key -> new StringBuilder()).append(point.at().toEpochMilli()).append(' ')
                            .append(number(point.value())).append(' ').append(point.step()).append('\n');
                }
                for (var metric : lines.entrySet()) {
                    write(runFolder.resolve("metrics").resolve(fileName(metric.getKey())), metric.getValue().toString());
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder + ": " + e.getMessage(), e);
        }
    }

    /** What an import did: the experiments and the number of runs read, and the runs skipped because the store had them. */
    public record Imported(List<String> experiments, int runs, List<String> skipped) {
    }

    /** A run folder read and checked, its metrics not yet read. */
    private record RunFolder(Path folder, String key, String name, String status, Instant started, Instant ended, Map<String, String> params,
                             Map<String, String> tags, String parent, Map<String, Path> metrics) {
    }

    private record ExperimentFolder(String name, List<RunFolder> runs) {
    }

    /**
     * Reads every experiment folder under {@code dir} into the store. Every run is read and checked
     * first (its meta.yaml, params, tags and metric files, and every length against what the store
     * keeps), so a folder with a mistake is refused before anything is written; then each run is
     * written whole, in one transaction. Links are followed only inside {@code dir} (see {@link FolderTree}).
     */
    public static Imported importFrom(Runs runs, Path dir) {
        FolderTree tree = FolderTree.of(dir);
        var folders = new ArrayList<ExperimentFolder>();
        for (Path folder : tree.list(dir, entry -> !entry.getFileName().toString().startsWith("."))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            Path metaFile = folder.resolve("meta.yaml");
            String name = text(meta(tree, metaFile), "name", metaFile);
            within(metaFile, () -> StoreLimits.checkExperiment(name));
            var runFolders = new ArrayList<RunFolder>();
            for (Path runFolder : tree.list(folder)) {
                if (Files.isDirectory(runFolder) && Files.exists(runFolder.resolve("meta.yaml"))) {
                    runFolders.add(runFolder(tree, runFolder));
                }
            }
            folders.add(new ExperimentFolder(name, runFolders));
        }
        var experiments = new ArrayList<String>();
        var skipped = new ArrayList<String>();
        int count = 0;
        for (ExperimentFolder folder : folders) {
            experiments.add(folder.name());
            // parents before their children, so a child can name its parent's id
            var pending = new ArrayList<>(folder.runs());
            var imported = new LinkedHashMap<String, Long>();
            for (int pass = 0; pass < 3 && !pending.isEmpty(); pass++) {
                for (var iterator = pending.iterator(); iterator.hasNext(); ) {
                    RunFolder run = iterator.next();
                    String parent = run.parent();
                    if (parent != null && !imported.containsKey(parent) && runs.find(parent).isEmpty() && pass < 2) {
                        continue; // its parent comes later in this folder
                    }
                    iterator.remove();
                    var existing = runs.find(run.key());
                    if (existing.isPresent()) {
                        skipped.add(run.key());
                        imported.put(run.key(), existing.get().id());
                        continue;
                    }
                    Long parentId = parent == null ? null : imported.containsKey(parent) ? imported.get(parent)
                            : runs.find(parent).map(Runs.Run::id).orElse(null);
                    Runs.Run recorded = runs.record(folder.name(), run.key(), run.name(), run.status(), run.started(), run.ended(), parentId,
                            run.params(), run.tags(), readMetrics(run.folder().resolve("metrics"), run.metrics()));
                    imported.put(run.key(), recorded.id());
                    count++;
                }
            }
        }
        return new Imported(experiments, count, skipped);
    }

    /** One run's folder: its meta.yaml, params and tags read, its metric files parsed, every length checked; nothing is written. */
    private static RunFolder runFolder(FolderTree tree, Path folder) {
        Path metaFile = folder.resolve("meta.yaml");
        JsonNode meta = meta(tree, metaFile);
        String key = text(meta, "run_id", metaFile);
        Map<String, String> tags = texts(tree, folder.resolve("tags"));
        Map<String, String> params = texts(tree, folder.resolve("params"));
        Map<String, Path> metrics = Files.isDirectory(folder.resolve("metrics")) ? tree.files(folder.resolve("metrics")) : Map.of();
        readMetrics(folder.resolve("metrics"), metrics); // a malformed line is found now, before any run is written
        String status = tags.getOrDefault("pipewright.status", status(meta.path("status").asInt(3)));
        String name = tags.getOrDefault("mlflow.runName", key);
        String parent = tags.get("mlflow.parentRunId");
        tags.remove("pipewright.status");
        tags.remove("mlflow.parentRunId");
        tags.remove("mlflow.runName");
        within(folder, () -> {
            StoreLimits.checkRunIdAndName(key, name);
            StoreLimits.checkPairs("param", params);
            StoreLimits.checkPairs("tag", tags);
            metrics.keySet().forEach(StoreLimits::checkMetric);
        });
        Instant started = Instant.ofEpochMilli(meta.path("start_time").asLong());
        Instant ended = meta.hasNonNull("end_time") ? Instant.ofEpochMilli(meta.path("end_time").asLong()) : null;
        return new RunFolder(folder, key, name, status, started, ended, params, tags, parent, metrics);
    }

    /** Runs a length check, its refusal naming the file or folder it came from. */
    private static void within(Path where, Runnable check) {
        try {
            check.run();
        } catch (StoreLimits.TooLongException e) {
            throw new StoreLimits.TooLongException(where + ": " + e.getMessage());
        }
    }

    /** The points of a run's metric files ({@code files} as {@link FolderTree#files} gives them). */
    private static List<Runs.Point> readMetrics(Path folder, Map<String, Path> files) {
        var points = new ArrayList<Runs.Point>();
        for (var file : files.entrySet()) {
            int line = 0;
            for (String text : FolderTree.read(file.getValue()).split("\n")) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                String[] parts = text.trim().split("\\s+");
                try {
                    if (parts.length < 2 || parts.length > 3) {
                        throw new NumberFormatException();
                    }
                    long at = Long.parseLong(parts[0]);
                    double value = parts[1].equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(parts[1]);
                    long step = parts.length == 3 ? Long.parseLong(parts[2]) : 0;
                    points.add(new Runs.Point(file.getKey(), step, Instant.ofEpochMilli(at), value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(folder.resolve(file.getKey()) + ": line " + line + ": expected 'timestamp value step', not '"
                            + text.strip() + "'");
                }
            }
        }
        return points;
    }

    private static JsonNode meta(FolderTree tree, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing (not an MLflow file store folder?)");
        }
        try {
            JsonNode node = YAML.readTree(FolderTree.read(tree.check(file)));
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(file + ": not an MLflow meta.yaml (expected a mapping)");
            }
            return node;
        } catch (IOException e) {
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException processing && processing.getLocation() != null
                    ? ": line " + processing.getLocation().getLineNr() : "";
            throw new IllegalArgumentException(file + where + ": not valid YAML", e);
        }
    }

    private static String text(JsonNode meta, String field, Path file) {
        JsonNode value = meta.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException(file + ": no " + field);
        }
        return value.asText();
    }

    private static String status(int code) {
        return switch (code) {
            case 1, 2 -> Runs.RUNNING;
            case 4 -> Runs.FAILED;
            case 5 -> Runs.KILLED;
            default -> Runs.FINISHED;
        };
    }

    /** The text of each file under a folder, by its path relative to it with '/' (MLflow's keys may hold slashes). */
    private static Map<String, String> texts(FolderTree tree, Path folder) {
        var texts = new LinkedHashMap<String, String>();
        if (Files.isDirectory(folder)) {
            tree.files(folder).forEach((key, real) -> texts.put(key, FolderTree.read(real)));
        }
        return texts;
    }

    private static String fileName(String key) {
        if (key.isEmpty() || key.contains("..") || key.startsWith("/")) {
            throw new IllegalArgumentException("'" + key + "' cannot be written as an MLflow key");
        }
        return key;
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        return Double.isInfinite(value) ? (value > 0 ? "inf" : "-inf") : Double.toString(value);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

}
