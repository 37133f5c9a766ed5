package io.pipewright.track;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database in the home's {@code store/} folder, created and migrated by Flyway.
 *
 * <p>H2's file lock keeps a second process out (AUTO_SERVER would instead open a TCP port on
 * every interface, which a desktop app must not do); {@link StoreOwner} lets the second opener
 * say which process has it. A store written by a newer Pipewright is refused before any
 * migration runs, so it is left exactly as it was.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    static final String MIGRATIONS = "classpath:io/pipewright/track/migration";
    static final String DATABASE_NAME = "pipewright";
    /** The highest migration in {@link #MIGRATIONS}; a test keeps the two in step. */
    public static final int SCHEMA_VERSION = 17;
    /** The schema version, noted beside the database after every open, read before opening it. */
    static final String SCHEMA_FILE = "schema-version";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final Path directory;
    private final String url;
    private final javax.sql.DataSource dataSource;
    private final Connection keeper;
    private final String schemaVersion;
    private final long ownerPid;

    private Store(Path directory, String url, javax.sql.DataSource dataSource, Connection keeper, String schemaVersion, long ownerPid) {
        this.directory = directory;
        this.url = url;
        this.dataSource = dataSource;
        this.keeper = keeper;
        this.schemaVersion = schemaVersion;
        this.ownerPid = ownerPid;
    }

    /**
     * Opens (migrating when needed) a shared store on PostgreSQL 15 or later:
     * {@code jdbc:postgresql://host:5432/db?user=…&password=…}. Several Pipewrights may use it at once;
     * at open, only the runs left running by an ended process of this machine are marked killed.
     */
    public static Store openUrl(String url, String appVersion) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new StoreException("--store: expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database?user=…), not '" + url + "'");
        }
        var dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setConnectTimeout(10);
        String shown = redact(url);
        try (Connection connection = dataSource.getConnection()) {
            int applied = appliedVersion(connection);
            refuseNewerSchema(shown, applied);
            if (applied < SCHEMA_VERSION) {
                flyway(dataSource).migrate();
            }
            int current = appliedVersion(connection);
            int abandoned = Runs.markAbandoned(connection, Runs.machine());
            if (abandoned > 0) {
                LOG.warn("{} run(s) left running by a process of this machine that ended were marked killed", abandoned);
            }
            LOG.info("store {} open at schema version {}", shown, current);
            return new Store(null, url, pool(dataSource), null, Integer.toString(current), ProcessHandle.current().pid());
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + shown + ": " + firstLine(e.getMessage()), e);
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the store " + shown + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * A few pooled connections to the server: opening one is a TCP and authentication round trip
     * (about 10 ms), which would otherwise be paid by every read of the runs table. The pool rolls
     * back what a borrower left uncommitted and resets auto-commit when a connection comes back.
     */
    private static javax.sql.DataSource pool(org.postgresql.ds.PGSimpleDataSource server) {
        var config = new com.zaxxer.hikari.HikariConfig();
        config.setDataSource(server);
        config.setPoolName("pipewright-store");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setAutoCommit(true);
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    /** The URL without its password, for messages. */
    static String redact(String url) {
        return io.pipewright.data.DatabaseSource.redact(url);
    }

    /** The folder of an embedded store, or the URL (password left out) of a shared one. */
    public String location() {
        return directory != null ? directory.toString() : redact(url);
    }

    /**
     * A store for {@link RunTableWarmUp}: a database in H2's in-memory file system ({@code memFS}) under
     * {@code folder}, migrated when new, with no file on disk and no log line of its own.
     * {@link #release} closes it; opened again, H2 reads its pages back the way it reads a store's
     * file.
     */
    static Store inMemory(Path folder) throws SQLException {
        var dataSource = dataSource("memFS", folder, ";TRACE_LEVEL_FILE=0");
        Connection keeper = dataSource.getConnection();
        try {
            if (appliedVersion(keeper) < SCHEMA_VERSION) {
                flyway(dataSource).migrate();
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(keeper);
            throw e;
        }
        return new Store(folder, null, dataSource, keeper, Integer.toString(SCHEMA_VERSION), -1);
    }

    /** Closes a store from {@link #inMemory} (H2 closes the database with its last connection). */
    void release() {
        closeQuietly(keeper);
    }

    /** Opens (creating and migrating when needed) the store in {@code directory}. */
    public static Store open(Path directory, String appVersion) {
        return open(directory, appVersion, "file");
    }

    /**
     * As {@link #open(Path, String)}, H2 reaching the database file through the file system
     * registered under {@code fileSystem} ({@code file}: the disk): tests pass one that fills up or
     * turns read-only on cue.
     */
    static Store open(Path directory, String appVersion, String fileSystem) {
        directory = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException("cannot create the store folder " + directory + ": " + e.getMessage(), e);
        }
        Integer recorded = recordedVersion(directory);
        if (recorded != null) {
            // every Pipewright writes its schema version beside the database: no need to open it to refuse it
            refuseNewerSchema(directory.toString(), recorded);
        } else if (Files.exists(directory.resolve(DATABASE_NAME + ".mv.db"))) {
            // no note (a store from elsewhere): read-only first, since even a refused open must not
            // rewrite the file of a newer version (trace off: H2 logs a harmless error when it
            // closes a read-only database, h2database#247)
            var readOnly = dataSource(fileSystem, directory, ";TRACE_LEVEL_FILE=0;ACCESS_MODE_DATA=r");
            try (Connection connection = connect(directory, readOnly)) {
                refuseNewerSchema(directory.toString(), appliedVersion(connection));
            } catch (SQLException e) {
                throw new StoreException("cannot read the store " + directory + ": " + firstLine(e.getMessage()), e);
            }
        }
        // TRACE_LEVEL_FILE=4 sends H2's own messages to SLF4J instead of a .trace.db file. WRITE_DELAY=0
        // writes each commit to the file before the commit returns: by default H2 writes up to 500 ms
        // later, from a thread of its own, so a full disk lost committed runs without a word to anyone
        var dataSource = dataSource(fileSystem, directory, ";TRACE_LEVEL_FILE=4;WRITE_DELAY=0");
        Connection keeper = connect(directory, dataSource);
        try {
            if (keeper.isReadOnly()) {
                // H2 opens a file it may not write read-only without a word: say so now, not at the first write
                throw new StoreException("the store " + directory + " is read-only (" + directory.resolve(DATABASE_NAME + ".mv.db")
                        + " cannot be written): make it writable, or start with --home pointing to another folder");
            }
            int applied = recorded != null ? historyVersion(keeper) : appliedVersion(keeper);
            refuseNewerSchema(directory.toString(), applied);
            if (applied < SCHEMA_VERSION) {
                // Flyway only when there is something to migrate: loading it costs about a second
                flyway(dataSource).migrate();
            }
            int current = applied < SCHEMA_VERSION ? appliedVersion(keeper) : applied;
            String version = Integer.toString(current);
            // one process holds the store at a time: a run still "running" belongs to a process that was killed
            int abandoned = Runs.markAbandoned(keeper, null);
            if (abandoned > 0) {
                LOG.warn("{} run(s) left running by a process that ended were marked killed", abandoned);
            }
            Files.writeString(directory.resolve(SCHEMA_FILE), version + "\n");
            var owner = StoreOwner.current(appVersion);
            owner.write(directory);
            LOG.info("store {} open at schema version {}", directory, version);
            return new Store(directory, null, dataSource, keeper, version, owner.pid());
        } catch (StoreException e) {
            closeQuietly(keeper);
            throw e;
        } catch (FlywayException e) {
            closeQuietly(keeper);
            throw new StoreException("cannot migrate the store " + directory + ": " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            closeQuietly(keeper);
            throw new StoreException("cannot write to the store folder " + directory + ": " + firstLine(e.getMessage()), e);
        } catch (SQLException e) {
            closeQuietly(keeper);
            throw new StoreException("cannot read the store " + directory + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** The schema version noted beside the database, or null when there is no readable note. */
    private static Integer recordedVersion(Path directory) {
        Path file = directory.resolve(SCHEMA_FILE);
        if (!Files.isRegularFile(file) || !Files.exists(directory.resolve(DATABASE_NAME + ".mv.db"))) {
            return null;
        }
        try {
            return Integer.parseInt(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The highest schema version Flyway applied successfully; 0 for an empty database. */
    static int appliedVersion(Connection connection) throws SQLException {
        try (var tables = connection.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
            if (!tables.next()) {
                return 0;
            }
        }
        return historyVersion(connection);
    }

    /**
     * As {@link #appliedVersion}, for a database whose schema history is known to exist (its note says it was
     * migrated): asked directly, without the metadata, which H2 builds its INFORMATION_SCHEMA for (a tenth of a
     * quick command's time). Asking for a table that is missing would have H2 log an error.
     */
    private static int historyVersion(Connection connection) throws SQLException {
        int highest = 0;
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL")) {
            while (rows.next()) {
                String text = rows.getString(1);
                try {
                    highest = Math.max(highest, Integer.parseInt(text.contains(".") ? text.substring(0, text.indexOf('.')) : text));
                } catch (NumberFormatException e) {
                    throw new StoreException("the store's schema history has a version this Pipewright cannot read: '" + text + "'");
                }
            }
        }
        return highest;
    }

    private static JdbcDataSource dataSource(String fileSystem, Path directory, String settings) {
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:" + fileSystem + ":" + directory.resolve(DATABASE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE" + settings);
        dataSource.setUser("pipewright");
        dataSource.setPassword("");
        return dataSource;
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).javaMigrations(new MetricBlocksMigration()).loggers("slf4j").load();
    }

    /**
     * How long an opener waits for a store another process holds before it is refused: a server following its alias
     * holds the embedded store for a moment at each read, and a command started in that moment gets in once it has closed.
     */
    static final java.time.Duration IN_USE_WAIT = java.time.Duration.ofSeconds(3);

    private static Connection connect(Path directory, DataSource dataSource) {
        long deadline = System.nanoTime() + IN_USE_WAIT.toNanos();
        while (true) {
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                if (e.getErrorCode() != ErrorCode.DATABASE_ALREADY_OPEN_1 || System.nanoTime() >= deadline) {
                    throw refused(directory, e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new StoreException("opening the store " + directory + " was interrupted while another process held it", interrupted);
            }
        }
    }

    /** The exception for a connection to the embedded store that failed, in words. */
    private static StoreException refused(Path directory, SQLException e) {
        if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
            var owner = StoreOwner.read(directory).orElse(null);
            String who = owner == null
                    ? "another process"
                    : "another Pipewright (process " + owner.pid() + ", since " + CLOCK.format(owner.since()) + ")";
            return new StoreInUseException("the store " + directory + " is in use by " + who
                    + "; close it, or start with --home pointing to another folder", owner, e);
        }
        if (e.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) {
            return new StoreException("the store file in " + directory + " is damaged: " + firstLine(e.getMessage()), e);
        }
        return new StoreException("cannot open the store " + directory + ": " + firstLine(e.getMessage()), e);
    }

    private static void refuseNewerSchema(String directory, int applied) {
        if (applied > SCHEMA_VERSION) {
            throw new StoreTooNewException("the store " + directory + " was written by a newer Pipewright (schema version "
                    + applied + "; this version knows up to " + SCHEMA_VERSION
                    + "); it was left unchanged: upgrade Pipewright or use another --home", Integer.toString(applied),
                    Integer.toString(SCHEMA_VERSION));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the store: {}", e.getMessage());
        }
    }

    /** A new connection; the caller closes it. */
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the store " + location() + ": " + firstLine(e.getMessage()), e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** Whether this is the embedded H2 store (a shared store is PostgreSQL). */
    boolean embedded() {
        return directory != null;
    }

    public String schemaVersion() {
        return schemaVersion;
    }

    /** Bytes on disk of every file in the store folder (of the database, for a shared store). */
    public long sizeBytes() {
        if (directory == null) {
            try (Connection connection = connection(); var select = connection.prepareStatement("SELECT pg_database_size(current_database())");
                 var rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            } catch (SQLException e) {
                throw new StoreException("cannot measure the store " + location() + ": " + e.getMessage(), e);
            }
        }
        return sizeOf(directory);
    }

    static long sizeOf(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0L;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (directory == null) {
            if (dataSource instanceof AutoCloseable pool) {
                try {
                    pool.close();
                } catch (Exception e) {
                    LOG.warn("closing the store's connections: {}", e.getMessage());
                }
            }
            LOG.info("store {} closed", location());
            return;
        }
        closeQuietly(keeper);
        StoreOwner.remove(directory, ownerPid);
        LOG.info("store {} closed", directory);
    }
}
