package io.pipewright.track;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dataset versions in the store. The same content at the same path is one version (its profile
 * is refreshed); changed content is a new version, so a run can point to exactly the data it used.
 * Runs are tied to data by fingerprint ({@code run_dataset.sha256}), so a version's runs are the runs
 * that read its content, and a model version leads back, through its run, to the versions it was
 * trained on.
 */
public final class DatasetVersions {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Loads what recording a version needs beyond the store (its JSON mapper, about 300 classes), for a caller
     * to do on a thread of its own while it has other work, instead of when it records.
     */
    public static void prepare() {
        JSON.createArrayNode();
    }

    /** What first read a version. */
    public static final String PROFILE = "profile";
    public static final String VALIDATION = "validation";
    public static final String DRIFT = "drift";
    public static final String PIPELINE = "pipeline";

    private final Store store;

    public DatasetVersions(Store store) {
        this.store = store;
    }

    /** Records a validated file as a version read by a validation (a file already recorded keeps its version and profile). */
    public void recordValidated(io.pipewright.quality.ValidationReport report, Instant now) {
        var dataset = report.dataset();
        recordRead(dataset.path(), dataset.format(), dataset.bytes(), dataset.sha256(), dataset.rows(),
                dataset.columns().stream().map(column -> new SchemaColumn(column.name(), column.type())).toList(), VALIDATION, now);
    }

    /** Records both sides of a drift report as versions read by drift (a side already recorded keeps its version and profile). */
    public void recordDriftSides(io.pipewright.quality.drift.DriftReport report, Instant now) {
        for (var side : List.of(report.reference(), report.current())) {
            recordRead(side.path(), side.format(), side.bytes(), side.sha256(), side.rows(),
                    side.columns().stream().map(column -> new SchemaColumn(column.name(), column.type())).toList(), DRIFT, now);
        }
    }

    /** A model version registered from a run: {@code name:version} and the aliases pointing at it now. */
    public record ModelUse(String name, int version, List<String> aliases) {
        public String reference() {
            return name + ":" + version;
        }
    }

    /** A run that read a version's content (at node {@code nodeId}), with the model versions registered from it. */
    public record RunUse(String runKey, String name, String experiment, String status, Instant startedAt, String nodeId, List<ModelUse> models) {
    }

    /**
     * A dataset a run read, by fingerprint: the version the store knows for it (null when it was read
     * before versions were recorded) and the versions of that path, newest first (its history).
     */
    public record DataUse(String nodeId, String sha256, DatasetVersion version, List<DatasetVersion> history) {
    }

    /** A model version's chain back to its data: the run that made it (null when unknown) and the datasets that run read. */
    public record Lineage(ModelRegistry.Version model, RunUse run, List<DataUse> datasets) {
    }

    /** Records a profiled dataset in one transaction and returns its version. */
    public DatasetVersion record(String given, String format, long sizeBytes, String sha256, long rows, int columns, String profileJson,
                                 Instant now) {
        String path = normalized(given);
        List<SchemaColumn> profiled = schemaOfProfile(profileJson);
        String schemaJson = profiled.isEmpty() ? null : schemaJson(profiled);
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            try {
                Optional<DatasetVersion> existing = find(connection, path, sha256);
                DatasetVersion version;
                if (existing.isPresent()) {
                    try (PreparedStatement update = connection.prepareStatement("UPDATE dataset_version SET profile_json = ?, profiled_at = ?, "
                            + "row_count = ?, column_count = ?, schema_json = COALESCE(?, schema_json) WHERE id = ?")) {
                        update.setString(1, profileJson);
                        update.setTimestamp(2, Timestamp.from(now));
                        update.setLong(3, rows);
                        update.setInt(4, columns);
                        update.setString(5, schemaJson);
                        update.setLong(6, existing.get().id());
                        update.executeUpdate();
                    }
                    DatasetVersion old = existing.get();
                    version = new DatasetVersion(old.id(), path, format, sizeBytes, sha256, rows, columns, old.createdAt(), now, old.readBy(), old.runs());
                } else {
                    version = insert(connection, path, format, sizeBytes, sha256, rows, columns, profileJson, schemaJson, PROFILE, now);
                }
                connection.commit();
                return version;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record dataset " + path + " in the store: " + e.getMessage(), e);
        }
    }

