package io.pipewright.track;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.store.fs.FileUtils;

/**
 * Runs what opening the embedded store runs, on a small database in memory: creating it, writing, closing,
 * opening it again (the path that re-reads its tables' definitions) and querying it. A command that opens the
 * store right after reading its own command line runs this on a thread of its own meanwhile, so that H2's classes
 * are loaded and initialised beside the parsing instead of after it (they were about a third of {@code info}'s
 * time). It neither logs nor touches SLF4J: logging must not start before the command line names the log's
 * folder. A failure is ignored: the real store reports its own.
 */
public final class StoreWarmUp {
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    private StoreWarmUp() {
    }

    /** Runs the warm-up on the calling thread. */
    public static void run() {
        // a folder of its own in H2's in-memory file system: two warm-ups in one process never share a database
        String folder = "memFS:pipewright-warm-up-" + RUNS.incrementAndGet();
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:" + folder + "/store;TRACE_LEVEL_FILE=0;DB_CLOSE_ON_EXIT=FALSE");
        try {
            try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS item(id BIGINT AUTO_INCREMENT PRIMARY KEY, status VARCHAR(20) NOT NULL,"
                        + " owner VARCHAR(200), opened_at TIMESTAMP WITH TIME ZONE, size_bytes BIGINT)");
                statement.execute("CREATE INDEX IF NOT EXISTS item_status ON item(status)");
                try (var insert = connection.prepareStatement("INSERT INTO item(status, owner, opened_at, size_bytes) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, "running");
                    insert.setString(2, "warm-up");
                    insert.setTimestamp(3, new Timestamp(0));
                    insert.setLong(4, 1);
                    insert.executeUpdate();
                }
            }
            try (Connection connection = dataSource.getConnection()) {
                try (var tables = connection.getMetaData().getTables(null, null, "ITEM", null)) {
                    tables.next();
                }
                try (var select = connection.prepareStatement("SELECT id, owner FROM item WHERE status = ?")) {
                    select.setString(1, "running");
                    try (var rows = select.executeQuery()) {
                        while (rows.next()) {
                            rows.getLong(1);
                            rows.getString(2);
                        }
                    }
                }
                try (var update = connection.prepareStatement("UPDATE item SET status = ?, opened_at = ? WHERE id = ?")) {
                    update.setString(1, "ended");
                    update.setTimestamp(2, new Timestamp(1));
                    update.setLong(3, 1);
                    update.executeUpdate();
                }
                try (var select = connection.prepareStatement("SELECT id, status, owner, opened_at, size_bytes FROM item ORDER BY opened_at DESC, id");
                     var rows = select.executeQuery()) {
                    while (rows.next()) {
                        rows.getTimestamp(4);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            // the warm-up only loads classes: the real store reports its own problems
        } finally {
            try {
                FileUtils.deleteRecursive(folder, true);
            } catch (RuntimeException e) {
                // memory only: nothing is left behind once the process ends
            }
        }
    }
}
