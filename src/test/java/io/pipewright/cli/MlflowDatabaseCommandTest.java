package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs export-mlflow} and {@code runs import-mlflow} on MLflow's SQLite tracking database,
 * through the real entry point: both ways of naming it, a round trip between two homes, and each
 * refusal in one line, exit 2, with nothing changed in the database or the store.
 */
class MlflowDatabaseCommandTest {
    @TempDir
    Path dir;

    private Path home;

    @BeforeEach
    void aStoreWithAnExperiment() {
        home = dir.resolve("home");
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.start("credit", "20261127-090000-aaaaaa", "credit.yaml", 7L, null, null, null);
            runs.params(run.id(), Map.of("train.algorithm", "xgboost", "split.test", "0.25"));
            runs.tags(run.id(), Map.of("pipeline.file", "credit.yaml"));
            for (int step = 0; step < 5; step++) {
                runs.metric(run.id(), "train.loss", step, 1.0 / (step + 1), Instant.parse("2026-11-27T09:00:00Z").plusSeconds(step));
            }
            runs.end(run.id(), Runs.FINISHED, null, new Runs.Results(Map.of(), java.util.List.of(),
                    java.util.List.of(new Runs.Dataset("read", "ab".repeat(32)))));
        }
    }

    private CliRun run(Path home, String... args) {
        return CliRun.in(home, args);
    }

    @Test
    void anExperimentGoesToMlflowsDatabaseAndComesBackIntoAnotherHome() throws IOException {
        Path db = dir.resolve("tracking/mlflow.db");
        CliRun exported = run(home, "runs", "export-mlflow", "--experiment", "credit", "--out", "sqlite:///" + db);
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(exported.out()).isEqualTo("credit: 1 run(s) written to experiment 1 of " + db + " (a new MLflow 3.0 database)\n");

        // the same database named by its path: everything is there already
        CliRun again = run(home, "runs", "export-mlflow", "--experiment", "credit", "--out", db.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("credit: 0 run(s) written to experiment 1 of " + db + "; 1 it had already were skipped\n");

        Path other = dir.resolve("other");
        CliRun imported = run(other, "runs", "import-mlflow", "sqlite:///" + db);
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).isEqualTo("1 run(s) imported into credit\n");
        JsonNode shown = new ObjectMapper().readTree(run(other, "runs", "show", "20261127-090000-aaaaaa", "--json").out());
        assertThat(shown.get("status").asText()).isEqualTo("finished");
        assertThat(shown.get("params").get("train.algorithm").asText()).isEqualTo("xgboost");
        assertThat(shown.get("tags").get("pipeline.file").asText()).isEqualTo("credit.yaml");
        assertThat(shown.get("metrics").get("train.loss").asDouble()).isEqualTo(0.2);
        assertThat(shown.get("datasets").get(0).asText()).isEqualTo("ab".repeat(32));
        assertThat(run(other, "runs", "import-mlflow", db.toString()).out()).isEqualTo("0 run(s) imported into credit; 1 already in the store were skipped\n");
    }

    @Test
    void anUnknownSchemaRevisionIsRefusedNamingTheFileAndTheRevision() throws Exception {
        Path db = exportedDatabase();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db); Statement sql = connection.createStatement()) {
            sql.executeUpdate("UPDATE alembic_version SET version_num = 'f00dfacecafe'");
        }
        String before = sha256(db);

        CliRun exported = run(home, "runs", "export-mlflow", "--experiment", "credit", "--out", db.toString());
        CliRun imported = run(dir.resolve("other"), "runs", "import-mlflow", db.toString());

        for (CliRun refused : new CliRun[] {exported, imported}) {
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.errLines()).containsExactly("pipewright: " + db + ": MLflow schema revision 'f00dfacecafe' is not one Pipewright "
                    + "knows (it knows MLflow 3.0's 6953534de441 to MLflow 3.12's 7d34483879f0); nothing was read or written");
        }
        assertThat(sha256(db)).as("the database is as it was").isEqualTo(before);
        assertThat(runs(dir.resolve("other"))).as("nothing imported").isEmpty();

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db); Statement sql = connection.createStatement()) {
            sql.executeUpdate("UPDATE alembic_version SET version_num = '0584bdc529eb'");
        }
        assertThat(run(dir.resolve("other"), "runs", "import-mlflow", db.toString()).errLines()).containsExactly("pipewright: " + db
                + ": MLflow schema revision '0584bdc529eb' is MLflow 2's or older; upgrade the database with MLflow 3 first "
                + "(mlflow db upgrade sqlite:///" + db + "); nothing was read or written");
    }

    @Test
    void aFileThatIsNotAnMlflowDatabaseIsRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("mlflow.db"), "experiment_id,name\n0,Default\n");
        CliRun exported = run(home, "runs", "export-mlflow", "--experiment", "credit", "--out", text.toString());
        CliRun imported = run(dir.resolve("other"), "runs", "import-mlflow", "sqlite:///" + text);
        for (CliRun refused : new CliRun[] {exported, imported}) {
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.errLines()).containsExactly("pipewright: " + text + ": not an SQLite database (MLflow's tracking database is one, "
                    + "e.g. mlflow.db); nothing was read or written");
        }
        assertThat(text).hasContent("experiment_id,name\n0,Default\n");

        Path other = dir.resolve("other.sqlite");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other); Statement sql = connection.createStatement()) {
            sql.executeUpdate("CREATE TABLE notes (text VARCHAR(100))");
        }
        String before = sha256(other);
        CliRun notMlflow = run(home, "runs", "export-mlflow", "--experiment", "credit", "--out", other.toString());
        assertThat(notMlflow.code()).isEqualTo(2);
        assertThat(notMlflow.errLines()).containsExactly("pipewright: " + other + ": not an MLflow tracking database "
                + "(it has no alembic_version table); nothing was read or written");
        assertThat(sha256(other)).isEqualTo(before);
        assertThat(runs(dir.resolve("other"))).isEmpty();
    }

    @Test
    void aDatabaseLockedByAnotherProgramIsLeftAsItWas() throws Exception {
        Path db = exportedDatabase();
        String before = sha256(db);
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            runs.end(runs.start("credit", "20261127-100000-bbbbbb", null, null, null, null, null).id(), Runs.FINISHED, null);
        }
        try (Connection mlflow = DriverManager.getConnection("jdbc:sqlite:" + db); Statement sql = mlflow.createStatement()) {
            sql.execute("BEGIN EXCLUSIVE"); // as an MLflow server in the middle of a write holds it
            CliRun exported = run(home, "runs", "export-mlflow", "--experiment", "credit", "--out", db.toString());
            CliRun imported = run(dir.resolve("other"), "runs", "import-mlflow", db.toString());
            sql.execute("ROLLBACK");

            assertThat(exported.code()).isEqualTo(2);
            assertThat(exported.errLines()).containsExactly("pipewright: " + db + ": locked by another program (an MLflow server or run writing "
                    + "to it?); try again when it is done; nothing was written");
            assertThat(imported.code()).isEqualTo(2);
            assertThat(imported.errLines()).containsExactly("pipewright: " + db + ": locked by another program (an MLflow server or run writing "
                    + "to it?); try again when it is done; nothing was read");
        }
        assertThat(sha256(db)).as("the database is as it was").isEqualTo(before);
        assertThat(runs(dir.resolve("other"))).isEmpty();
        // once the lock is gone the new run is added
        assertThat(run(home, "runs", "export-mlflow", "--experiment", "credit", "--out", db.toString()).out())
                .isEqualTo("credit: 1 run(s) written to experiment 1 of " + db + "; 1 it had already were skipped\n");
    }

    private Path exportedDatabase() {
        Path db = dir.resolve("mlflow.db");
        CliRun exported = run(home, "runs", "export-mlflow", "--experiment", "credit", "--out", db.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        return db;
    }

    private JsonNode runs(Path home) throws IOException {
        return new ObjectMapper().readTree(run(home, "runs", "list", "--json").out());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
