package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on PostgreSQL: each test gets a database of its own on the server named by
 * {@code PIPEWRIGHT_TEST_POSTGRES_URL} (an administrator's URL, such as
 * {@code jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres}); {@code .ci/run} starts one on
 * loopback. Without it these tests are skipped. What holds only for a shared store is here; the store
 * tests marked {@link OnEachStore} run on both.
 */
class PostgresStoreTest {
    @TempDir
    Path dir;

    private String admin;
    private String database;
    private String url;

    @BeforeEach
    void createDatabase() throws Exception {
        admin = System.getenv("PIPEWRIGHT_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(admin != null && !admin.isBlank(), "PIPEWRIGHT_TEST_POSTGRES_URL is not set");
        database = "pipewright_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var connection = DriverManager.getConnection(admin); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        url = admin.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (database != null) {
            try (var connection = DriverManager.getConnection(admin); var statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void migratesAndReopens() {
        try (Store store = Store.openUrl(url, "test")) {
            assertThat(store.schemaVersion()).isEqualTo(String.valueOf(Store.SCHEMA_VERSION));
            assertThat(store.location()).startsWith("jdbc:postgresql:");
        }
        try (Store again = Store.openUrl(url, "test")) {
            assertThat(again.sizeBytes()).isPositive();
        }
    }

    @Test
    void onASharedStoreOnlyThisMachinesEndedRunsAreMarkedKilled() throws Exception {
        try (Store store = Store.openUrl(url, "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            runs.start("exp", "mine-ended", null, 1L, null, null, null);
            runs.start("exp", "elsewhere", null, 1L, null, null, null);
            try (var connection = store.connection(); var statement = connection.prepareStatement("UPDATE run SET owner = ? WHERE run_key = ?")) {
                statement.setString(1, Runs.machine() + ":999999999"); // no such process
                statement.setString(2, "mine-ended");
                statement.executeUpdate();
                statement.setString(1, "another-machine:42");
                statement.setString(2, "elsewhere");
                statement.executeUpdate();
            }
        }
        try (Store store = Store.openUrl(url, "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            assertThat(runs.find("mine-ended").orElseThrow().status()).isEqualTo("killed");
            assertThat(runs.find("elsewhere").orElseThrow().status()).isEqualTo("running");
        }
    }

    @Test
    void runsExportedFromPostgresImportIntoAnEmbeddedStoreExactly() {
        Path out = dir.resolve("mlruns");
        java.util.List<Runs.Point> points;
        try (Store store = Store.openUrl(url, "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.start("exp", "r1", null, 7L, null, null, null);
            runs.params(run.id(), Map.of("a", "1"));
            runs.metric(run.id(), "loss", 3, 0.25, java.time.Instant.parse("2026-11-27T10:00:00.123Z"));
            runs.end(run.id(), Runs.FINISHED, null);
            points = runs.points(run.id());
            MlflowFiles.export(runs, "exp", "1", out);
        }
        try (Store embedded = Store.open(dir.resolve("h2"), "test")) {
            var runs = new Runs(embedded, Clock.systemUTC());
            MlflowFiles.importFrom(runs, out);
            assertThat(runs.points(runs.find("r1").orElseThrow().id())).isEqualTo(points);
        }
    }
}
