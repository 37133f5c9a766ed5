package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Registered models: each name has numbered versions (1, 2, …), each pointing to a model artifact
 * and the run that made it; an alias (champion, challenger, …) names one version and moves when
 * set again. A version is referred to as {@code name}, {@code name@alias} or {@code name:version}.
 */
public final class ModelRegistry {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private final Store store;
    private final Clock clock;

    /** The store the registry is kept in. */
    public Store store() {
        return store;
    }

    public ModelRegistry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** One version of a registered model. */
    public record Version(String name, int version, String runKey, String artifactPath, String sha256, String metricsJson, Instant createdAt,
                          List<String> aliases) {
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a model name: letters, digits, _ . - (up to 200), starting with a letter or digit");
        }
    }

    public static void checkAlias(String alias) {
        if (alias != null && !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("'" + alias + "' is not an alias: a letter, then letters, digits, _ or - (up to 64)");
        }
    }

    /** The next version number a registration of {@code name} would get. */
    public int nextVersion(String name) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(
                "SELECT COALESCE(MAX(v.version), 0) FROM model_version v JOIN registered_model m ON m.id = v.model_id WHERE m.name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1) + 1;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the model registry: " + e.getMessage(), e);
        }
    }

    /** Registers a new version (the next number) and, when given, points the alias at it; one transaction. */
    public Version register(String name, String runKey, String artifactPath, String sha256, String metricsJson, String alias) {
        checkName(name);
        checkAlias(alias);
        Instant now = clock.instant();
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            try {
                long modelId = NamedRows.idOf(connection, NamedRows.Table.REGISTERED_MODEL, name, now);
                int version;
                try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM model_version WHERE model_id = ?")) {
                    select.setLong(1, modelId);
                    try (ResultSet rows = select.executeQuery()) {
                        rows.next();
                        version = rows.getInt(1) + 1;
                    }
                }
                long versionId;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_version (model_id, version, run_key, artifact_path, "
                        + "sha256, metrics_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    insert.setLong(1, modelId);
                    insert.setInt(2, version);
                    insert.setString(3, runKey);
                    insert.setString(4, artifactPath);
                    insert.setString(5, sha256);
                    insert.setString(6, metricsJson);
                    insert.setTimestamp(7, Timestamp.from(now));
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        versionId = keys.getLong(1);
                    }
                }
                if (alias != null) {
                    point(connection, modelId, alias, versionId, version, actor(), "register", now, null, false);
                }
                connection.commit();
                return find(name + ":" + version).orElseThrow();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot register model " + name + ": " + e.getMessage(), e);
        }
    }

    /** Points an alias at a version (moving it), and records who did it, when, and from which version. */
    private static void point(Connection connection, long modelId, String alias, long versionId, int version, String actor, String action,
                              Instant now, String evidence, boolean forced) throws SQLException {
        Integer from = null;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT v.version FROM model_alias a JOIN model_version v ON v.id = a.version_id WHERE a.model_id = ? AND a.alias = ?")) {
            select.setLong(1, modelId);
            select.setString(2, alias);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    from = rows.getInt(1);
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM model_alias WHERE model_id = ? AND alias = ?")) {
            delete.setLong(1, modelId);
            delete.setString(2, alias);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_alias (model_id, alias, version_id) VALUES (?, ?, ?)")) {
            insert.setLong(1, modelId);
            insert.setString(2, alias);
            insert.setLong(3, versionId);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_alias_event (model_id, alias, from_version, to_version, actor, "
                + "action, happened_at, evidence, forced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, modelId);
            insert.setString(2, alias);
            insert.setObject(3, from);
            insert.setInt(4, version);
            insert.setString(5, actor);
            insert.setString(6, action);
            insert.setTimestamp(7, Timestamp.from(now));
            insert.setString(8, evidence);
            insert.setBoolean(9, forced);
            insert.executeUpdate();
        }
    }

    /** Who acts: the operating-system user and the machine. */
    static String actor() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return System.getProperty("user.name", "unknown") + "@" + host;
    }

    /**
     * One alias move: {@code evidence} is the promotion gates' evidence as JSON (null when no gate judged the move:
     * a rollback, a low-level {@code models alias}, a move made before gates existed); {@code forced} when the move
     * was made although a gate failed.
     */
    public record AliasEvent(String alias, Integer fromVersion, int toVersion, String actor, String action, Instant at, String evidence,
                             boolean forced) {
        /** The action of a promotion the gates refused: recorded with its evidence, the alias left where it was. */
        public static final String REFUSED = "refused";

        /** Whether the alias moved (every action but a refusal); {@code fromVersion} is then what it named before. */
        public boolean moved() {
            return !REFUSED.equals(action);
        }
    }

    /**
     * Records a promotion of {@code name:version} to {@code alias} that the gates refused, with their evidence: the
     * alias stays where it was (its holder, or none, as {@code fromVersion}).
     */
    public void refused(String name, String alias, int version, String evidence) {
        checkAlias(alias);
        Instant now = clock.instant();
        try (Connection connection = store.connection()) {
            long[] ids = versionIds(connection, name, version);
            Integer holder = null;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT v.version FROM model_alias a JOIN model_version v ON v.id = a.version_id WHERE a.model_id = ? AND a.alias = ?")) {
                select.setLong(1, ids[0]);
                select.setString(2, alias);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        holder = rows.getInt(1);
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_alias_event (model_id, alias, from_version, to_version, "
                    + "actor, action, happened_at, evidence, forced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
                insert.setLong(1, ids[0]);
                insert.setString(2, alias);
                insert.setObject(3, holder);
                insert.setInt(4, version);
                insert.setString(5, actor());
                insert.setString(6, AliasEvent.REFUSED);
                insert.setTimestamp(7, Timestamp.from(now));
                insert.setString(8, evidence);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record the refused promotion of " + name + ":" + version + ": " + e.getMessage(), e);
        }
    }

    /**
     * Points {@code alias} at {@code name:version} (promote); {@code action} is recorded with it.
     * Returns the version now named by the alias.
     */
    public Version setAlias(String name, String alias, int version, String action) {
        return setAlias(name, alias, version, action, null, false);
    }

    /**
     * The same, recording the promotion gates' {@code evidence} (JSON, may be null) with the move, and whether it was
     * {@code forced} past a failed gate.
     */
    public Version setAlias(String name, String alias, int version, String action, String evidence, boolean forced) {
        checkAlias(alias);
        if (alias == null) {
            throw new IllegalArgumentException("an alias is needed");
        }
        Instant now = clock.instant();
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            try {
                long[] ids = versionIds(connection, name, version);
                point(connection, ids[0], alias, ids[1], version, actor(), action, now, evidence, forced);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot set alias " + alias + " of " + name + ": " + e.getMessage(), e);
        }
        return find(name + "@" + alias).orElseThrow();
    }

    /** Points the alias back at the version it named before its last move (a rollback, itself recorded). */
    public Version rollback(String name, String alias) {
        var history = history(name, alias).stream().filter(AliasEvent::moved).toList();
        if (history.isEmpty()) {
            throw new IllegalArgumentException(name + "@" + alias + " has never been set");
        }
        Integer previous = history.get(history.size() - 1).fromVersion();
        if (previous == null) {
            throw new IllegalArgumentException(name + "@" + alias + " has no earlier version to roll back to (it was first set to version "
                    + history.get(history.size() - 1).toVersion() + ")");
        }
        return setAlias(name, alias, previous, "rollback");
    }

    /** The alias's moves, oldest first. */
    public List<AliasEvent> history(String name, String alias) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(
                "SELECT h.alias, h.from_version, h.to_version, h.actor, h.action, h.happened_at, h.evidence, h.forced FROM model_alias_event h "
                        + "JOIN registered_model m ON m.id = h.model_id WHERE m.name = ? AND (? IS NULL OR h.alias = ?) ORDER BY h.id")) {
            select.setString(1, name);
            select.setString(2, alias);
            select.setString(3, alias);
            var events = new ArrayList<AliasEvent>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(new AliasEvent(rows.getString(1), (Integer) rows.getObject(2), rows.getInt(3), rows.getString(4), rows.getString(5),
                            rows.getTimestamp(6).toInstant(), rows.getString(7), rows.getBoolean(8)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new StoreException("cannot read the model registry: " + e.getMessage(), e);
        }
    }

    /** Registered model names, sorted. */
    public List<String> names() {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(
                "SELECT name FROM registered_model ORDER BY name"); ResultSet rows = select.executeQuery()) {
            var names = new ArrayList<String>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw new StoreException("cannot read the model registry: " + e.getMessage(), e);
        }
    }

    /** Every version of a model, newest first. */
    public List<Version> versions(String name) {
        int latest = nextVersion(name) - 1;
        var versions = new ArrayList<Version>();
        for (int v = latest; v >= 1; v--) {
            find(name + ":" + v).ifPresent(versions::add);
        }
        return versions;
    }

    private static long[] versionIds(Connection connection, String name, int version) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT m.id, v.id FROM model_version v JOIN registered_model m ON m.id = v.model_id WHERE m.name = ? AND v.version = ?")) {
            select.setString(1, name);
            select.setInt(2, version);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalArgumentException("no model version " + name + ":" + version);
                }
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }


    /** {@code name} (the latest version), {@code name@alias} or {@code name:version}. */
    public Optional<Version> find(String reference) {
        String name = reference;
        String alias = null;
        Integer version = null;
        int at = reference.indexOf('@');
        int colon = reference.lastIndexOf(':');
        if (at > 0) {
            name = reference.substring(0, at);
            alias = reference.substring(at + 1);
        } else if (colon > 0) {
            name = reference.substring(0, colon);
            try {
                version = Integer.parseInt(reference.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + reference + "': a version is a number, as in " + name + ":3");
            }
        }
        String sql = "SELECT m.name, v.version, v.run_key, v.artifact_path, v.sha256, v.metrics_json, v.created_at, v.id FROM model_version v "
                + "JOIN registered_model m ON m.id = v.model_id WHERE m.name = ? "
                + (alias != null ? "AND v.id = (SELECT a.version_id FROM model_alias a WHERE a.model_id = m.id AND a.alias = ?) "
                : version != null ? "AND v.version = ? " : "")
                + "ORDER BY v.version DESC";
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, name);
            if (alias != null) {
                select.setString(2, alias);
            } else if (version != null) {
                select.setInt(2, version);
            }
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Version(rows.getString(1), rows.getInt(2), rows.getString(3), rows.getString(4), rows.getString(5),
                        rows.getString(6), rows.getTimestamp(7).toInstant(), aliases(connection, rows.getLong(8))));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the model registry: " + e.getMessage(), e);
        }
    }

    private static List<String> aliases(Connection connection, long versionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT alias FROM model_alias WHERE version_id = ? ORDER BY alias")) {
            select.setLong(1, versionId);
            var aliases = new ArrayList<String>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    aliases.add(rows.getString(1));
                }
            }
            return aliases;
        }
    }
}