    /**
     * Records a dataset that was read (by a pipeline, a validation or a drift report) without a
     * profile, in one transaction, and returns its version: the existing version when the same
     * content at the same path is already recorded (its profile is kept; a missing schema is
     * filled in), else a new one. {@code readBy} is one of {@link #PIPELINE}, {@link #VALIDATION},
     * {@link #DRIFT}, {@link #PROFILE}.
     */
    public DatasetVersion recordRead(String given, String format, long sizeBytes, String sha256, long rows, List<SchemaColumn> schema, String readBy,
                                     Instant now) {
        String path = normalized(given);
        String schemaJson = schemaJson(schema);
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            try {
                Optional<DatasetVersion> existing = find(connection, path, sha256);
                DatasetVersion version;
                if (existing.isPresent()) {
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE dataset_version SET schema_json = ? WHERE id = ? AND schema_json IS NULL")) {
                        update.setString(1, schemaJson);
                        update.setLong(2, existing.get().id());
                        update.executeUpdate();
                    }
                    version = existing.get();
                } else {
                    version = insert(connection, path, format, sizeBytes, sha256, rows, schema.size(), null, schemaJson, readBy, now);
                }
                connection.commit();
                return version;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record dataset " + path + " in the store: " + e.getMessage(), e);
        }
    }

    private static DatasetVersion insert(Connection connection, String path, String format, long sizeBytes, String sha256, long rows, int columns,
                                         String profileJson, String schemaJson, String readBy, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dataset_version (path, format, size_bytes, sha256, row_count, column_count, profile_json, created_at, profiled_at, "
                        + "schema_json, read_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, path);
            insert.setString(2, format);
            insert.setLong(3, sizeBytes);
            insert.setString(4, sha256);
            insert.setLong(5, rows);
            insert.setInt(6, columns);
            insert.setString(7, profileJson);
            insert.setTimestamp(8, Timestamp.from(now));
            insert.setTimestamp(9, profileJson == null ? null : Timestamp.from(now));
            insert.setString(10, schemaJson);
            insert.setString(11, readBy);
            insert.executeUpdate();
            long id;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            return new DatasetVersion(id, path, format, sizeBytes, sha256, rows, columns, now, profileJson == null ? null : now, readBy,
                    runCount(connection, sha256));
        }
    }

    private static int runCount(Connection connection, String sha256) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(DISTINCT run_id) FROM run_dataset WHERE sha256 = ?")) {
            select.setString(1, sha256);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static Optional<DatasetVersion> find(Connection connection, String path, String sha256) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM dataset_version v WHERE path = ? AND sha256 = ?")) {
            select.setString(1, path);
            select.setString(2, sha256);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static final String COLUMNS = "v.id, v.path, v.format, v.size_bytes, v.sha256, v.row_count, v.column_count, v.created_at, v.profiled_at, "
            + "v.read_by, (SELECT COUNT(DISTINCT d.run_id) FROM run_dataset d WHERE d.sha256 = v.sha256)";

    private static DatasetVersion read(ResultSet rows) throws SQLException {
        Timestamp profiled = rows.getTimestamp(9);
        return new DatasetVersion(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getString(5).strip(),
                rows.getLong(6), rows.getInt(7), rows.getTimestamp(8).toInstant(), profiled == null ? null : profiled.toInstant(),
                rows.getString(10), rows.getInt(11));
    }

    private List<DatasetVersion> select(String where, Object... values) {
        try (Connection connection = store.connection()) {
            return select(connection, where, values);
        } catch (SQLException e) {
            throw new StoreException("cannot read dataset versions: " + e.getMessage(), e);
        }
    }

    private static List<DatasetVersion> select(Connection connection, String where, Object... values) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM dataset_version v " + where)) {
            for (int i = 0; i < values.length; i++) {
                select.setObject(i + 1, values[i]);
            }
            var versions = new ArrayList<DatasetVersion>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    versions.add(read(rows));
                }
            }
            return versions;
        }
    }

    /** Every version, newest first, each with the number of runs that read its content. */
    public List<DatasetVersion> list() {
        return select("ORDER BY v.created_at DESC, v.id DESC");
    }

    /** The version with this id. */
    public Optional<DatasetVersion> find(long id) {
        return select("WHERE v.id = ?", id).stream().findFirst();
    }

    /** The newest version recorded at this path. */
    public Optional<DatasetVersion> latest(String path) {
        return history(path).stream().findFirst();
    }

    /** Every version recorded at this path, newest first. */
    public List<DatasetVersion> history(String path) {
        return select("WHERE v.path = ? ORDER BY v.created_at DESC, v.id DESC", path);
    }

    /** The profile JSON stored with a version (empty when there is no such version or it was never profiled). */
    public Optional<String> profileJson(long id) {
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement("SELECT profile_json FROM dataset_version WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read dataset version " + id + ": " + e.getMessage(), e);
        }
    }

    /** A version's columns (empty when unknown): as recorded, else as its profile lists them. */
    public List<SchemaColumn> schema(long id) {
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement("SELECT schema_json, profile_json FROM dataset_version WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return List.of();
                }
                String schema = rows.getString(1);
                return schema != null ? parseSchema(schema) : schemaOfProfile(rows.getString(2));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read dataset version " + id + ": " + e.getMessage(), e);
        }
    }

    /** The runs that read this content, newest first, each with the model versions registered from it. */
    public List<RunUse> runsUsing(String sha256) {
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement(RUN_USE + "WHERE d.sha256 = ? ORDER BY r.started_at DESC, r.id DESC, d.node_id")) {
            select.setString(1, sha256);
            return runUses(connection, select);
        } catch (SQLException e) {
            throw new StoreException("cannot read the runs that used " + sha256 + ": " + e.getMessage(), e);
        }
    }

    private static final String RUN_USE = "SELECT r.run_key, r.name, e.name, r.status, r.started_at, d.node_id FROM run_dataset d "
            + "JOIN run r ON r.id = d.run_id JOIN experiment e ON e.id = r.experiment_id ";

    private static List<RunUse> runUses(Connection connection, PreparedStatement select) throws SQLException {
        var uses = new ArrayList<RunUse>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                uses.add(new RunUse(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getTimestamp(5).toInstant(),
                        rows.getString(6), List.of()));
            }
        }
        var withModels = new ArrayList<RunUse>();
        for (RunUse use : uses) {
            withModels.add(new RunUse(use.runKey(), use.name(), use.experiment(), use.status(), use.startedAt(), use.nodeId(),
                    modelsOf(connection, use.runKey())));
        }
        return withModels;
    }

    private static List<ModelUse> modelsOf(Connection connection, String runKey) throws SQLException {
        var models = new ArrayList<ModelUse>();
        var ids = new ArrayList<Long>();
        try (PreparedStatement select = connection.prepareStatement("SELECT m.name, v.version, v.id FROM model_version v "
                + "JOIN registered_model m ON m.id = v.model_id WHERE v.run_key = ? ORDER BY m.name, v.version")) {
            select.setString(1, runKey);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    models.add(new ModelUse(rows.getString(1), rows.getInt(2), List.of()));
                    ids.add(rows.getLong(3));
                }
            }
        }
        var withAliases = new ArrayList<ModelUse>();
        try (PreparedStatement select = connection.prepareStatement("SELECT alias FROM model_alias WHERE version_id = ? ORDER BY alias")) {
            for (int i = 0; i < models.size(); i++) {
                select.setLong(1, ids.get(i));
                var aliases = new ArrayList<String>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        aliases.add(rows.getString(1));
                    }
                }
                withAliases.add(new ModelUse(models.get(i).name(), models.get(i).version(), List.copyOf(aliases)));
            }
        }
        return withAliases;
    }

    /** The run with this key, with the model versions registered from it (empty when the store has no such run). */
    public Optional<RunUse> run(String runKey) {
        try (Connection connection = store.connection()) {
            return run(connection, runKey).stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("cannot read run " + runKey + ": " + e.getMessage(), e);
        }
    }

    private static List<RunUse> run(Connection connection, String runKey) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT r.run_key, r.name, e.name, r.status, r.started_at, CAST(NULL AS VARCHAR(64)) "
                + "FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE r.run_key = ?")) {
            select.setString(1, runKey);
            return runUses(connection, select);
        }
    }

    /**
     * A model version's chain back to its data (empty when there is no such version): the run that
     * registered it and, for each dataset that run read, the version the store knows for that content
     * (the newest, when the same content was recorded at several paths) and that path's history.
     */
    public Optional<Lineage> modelLineage(String modelName, int version) {
        Optional<ModelRegistry.Version> model = new ModelRegistry(store, java.time.Clock.systemUTC()).find(modelName + ":" + version);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        String runKey = model.get().runKey();
        if (runKey == null) {
            return Optional.of(new Lineage(model.get(), null, List.of()));
        }
        try (Connection connection = store.connection()) {
            List<RunUse> run = run(connection, runKey);
            if (run.isEmpty()) {
                return Optional.of(new Lineage(model.get(), null, List.of()));
            }
            var datasets = new ArrayList<DataUse>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT d.node_id, d.sha256 FROM run_dataset d JOIN run r ON r.id = d.run_id WHERE r.run_key = ? ORDER BY d.node_id, d.sha256")) {
                select.setString(1, runKey);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        datasets.add(new DataUse(rows.getString(1), rows.getString(2).strip(), null, List.of()));
                    }
                }
            }
            var known = new ArrayList<DataUse>();
            for (DataUse use : datasets) {
                DatasetVersion data = select(connection, "WHERE v.sha256 = ? ORDER BY v.created_at DESC, v.id DESC", use.sha256()).stream()
                        .findFirst().orElse(null);
                List<DatasetVersion> history = data == null ? List.of()
                        : select(connection, "WHERE v.path = ? ORDER BY v.created_at DESC, v.id DESC", data.path());
                known.add(new DataUse(use.nodeId(), use.sha256(), data, history));
            }
            return Optional.of(new Lineage(model.get(), run.get(0), known));
        } catch (SQLException e) {
            throw new StoreException("cannot read the lineage of " + modelName + ":" + version + ": " + e.getMessage(), e);
        }
    }

    static String schemaJson(List<SchemaColumn> schema) {
        if (schema == null) {
            return null;
        }
        ArrayNode array = JSON.createArrayNode();
        schema.forEach(column -> array.addObject().put("name", column.name()).put("type", column.type()));
        return array.toString();
    }

    static List<SchemaColumn> parseSchema(String json) {
        try {
            var columns = new ArrayList<SchemaColumn>();
            for (JsonNode column : JSON.readTree(json)) {
                columns.add(new SchemaColumn(column.path("name").asText(), column.path("type").isNull() ? null : column.path("type").asText(null)));
            }
            return columns;
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    /** The columns a profile JSON lists (empty when there is none or it cannot be read). */
    static List<SchemaColumn> schemaOfProfile(String profileJson) {
        if (profileJson == null) {
            return List.of();
        }
        try {
            JsonNode columns = JSON.readTree(profileJson).path("columns");
            var schema = new ArrayList<SchemaColumn>();
            for (JsonNode column : columns) {
                schema.add(new SchemaColumn(column.path("name").asText(), column.path("type").asText(null)));
            }
            return schema;
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    /**
     * One spelling per file, whoever records it (./data.csv, data/../data.csv and /abs/data.csv are the same version);
     * a database source ({@code jdbc:…#table}) as it is, with any password left out.
     */
    static String normalized(String path) {
        if (io.pipewright.data.lake.LayerReference.looksLikeOne(path)) {
            return path; // a dataset in a layer (gold/scores@2), named the same from any folder
        }
        if (path.startsWith("jdbc:")) {
            return io.pipewright.data.DatabaseSource.redact(path);
        }
        try {
            return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return path;
        }
    }
}
