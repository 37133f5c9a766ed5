package io.pipewright.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the runs of an MLflow SQLite database (its active experiments and runs, as MLflow's UI lists
 * them) and records them in the store: params, tags, every metric point (NaN where MLflow marks
 * {@code is_nan}), the datasets each run read
 * and parent runs ({@code mlflow.parentRunId}). A run exported by Pipewright comes back with its own
 * id, status and tags.
 */
final class MlflowDatabaseReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The longest node id the store keeps for a dataset a run read. */
    private static final int NODE_ID = 64;

    private MlflowDatabaseReader() {
    }

    /** A run read and checked against what the store keeps; nothing is written yet. */
    record Run(String uuid, String key, String name, String status, Instant started, Instant ended, String parentKey, Map<String, String> params,
               Map<String, String> tags, List<Runs.Point> points, List<Runs.Dataset> datasets) {
    }

    record Experiment(String name, List<Run> runs) {
    }

    /** Every active run of every active experiment, each checked against the store's limits. */
    static List<Experiment> read(Connection connection, Path file) throws SQLException {
        var keys = new HashMap<String, String>(); // run_uuid → Pipewright's id, for runs Pipewright exported
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT run_uuid, value FROM tags WHERE \"key\" = '" + MlflowDatabaseWriter.RUN_KEY_TAG + "'")) {
            while (rows.next()) {
                keys.put(rows.getString(1), rows.getString(2));
            }
        }
        var experiments = new ArrayList<Experiment>();
        var found = new LinkedHashMap<Long, String>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT experiment_id, name FROM experiments WHERE COALESCE(lifecycle_stage, 'active') = 'active' ORDER BY experiment_id")) {
            while (rows.next()) {
                found.put(rows.getLong(1), rows.getString(2));
            }
        }
        for (var experiment : found.entrySet()) {
            var runs = new ArrayList<Run>();
            try (PreparedStatement select = connection.prepareStatement("SELECT run_uuid, name, status, start_time, end_time FROM runs "
                    + "WHERE experiment_id = ? AND COALESCE(lifecycle_stage, 'active') = 'active' ORDER BY start_time, run_uuid")) {
                select.setLong(1, experiment.getKey());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        runs.add(run(connection, file, keys, rows));
                    }
                }
            }
            if (!runs.isEmpty()) {
                within(file.toString(), () -> StoreLimits.checkExperiment(experiment.getValue()));
                experiments.add(new Experiment(experiment.getValue(), runs));
            }
        }
        return experiments;
    }

    private static Run run(Connection connection, Path file, Map<String, String> keys, ResultSet row) throws SQLException {
        String uuid = row.getString(1);
        Map<String, String> tags = pairs(connection, "SELECT \"key\", value FROM tags WHERE run_uuid = ? ORDER BY \"key\"", uuid);
        Map<String, String> params = pairs(connection, "SELECT \"key\", value FROM params WHERE run_uuid = ? ORDER BY \"key\"", uuid);
        String key = tags.containsKey(MlflowDatabaseWriter.RUN_KEY_TAG) ? tags.remove(MlflowDatabaseWriter.RUN_KEY_TAG) : uuid;
        if (!key.equals(uuid)) {
            tags.remove("mlflow.user"); // Pipewright wrote it with the run; MLflow's own runs keep theirs
        }
        String runName = tags.remove("mlflow.runName");
        String name = row.getString(2) != null && !row.getString(2).isEmpty() ? row.getString(2) : runName != null ? runName : key;
        String status = tags.containsKey(MlflowDatabaseWriter.STATUS_TAG) ? tags.remove(MlflowDatabaseWriter.STATUS_TAG) : status(row.getString(3));
        String parentUuid = tags.remove("mlflow.parentRunId");
        String parent = parentUuid == null ? null : keys.getOrDefault(parentUuid, parentUuid);
        List<Runs.Point> points = points(connection, uuid);
        List<Runs.Dataset> datasets = datasets(connection, uuid);
        within(file + ": run " + uuid, () -> {
            StoreLimits.checkRunIdAndName(key, name);
            StoreLimits.checkPairs("param", params);
            StoreLimits.checkPairs("tag", tags);
            points.forEach(point -> StoreLimits.checkMetric(point.key()));
        });
        long end = row.getLong(5);
        Instant ended = row.wasNull() ? null : Instant.ofEpochMilli(end);
        return new Run(uuid, key, name, status, Instant.ofEpochMilli(row.getLong(4)), ended, parent, params, tags, points, datasets);
    }

    /** Records the runs, parents before their children, each whole; returns what was imported and what the store had. */
    static MlflowFiles.Imported store(Runs runs, List<Experiment> experiments) {
        var names = new ArrayList<String>();
        var skipped = new ArrayList<String>();
        int count = 0;
        for (Experiment experiment : experiments) {
            names.add(experiment.name());
            var pending = new ArrayList<>(experiment.runs());
            var imported = new HashMap<String, Long>();
            for (int pass = 0; pass < 3 && !pending.isEmpty(); pass++) {
                for (var iterator = pending.iterator(); iterator.hasNext(); ) {
                    Run run = iterator.next();
                    String parent = run.parentKey();
                    if (parent != null && !imported.containsKey(parent) && runs.find(parent).isEmpty() && pass < 2) {
                        continue; // its parent comes later
                    }
                    iterator.remove();
                    var existing = runs.find(run.key());
                    long id;
                    if (existing.isPresent()) {
                        skipped.add(run.key());
                        id = existing.get().id();
                    } else {
                        Long parentId = parent == null ? null : imported.containsKey(parent) ? imported.get(parent)
                                : runs.find(parent).map(Runs.Run::id).orElse(null);
                        id = runs.record(experiment.name(), run.key(), run.name(), run.status(), run.started(), run.ended(), parentId,
                                run.params(), run.tags(), run.points()).id();
                        count++;
                    }
                    imported.put(run.key(), id);
                    // a dataset row is added only when missing: an import cut short between a run and its datasets is completed by the next
                    run.datasets().forEach(dataset -> runs.dataset(id, dataset.nodeId(), dataset.sha256()));
                }
            }
        }
        return new MlflowFiles.Imported(names, count, skipped);
    }

    private static List<Runs.Point> points(Connection connection, String uuid) throws SQLException {
        var points = new ArrayList<Runs.Point>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT \"key\", value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? ORDER BY \"key\", step, timestamp")) {
            select.setString(1, uuid);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    // MLflow stores a NaN as 0 marked is_nan (and an infinity as the largest double, which it gives back as that)
                    double value = rows.getBoolean(5) ? Double.NaN : rows.getDouble(2);
                    points.add(new Runs.Point(rows.getString(1), rows.getLong(4), Instant.ofEpochMilli(rows.getLong(3)), value));
                }
            }
        }
        return points;
    }

    /**
     * The datasets a run read: the node is the input's {@code mlflow.data.context} (else the dataset's
     * name), the fingerprint the profile's {@code sha256} where Pipewright wrote one, else MLflow's digest.
     */
    private static List<Runs.Dataset> datasets(Connection connection, String uuid) throws SQLException {
        var datasets = new ArrayList<Runs.Dataset>();
        try (PreparedStatement select = connection.prepareStatement("SELECT d.name, d.digest, d.dataset_profile, "
                + "(SELECT t.value FROM input_tags t WHERE t.input_uuid = i.input_uuid AND t.name = ?) FROM inputs i "
                + "JOIN datasets d ON d.dataset_uuid = i.source_id WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' "
                + "AND i.destination_id = ? ORDER BY d.name, d.digest")) {
            select.setString(1, MlflowDatabaseWriter.CONTEXT_TAG);
            select.setString(2, uuid);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String sha256 = rows.getString(2);
                    try {
                        JsonNode profile = rows.getString(3) == null ? null : JSON.readTree(rows.getString(3));
                        if (profile != null && SHA256.matcher(profile.path("sha256").asText()).matches()) {
                            sha256 = profile.path("sha256").asText();
                        }
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        // a profile that is not JSON: MLflow's digest stands for the content
                    }
                    String node = rows.getString(4) != null ? rows.getString(4) : rows.getString(1);
                    datasets.add(new Runs.Dataset(node.length() > NODE_ID ? node.substring(0, NODE_ID) : node, sha256));
                }
            }
        }
        return datasets;
    }

    private static Map<String, String> pairs(Connection connection, String sql, String uuid) throws SQLException {
        var pairs = new LinkedHashMap<String, String>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, uuid);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pairs.put(rows.getString(1), rows.getString(2) == null ? "" : rows.getString(2)); // a tag's value may be NULL in MLflow's table
                }
            }
        }
        return pairs;
    }

    private static String status(String mlflow) {
        return switch (mlflow == null ? "" : mlflow) {
            case "RUNNING", "SCHEDULED" -> Runs.RUNNING;
            case "FAILED" -> Runs.FAILED;
            case "KILLED" -> Runs.KILLED;
            default -> Runs.FINISHED;
        };
    }

    /** Runs a length check, its refusal naming the database (and the run). */
    private static void within(String where, Runnable check) {
        try {
            check.run();
        } catch (StoreLimits.TooLongException e) {
            throw new StoreLimits.TooLongException(where + ": " + e.getMessage() + "; nothing was imported");
        }
    }
}
