package io.pipewright.track;

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
 */
public final class DatasetVersions {
    private final Store store;

    public DatasetVersions(Store store) {
        this.store = store;
    }

    /** Records a profiled dataset in one transaction and returns its version. */
    public DatasetVersion record(String path, String format, long sizeBytes, String sha256, long rows, int columns, String profileJson,
                                 Instant now) {
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            try {
                Optional<DatasetVersion> existing = find(connection, path, sha256);
                DatasetVersion version;
                if (existing.isPresent()) {
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE dataset_version SET profile_json = ?, profiled_at = ?, row_count = ?, column_count = ? WHERE id = ?")) {
                        update.setString(1, profileJson);
                        update.setTimestamp(2, Timestamp.from(now));
                        update.setLong(3, rows);
                        update.setInt(4, columns);
                        update.setLong(5, existing.get().id());
                        update.executeUpdate();
                    }
                    DatasetVersion old = existing.get();
                    version = new DatasetVersion(old.id(), path, format, sizeBytes, sha256, rows, columns, old.createdAt(), now);
                } else {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO dataset_version (path, format, size_bytes, sha256, row_count, column_count, profile_json, created_at, profiled_at) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                        insert.setString(1, path);
                        insert.setString(2, format);
                        insert.setLong(3, sizeBytes);
                        insert.setString(4, sha256);
                        insert.setLong(5, rows);
                        insert.setInt(6, columns);
                        insert.setString(7, profileJson);
                        insert.setTimestamp(8, Timestamp.from(now));
                        insert.setTimestamp(9, Timestamp.from(now));
                        insert.executeUpdate();
                        try (ResultSet keys = insert.getGeneratedKeys()) {
                            keys.next();
                            version = new DatasetVersion(keys.getLong(1), path, format, sizeBytes, sha256, rows, columns, now, now);
                        }
                    }
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

    private static Optional<DatasetVersion> find(Connection connection, String path, String sha256) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM dataset_version WHERE path = ? AND sha256 = ?")) {
            select.setString(1, path);
            select.setString(2, sha256);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static final String COLUMNS = "id, path, format, size_bytes, sha256, row_count, column_count, created_at, profiled_at";

    private static DatasetVersion read(ResultSet rows) throws SQLException {
        return new DatasetVersion(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getString(5).strip(),
                rows.getLong(6), rows.getInt(7), rows.getTimestamp(8).toInstant(), rows.getTimestamp(9).toInstant());
    }

    /** Every version, newest first. */
    public List<DatasetVersion> list() {
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM dataset_version ORDER BY created_at DESC, id DESC");
             ResultSet rows = select.executeQuery()) {
            var versions = new ArrayList<DatasetVersion>();
            while (rows.next()) {
                versions.add(read(rows));
            }
            return versions;
        } catch (SQLException e) {
            throw new StoreException("cannot list dataset versions: " + e.getMessage(), e);
        }
    }

    /** The profile JSON stored with a version. */
    public Optional<String> profileJson(long id) {
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement("SELECT profile_json FROM dataset_version WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read dataset version " + id + ": " + e.getMessage(), e);
        }
    }
}
