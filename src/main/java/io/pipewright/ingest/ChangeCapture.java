package io.pipewright.ingest;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatabaseSource;
import io.pipewright.data.DatasetException;
import io.pipewright.data.RecordSource;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.lake.ChangeEvent;
import io.pipewright.data.lake.ChangeLog;
import io.pipewright.data.lake.LayerReference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the changes of one PostgreSQL table into its change log ({@link ChangeLog}): Debezium's embedded
 * engine and PostgreSQL connector read the table once (the snapshot), then follow its write-ahead log through a
 * replication slot with the {@code pgoutput} plug-in. Each batch lands in the Bronze layer with its offset in one
 * step, so a capture killed at any point resumes where its log ends: no change lost, none applied twice.
 */
public final class ChangeCapture {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeCapture.class);

    /**
     * What to capture: a PostgreSQL table ({@code source.table()}), into the change log {@code name} under
     * {@code dataRoot}; {@code key} overrides the table's primary key (empty: the primary key); {@code once}
     * stops when every change committed before the capture started is in the log, else it follows until stopped.
     */
    public record Settings(DatabaseSource source, DatabaseCredentials credentials, Path dataRoot, String name, List<String> key, boolean once) {
        public Settings {
            LayerReference.checkName(name);
            key = key == null ? List.of() : List.copyOf(key);
            if (source.table() == null) {
                throw new IllegalArgumentException("change data capture follows a table (--table), not a query");
            }
            if (!source.kind().equals("PostgreSQL")) {
                throw new IllegalArgumentException(DatabaseSource.redact(source.url()) + ": change data capture reads PostgreSQL's write-ahead log; "
                        + "this is an " + source.kind() + " database (read it with a table read instead)");
            }
        }
    }

    /** Where a capture stands: events in the log, whether the first read of the table is done, and the last commit captured. */
    public record Status(long events, long eventsThisRun, boolean snapshotDone, String lastCommit) {
    }

    /** The capture started and then failed (the connection was lost, the slot was taken): what the log holds stays, and a restart resumes from it. */
    public static final class Failed extends RuntimeException {
        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How a capture ended. */
    public record Result(ChangeLog.Manifest manifest, long eventsThisRun, boolean caughtUp) {
    }

    private final Settings settings;

    public ChangeCapture(Settings settings) {
        this.settings = settings;
    }

    /**
     * Drops a change log: its replication slot and publication on the source (so the database stops keeping
     * write-ahead log for it) and then its folder. Refused while a capture is writing it.
     */
    public static void drop(Path folder, DatabaseCredentials credentials) {
        ChangeLog log = ChangeLog.open(folder);
        if (!log.exists()) {
            throw new DatasetException(folder.getFileName() + ": no such change log in this home");
        }
        ChangeLog.Manifest m = log.manifest();
        try (var lock = log.lockForWriting()) {
            String url = m.source().substring(0, m.source().lastIndexOf('#'));
            var source = new DatabaseSource(url, m.table(), null, m.credentials());
            try (Connection connection = source.connect(credentials)) {
                try (var slot = connection.prepareStatement("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
                    slot.setString(1, m.slot());
                    slot.execute();
                }
                try (var publication = connection.createStatement()) {
                    publication.execute("DROP PUBLICATION IF EXISTS " + m.slot());
                }
            } catch (SQLException e) {
                throw new DatasetException(m.name() + ": cannot drop replication slot " + m.slot() + " on " + DatabaseSource.redact(url) + ": "
                        + firstLine(e));
            }
            deleteFolder(folder);
        }
    }

    private static void deleteFolder(Path folder) {
        try (var paths = java.nio.file.Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The folder of the change log this capture writes. */
    public Path folder() {
        return LayerReference.changeLogFolder(settings.dataRoot(), settings.name());
    }

    /**
     * Runs the capture on this thread until it has caught up ({@code once}), {@code stop} says so, or the engine
     * fails (a one-line {@link DatasetException}). {@code listener} hears the status after each batch.
     */
    public Result run(Consumer<Status> listener, BooleanSupplier stop) {
        Table table = describe();
        ChangeLog log = ChangeLog.open(folder());
        try (var lock = log.lockForWriting()) {
            String location = new DatabaseSource(settings.source().url(), table.qualified(), null, settings.source().credentials()).location();
            if (log.exists()) {
                ChangeLog.Manifest m = log.manifest();
                if (!m.table().equals(table.qualified()) || !m.source().equals(location)) {
                    throw new DatasetException(settings.name() + ": this change log captures " + m.source() + "; name another log for "
                            + location);
                }
                if (!m.snapshotDone()) {
                    LOG.info("{}: the first read of {} did not finish; reading it again", settings.name(), table.qualified());
                    log.start(settings.name(), location, settings.source().credentials(), table.qualified(), table.key(), table.columns(), slot());
                } else {
                    log.clean();
                }
            } else {
                log.start(settings.name(), location, settings.source().credentials(), table.qualified(), table.key(), table.columns(), slot());
            }
            return capture(log, table, listener, stop);
        }
    }

    private String slot() {
        return "pipewright_" + settings.name();
    }

    private Result capture(ChangeLog log, Table table, Consumer<Status> listener, BooleanSupplier stop) {
        var failure = new AtomicReference<Throwable>();
        var finished = new java.util.concurrent.CountDownLatch(1);
        var sink = new Sink(log, table, listener);
        var stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Properties properties = properties(table);
        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(io.debezium.embedded.Connect.class))
                .using(properties)
                .notifying(sink)
                .using((success, message, error) -> {
                    if (!success && !(stopping.get() && error instanceof IllegalStateException)) {
                        failure.compareAndSet(null, error != null ? error : new IllegalStateException(message));
                    }
                    finished.countDown();
                })
                .build();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "pipewright-cdc-" + settings.name());
            thread.setDaemon(true);
            return thread;
        });
        boolean caughtUp = false;
        var marker = new Marker();
        try {
            runner.execute(engine);
            while (finished.getCount() > 0) {
                if (stop.getAsBoolean()) {
                    break;
                }
                if (settings.once() && sink.caughtUp(marker)) {
                    caughtUp = true;
                    break;
                }
                if (finished.await(100, TimeUnit.MILLISECONDS)) {
                    break;
                }
                sink.failure().ifPresent(e -> failure.compareAndSet(null, e));
                if (failure.get() != null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                if (finished.getCount() > 0) {
                    stopping.set(true);
                    engine.close();
                }
                finished.await(30, TimeUnit.SECONDS);
            } catch (IllegalStateException e) {
                LOG.debug("the engine of {} had stopped already", table.qualified(), e); // it stopped on a failure, which is reported below
            } catch (IOException e) {
                LOG.warn("stopping the capture of {}: {}", table.qualified(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runner.shutdownNow();
        }
        sink.failure().ifPresent(e -> failure.compareAndSet(null, e));
        if (failure.get() != null) {
            throw new Failed(settings.name() + ": the capture of " + table.qualified() + " stopped: " + firstLine(failure.get()), failure.get());
        }
        if (log.eventsSinceBase() > Math.max(1_000, log.manifest().rows() / 4)) {
            log.compact();
        }
        return new Result(log.manifest(), sink.eventsThisRun(), caughtUp);
    }

    /** Receives the engine's batches and writes each into the log with its offset. */
    private final class Sink implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
        private final ChangeLog log;
        private final Table table;
        private final Consumer<Status> listener;
        private final List<ChangeLog.Column> columns;
        private volatile boolean snapshotDone;
        private volatile long eventsThisRun;
        private volatile Throwable failure;
        private volatile long lastChange = System.nanoTime();
        private final java.util.Set<String> markersSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Sink(ChangeLog log, Table table, Consumer<Status> listener) {
            this.log = log;
            this.table = table;
            this.listener = listener;
            this.columns = new ArrayList<>(table.columns());
            this.snapshotDone = log.manifest().snapshotDone();
        }

        @Override
        public void handleBatch(List<RecordChangeEvent<SourceRecord>> records, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
                throws InterruptedException {
            try {
                var events = new ArrayList<ChangeEvent>(records.size());
                Map<String, ?> offset = null;
                boolean done = snapshotDone;
                for (RecordChangeEvent<SourceRecord> change : records) {
                    SourceRecord record = change.record();
                    if (record.sourceOffset() != null) {
                        offset = record.sourceOffset();
                        done = done || !inSnapshot(offset);
                    }
                    if (ChangeRecords.isMarker(record)) {
                        markersSeen.add(ChangeRecords.markerToken(record));
                    } else if (ChangeRecords.isChange(record)) {
                        addColumns((Struct) record.value());
                        events.add(ChangeRecords.event(record));
                    }
                }
                if (offset != null || !events.isEmpty()) {
                    Map<String, Object> kept = offset == null ? log.manifest().offset() : new LinkedHashMap<>(offset);
                    log.append(events, kept, done, List.copyOf(columns));
                    snapshotDone = done;
                    eventsThisRun += events.size();
                    if (!events.isEmpty()) {
                        lastChange = System.nanoTime();
                    }
                    if (!events.isEmpty() && log.eventsSinceBase() > Math.max(50_000, log.manifest().rows())) {
                        log.compact();
                    }
                }
                for (RecordChangeEvent<SourceRecord> change : records) {
                    committer.markProcessed(change);
                }
                committer.markBatchFinished();
                ChangeLog.Manifest m = log.manifest();
                listener.accept(new Status(m.events(), eventsThisRun, m.snapshotDone(), m.lastCommit()));
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        private void addColumns(Struct value) {
            Struct after = value.schema().field("after") == null ? null : value.getStruct("after");
            if (after == null) {
                return;
            }
            for (Field field : after.schema().fields()) {
                if (columns.stream().noneMatch(column -> column.name().equals(field.name()))) {
                    columns.add(new ChangeLog.Column(field.name(), ChangeRecords.kind(field.schema())));
                }
            }
        }

        /**
         * Whether every change committed before the capture began is in the log: once the first read is done, a
         * marker is written into the write-ahead log, and the changes committed before it arrive before it does.
         */
        boolean caughtUp(Marker marker) {
            if (!snapshotDone) {
                return false;
            }
            if (marker.emitted == null) {
                marker.emit();
            }
            if (marker.emitted != null) {
                if (markersSeen.contains(marker.token)) {
                    return true;
                }
                if (System.nanoTime() - marker.at > 10_000_000_000L) {
                    marker.emit(); // written before the slot streamed it (it should not be): once more
                }
                return false;
            }
            // no marker could be written (the login may not emit messages): caught up when nothing came for 3 seconds
            return System.nanoTime() - lastChange > 3_000_000_000L;
        }

        long eventsThisRun() {
            return eventsThisRun;
        }

        java.util.Optional<Throwable> failure() {
            return java.util.Optional.ofNullable(failure);
        }
    }

    /** The message the capture writes into the write-ahead log to know when it has read everything committed before it. */
    private final class Marker {
        final String token = java.util.UUID.randomUUID().toString();
        volatile Boolean emitted;
        volatile long at;

        void emit() {
            try (Connection connection = settings.source().connect(settings.credentials());
                 var statement = connection.prepareStatement("SELECT pg_logical_emit_message(false, ?, ?)")) {
                statement.setString(1, ChangeRecords.MARKER_PREFIX);
                statement.setString(2, token);
                statement.execute();
                emitted = true;
                at = System.nanoTime();
            } catch (SQLException | DatasetException e) {
                LOG.info("{}: cannot write a marker into the write-ahead log ({}); the capture ends after 3 quiet seconds", settings.name(),
                        e.getMessage());
                emitted = false;
            }
        }
    }

    private static boolean inSnapshot(Map<String, ?> offset) {
        Object snapshot = offset.get("snapshot");
        boolean last = Boolean.TRUE.equals(offset.get("last_snapshot_record")) || "true".equals(String.valueOf(offset.get("last_snapshot_record")));
        if (last) {
            return false;
        }
        return snapshot != null && !"false".equalsIgnoreCase(snapshot.toString());
    }

    /** The captured table as the database describes it. */
    private record Table(String schema, String name, List<String> key, List<ChangeLog.Column> columns) {
        String qualified() {
            return schema + "." + name;
        }
    }

    private Table describe() {
        DatabaseSource source = settings.source();
        String where = DatabaseSource.redact(source.url());
        try (Connection connection = source.connect(settings.credentials())) {
            checkWalLevel(single(connection, "SHOW wal_level"), where);
            String[] parts = source.table().split("\\.", 2);
            String schema = parts.length == 2 ? parts[0] : single(connection, "SELECT current_schema()");
            String name = parts.length == 2 ? parts[1] : parts[0];
            var meta = connection.getMetaData();
            String storedSchema = null;
            String storedName = null;
            try (ResultSet tables = meta.getTables(null, null, null, new String[] {"TABLE", "PARTITIONED TABLE"})) {
                while (tables.next()) {
                    if (tables.getString("TABLE_SCHEM").equalsIgnoreCase(schema) && tables.getString("TABLE_NAME").equalsIgnoreCase(name)) {
                        storedSchema = tables.getString("TABLE_SCHEM");
                        storedName = tables.getString("TABLE_NAME");
                    }
                }
            }
            if (storedName == null) {
                throw new DatasetException("table " + source.table() + ": no such table in " + where);
            }
            var columns = new ArrayList<ChangeLog.Column>();
            try (RecordSource empty = DatasetReader.database(new DatabaseSource(source.url(), null,
                    "SELECT * FROM \"" + storedSchema + "\".\"" + storedName + "\" WHERE false", source.credentials()), settings.credentials()).source()) {
                for (int c = 0; c < empty.columns().size(); c++) {
                    var kind = empty.storedKind(c);
                    columns.add(new ChangeLog.Column(empty.columns().get(c), kind == null ? null : kind.name()));
                }
            }
            List<String> key = settings.key();
            if (key.isEmpty()) {
                var primary = new java.util.TreeMap<Integer, String>();
                try (ResultSet keys = meta.getPrimaryKeys(null, storedSchema, storedName)) {
                    while (keys.next()) {
                        primary.put(keys.getInt("KEY_SEQ"), keys.getString("COLUMN_NAME"));
                    }
                }
                key = List.copyOf(primary.values());
                if (key.isEmpty()) {
                    throw new DatasetException("table " + source.table() + ": has no primary key; name the columns that identify a row with --key "
                            + "(and give the table REPLICA IDENTITY FULL so deletes carry them)");
                }
            } else {
                for (String column : key) {
                    if (columns.stream().noneMatch(c -> c.name().equals(column))) {
                        throw new DatasetException("--key " + column + ": table " + source.table() + " has no such column (it has "
                                + String.join(", ", columns.stream().map(ChangeLog.Column::name).toList()) + ")");
                    }
                }
            }
            return new Table(storedSchema, storedName, key, columns);
        } catch (SQLException e) {
            throw new DatasetException(where + ": " + firstLine(e));
        } catch (IOException e) {
            throw new DatasetException(where + ": " + e.getMessage());
        }
    }

    /** Refuses a server whose write-ahead log does not carry what logical decoding needs. */
    static void checkWalLevel(String walLevel, String where) {
        if (!"logical".equalsIgnoreCase(walLevel)) {
            throw new DatasetException(where + ": PostgreSQL must run with wal_level=logical to capture changes (it is " + walLevel
                    + "; set it in postgresql.conf and restart the server)");
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private Properties properties(Table table) {
        URI uri = URI.create(settings.source().url().substring("jdbc:".length()));
        var login = settings.source().login(settings.credentials());
        Map<String, String> parameters = parameters(uri.getRawQuery());
        String user = login != null ? login.user() : parameters.getOrDefault("user", System.getProperty("user.name"));
        String password = login != null ? login.password() : null;
        var p = new Properties();
        p.setProperty("name", "pipewright-" + settings.name());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", ChangeLogOffsets.class.getName());
        p.setProperty(ChangeLogOffsets.FOLDER, folder().toString());
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("database.hostname", uri.getHost() == null ? "localhost" : uri.getHost());
        p.setProperty("database.port", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
        p.setProperty("database.dbname", uri.getPath() == null || uri.getPath().length() <= 1 ? user : uri.getPath().substring(1));
        p.setProperty("database.user", user);
        if (password != null) {
            p.setProperty("database.password", password);
        }
        if (parameters.containsKey("sslmode")) {
            p.setProperty("database.sslmode", parameters.get("sslmode"));
        }
        p.setProperty("topic.prefix", slot());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot());
        p.setProperty("publication.name", slot());
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", java.util.regex.Pattern.quote(table.schema()) + "\\." + java.util.regex.Pattern.quote(table.name()));
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("skipped.operations", "none");
        p.setProperty("heartbeat.interval.ms", "500");
        p.setProperty("message.prefix.include.list", ChangeRecords.MARKER_PREFIX);
        p.setProperty("poll.interval.ms", "100");
        p.setProperty("max.batch.size", "4096");
        p.setProperty("errors.max.retries", "0");
        return p;
    }

    private static Map<String, String> parameters(String query) {
        var parameters = new LinkedHashMap<String, String>();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals).toLowerCase(Locale.ROOT),
                        java.net.URLDecoder.decode(pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    static String firstLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && (cause.getMessage() == null || cause.getMessage().isBlank()
                || cause.getMessage().startsWith("org.apache.kafka") || cause.getMessage().startsWith("io.debezium"))) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
