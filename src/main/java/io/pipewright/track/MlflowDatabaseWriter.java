package io.pipewright.track;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes Pipewright runs into an MLflow SQLite database the way MLflow's own store writes them
 * ({@code mlflow/store/tracking/sqlalchemy_store.py}): a 32-hex run_uuid, status and lifecycle_stage
 * in MLflow's words, times in epoch milliseconds, artifact URIs under the experiment's location,
 * metrics with {@code is_nan} (a NaN stored as 0, an infinity as the largest double), latest_metrics
 * holding each key's point of the highest (step, timestamp, value), and each dataset a run read as a
 * datasets row joined to the run by an inputs row tagged {@code mlflow.data.context}. Pipewright's
 * own run id, status and the user are kept in tags, so an import gives the runs back as they were.
 */
final class MlflowDatabaseWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_UUID = Pattern.compile("[0-9a-f]{32}");
    static final String RUN_KEY_TAG = "pipewright.runKey";
    static final String STATUS_TAG = "pipewright.status";
    static final String CONTEXT_TAG = "mlflow.data.context";
    private static final Map<String, String> STATUS = Map.of(Runs.RUNNING, "RUNNING", Runs.FINISHED, "FINISHED", Runs.FAILED, "FAILED",
            Runs.KILLED, "KILLED", "pruned", "KILLED");

    private MlflowDatabaseWriter() {
    }

    /** A dataset a run read, as MLflow keeps it: its name, digest, source and profile (the full SHA-256 in the profile). */
    record Input(String context, String name, String digest, String sourceType, String source, String profile) {
    }

    /** A run read from the store, ready to be written. */
    record Prepared(String uuid, String name, String status, long start, Long end, Map<String, String> params, Map<String, String> tags,
                    List<Runs.Point> points, List<Input> inputs) {
    }

    /** MLflow's run_uuid for a Pipewright run: its own id when it is one (a run imported from MLflow), else one derived from it. */
    static String runUuid(String key) {
        return RUN_UUID.matcher(key).matches() ? key
                : UUID.nameUUIDFromBytes(("pipewright run " + key).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    /** Reads the experiment's runs, child runs included, parents before their children. */
    static List<Prepared> prepare(Runs runs, String experiment) {
        List<Runs.Run> all = runs.all(experiment);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no runs in experiment '" + experiment + "'");
        }
        Map<String, String> names = names(runs.store(), experiment);
        String user = System.getProperty("user.name", "pipewright");
        var prepared = new ArrayList<Prepared>();
        for (Runs.Run run : all) {
            String uuid = runUuid(run.key());
            String name = names.getOrDefault(run.key(), run.key());
            var tags = new LinkedHashMap<>(runs.tags(run.id()));
            tags.put("mlflow.runName", name);
            tags.put(STATUS_TAG, run.status());
            if (!uuid.equals(run.key())) {
                tags.put(RUN_KEY_TAG, run.key());
                tags.putIfAbsent("mlflow.user", user);
            }
            String parent = runs.parentKey(run.id());
            if (parent != null) {
                tags.put("mlflow.parentRunId", runUuid(parent));
            }
            var params = new LinkedHashMap<String, String>();
            runs.params(run.id()).forEach((key, value) -> params.put(key, value == null ? "" : value));
            prepared.add(new Prepared(uuid, name, STATUS.getOrDefault(run.status(), "FINISHED"), run.startedAt().toEpochMilli(),
                    run.endedAt() == null ? null : run.endedAt().toEpochMilli(), params, tags, runs.points(run.id()), inputs(runs.store(), run.id())));
        }
        return prepared;
    }

    /** Writes the runs in the caller's transaction: the schema first when the database is new. */
    static MlflowDatabase.Exported write(Connection connection, Path file, boolean created, String experiment, List<Prepared> runs)
            throws SQLException {
        boolean workspaces = false;
        if (created) {
            MlflowSchema.create(connection);
        } else {
            workspaces = MlflowSchema.check(connection, file).workspaces();
        }
        long now = Clock.systemUTC().millis();
        String root = artifactRoot(connection, file);
        if (count(connection, "SELECT COUNT(*) FROM experiments") == 0) {
            // MLflow's store creates the Default experiment, id 0, when it first opens an empty database
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO experiments (experiment_id, name, artifact_location, "
                    + "lifecycle_stage, creation_time, last_update_time) VALUES (0, 'Default', ?, 'active', ?, ?)")) {
                insert.setString(1, root + "/0");
                insert.setLong(2, now);
                insert.setLong(3, now);
                insert.executeUpdate();
            }
        }
        long experimentId = experiment(connection, file, experiment, workspaces, root, now);
        String location = text(connection, "SELECT artifact_location FROM experiments WHERE experiment_id = " + experimentId);
        var skipped = new ArrayList<String>();
        int written = 0;
        for (Prepared run : runs) {
            if (count(connection, "SELECT COUNT(*) FROM runs WHERE run_uuid = '" + run.uuid() + "'") > 0) {
                skipped.add(run.tags().getOrDefault(RUN_KEY_TAG, run.uuid()));
                continue;
            }
            writeRun(connection, experimentId, (location == null ? root + "/" + experimentId : location) + "/" + run.uuid() + "/artifacts", run);
            written++;
        }
        return new MlflowDatabase.Exported(file.toAbsolutePath(), Long.toString(experimentId), written, skipped, created);
    }

    private static void writeRun(Connection connection, long experimentId, String artifactUri, Prepared run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, "
                + "user_id, status, start_time, end_time, deleted_time, source_version, lifecycle_stage, artifact_uri, experiment_id) "
                + "VALUES (?, ?, 'UNKNOWN', '', '', ?, ?, ?, ?, NULL, '', 'active', ?, ?)")) {
            insert.setString(1, run.uuid());
            insert.setString(2, run.name());
            insert.setString(3, run.tags().getOrDefault("mlflow.user", System.getProperty("user.name", "pipewright")));
            insert.setString(4, run.status());
            insert.setLong(5, run.start());
            insert.setObject(6, run.end());
            insert.setString(7, artifactUri);
            insert.setLong(8, experimentId);
            insert.executeUpdate();
        }
        pairs(connection, "INSERT INTO tags (\"key\", value, run_uuid) VALUES (?, ?, ?)", run.uuid(), run.tags());
        pairs(connection, "INSERT INTO params (\"key\", value, run_uuid) VALUES (?, ?, ?)", run.uuid(), run.params());
        metrics(connection, run);
        for (Input input : run.inputs()) {
            input(connection, experimentId, run.uuid(), input);
        }
    }

    /** One metric point as MLflow stores it: (key, value, timestamp, step, is_nan), NaN as 0 and an infinity as the largest double. */
    private record Stored(String key, double value, long timestamp, long step, boolean nan) {
        static Stored of(Runs.Point point) {
            double value = point.value();
            boolean nan = Double.isNaN(value);
            double stored = nan ? 0 : Double.isInfinite(value) ? Math.copySign(Double.MAX_VALUE, value) : value;
            return new Stored(point.key(), stored, point.at().toEpochMilli(), point.step(), nan);
        }

        boolean newerThan(Stored other) {
            int byStep = Long.compare(step, other.step);
            int byTime = Long.compare(timestamp, other.timestamp);
            return byStep != 0 ? byStep > 0 : byTime != 0 ? byTime > 0 : value > other.value;
        }
    }

    private static void metrics(Connection connection, Prepared run) throws SQLException {
        var seen = new HashSet<Stored>();
        var latest = new LinkedHashMap<String, Stored>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO metrics (\"key\", value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Runs.Point point : run.points()) {
                Stored stored = Stored.of(point);
                if (!seen.add(stored)) {
                    continue; // the same point twice is one row, as MLflow keeps it
                }
                insert.setString(1, stored.key());
                insert.setDouble(2, stored.value());
                insert.setLong(3, stored.timestamp());
                insert.setString(4, run.uuid());
                insert.setLong(5, stored.step());
                insert.setBoolean(6, stored.nan());
                insert.addBatch();
                latest.merge(stored.key(), stored, (old, candidate) -> candidate.newerThan(old) ? candidate : old);
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO latest_metrics (\"key\", value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Stored stored : latest.values()) {
                insert.setString(1, stored.key());
                insert.setDouble(2, stored.value());
                insert.setLong(3, stored.timestamp());
                insert.setLong(4, stored.step());
                insert.setBoolean(5, stored.nan());
                insert.setString(6, run.uuid());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** A dataset row (found by name and digest in the experiment, or new) and the input joining it to the run. */
    private static void input(Connection connection, long experimentId, String runUuid, Input input) throws SQLException {
        String datasetUuid = null;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?")) {
            select.setLong(1, experimentId);
            select.setString(2, input.name());
            select.setString(3, input.digest());
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    datasetUuid = rows.getString(1);
                }
            }
        }
        if (datasetUuid == null) {
            datasetUuid = UUID.randomUUID().toString().replace("-", "");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, "
                    + "dataset_source_type, dataset_source, dataset_schema, dataset_profile) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)")) {
                insert.setString(1, datasetUuid);
                insert.setLong(2, experimentId);
                insert.setString(3, input.name());
                insert.setString(4, input.digest());
                insert.setString(5, input.sourceType());
                insert.setString(6, input.source());
                insert.setString(7, input.profile());
                insert.executeUpdate();
            }
        }
        if (count(connection, "SELECT COUNT(*) FROM inputs WHERE source_type = 'DATASET' AND source_id = '" + datasetUuid
                + "' AND destination_type = 'RUN' AND destination_id = '" + runUuid + "'") > 0) {
            return; // two nodes read the same content: MLflow keeps one input per dataset and run
        }
        String inputUuid = UUID.randomUUID().toString().replace("-", "");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, "
                + "destination_id, step) VALUES (?, 'DATASET', ?, 'RUN', ?, 0)")) {
            insert.setString(1, inputUuid);
            insert.setString(2, datasetUuid);
            insert.setString(3, runUuid);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO input_tags (input_uuid, name, value) VALUES (?, ?, ?)")) {
            insert.setString(1, inputUuid);
            insert.setString(2, CONTEXT_TAG);
            insert.setString(3, input.context());
            insert.executeUpdate();
        }
    }

    /** The experiment's id: the one of that name (in the default workspace, where experiments have workspaces), or a new one. */
    private static long experiment(Connection connection, Path file, String name, boolean workspaces, String root, long now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT experiment_id, lifecycle_stage FROM experiments WHERE name = ?"
                + (workspaces ? " AND workspace = 'default'" : ""))) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    if ("deleted".equals(rows.getString(2))) {
                        throw new IllegalArgumentException(file + ": the experiment '" + name + "' is deleted in MLflow (restore it there, "
                                + "or delete it for good with 'mlflow gc'); nothing was written");
                    }
                    return rows.getLong(1);
                }
            }
        }
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO experiments (name, artifact_location, lifecycle_stage, "
                + "creation_time, last_update_time) VALUES (?, NULL, 'active', ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.setLong(2, now);
            insert.setLong(3, now);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        // as MLflow does: the location follows from the id the database gave
        try (PreparedStatement update = connection.prepareStatement("UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?")) {
            update.setString(1, root + "/" + id);
            update.setLong(2, id);
            update.executeUpdate();
        }
        return id;
    }

    /**
     * Where MLflow keeps the artifacts of a database's experiments: the folder of the Default
     * experiment's location, else {@code mlruns} beside the database (MLflow's default, resolved as it
     * resolves it from the database's folder).
     */
    private static String artifactRoot(Connection connection, Path file) throws SQLException {
        String defaultLocation = text(connection, "SELECT artifact_location FROM experiments WHERE experiment_id = 0");
        if (defaultLocation != null && defaultLocation.endsWith("/0")) {
            return defaultLocation.substring(0, defaultLocation.length() - 2);
        }
        return file.toAbsolutePath().getParent().resolve("mlruns").toString();
    }

    private static void pairs(Connection connection, String sql, String runUuid, Map<String, String> pairs) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (var pair : pairs.entrySet()) {
                insert.setString(1, pair.getKey());
                insert.setString(2, pair.getValue());
                insert.setString(3, runUuid);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The datasets a run read: from the store's run_dataset, named after the file of its newest version where the store has one. */
    private static List<Input> inputs(Store store, long runId) {
        var inputs = new ArrayList<Input>();
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement("SELECT node_id, sha256 FROM run_dataset WHERE run_id = ? ORDER BY node_id, sha256");
             PreparedStatement version = connection.prepareStatement("SELECT path, row_count, column_count FROM dataset_version WHERE sha256 = ? "
                     + "ORDER BY created_at DESC, id DESC FETCH FIRST 1 ROWS ONLY")) {
            select.setLong(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String node = rows.getString(1);
                    String sha256 = rows.getString(2).strip();
                    var profile = new LinkedHashMap<String, Object>();
                    String path = null;
                    version.setString(1, rows.getString(2));
                    try (ResultSet found = version.executeQuery()) {
                        if (found.next()) {
                            path = found.getString(1);
                            profile.put("num_rows", found.getLong(2));
                            profile.put("num_elements", found.getLong(2) * found.getInt(3));
                        }
                    }
                    profile.put("sha256", sha256);
                    String name = path == null ? node : Path.of(path).getFileName().toString();
                    // MLflow's own digests are 8 characters; the whole fingerprint travels in the profile
                    inputs.add(new Input(node, name, sha256.substring(0, Math.min(8, sha256.length())), path == null ? "code" : "local",
                            json(path == null ? Map.of() : Map.of("uri", path)), json(profile)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the run's datasets: " + e.getMessage(), e);
        }
        return inputs;
    }

    /** Pipewright's run names of an experiment, by run id. */
    private static Map<String, String> names(Store store, String experiment) {
        var names = new LinkedHashMap<String, String>();
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(
                "SELECT r.run_key, r.name FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE e.name = ? AND r.name IS NOT NULL")) {
            select.setString(1, experiment);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    names.put(rows.getString(1), rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the runs: " + e.getMessage(), e);
        }
        return names;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
