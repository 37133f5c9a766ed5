package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs through MLflow's SQLite tracking database: written as MLflow's store writes them and read
 * back exactly, and read from databases made with MLflow's own schema (test resources
 * {@code mlflow/mlflow-3.0.0-6953534de441.sql} and {@code mlflow/mlflow-3.12.0-7d34483879f0.sql})
 * and filled the way MLflow fills them.
 */
class MlflowDatabaseTest {
    private static final String SHA = "3f9a2b7c1d0e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";

    @TempDir
    Path dir;

    @OnEachStore
    void aRoundTripKeepsParamsMetricHistoriesTagsDatasetsAndChildRunsExactly(TestStore stores) throws Exception {
        Path db = dir.resolve("mlflow.db");
        Map<String, String> params;
        Map<String, String> tags;
        List<Runs.Point> points;
        String key;
        long started;
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.start("credit-risk", "20261127-101010-abcdef", "credit-risk.yaml", 42L, null, null, null);
            key = run.key();
            started = run.startedAt().toEpochMilli();
            runs.params(run.id(), Map.of("train.algorithm", "xgboost", "train.hyperparameters.eta", "0.1", "split.test", "0.2"));
            runs.tags(run.id(), Map.of("pipewright.version", "0.1.0", "pipeline.file", "/p/credit-risk.yaml"));
            Instant start = Instant.parse("2026-11-27T10:10:10.123Z");
            for (int step = 1; step <= 50; step++) {
                runs.metric(run.id(), "train.valid_log_loss", step, 0.7 / step + 1e-17 * step, start.plusMillis(step));
            }
            runs.metric(run.id(), "eval.roc_auc", 0, 0.8123456789012345, start.plusSeconds(2));
            runs.metric(run.id(), "eval.odd", 0, Double.NaN, start.plusSeconds(2));
            new DatasetVersions(store).recordRead("/data/credit.csv", "CSV", 1234, SHA, 1000, List.of(new SchemaColumn("amount", "DOUBLE")),
                    DatasetVersions.PIPELINE, start);
            runs.end(run.id(), Runs.FINISHED, null, new Runs.Results(Map.of(), List.of(), List.of(new Runs.Dataset("read", SHA))));
            var child = runs.start("credit-risk", key + "-train-0", "train trial 0", 42L, null, null, run.id());
            runs.params(child.id(), Map.of("hyperparameters.max_depth", "4"));
            runs.end(child.id(), "pruned", null);
            params = runs.params(run.id());
            tags = runs.tags(run.id());
            points = runs.points(run.id());

            var exported = MlflowDatabase.export(runs, "credit-risk", db);
            assertThat(exported.created()).isTrue();
            assertThat(exported.runs()).isEqualTo(2);
            assertThat(exported.experimentId()).isEqualTo("1");
        }
        // what MLflow finds in the database
        try (Connection mlflow = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(rows(mlflow, "SELECT version_num FROM alembic_version")).containsExactly(List.of("6953534de441"));
            String root = dir.toAbsolutePath().resolve("mlruns").toString();
            assertThat(rows(mlflow, "SELECT experiment_id, name, artifact_location, lifecycle_stage FROM experiments ORDER BY experiment_id"))
                    .containsExactly(List.of("0", "Default", root + "/0", "active"), List.of("1", "credit-risk", root + "/1", "active"));
            String uuid = MlflowDatabaseWriter.runUuid(key);
            assertThat(uuid).matches("[0-9a-f]{32}");
            assertThat(rows(mlflow, "SELECT name, status, lifecycle_stage, source_type, artifact_uri, experiment_id, start_time FROM runs "
                    + "WHERE run_uuid = '" + uuid + "'")).containsExactly(List.of("credit-risk.yaml", "FINISHED", "active", "UNKNOWN",
                    root + "/1/" + uuid + "/artifacts", "1", Long.toString(started)));
            assertThat(rows(mlflow, "SELECT value, timestamp, step, is_nan FROM metrics WHERE run_uuid = '" + uuid
                    + "' AND \"key\" = 'train.valid_log_loss' AND step = 1")).containsExactly(List.of(Double.toString(0.7 + 1e-17),
                    Long.toString(Instant.parse("2026-11-27T10:10:10.124Z").toEpochMilli()), "1", "0"));
            assertThat(rows(mlflow, "SELECT \"key\", value, step, is_nan FROM latest_metrics WHERE run_uuid = '" + uuid + "' ORDER BY \"key\""))
                    .containsExactly(List.of("eval.odd", "0.0", "0", "1"),
                            List.of("eval.roc_auc", "0.8123456789012345", "0", "0"),
                            List.of("train.valid_log_loss", Double.toString(0.7 / 50 + 1e-17 * 50), "50", "0"));
            assertThat(rows(mlflow, "SELECT d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_profile, i.step, t.name, t.value "
                    + "FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id JOIN input_tags t ON t.input_uuid = i.input_uuid "
                    + "WHERE i.destination_id = '" + uuid + "' AND i.source_type = 'DATASET' AND i.destination_type = 'RUN'"))
                    .containsExactly(List.of("credit.csv", SHA.substring(0, 8), "local", "{\"uri\":\"/data/credit.csv\"}",
                            "{\"num_rows\":1000,\"num_elements\":1000,\"sha256\":\"" + SHA + "\"}", "0", "mlflow.data.context", "read"));
            String child = MlflowDatabaseWriter.runUuid(key + "-train-0");
            assertThat(rows(mlflow, "SELECT status FROM runs WHERE run_uuid = '" + child + "'")).containsExactly(List.of("KILLED"));
            assertThat(rows(mlflow, "SELECT value FROM tags WHERE run_uuid = '" + child + "' AND \"key\" = 'mlflow.parentRunId'"))
                    .containsExactly(List.of(uuid));
        }
        try (Store store = Store.open(dir.resolve("b"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var imported = MlflowDatabase.importFrom(runs, db);
            assertThat(imported.runs()).isEqualTo(2);
            assertThat(imported.experiments()).containsExactly("credit-risk");
            var run = runs.find(key).orElseThrow();
            assertThat(run.status()).isEqualTo(Runs.FINISHED);
            assertThat(runs.params(run.id())).isEqualTo(params);
            assertThat(runs.tags(run.id())).isEqualTo(tags);
            assertThat(runs.points(run.id())).isEqualTo(points);
            assertThat(runs.datasets(run.id())).containsExactly(SHA);
            assertThat(new DatasetVersions(store).runsUsing(SHA)).singleElement().satisfies(use -> assertThat(use.nodeId()).isEqualTo("read"));
            assertThat(runs.children(key)).singleElement().satisfies(child -> assertThat(child.status()).isEqualTo("pruned"));
            // a second import and a second export find everything there already
            assertThat(MlflowDatabase.importFrom(runs, db).skipped()).hasSize(2);
            var again = MlflowDatabase.export(runs, "credit-risk", db);
            assertThat(again.runs()).isZero();
            assertThat(again.skipped()).hasSize(2);
        }
    }

    @Test
    void aNewDatabaseHoldsExactlyTheSchemaMlflow30Creates() throws Exception {
        Path db = dir.resolve("new.db");
        try (Store store = Store.open(dir.resolve("s"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            runs.end(runs.start("e", "r1", null, null, null, null, null).id(), Runs.FINISHED, null);
            MlflowDatabase.export(runs, "e", db);
        }
        Path reference = mlflow("mlflow-3.0.0-6953534de441.sql", "6953534de441");
        try (Connection created = DriverManager.getConnection("jdbc:sqlite:" + db);
             Connection mlflow = DriverManager.getConnection("jdbc:sqlite:" + reference)) {
            String schema = "SELECT type || ' ' || name || ' ' || tbl_name || ': ' || COALESCE(sql, '') FROM sqlite_master";
            assertThat(new TreeSet<>(column(created, schema))).hasSize(column(mlflow, schema).size()).isEqualTo(new TreeSet<>(column(mlflow, schema)));
            assertThat(column(created, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")).containsExactly("23");
        }
    }

    @Test
    void aDatabaseFilledTheWayMlflowFillsItIsImported() throws Exception {
        Path db = mlflow("mlflow-3.0.0-6953534de441.sql", "6953534de441");
        String parent = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
        String trial = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        String gone = "99999999999999999999999999999999";
        try (Connection mlflow = DriverManager.getConnection("jdbc:sqlite:" + db); Statement sql = mlflow.createStatement()) {
            // as mlflow.set_experiment("fraud") then mlflow.start_run() / log_params / log_metric(step=) / log_input / nested runs do
            sql.executeUpdate("INSERT INTO experiments VALUES (0, 'Default', '/srv/mlruns/0', 'active', 1764000000000, 1764000000000)");
            sql.executeUpdate("INSERT INTO experiments VALUES (1, 'fraud', '/srv/mlruns/1', 'active', 1764000001000, 1764000001000)");
            sql.executeUpdate("INSERT INTO experiment_tags VALUES ('mlflow.note.content', 'card fraud', 1)");
            sql.executeUpdate(run(parent, "bold-fox-42", "FINISHED", 1764000002000L, 1764000009000L, "active"));
            sql.executeUpdate(run(trial, "trial-0", "FAILED", 1764000003000L, 1764000004000L, "active"));
            sql.executeUpdate(run(gone, "deleted-run", "FINISHED", 1764000005000L, 1764000006000L, "deleted"));
            for (String uuid : List.of(parent, trial, gone)) {
                sql.executeUpdate("INSERT INTO tags VALUES ('mlflow.user', 'ana', '" + uuid + "')");
                sql.executeUpdate("INSERT INTO tags VALUES ('mlflow.source.type', 'LOCAL', '" + uuid + "')");
            }
            sql.executeUpdate("INSERT INTO tags VALUES ('mlflow.runName', 'bold-fox-42', '" + parent + "')");
            sql.executeUpdate("INSERT INTO tags VALUES ('mlflow.runName', 'trial-0', '" + trial + "')");
            sql.executeUpdate("INSERT INTO tags VALUES ('mlflow.parentRunId', '" + parent + "', '" + trial + "')");
            sql.executeUpdate("INSERT INTO params VALUES ('learning_rate', '0.05', '" + parent + "')");
            sql.executeUpdate("INSERT INTO params VALUES ('max_depth', '6', '" + parent + "')");
            sql.executeUpdate("INSERT INTO params VALUES ('max_depth', '3', '" + trial + "')");
            // metrics(key, value, timestamp, run_uuid, step, is_nan): a NaN is stored as 0 with is_nan, an infinity as the largest double
            sql.executeUpdate("INSERT INTO metrics VALUES ('loss', 0.9, 1764000002100, '" + parent + "', 0, 0)");
            sql.executeUpdate("INSERT INTO metrics VALUES ('loss', 0.5, 1764000002200, '" + parent + "', 1, 0)");
            sql.executeUpdate("INSERT INTO metrics VALUES ('loss', 0.25, 1764000002300, '" + parent + "', 2, 0)");
            sql.executeUpdate("INSERT INTO metrics VALUES ('auc', 0, 1764000008000, '" + parent + "', 0, 1)");
            sql.executeUpdate("INSERT INTO metrics VALUES ('ratio', 1.7976931348623157e308, 1764000008000, '" + parent + "', 0, 0)");
            sql.executeUpdate("INSERT INTO latest_metrics VALUES ('loss', 0.25, 1764000002300, 2, 0, '" + parent + "')");
            sql.executeUpdate("INSERT INTO latest_metrics VALUES ('auc', 0, 1764000008000, 0, 1, '" + parent + "')");
            sql.executeUpdate("INSERT INTO latest_metrics VALUES ('ratio', 1.7976931348623157e308, 1764000008000, 0, 0, '" + parent + "')");
            // mlflow.log_input(mlflow.data.from_pandas(df, source=...), context="training")
            sql.executeUpdate("INSERT INTO datasets VALUES ('5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e', 1, 'transactions', '7c1f9e2a', 'local', "
                    + "'{\"uri\": \"/srv/data/transactions.csv\"}', '{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"amount\", "
                    + "\"required\": true}]}', '{\"num_rows\": 5000, \"num_elements\": 15000}')");
            sql.executeUpdate("INSERT INTO inputs VALUES ('6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f', 'DATASET', '5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e', "
                    + "'RUN', '" + parent + "', 0)");
            sql.executeUpdate("INSERT INTO input_tags VALUES ('6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f', 'mlflow.data.context', 'training')");
        }
        try (Store store = Store.open(dir.resolve("s"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var imported = MlflowDatabase.importFrom(runs, db);
            assertThat(imported.experiments()).as("Default has no runs; the deleted run stays out").containsExactly("fraud");
            assertThat(imported.runs()).isEqualTo(2);
            assertThat(runs.find(gone)).isEmpty();
            var run = runs.find(parent).orElseThrow();
            assertThat(run.status()).isEqualTo(Runs.FINISHED);
            assertThat(run.startedAt()).isEqualTo(Instant.ofEpochMilli(1764000002000L));
            assertThat(run.endedAt()).isEqualTo(Instant.ofEpochMilli(1764000009000L));
            assertThat(runs.params(run.id())).containsExactlyInAnyOrderEntriesOf(Map.of("learning_rate", "0.05", "max_depth", "6"));
            assertThat(runs.tags(run.id())).as("MLflow's own tags stay; its run name is the run's name")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("mlflow.user", "ana", "mlflow.source.type", "LOCAL"));
            assertThat(runs.history(run.id(), "loss")).containsExactly(Map.entry(0L, 0.9), Map.entry(1L, 0.5), Map.entry(2L, 0.25));
            var latest = runs.latestMetrics(run.id());
            assertThat(latest.get("loss")).isEqualTo(0.25);
            assertThat(runs.points(run.id())).filteredOn(point -> point.key().equals("auc")).singleElement()
                    .satisfies(point -> assertThat(point.value()).isNaN());
            assertThat(runs.points(run.id())).filteredOn(point -> point.key().equals("ratio")).singleElement()
                    .satisfies(point -> assertThat(point.value()).as("what MLflow gives back for an infinity").isEqualTo(Double.MAX_VALUE));
            assertThat(runs.points(run.id())).filteredOn(point -> point.key().equals("loss")).extracting(point -> point.at().toEpochMilli())
                    .containsExactly(1764000002100L, 1764000002200L, 1764000002300L);
            // MLflow's own 8-character digest stands for the content (the store's CHAR(64) column pads it with spaces)
            assertThat(runs.datasets(run.id())).singleElement().satisfies(digest -> assertThat(digest.strip()).isEqualTo("7c1f9e2a"));
            assertThat(new DatasetVersions(store).runsUsing(runs.datasets(run.id()).get(0))).singleElement()
                    .satisfies(use -> assertThat(use.nodeId()).isEqualTo("training"));
            assertThat(runs.children(parent)).singleElement().satisfies(child -> {
                assertThat(child.key()).isEqualTo(trial);
                assertThat(child.status()).isEqualTo(Runs.FAILED);
                assertThat(runs.params(child.id())).containsExactly(Map.entry("max_depth", "3"));
            });
        }
    }

    @Test
    void anMlflow312DatabaseWithWorkspacesIsAddedToAndReadBack() throws Exception {
        Path db = mlflow("mlflow-3.12.0-7d34483879f0.sql", "7d34483879f0");
        try (Connection mlflow = DriverManager.getConnection("jdbc:sqlite:" + db); Statement sql = mlflow.createStatement()) {
            sql.executeUpdate("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) "
                    + "VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 1764000000000, 1764000000000)");
            sql.executeUpdate("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, "
                    + "workspace) VALUES (1, 'credit', 'mlflow-artifacts:/1', 'active', 1764000000000, 1764000000000, 'team-b')");
        }
        try (Store store = Store.open(dir.resolve("s"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.start("credit", "r-2026", null, null, null, null, null);
            runs.params(run.id(), Map.of("depth", "4"));
            runs.metric(run.id(), "loss", 1, 0.5, Instant.parse("2026-11-27T10:00:00Z"));
            runs.end(run.id(), Runs.FINISHED, null);
            var exported = MlflowDatabase.export(runs, "credit", db);
            assertThat(exported.created()).isFalse();
            assertThat(exported.experimentId()).as("team-b's 'credit' is another workspace's").isEqualTo("2");
        }
        try (Connection mlflow = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(rows(mlflow, "SELECT version_num FROM alembic_version")).containsExactly(List.of("7d34483879f0"));
            assertThat(rows(mlflow, "SELECT experiment_id, workspace, artifact_location FROM experiments WHERE name = 'credit' ORDER BY experiment_id"))
                    .containsExactly(List.of("1", "team-b", "mlflow-artifacts:/1"), List.of("2", "default", "mlflow-artifacts:/2"));
            assertThat(rows(mlflow, "SELECT artifact_uri FROM runs")).containsExactly(
                    List.of("mlflow-artifacts:/2/" + MlflowDatabaseWriter.runUuid("r-2026") + "/artifacts"));
        }
        try (Store store = Store.open(dir.resolve("t"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            assertThat(MlflowDatabase.importFrom(runs, db).runs()).isEqualTo(1);
            var run = runs.find("r-2026").orElseThrow();
            assertThat(runs.params(run.id())).containsExactly(Map.entry("depth", "4"));
            assertThat(runs.history(run.id(), "loss")).containsExactly(Map.entry(1L, 0.5));
        }
    }

    @Test
    void theDatabaseAnArgumentNamesFollowsMlflowsUris() throws Exception {
        assertThat(MlflowDatabase.named("sqlite:///mlflow.db")).contains(Path.of("mlflow.db"));
        assertThat(MlflowDatabase.named("sqlite:////srv/mlflow.db")).contains(Path.of("/srv/mlflow.db"));
        assertThat(MlflowDatabase.named(dir.resolve("new.db").toString())).contains(dir.resolve("new.db"));
        assertThat(MlflowDatabase.named(dir.toString())).as("a folder is a file store").isEmpty();
        assertThat(MlflowDatabase.named(dir.resolve("mlruns").toString())).isEmpty();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> MlflowDatabase.named("sqlite://host/mlflow.db")))
                .hasMessage("'sqlite://host/mlflow.db': expected sqlite:///PATH (relative) or sqlite:////PATH (absolute), "
                        + "as MLflow's --backend-store-uri writes it");
    }

    /** A database made with a schema of MLflow's (a test resource) at its alembic revision, empty. */
    private Path mlflow(String resource, String revision) throws Exception {
        Path db = dir.resolve(resource.replace(".sql", ".db"));
        String ddl;
        try (var in = MlflowDatabaseTest.class.getResourceAsStream("mlflow/" + resource)) {
            ddl = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db); Statement sql = connection.createStatement()) {
            for (String statement : MlflowSchema.statements(ddl)) {
                sql.execute(statement);
            }
            sql.executeUpdate("INSERT INTO alembic_version VALUES ('" + revision + "')");
        }
        return db;
    }

    private static String run(String uuid, String name, String status, long start, long end, String stage) {
        return "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, "
                + "source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time) VALUES ('" + uuid + "', '" + name
                + "', 'UNKNOWN', '', '', 'ana', '" + status + "', " + start + ", " + end + ", '', '" + stage + "', '/srv/mlruns/1/" + uuid
                + "/artifacts', 1, " + ("deleted".equals(stage) ? end : "NULL") + ")";
    }

    static List<List<String>> rows(Connection connection, String sql) throws Exception {
        var rows = new ArrayList<List<String>>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                var row = new ArrayList<String>();
                for (int i = 1; i <= columns; i++) {
                    Object value = result.getObject(i);
                    row.add(value == null ? null : String.valueOf(value)); // a REAL as Java writes the double, not as SQLite's text
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> column(Connection connection, String sql) throws Exception {
        return rows(connection, sql).stream().map(row -> row.get(0)).toList();
    }
}
