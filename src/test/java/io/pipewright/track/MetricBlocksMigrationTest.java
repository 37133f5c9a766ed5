package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written before metric blocks keeps every point when it is opened by this version. */
class MetricBlocksMigrationTest {
    @TempDir
    Path dir;

    @Test
    void pointsStoredOneRowEachAreMovedIntoBlocksUnchanged() throws Exception {
        Path folder = dir.resolve("store");
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve(Store.DATABASE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE");
        dataSource.setUser("pipewright");
        dataSource.setPassword("");
        Flyway.configure().dataSource(dataSource).locations(Store.MIGRATIONS).target("7").load().migrate();
        Instant t0 = Instant.parse("2026-02-03T04:05:06.789Z");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO experiment (id, name, created_at) VALUES (1, 'old', CURRENT_TIMESTAMP)");
            statement.execute("INSERT INTO run (id, run_key, experiment_id, status, started_at) VALUES (1, 'r1', 1, 'finished', CURRENT_TIMESTAMP)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO run_metric (run_id, metric_key, step, recorded_at, metric_value) VALUES (1, ?, ?, ?, ?)")) {
                for (int step = 0; step < 4500; step++) {
                    insert.setString(1, "loss");
                    insert.setLong(2, step);
                    insert.setTimestamp(3, Timestamp.from(t0.plusMillis(step * 7L)));
                    insert.setObject(4, step == 10 ? null : 1.0 / (step + 1));
                    insert.addBatch();
                }
                insert.setString(1, "auc");
                insert.setLong(2, 0);
                insert.setTimestamp(3, Timestamp.from(t0));
                insert.setObject(4, 0.8123456789012345);
                insert.addBatch();
                insert.executeBatch();
            }
        }

        try (Store store = Store.open(folder, "test")) {
            assertThat(store.schemaVersion()).isEqualTo(String.valueOf(Store.SCHEMA_VERSION));
            var runs = new Runs(store, Clock.systemUTC());
            var points = runs.points(1);
            assertThat(points).hasSize(4501);
            assertThat(points.get(0)).isEqualTo(new Runs.Point("auc", 0, t0, 0.8123456789012345));
            var loss = runs.history(1, "loss");
            assertThat(loss).hasSize(4500);
            assertThat(loss.get(4499L)).isEqualTo(1.0 / 4500);
            assertThat(loss.get(10L)).as("a missing value stays missing").isNull();
            assertThat(points.get(4500).at()).isEqualTo(t0.plusMillis(4499 * 7L));
            try (Connection connection = store.connection(); Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT COUNT(*) FROM run_metric_block")) {
                rows.next();
                assertThat(rows.getInt(1)).as("4,500 points in blocks of 2,000, and one").isEqualTo(4);
            }
        }
    }
}
