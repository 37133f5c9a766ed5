package io.pipewright.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
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
import java.util.stream.Stream;

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

    /** Reads every experiment folder under {@code dir} into the store. */
    public static Imported importFrom(Runs runs, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such folder");
        }
        var experiments = new ArrayList<String>();
        var skipped = new ArrayList<String>();
        int count = 0;
        List<Path> folders;
        try (Stream<Path> list = Files.list(dir)) {
            folders = list.filter(Files::isDirectory).filter(folder -> !folder.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot read: " + e.getMessage(), e);
        }
        for (Path folder : folders) {
            JsonNode meta = meta(folder.resolve("meta.yaml"));
            String name = text(meta, "name", folder.resolve("meta.yaml"));
            experiments.add(name);
            List<Path> runFolders;
            try (Stream<Path> list = Files.list(folder)) {
                runFolders = list.filter(Files::isDirectory).filter(run -> Files.exists(run.resolve("meta.yaml"))).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(folder + ": cannot read: " + e.getMessage(), e);
            }
            // parents before their children, so a child can name its parent's id
            var pending = new ArrayList<Path>(runFolders);
            var imported = new LinkedHashMap<String, Long>();
            for (int pass = 0; pass < 3 && !pending.isEmpty(); pass++) {
                for (var iterator = pending.iterator(); iterator.hasNext(); ) {
                    Path runFolder = iterator.next();
                    Path metaFile = runFolder.resolve("meta.yaml");
                    JsonNode runMeta = meta(metaFile);
                    String key = text(runMeta, "run_id", metaFile);
                    Map<String, String> tags = files(runFolder.resolve("tags"));
                    String parent = tags.get("mlflow.parentRunId");
                    if (parent != null && !imported.containsKey(parent) && runs.find(parent).isEmpty() && pass < 2) {
                        continue; // its parent comes later in this folder
                    }
                    iterator.remove();
                    if (runs.find(key).isPresent()) {
                        skipped.add(key);
                        imported.put(key, runs.find(key).get().id());
                        continue;
                    }
                    Long parentId = parent == null ? null : imported.containsKey(parent) ? imported.get(parent)
                            : runs.find(parent).map(Runs.Run::id).orElse(null);
                    // everything of the run is read and checked before anything is written
                    List<Runs.Point> points = readMetrics(runFolder.resolve("metrics"));
                    Map<String, String> params = files(runFolder.resolve("params"));
                    String status = tags.getOrDefault("pipewright.status", status(runMeta.path("status").asInt(3)));
                    Instant started = Instant.ofEpochMilli(runMeta.path("start_time").asLong());
                    Instant ended = runMeta.hasNonNull("end_time") ? Instant.ofEpochMilli(runMeta.path("end_time").asLong()) : null;
                    Runs.Run run = runs.record(name, key, tags.getOrDefault("mlflow.runName", key), status, started, ended, parentId);
                    imported.put(key, run.id());
                    runs.params(run.id(), params);
                    tags.remove("pipewright.status");
                    tags.remove("mlflow.parentRunId");
                    tags.remove("mlflow.runName");
                    runs.tags(run.id(), tags);
                    points.forEach(point -> runs.metric(run.id(), point.key(), point.step(), point.value(), point.at()));
                    runs.flush();
                    count++;
                }
            }
        }
        return new Imported(experiments, count, skipped);
    }

    private static List<Runs.Point> readMetrics(Path folder) {
        var points = new ArrayList<Runs.Point>();
        for (var file : files(folder).entrySet()) {
            int line = 0;
            for (String text : file.getValue().split("\n")) {
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

    private static JsonNode meta(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing (not an MLflow file store folder?)");
        }
        try {
            JsonNode node = YAML.readTree(file.toFile());
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

    /** Files under a folder, by their path relative to it with '/' (MLflow's keys may hold slashes), and their text. */
    private static Map<String, String> files(Path folder) {
        var files = new LinkedHashMap<String, String>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(folder.relativize(file).toString().replace(java.io.File.separatorChar, '/'), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot read: " + e.getMessage(), e);
        }
        return files;
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
