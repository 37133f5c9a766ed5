package io.pipewright.track;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's SQLite tracking schema: the alembic revisions Pipewright reads and writes, the check an
 * existing database passes before anything is read from or written to it, and the tables MLflow 3.0
 * creates in a new one ({@code mlflow/mlflow-3.0-sqlite.sql}). The tables Pipewright touches
 * (experiments, runs, params, tags, metrics, latest_metrics, datasets, inputs, input_tags) are the same
 * in every known revision but for one column: since 1b5f0d9ad7c1 (MLflow 3.10) an experiment belongs
 * to a workspace, {@code 'default'} unless one is set.
 */
final class MlflowSchema {
    /** The revision a new database is created at: MLflow 3.0's head. */
    static final String CREATED_REVISION = "6953534de441";
    static final String CREATED_BY = "MLflow 3.0";

    /**
     * MLflow 3.x's alembic revisions, oldest first, as its migrations chain them
     * ({@code mlflow/store/db_migrations/versions}): 6953534de441 is MLflow 3.0's head, 7d34483879f0
     * MLflow 3.12's; every release between has one of these as its head.
     */
    static final List<String> KNOWN = List.of("6953534de441", "bda7b8c39065", "cbc13b556ace", "770bee3ae1dd", "a1b2c3d4e5f6",
            "de4033877273", "1a0cddfcaa16", "534353b11cbc", "71994744cf8e", "3da73c924c2f", "bf29a5ff90ea", "1bd49d398cd23", "b7c8d9e0f1a2",
            "5d2d30f0abce", "c9d4e5f6a7b8", "2c33131f4dae", "d3e4f5a6b7c8", "d0e1f2a3b4c5", "c8d9e0f1a2b3", "1b5f0d9ad7c1", "e1f2a3b4c5d6",
            "76601a5f987d", "c3d6457b6d8a", "a5b4c3d2e1f0", "ae8bbe7743c9", "7d34483879f0");

    /** The revisions of MLflow 1.x and 2.x (MLflow 3 migrates such a database with 'mlflow db upgrade'). */
    private static final Set<String> OLDER = Set.of("451aebb31d03", "90e64c465722", "181f10493468", "df50e92ffc5e", "7ac759974ad8",
            "89d4b8295536", "2b4d017a5e9b", "cfd24bdc0731", "0a8213491aaa", "728d730b5ebd", "27a6a02d2cf1", "84291f40a231", "a8c4a736bde6",
            "39d1c3be5f05", "c48cb773bb87", "bd07f7e963c5", "0c779009ac13", "cc1f77228345", "97727af70f4d", "3500859a5d39", "7f2a7d5fae7d",
            "2d6e25af4d3e", "acf3f17fdcc7", "867495a8f9d4", "5b0e9adcef9c", "4465047574b1", "f5a4f2784254", "0584bdc529eb", "400f98739977");

    /** The columns Pipewright reads or writes, by table. */
    private static final Map<String, List<String>> USED = Map.of(
            "experiments", List.of("experiment_id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time"),
            "runs", List.of("run_uuid", "name", "source_type", "source_name", "entry_point_name", "user_id", "status", "start_time", "end_time",
                    "deleted_time", "source_version", "lifecycle_stage", "artifact_uri", "experiment_id"),
            "params", List.of("key", "value", "run_uuid"),
            "tags", List.of("key", "value", "run_uuid"),
            "metrics", List.of("key", "value", "timestamp", "run_uuid", "step", "is_nan"),
            "latest_metrics", List.of("key", "value", "timestamp", "step", "is_nan", "run_uuid"),
            "datasets", List.of("dataset_uuid", "experiment_id", "name", "digest", "dataset_source_type", "dataset_source", "dataset_schema",
                    "dataset_profile"),
            "inputs", List.of("input_uuid", "source_type", "source_id", "destination_type", "destination_id", "step"),
            "input_tags", List.of("input_uuid", "name", "value"));

    private MlflowSchema() {
    }

    /** What the check found: the revision and whether experiments carry a workspace. */
    record Checked(String revision, boolean workspaces) {
    }

