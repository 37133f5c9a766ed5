package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/** Rows known by a unique name (experiments, registered models): found, or made on first use. */
final class NamedRows {
    /** The tables that hold such rows: the only names this class writes into SQL. */
    enum Table {
        EXPERIMENT("experiment"), REGISTERED_MODEL("registered_model");

        private final String sql;

        Table(String sql) {
            this.sql = sql;
        }
    }

    private NamedRows() {
    }

    /** The id of the row named {@code name}, inserted (with its creation time) when there is none; in the caller's transaction. */
    static long idOf(Connection connection, Table table, String name, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + table.sql + " WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return rows.getLong(1);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table.sql + " (name, created_at) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.setTimestamp(2, Timestamp.from(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
