package io.pipewright.track;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Runs in MLflow's SQLite tracking database (MLflow's default store since its file store was
 * deprecated), both ways. A database is named as MLflow's {@code --backend-store-uri} names it,
 * {@code sqlite:///mlflow.db} (relative) or {@code sqlite:////abs/mlflow.db}, or by its path. Before
 * anything is read or written, the file must be an SQLite database holding MLflow's tables at an
 * alembic revision of MLflow 3.0 to 3.12 ({@link MlflowSchema}). An export writes in one transaction:
 * all of it or, when anything fails (a lock held by MLflow, a full disk), none of it; a new database
 * is created as MLflow 3.0 creates one. An import reads a consistent snapshot, checks every run, then
 * writes each run whole.
 */
public final class MlflowDatabase {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MlflowDatabase.class);
    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** How long a write waits for a lock another program holds on the database before it gives up. */
    static final int BUSY_MILLIS = 2_000;
    private static final List<String> SUFFIXES = List.of(".db", ".sqlite", ".sqlite3");

    private MlflowDatabase() {
    }

    /**
     * The database file an import or export argument names, or empty when it names a file-store folder:
     * a {@code sqlite:///PATH} URI, an existing file, or a path not yet there ending in .db, .sqlite or .sqlite3.
     */
    public static Optional<Path> named(String argument) {
        if (argument.regionMatches(true, 0, "sqlite:", 0, 7)) {
            String rest = argument.substring(7);
            int query = rest.indexOf('?');
            rest = query >= 0 ? rest.substring(0, query) : rest;
            if (!rest.startsWith("///") || rest.length() == 3) {
                throw new IllegalArgumentException("'" + argument + "': expected sqlite:///PATH (relative) or sqlite:////PATH (absolute), "
                        + "as MLflow's --backend-store-uri writes it");
            }
            return Optional.of(Path.of(rest.substring(3)));
        }
        Path path = Path.of(argument);
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean databaseName = SUFFIXES.stream().anyMatch(name::endsWith);
        return Files.isRegularFile(path) || !Files.exists(path) && databaseName ? Optional.of(path) : Optional.empty();
    }

    /** What an export did: the database, the experiment's MLflow id, the runs written and those it had already, and whether it was created. */
    public record Exported(Path file, String experimentId, int runs, List<String> skipped, boolean created) {
    }

    /**
     * Writes the experiment's runs (child runs included) into the database at {@code file}, creating it
     * when it is absent or empty. Runs the database already has (by run id) are left as they are.
     */
    public static Exported export(Runs runs, String experiment, Path file) {
        var written = MlflowDatabaseWriter.prepare(runs, experiment);
        boolean existed = Files.exists(file);
        boolean created = !existed || size(file) == 0;
        if (!created) {
            checkHeader(file);
        }
        Path absolute = file.toAbsolutePath();
        try {
            if (!existed && absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            try (Connection connection = open(absolute, false)) {
                connection.setAutoCommit(false); // BEGIN IMMEDIATE: the write lock is taken now or not at all
                try {
                    var exported = MlflowDatabaseWriter.write(connection, file, created, experiment, written);
                    connection.commit();
                    return exported;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
            if (!existed) {
                deleteQuietly(absolute); // a database that did not exist stays so; one that did keeps what it had
            }
            if (e instanceof SQLException sql) {
                throw refused(file, sql, "nothing was written");
            }
            if (e instanceof IOException io) {
                throw new IllegalArgumentException(file + ": cannot be written (" + io.getMessage() + "); nothing was written", io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Reads every active run of every active experiment in the database at {@code file} into the store; runs it has already are skipped. */
    public static MlflowFiles.Imported importFrom(Runs runs, Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": not a file (an MLflow SQLite database is one, e.g. mlflow.db)");
        }
        checkHeader(file);
        List<MlflowDatabaseReader.Experiment> experiments;
        try (Connection connection = open(file.toAbsolutePath(), true)) {
            connection.setAutoCommit(false); // one read transaction: a snapshot MLflow cannot change half-way
            try {
                MlflowSchema.check(connection, file);
                experiments = MlflowDatabaseReader.read(connection, file);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw refused(file, e, "nothing was read");
        }
        return MlflowDatabaseReader.store(runs, experiments);
    }

    private static Connection open(Path file, boolean readOnly) throws SQLException {
        var config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_MILLIS);
        config.enforceForeignKeys(true);
        config.setReadOnly(readOnly);
        config.setTransactionMode(readOnly ? SQLiteConfig.TransactionMode.DEFERRED : SQLiteConfig.TransactionMode.IMMEDIATE);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** Refuses a file that is not an SQLite database before the driver opens it. */
    private static void checkHeader(Path file) {
        byte[] start = new byte[HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(start, 0, start.length);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (read < HEADER.length || !Arrays.equals(start, HEADER)) {
            throw new IllegalArgumentException(file + ": not an SQLite database (MLflow's tracking database is one, e.g. mlflow.db); "
                    + "nothing was read or written");
        }
    }

    /** The database's refusal in words, naming the file. */
    private static IllegalArgumentException refused(Path file, SQLException e, String outcome) {
        LOG.warn("{}: {}", file, e.getMessage());
        SQLiteErrorCode code = e instanceof SQLiteException sqlite ? sqlite.getResultCode() : null;
        int primary = code == null ? -1 : code.code & 0xff;
        String trouble;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            trouble = "locked by another program (an MLflow server or run writing to it?); try again when it is done";
        } else if (primary == SQLiteErrorCode.SQLITE_READONLY.code || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
                || primary == SQLiteErrorCode.SQLITE_PERM.code) {
            trouble = "cannot be " + ("nothing was written".equals(outcome) ? "written" : "opened") + " (a read-only file or folder?)";
        } else if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            trouble = "not a readable SQLite database (damaged?)";
        } else if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            trouble = "the disk is full";
        } else {
            String trouble2 = StoreException.diskTrouble(e);
            trouble = trouble2 != null ? trouble2 : "the database refused the " + ("nothing was written".equals(outcome) ? "write" : "read")
                    + " (the log has the details)";
        }
        var refused = new IllegalArgumentException(file + ": " + trouble + "; " + outcome);
        refused.initCause(e);
        return refused;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path file) {
        for (Path path : List.of(file, Path.of(file + "-journal"))) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", path, e.getMessage());
            }
        }
    }
}