    /**
     * Checks that {@code file}'s database is an MLflow tracking database of a known revision whose
     * tables have every column Pipewright uses and none it would leave empty that must not be.
     */
    static Checked check(Connection connection, Path file) throws SQLException {
        var tables = new HashMap<String, Map<String, Boolean>>(); // table → column → must be given a value
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
                tables.put(rows.getString(1), new HashMap<>());
            }
        }
        if (!tables.containsKey("alembic_version") || !tables.containsKey("experiments") || !tables.containsKey("runs")) {
            throw new IllegalArgumentException(file + ": not an MLflow tracking database (it has no " + (tables.containsKey("alembic_version")
                    ? "experiments and runs tables" : "alembic_version table") + "); nothing was read or written");
        }
        var revisions = new ArrayList<String>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version_num FROM alembic_version")) {
            while (rows.next()) {
                revisions.add(rows.getString(1));
            }
        }
        String revision = revisions.size() == 1 ? revisions.get(0) : String.join(", ", revisions);
        if (revisions.size() != 1 || !KNOWN.contains(revision)) {
            throw new IllegalArgumentException(file + ": MLflow schema revision '" + revision + "' is " + (OLDER.contains(revision)
                    ? "MLflow 2's or older; upgrade the database with MLflow 3 first (mlflow db upgrade sqlite:///" + file + ")"
                    : "not one Pipewright knows (it knows MLflow 3.0's " + KNOWN.get(0) + " to MLflow 3.12's " + KNOWN.get(KNOWN.size() - 1) + ")")
                    + "; nothing was read or written");
        }
        for (var table : USED.entrySet()) {
            var columns = tables.get(table.getKey());
            if (columns == null) {
                throw new IllegalArgumentException(file + ": the table " + table.getKey() + " of MLflow's schema is missing; nothing was read or written");
            }
            try (PreparedStatement info = connection.prepareStatement("SELECT name, \"notnull\", dflt_value FROM pragma_table_info(?)")) {
                info.setString(1, table.getKey());
                try (ResultSet rows = info.executeQuery()) {
                    while (rows.next()) {
                        columns.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getInt(2) == 1 && rows.getString(3) == null);
                    }
                }
            }
            for (String column : table.getValue()) {
                if (!columns.containsKey(column)) {
                    throw new IllegalArgumentException(file + ": the column " + table.getKey() + "." + column
                            + " of MLflow's schema is missing; nothing was read or written");
                }
            }
            for (var column : columns.entrySet()) {
                if (column.getValue() && !table.getValue().contains(column.getKey())) {
                    throw new IllegalArgumentException(file + ": " + table.getKey() + "." + column.getKey()
                            + " must be given a value, and MLflow " + revision + "'s schema has no such column; nothing was read or written");
                }
            }
        }
        return new Checked(revision, tables.get("experiments").containsKey("workspace"));
    }

    /** Creates MLflow 3.0's tables and indexes in an empty database and sets its alembic revision, in the caller's transaction. */
    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(ddl())) {
                statement.execute(sql);
            }
            statement.executeUpdate("INSERT INTO alembic_version (version_num) VALUES ('" + CREATED_REVISION + "')");
        }
    }

    /** The statements of a schema dump: each ends with the line that ends with ';', a trigger's with its END;. */
    static List<String> statements(String ddl) {
        var statements = new ArrayList<String>();
        var current = new StringBuilder();
        for (String line : ddl.split("\n")) {
            if (current.length() == 0 && (line.isBlank() || line.startsWith("--"))) {
                continue;
            }
            current.append(line).append('\n');
            boolean trigger = current.toString().startsWith("CREATE TRIGGER");
            if (line.endsWith(";") && (!trigger || line.strip().equals("END;"))) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return statements;
    }

    private static String ddl() {
        try (InputStream in = MlflowSchema.class.getResourceAsStream("mlflow/mlflow-3.0-sqlite.sql")) {
            if (in == null) {
                throw new IllegalStateException("MLflow's schema is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
