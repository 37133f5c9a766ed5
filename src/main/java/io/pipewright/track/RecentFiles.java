package io.pipewright.track;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The recent-files list, newest first, kept to {@link #LIMIT} entries. */
public final class RecentFiles {
    public static final int LIMIT = 20;

    private final Store store;

    public RecentFiles(Store store) {
        this.store = store;
    }

    /** Adds the file, or moves it to the top with fresh details. */
    public void remember(RecentFile file) {
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            try {
                String path = file.path().toString();
                int updated;
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE recent_file SET kind = ?, format = ?, size_bytes = ?, row_count = ?, column_count = ?, opened_at = ? WHERE path = ?")) {
                    bind(update, file);
                    update.setString(7, path);
                    updated = update.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO recent_file (kind, format, size_bytes, row_count, column_count, opened_at, path) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        bind(insert, file);
                        insert.setString(7, path);
                        insert.executeUpdate();
                    }
                }
                trim(connection);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot remember " + file.path() + " in the store: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, RecentFile file) throws SQLException {
        statement.setString(1, file.kind());
        statement.setString(2, file.format());
        statement.setLong(3, file.sizeBytes());
        if (file.rows().isPresent()) {
            statement.setLong(4, file.rows().getAsLong());
        } else {
            statement.setNull(4, Types.BIGINT);
        }
        if (file.columns().isPresent()) {
            statement.setInt(5, file.columns().getAsInt());
        } else {
            statement.setNull(5, Types.INTEGER);
        }
        statement.setTimestamp(6, Timestamp.from(file.openedAt()));
    }

    private static void trim(Connection connection) throws SQLException {
        var stale = new ArrayList<String>();
        try (PreparedStatement select = connection.prepareStatement("SELECT path FROM recent_file ORDER BY opened_at DESC, path");
             ResultSet rows = select.executeQuery()) {
            int seen = 0;
            while (rows.next()) {
                if (++seen > LIMIT) {
                    stale.add(rows.getString(1));
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM recent_file WHERE path = ?")) {
            for (String path : stale) {
                delete.setString(1, path);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    public List<RecentFile> list() {
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT path, kind, format, size_bytes, row_count, column_count, opened_at FROM recent_file ORDER BY opened_at DESC, path");
             ResultSet rows = select.executeQuery()) {
            var files = new ArrayList<RecentFile>();
            while (rows.next()) {
                long rowCount = rows.getLong(5);
                OptionalLong rowsKnown = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(rowCount);
                int columnCount = rows.getInt(6);
                OptionalInt columnsKnown = rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(columnCount);
                files.add(new RecentFile(Path.of(rows.getString(1)), rows.getString(2), rows.getString(3), rows.getLong(4),
                        rowsKnown, columnsKnown, rows.getTimestamp(7).toInstant()));
            }
            return files;
        } catch (SQLException e) {
            throw new StoreException("cannot read the recent files from the store: " + e.getMessage(), e);
        }
    }

    public void forget(Path path) {
        try (Connection connection = store.connection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM recent_file WHERE path = ?")) {
            delete.setString(1, path.toString());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot forget " + path + " in the store: " + e.getMessage(), e);
        }
    }
}
