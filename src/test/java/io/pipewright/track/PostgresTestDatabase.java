package io.pipewright.track;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A database of one test's own on the PostgreSQL test server named by {@code PIPEWRIGHT_TEST_POSTGRES_URL}
 * (an administrator's URL, such as {@code jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres}):
 * created empty, dropped (connections and all) on {@link #close()}.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    /** The variable naming the server; CI's {@code .ci/run} sets it. */
    public static final String VARIABLE = "PIPEWRIGHT_TEST_POSTGRES_URL";

    private final String admin;
    private final String database;
    private final String url;

    private PostgresTestDatabase(String admin) throws SQLException {
        this.admin = admin;
        this.database = "pipewright_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var connection = DriverManager.getConnection(admin); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        this.url = admin.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    /** Whether the test server is configured; tests that need it are skipped with {@link #UNSET} as the reason otherwise. */
    public static boolean configured() {
        String admin = System.getenv(VARIABLE);
        return admin != null && !admin.isBlank();
    }

    /** Why a test that needs the server was skipped. */
    public static final String UNSET = VARIABLE + " is not set (a PostgreSQL server's administrator URL)";

    /** A new, empty database on the test server. */
    public static PostgresTestDatabase create() throws SQLException {
        if (!configured()) {
            throw new IllegalStateException(UNSET);
        }
        return new PostgresTestDatabase(System.getenv(VARIABLE));
    }

    /** The JDBC URL of this database (what {@code --store} and {@code PIPEWRIGHT_STORE} take). */
    public String url() {
        return url;
    }

    public Store open() {
        return Store.openUrl(url, "test");
    }

    @Override
    public void close() throws SQLException {
        try (var connection = DriverManager.getConnection(admin); var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
