package io.pipewright.features;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatabaseSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The online store: each feature view's latest values per entity, in a database table, for serving. Embedded H2 in the
 * data folder ({@code online/features}, one process at a time, as the embedded run store is) or a PostgreSQL database
 * (several processes at once: a server answering while a schedule materializes). Each view is a table
 * {@code pw_features_VIEW} (the entity key, the values' event time, one column per feature); {@code pw_feature_views}
 * says what each holds and up to when it was materialized.
 */
public final class OnlineStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 1000;
    /** The variable naming the online store when no option does (a server's pod, a schedule). */
    public static final String ENVIRONMENT_VARIABLE = "PIPEWRIGHT_ONLINE";

    private final HikariDataSource pool;
    private final String shown;
    private final Map<String, Layout> layouts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Snapshot> snapshots = new java.util.concurrent.ConcurrentHashMap<>();

    /** A view as the store keeps it: its key columns and their kinds, features and their kinds, ttl, and materialization. */
    public record Layout(String view, List<String> entities, List<String> keyKinds, List<String> features, List<String> kinds, Long ttlMillis,
                         long materializedUntil, long entityCount, long updatedAt) {
    }

    /** One entity's values: its features by name (null: missing or past the ttl), when they were true, and whether they are past the ttl. */
    public record Entry(String view, String entity, Map<String, Object> features, Instant eventTime, boolean expired) {
    }

    /** What a materialization did: rows read in the window, entities written, and the window it covered. */
    public record Materialized(String view, long rowsRead, long entitiesWritten, Instant since, Instant until, boolean rebuilt) {
    }

    private OnlineStore(HikariDataSource pool, String shown) {
        this.pool = pool;
        this.shown = shown;
    }

    /** The embedded store's URL in a data folder. */
    public static String embeddedUrl(Path dataRoot) {
        return "jdbc:h2:" + dataRoot.resolve("online").resolve("features").toAbsolutePath();
    }

    /**
     * Opens the store at {@code url} (null: the embedded one in {@code dataRoot}), logging in as {@code credentials} names
     * (null: as the URL says). A store that cannot be opened is one line naming it.
     */
    public static OnlineStore open(String url, String credentials, Path dataRoot, DatabaseCredentials logins) {
        String target = url == null || url.isBlank() ? embeddedUrl(dataRoot) : url.strip();
        if (!DatabaseSource.isDatabase(target)) {
            throw new FeatureException("--online " + target + ": not a database URL (jdbc:postgresql://HOST[:PORT]/DATABASE or jdbc:h2:…)");
        }
        String shownUrl = DatabaseSource.redact(target);
        String user = null;
        String password = null;
        if (credentials != null) {
            var login = logins.login(credentials);
            user = login.user();
            password = login.password();
        }
        try {
            if (target.startsWith("jdbc:h2:") && url == null) {
                Files.createDirectories(dataRoot.resolve("online"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot make " + dataRoot.resolve("online") + ": " + e.getMessage(), e);
        }
        // one connection first, outside the pool: a store another process holds, or a server that refuses, is said at once
        try (Connection connection = user == null ? java.sql.DriverManager.getConnection(target) : java.sql.DriverManager.getConnection(target, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS pw_feature_views (view_name VARCHAR(200) PRIMARY KEY, entities VARCHAR NOT NULL, "
                    + "key_kinds VARCHAR NOT NULL, features VARCHAR NOT NULL, kinds VARCHAR NOT NULL, ttl_millis BIGINT, "
                    + "materialized_until BIGINT NOT NULL, entity_count BIGINT NOT NULL, updated_at BIGINT NOT NULL)");
        } catch (SQLException e) {
            throw failure(shownUrl, e);
        }
        var config = new HikariConfig();
        config.setJdbcUrl(target);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setPoolName("online-features");
        config.setConnectionTimeout(10_000);
        if (user != null) {
            config.setUsername(user);
            config.setPassword(password);
        }
        return new OnlineStore(new HikariDataSource(config), shownUrl);
    }

    private static java.io.UncheckedIOException failure(String shown, SQLException e) {
        return new java.io.UncheckedIOException("online store " + shown + ": " + message(e), new java.io.IOException(e));
    }

    private static String message(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("").strip();
        if (text.contains("Database may be already in use")) {
            return "another process has the embedded online store open (a serve or a materialize); stop it, or share a PostgreSQL "
                    + "online store (--online jdbc:postgresql://…)";
        }
        return text;
    }

    /** The store's URL without a password. */
    public String url() {
        return shown;
    }

    private static String table(String view) {
        return "pw_features_" + view;
    }

    /**
     * Writes the view's latest values per entity among its rows after {@code since} (null: after the last
     * materialization, or all) and at or before {@code until} (rows from later are left for a later run), keeping an
     * entity's newer stored value. A view whose features changed since it was last materialized is rebuilt from all its rows.
     */
    public Materialized materialize(FeatureView view, Path dataRoot, DatabaseCredentials credentials, Instant since, Instant until,
                                    PointInTimeJoin.Progress progress) {
        Layout before = layout(view.name()).orElse(null);
        long end = until.toEpochMilli();
        try (TypedSource source = TypedSource.open(view.source().reader(dataRoot, credentials))) {
            var numericKey = new boolean[view.entities().size()];
            var keyKinds = new ArrayList<String>();
            for (int k = 0; k < numericKey.length; k++) {
                int column = source.column(view.entities().get(k), "view " + view.name() + "'s entity");
                numericKey[k] = source.plan(column).kind() == ColumnPlan.Kind.NUMBER;
                keyKinds.add(numericKey[k] ? "number" : "text");
            }
            var rows = new ViewRows(view, source, numericKey);
            ColumnPlan.Kind[] kinds = rows.kinds();
            List<String> kindNames = ViewRows.names(kinds);
            boolean rebuild = before != null && (!before.features().equals(view.featureNames()) || !before.kinds().equals(kindNames)
                    || !before.entities().equals(view.entities()) || !before.keyKinds().equals(keyKinds));
            long start = since != null ? since.toEpochMilli() : before == null || rebuild ? Long.MIN_VALUE : before.materializedUntil();
            // the latest row per entity in the window (of rows at one time, the later read): its time, then its values
            var latest = new HashMap<String, Object[]>();
            long read = 0;
            long total = Math.max(1, source.totalBytes());
            for (ViewRows.Block block = rows.next(); block != null; block = rows.next()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.util.concurrent.CancellationException("materializing " + view.name() + " was cancelled");
                }
                for (int i = 0; i < block.size; i++) {
                    long at = block.times[i];
                    if (at <= start || at > end) {
                        continue;
                    }
                    read++;
                    String key = block.numberKeys != null ? ViewRows.number(Double.longBitsToDouble(block.numberKeys[i])) : block.keys[i];
                    Object[] known = latest.get(key);
                    if (known != null && (Long) known[0] > at) {
                        continue;
                    }
                    var row = new Object[1 + kinds.length];
                    row[0] = at;
                    for (int f = 0; f < kinds.length; f++) {
                        row[1 + f] = kinds[f] == ColumnPlan.Kind.STRING ? block.texts[f][i] : block.numbers[f][i];
                    }
                    latest.put(key, row);
                }
                progress.update(0.8 * Math.min(1, (double) source.bytesRead() / total), "reading " + view.name() + ": " + read + " rows in the window");
            }
            progress.update(0.8, "writing " + latest.size() + " entities of " + view.name());
            write(view, keyKinds, kinds, kindNames, rebuild || before == null, latest,
                    before == null || rebuild ? end : Math.max(end, before.materializedUntil()));
            progress.update(1, view.name() + ": " + latest.size() + " entities written");
            return new Materialized(view.name(), read, latest.size(), start == Long.MIN_VALUE ? null : Instant.ofEpochMilli(start), until, rebuild);
        }
    }

    private void write(FeatureView view, List<String> keyKinds, ColumnPlan.Kind[] kinds, List<String> kindNames, boolean create,
                       Map<String, Object[]> latest, long until) {
        String table = table(view.name());
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                if (create) {
                    statement.execute("DROP TABLE IF EXISTS " + table);
                    var columns = new StringBuilder("entity_key VARCHAR(2000) PRIMARY KEY, event_time BIGINT NOT NULL");
                    for (int f = 0; f < kinds.length; f++) {
                        columns.append(", f_").append(f).append(' ').append(sqlType(kinds[f]));
                    }
                    statement.execute("CREATE TABLE " + table + " (" + columns + ")");
                }
            }
            var source = new StringBuilder("SELECT CAST(? AS VARCHAR(2000)) AS k, CAST(? AS BIGINT) AS ts");
            var update = new StringBuilder("event_time = s.ts");
            var insertColumns = new StringBuilder("entity_key, event_time");
            var insertValues = new StringBuilder("s.k, s.ts");
            for (int f = 0; f < kinds.length; f++) {
                source.append(", CAST(? AS ").append(sqlType(kinds[f])).append(") AS f_").append(f);
                update.append(", f_").append(f).append(" = s.f_").append(f);
                insertColumns.append(", f_").append(f);
                insertValues.append(", s.f_").append(f);
            }
            String merge = "MERGE INTO " + table + " t USING (" + source + ") s ON t.entity_key = s.k "
                    + "WHEN MATCHED AND t.event_time <= s.ts THEN UPDATE SET " + update + " "
                    + "WHEN NOT MATCHED THEN INSERT (" + insertColumns + ") VALUES (" + insertValues + ")";
            try (PreparedStatement statement = connection.prepareStatement(merge)) {
                int pending = 0;
                for (var entry : latest.entrySet()) {
                    statement.setString(1, entry.getKey());
                    Object[] row = entry.getValue();
                    statement.setLong(2, (Long) row[0]);
                    for (int f = 0; f < kinds.length; f++) {
                        set(statement, 3 + f, kinds[f], row[1 + f]);
                    }
                    statement.addBatch();
                    if (++pending == BATCH) {
                        statement.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    statement.executeBatch();
                }
            }
            long count;
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                result.next();
                count = result.getLong(1);
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM pw_feature_views WHERE view_name = ?")) {
                delete.setString(1, view.name());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pw_feature_views (view_name, entities, key_kinds, features, kinds, "
                    + "ttl_millis, materialized_until, entity_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, view.name());
                insert.setString(2, JSON.writeValueAsString(view.entities()));
                insert.setString(3, JSON.writeValueAsString(keyKinds));
                insert.setString(4, JSON.writeValueAsString(view.featureNames()));
                insert.setString(5, JSON.writeValueAsString(kindNames));
                if (view.ttl() == null) {
                    insert.setNull(6, Types.BIGINT);
                } else {
                    insert.setLong(6, view.ttl().toMillis());
                }
                insert.setLong(7, until);
                insert.setLong(8, count);
                insert.setLong(9, System.currentTimeMillis());
                insert.executeUpdate();
            }
            connection.commit();
            layouts.remove(view.name());
        } catch (SQLException e) {
            throw failure(shown, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sqlType(ColumnPlan.Kind kind) {
        return switch (kind) {
            case NUMBER -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case DATETIME -> "BIGINT";
            case STRING -> "VARCHAR";
        };
    }

    private static void set(PreparedStatement statement, int index, ColumnPlan.Kind kind, Object value) throws SQLException {
        if (value == null || (value instanceof Double number && number.isNaN())) {
            statement.setNull(index, switch (kind) {
                case NUMBER -> Types.DOUBLE;
                case BOOLEAN -> Types.BOOLEAN;
                case DATETIME -> Types.BIGINT;
                case STRING -> Types.VARCHAR;
            });
            return;
        }
        switch (kind) {
            case NUMBER -> statement.setDouble(index, (Double) value);
            case BOOLEAN -> statement.setBoolean(index, (Double) value != 0);
            case DATETIME -> statement.setLong(index, (long) (double) (Double) value);
            case STRING -> statement.setString(index, (String) value);
        }
    }

    /** The views the store holds, by name. */
    public List<Layout> views() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT view_name FROM pw_feature_views ORDER BY view_name")) {
            var names = new ArrayList<String>();
            while (result.next()) {
                names.add(result.getString(1));
            }
            var views = new ArrayList<Layout>();
            for (String name : names) {
                layout(name).ifPresent(views::add);
            }
            return views;
        } catch (SQLException e) {
            throw failure(shown, e);
        }
    }

    /** What the store holds of a view, if it was materialized. */
    public Optional<Layout> layout(String view) {
        Layout cached = layouts.get(view);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT entities, key_kinds, features, kinds, ttl_millis, materialized_until, "
                     + "entity_count, updated_at FROM pw_feature_views WHERE view_name = ?")) {
            statement.setString(1, view);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                var names = new TypeReference<List<String>>() { };
                long ttl = result.getLong(5);
                Long ttlMillis = result.wasNull() ? null : ttl;
                var layout = new Layout(view, JSON.readValue(result.getString(1), names), JSON.readValue(result.getString(2), names),
                        JSON.readValue(result.getString(3), names), JSON.readValue(result.getString(4), names), ttlMillis, result.getLong(6),
                        result.getLong(7), result.getLong(8));
                return Optional.of(layout);
            }
        } catch (SQLException e) {
            throw failure(shown, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("online store " + shown + ": view " + view + " is described unreadably: " + e.getMessage(), e);
        }
    }

    /** Keeps a served view's layout in memory, so a lookup is one query (a later materialization is read at the next {@link #refresh()}). */
    public Layout require(String view) {
        Layout layout = layout(view).orElseThrow(() -> new FeatureException("online store " + shown + ": no view " + view
                + " (materialize it first: pipewright features materialize --view VIEW.yaml)"));
        layouts.put(view, layout);
        return layout;
    }

    /** Forgets the layouts kept in memory. */
    public void refresh() {
        layouts.clear();
    }

    /**
     * The entity's key as the store keeps it, from the values a person gave for the view's key columns (a number for a
     * number column, as 42 or "42"); null when a value cannot be one (no entity has it).
     */
    public static String key(Layout layout, List<?> parts) {
        if (parts.size() != layout.entities().size()) {
            throw new FeatureException("view " + layout.view() + " is keyed by " + String.join(", ", layout.entities()) + " (" + layout.entities().size()
                    + " value" + (layout.entities().size() == 1 ? "" : "s") + "), not " + parts.size() + " value" + (parts.size() == 1 ? "" : "s"));
        }
        var key = new StringBuilder();
        for (int k = 0; k < parts.size(); k++) {
            Object part = parts.get(k);
            if (part == null) {
                return null;
            }
            String text;
            if ("number".equals(layout.keyKinds().get(k))) {
                double value;
                if (part instanceof Number number) {
                    value = number.doubleValue();
                } else {
                    try {
                        value = Double.parseDouble(part.toString().strip());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                text = ViewRows.number(value);
            } else {
                text = part instanceof Number number ? ViewRows.number(number.doubleValue()) : part.toString();
            }
            if (k > 0) {
                key.append(ViewRows.KEY_SEPARATOR);
            }
            key.append(text);
        }
        return key.toString();
    }

    /** The entity's values, or empty when the store has no row for it; {@code now} decides what is past the ttl. */
    public Optional<Entry> read(String view, List<?> keyParts, Instant now) {
        Layout layout = require(view);
        String key = key(layout, keyParts);
        if (key == null) {
            return Optional.empty();
        }
        Snapshot held = snapshots.get(view);
        if (held != null) {
            Object[] row = held.rows.get(key);
            return row == null ? Optional.empty() : Optional.of(entry(layout, keyParts, row, now));
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT " + columns(layout) + " FROM " + table(view) + " WHERE entity_key = ?")) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(entry(layout, keyParts, row(layout, result), now)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(shown, e);
        }
    }

    /** A view's rows held in memory: entity key → event time and values. */
    private record Snapshot(Map<String, Object[]> rows) {
    }

    /**
     * Whether this is an embedded store: one process holds it, so nothing else can change it while it is open, and
     * its views can be read whole into memory ({@link #hold}).
     */
    public boolean embedded() {
        return shown.startsWith("jdbc:h2:") && !shown.startsWith("jdbc:h2:tcp:") && !shown.startsWith("jdbc:h2:ssl:");
    }

    /**
     * Reads a view of an embedded store whole into memory, so that each lookup is a map's (no other process can
     * materialize while this one holds the store); a view of more than {@code maxEntities} entities stays in the
     * database. Returns whether it is held.
     */
    public boolean hold(String view, long maxEntities) {
        Layout layout = require(view);
        if (!embedded() || layout.entityCount() > maxEntities) {
            return false;
        }
        var rows = new HashMap<String, Object[]>((int) Math.min(Integer.MAX_VALUE / 2, layout.entityCount() * 4 / 3 + 16));
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT entity_key, " + columns(layout) + " FROM " + table(view))) {
            while (result.next()) {
                String key = result.getString(1);
                rows.put(key, row(layout, result, 2));
            }
        } catch (SQLException e) {
            throw failure(shown, e);
        }
        snapshots.put(view, new Snapshot(rows));
        return true;
    }

    private static String columns(Layout layout) {
        var columns = new StringBuilder("event_time");
        for (int f = 0; f < layout.features().size(); f++) {
            columns.append(", f_").append(f);
        }
        return columns.toString();
    }

    private static Object[] row(Layout layout, ResultSet result) throws SQLException {
        return row(layout, result, 1);
    }

    /** A stored row from {@code first} on: its event time (epoch ms), then each feature's value as a served request carries it. */
    private static Object[] row(Layout layout, ResultSet result, int first) throws SQLException {
        var row = new Object[1 + layout.features().size()];
        row[0] = result.getLong(first);
        for (int f = 0; f < layout.features().size(); f++) {
            int column = first + 1 + f;
            row[1 + f] = switch (layout.kinds().get(f)) {
                case "number" -> {
                    double number = result.getDouble(column);
                    yield result.wasNull() ? null : number;
                }
                case "boolean" -> {
                    boolean flag = result.getBoolean(column);
                    yield result.wasNull() ? null : flag;
                }
                case "datetime" -> {
                    long millis = result.getLong(column);
                    yield result.wasNull() ? null : Instant.ofEpochMilli(millis).toString();
                }
                default -> result.getString(column);
            };
        }
        return row;
    }

    /** A stored row as an entry: values past the ttl at {@code now} read as missing. */
    private static Entry entry(Layout layout, List<?> keyParts, Object[] row, Instant now) {
        long at = (Long) row[0];
        boolean expired = layout.ttlMillis() != null && now.toEpochMilli() - at > layout.ttlMillis();
        var features = new LinkedHashMap<String, Object>();
        for (int f = 0; f < layout.features().size(); f++) {
            features.put(layout.features().get(f), expired ? null : row[1 + f]);
        }
        String shownKey = keyParts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        return new Entry(layout.view(), shownKey, features, Instant.ofEpochMilli(at), expired);
    }

    @Override
    public void close() {
        pool.close();
    }
}
