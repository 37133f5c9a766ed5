package io.pipewright.track;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
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
        if (Files.exists(directory.resolve(DATABASE_NAME + ".mv.db"))) {
            // read-only first: even a refused open must not rewrite the file of a newer version
            // (trace off: H2 logs a harmless error when it closes a read-only database, h2database#247)
            var readOnly = dataSource(directory, ";TRACE_LEVEL_FILE=0;ACCESS_MODE_DATA=r");
            try (Connection ignored = connect(directory, readOnly)) {
                refuseNewerSchema(directory, flyway(readOnly).info());
            } catch (SQLException e) {
                throw new StoreException("cannot read the store " + directory + ": " + firstLine(e.getMessage()), e);
            }
        }
        // TRACE_LEVEL_FILE=4 sends H2's own messages to SLF4J instead of a .trace.db file
        var dataSource = dataSource(directory, ";TRACE_LEVEL_FILE=4");
        Connection keeper = connect(directory, dataSource);
        try {
            Flyway flyway = flyway(dataSource);
            refuseNewerSchema(directory, flyway.info());
            flyway.migrate();
            String version = currentVersion(flyway.info());
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
        }
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

    private static void refuseNewerSchema(Path directory, MigrationInfoService info) {
        MigrationVersion known = Arrays.stream(info.all())
                .filter(migration -> migration.getState().isResolved())
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .orElse(MigrationVersion.EMPTY);
        MigrationInfo current = info.current();
        if (current != null && current.getVersion() != null && current.getVersion().compareTo(known) > 0) {
            String found = current.getVersion().getVersion();
            throw new StoreTooNewException("the store " + directory + " was written by a newer Pipewright (schema version "
                    + found + "; this version knows up to " + known.getVersion()
                    + "); it was left unchanged: upgrade Pipewright or use another --home", found, known.getVersion());
        }
    }

    private static String currentVersion(MigrationInfoService info) {
        MigrationInfo current = info.current();
        return current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
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
