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
    public static final int SCHEMA_VERSION = 5;
    /** The schema version, noted beside the database after every open, read before opening it. */
    static final String SCHEMA_FILE = "schema-version";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final Path directory;
    private final JdbcDataSource dataSource;
    private final Connection keeper;
    private final String schemaVersion;
    private final long ownerPid;

    private Store(Path directory, JdbcDataSource dataSource, Connection keeper, String schemaVersion, long ownerPid) {
        this.directory = directory;
        this.dataSource = dataSource;
        this.keeper = keeper;
        this.schemaVersion = schemaVersion;
        this.ownerPid = ownerPid;
    }

    /** Opens (creating and migrating when needed) the store in {@code directory}. */
    public static Store open(Path directory, String appVersion) {
        directory = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException("cannot create the store folder " + directory + ": " + e.getMessage(), e);
        }
        Integer recorded = recordedVersion(directory);
        if (recorded != null) {
            // every Pipewright writes its schema version beside the database: no need to open it to refuse it
            refuseNewerSchema(directory, recorded);
        } else if (Files.exists(directory.resolve(DATABASE_NAME + ".mv.db"))) {
            // no note (a store from elsewhere): read-only first, since even a refused open must not
            // rewrite the file of a newer version (trace off: H2 logs a harmless error when it
            // closes a read-only database, h2database#247)
            var readOnly = dataSource(directory, ";TRACE_LEVEL_FILE=0;ACCESS_MODE_DATA=r");
            try (Connection connection = connect(directory, readOnly)) {
                refuseNewerSchema(directory, appliedVersion(connection));
            } catch (SQLException e) {
                throw new StoreException("cannot read the store " + directory + ": " + firstLine(e.getMessage()), e);
            }
        }
        // TRACE_LEVEL_FILE=4 sends H2's own messages to SLF4J instead of a .trace.db file
        var dataSource = dataSource(directory, ";TRACE_LEVEL_FILE=4");
        Connection keeper = connect(directory, dataSource);
        try {
            int applied = appliedVersion(keeper);
            refuseNewerSchema(directory, applied);
            if (applied < SCHEMA_VERSION) {
                // Flyway only when there is something to migrate: loading it costs about a second
                flyway(dataSource).migrate();
            }
            int current = appliedVersion(keeper);
            String version = Integer.toString(current);
            // one process holds the store at a time: a run still "running" belongs to a process that was killed
            int abandoned = Runs.markAbandoned(keeper);
            if (abandoned > 0) {
                LOG.warn("{} run(s) left running by a process that ended were marked killed", abandoned);
            }
            Files.writeString(directory.resolve(SCHEMA_FILE), version + "\n");
            var owner = StoreOwner.current(appVersion);
            owner.write(directory);
            LOG.info("store {} open at schema version {}", directory, version);
            return new Store(directory, dataSource, keeper, version, owner.pid());
        } catch (StoreException e) {
            closeQuietly(keeper);
            throw e;
        } catch (FlywayException e) {
            closeQuietly(keeper);
            throw new StoreException("cannot migrate the store " + directory + ": " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            closeQuietly(keeper);
            throw new StoreException("cannot write to the store folder " + directory + ": " + e.getMessage(), e);
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

    private static JdbcDataSource dataSource(Path directory, String settings) {
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + directory.resolve(DATABASE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE" + settings);
        dataSource.setUser("pipewright");
        dataSource.setPassword("");
        return dataSource;
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).loggers("slf4j").load();
    }

    private static Connection connect(Path directory, DataSource dataSource) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                var owner = StoreOwner.read(directory).orElse(null);
                String who = owner == null
                        ? "another process"
                        : "another Pipewright (process " + owner.pid() + ", since " + CLOCK.format(owner.since()) + ")";
                throw new StoreInUseException("the store " + directory + " is in use by " + who
                        + "; close it, or start with --home pointing to another folder", owner, e);
            }
            if (e.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) {
                throw new StoreException("the store file in " + directory + " is damaged: " + firstLine(e.getMessage()), e);
            }
            throw new StoreException("cannot open the store " + directory + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static void refuseNewerSchema(Path directory, int applied) {
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
            throw new StoreException("cannot connect to the store " + directory + ": " + firstLine(e.getMessage()), e);
        }
    }

    public Path directory() {
        return directory;
    }

    public String schemaVersion() {
        return schemaVersion;
    }

    /** Bytes on disk of every file in the store folder. */
    public long sizeBytes() {
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
        closeQuietly(keeper);
        StoreOwner.remove(directory, ownerPid);
        LOG.info("store {} closed", directory);
    }
}
