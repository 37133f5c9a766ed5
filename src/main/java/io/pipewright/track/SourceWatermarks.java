package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The high-water marks of incremental database reads, per pipeline and source: where the next run's read
 * starts (rows whose watermark column is above it). Written only for runs that finished.
 */
public final class SourceWatermarks {
    private final Store store;

    public SourceWatermarks(Store store) {
        this.store = store;
    }

    /** A high-water mark: the column it is of, its value (as text), and the run that reached it. */
    public record Mark(String column, String value, String runKey, Instant updatedAt) {
    }

    /** The mark of {@code source} in {@code pipeline}; empty before its first finished run. */
    public Optional<Mark> get(String pipeline, String source) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(
                "SELECT watermark_column, watermark_value, run_key, updated_at FROM source_watermark WHERE pipeline = ? AND source = ?")) {
            select.setString(1, pipeline);
            select.setString(2, source);
            try (var rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new Mark(rows.getString(1), rows.getString(2), rows.getString(3), rows.getTimestamp(4).toInstant()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the high-water mark of " + source + ": " + e.getMessage(), e);
        }
    }

    /** Sets the mark of {@code source} in {@code pipeline} (replacing the one before), in one transaction. */
    public void set(String pipeline, String source, Mark mark) {
        try (Connection connection = store.connection()) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM source_watermark WHERE pipeline = ? AND source = ?");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO source_watermark (pipeline, source, watermark_column, "
                         + "watermark_value, run_key, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                delete.setString(1, pipeline);
                delete.setString(2, source);
                delete.executeUpdate();
                insert.setString(1, pipeline);
                insert.setString(2, source);
                insert.setString(3, mark.column());
                insert.setString(4, mark.value());
                insert.setString(5, mark.runKey());
                insert.setTimestamp(6, Timestamp.from(mark.updatedAt()));
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot keep the high-water mark of " + source + ": " + e.getMessage(), e);
        }
    }
}
