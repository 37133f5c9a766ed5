package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profile}, {@code validate} and {@code drift} read a database's table or query: an H2 database made
 * by the test, and the PostgreSQL test server where one is configured. The login comes from credentials
 * named on the command line; what the store and the reports keep has no password in it.
 */
class DatabaseSourceCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 10_000;
    private static final String PASSWORD = "s3cret-pw";

    @TempDir
    Path dir;

    private Path home;
    private String h2;
    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void shop() throws Exception {
        home = dir.resolve("home");
        h2 = "jdbc:h2:file:" + dir.resolve("shop").toAbsolutePath();
        try (Connection connection = DriverManager.getConnection(h2, "analyst", PASSWORD)) {
            fill(connection);
        }
        environment.put("PIPEWRIGHT_DB_SHOP_USER", "analyst");
        environment.put("PIPEWRIGHT_DB_SHOP_PASSWORD", PASSWORD);
    }

    /** Orders with a text column of digits (a postcode), money with missing values, a flag and a time. */
    private static void fill(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, postcode VARCHAR(5) NOT NULL, amount NUMERIC(10, 2), paid BOOLEAN NOT NULL, "
                    + "created TIMESTAMP NOT NULL)");
        }
        var random = new Random(5);
        try (var insert = connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                insert.setLong(1, i + 1);
                insert.setString(2, String.format("%05d", random.nextInt(300) * 7));
                if (i % 10 == 0) {
                    insert.setNull(3, java.sql.Types.NUMERIC);
                } else {
                    insert.setBigDecimal(3, java.math.BigDecimal.valueOf(1_000 + random.nextInt(90_000), 2));
                }
                insert.setBoolean(4, i % 3 != 0);
                insert.setTimestamp(5, Timestamp.valueOf(LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(i * 17L)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.entry(environment, all);
    }

    @Test
    void profilesATableTypedAsTheDatabaseStoresItAndRecordsItWithoutThePassword() throws Exception {
        CliRun result = run("profile", h2, "--table", "orders", "--credentials", "shop", "--json", "-");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode profile = JSON.readTree(result.out());
        assertThat(profile.get("rows").asLong()).isEqualTo(ROWS);
        assertThat(column(profile, "postcode").get("type").asText()).as("digits in a text column stay text").isIn("categorical", "text", "identifier");
        assertThat(column(profile, "amount").get("type").asText()).isEqualTo("numeric");
        assertThat(column(profile, "amount").get("missing").asLong()).isEqualTo(ROWS / 10);
        assertThat(column(profile, "paid").get("type").asText()).isEqualTo("boolean");
        assertThat(column(profile, "created").get("type").asText()).isEqualTo("datetime");
        JsonNode source = profile.get("source");
        assertThat(source.get("format").asText()).isEqualTo("H2");
        assertThat(source.get("path").asText()).isEqualTo(h2 + "#orders");
        assertThat(source.get("sha256").asText()).hasSize(64);

        CliRun again = run("profile", h2, "--table", "orders", "--credentials", "shop", "--json", "-");
        assertThat(JSON.readTree(again.out()).get("source").get("sha256").asText()).as("the same rows, the same fingerprint")
                .isEqualTo(source.get("sha256").asText());
        String listed = run("datasets", "list", "--json").out();
        assertThat(listed).contains(h2 + "#orders").doesNotContain(PASSWORD);
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
    }

    @Test
    void profilesAQueryAndPrintsTheTableNameInItsSummary() throws Exception {
        CliRun result = run("profile", h2, "--query", "SELECT id, amount FROM orders WHERE paid", "--credentials", "shop", "--json", "-");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode profile = JSON.readTree(result.out());
        assertThat(profile.get("rows").asLong()).isEqualTo(ROWS - (ROWS + 2) / 3);
        assertThat(profile.get("columns")).extracting(column -> column.get("name").asText()).containsExactly("ID", "AMOUNT");

        CliRun summary = run("profile", h2, "--table", "orders", "--credentials", "shop");
        assertThat(summary.code()).isZero();
        assertThat(summary.out()).contains("orders").contains("10,000");
    }

    @Test
    void readsTheLoginFromTheHomesSecretsFile() throws Exception {
        environment.clear();
        Files.createDirectories(home);
        Files.writeString(home.resolve("secrets.properties"), "shop.user = analyst\nshop.password = " + PASSWORD + "\n");
        CliRun result = run("profile", h2, "--table", "orders", "--credentials", "shop", "--json", "-");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(JSON.readTree(result.out()).get("rows").asLong()).isEqualTo(ROWS);
    }

    @Test
    void validatesAndComparesATableWithAFile() throws Exception {
        Path suite = Files.writeString(dir.resolve("orders.suite.yaml"), "suite: orders\ncolumns:\n  AMOUNT: {type: numeric, min: 0, max: 1000}\n"
                + "  POSTCODE: {regex: \"[0-9]{5}\"}\n");
        CliRun validated = run("validate", h2, "--table", "orders", "--credentials", "shop", "--suite", suite.toString());
        assertThat(validated.code()).as(validated.err()).isZero();
        assertThat(validated.out()).contains("PASSED: orders against orders");

        Path csv = dir.resolve("orders.csv");
        var lines = new StringBuilder("ID,POSTCODE,AMOUNT,PAID,CREATED\n");
        for (int i = 0; i < 2_000; i++) {
            lines.append(i + 1).append(",").append(String.format("%05d", (i % 300) * 7)).append(",").append(500 + i % 400).append(".00,true,2026-01-01T00:00\n");
        }
        Files.writeString(csv, lines);
        CliRun drift = run("drift", csv.toString(), h2, "--table", "orders", "--credentials", "shop", "--json", "-");
        assertThat(drift.code()).as(drift.err()).isZero();
        JsonNode report = JSON.readTree(drift.out());
        assertThat(report.get("current").get("format").asText()).isEqualTo("H2");
        assertThat(report.get("current").get("rows").asLong()).isEqualTo(ROWS);
        assertThat(report.get("columns")).extracting(column -> column.get("name").asText()).contains("AMOUNT");
    }

    @Test
    void eachBadSourceIsOneLineNamingWhatIsWrong() {
        assertThat(run("profile", h2, "--table", "orders").errLines()).as("no login: H2 refuses the empty user")
                .singleElement().asString().startsWith("pipewright: jdbc:h2:").contains("cannot connect");
        environment.put("PIPEWRIGHT_DB_SHOP_PASSWORD", "wrong");
        assertThat(run("profile", h2, "--table", "orders", "--credentials", "shop").errLines()).singleElement().asString()
                .startsWith("pipewright: jdbc:h2:").contains("cannot connect").containsIgnoringCase("password");
        assertThat(run("profile", h2, "--table", "orders", "--credentials", "stock").errLines()).singleElement().asString()
                .isEqualTo("pipewright: credentials stock: no login found: set PIPEWRIGHT_DB_STOCK_USER and PIPEWRIGHT_DB_STOCK_PASSWORD, or stock.user "
                        + "and stock.password in " + home.resolve("secrets.properties"));
        environment.put("PIPEWRIGHT_DB_SHOP_PASSWORD", PASSWORD);
        CliRun missingTable = run("profile", h2, "--table", "invoices", "--credentials", "shop");
        assertThat(missingTable.code()).isEqualTo(2);
        assertThat(missingTable.errLines()).singleElement().asString().startsWith("pipewright: invoices (jdbc:h2:").containsIgnoringCase("INVOICES")
                .containsIgnoringCase("not found");
        CliRun inUrl = run("profile", h2 + ";PASSWORD=" + PASSWORD, "--table", "orders");
        assertThat(inUrl.code()).isEqualTo(2);
        assertThat(inUrl.errLines()).singleElement().asString().contains("a password in the URL").doesNotContain(PASSWORD);
        assertThat(run("profile", h2, "--credentials", "shop").errLines()).containsExactly("pipewright: " + h2 + ": name a table or a query to read (one of them)");
        assertThat(run("profile", h2, "--table", "orders; DROP TABLE orders", "--credentials", "shop").errLines()).singleElement().asString()
                .startsWith("pipewright: table orders; DROP TABLE orders: not a table name");
        assertThat(run("profile", h2, "--query", "DELETE FROM orders", "--credentials", "shop").errLines())
                .containsExactly("pipewright: query: reads with one SELECT (or WITH … SELECT), not DELETE");
        CliRun fileWithTable = run("profile", "sample-data/credit/credit.csv", "--table", "orders");
        assertThat(fileWithTable.code()).isEqualTo(2);
        assertThat(fileWithTable.errLines()).containsExactly(
                "pipewright: --table reads a database (a jdbc:postgresql:// or jdbc:h2: source), not the file sample-data/credit/credit.csv");
        assertThat(run("profile", h2, "--table", "orders", "--credentials", "shop", "--json", "-").code()).as("nothing was changed").isZero();
    }

    @Test
    void aPipelineReadsATableWithTheRunsCredentialsAndReadsItAgainEachRun() throws Exception {
        Path pipeline = Files.writeString(dir.resolve("orders.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: orders-model
                seed: 7
                nodes:
                  - id: read
                    type: read
                    params: {path: "%s", table: orders, credentials: shop}
                  - id: split
                    type: split
                    inputs: {table: read.table}
                    params: {strategy: random, test: 0.2}
                  - id: train
                    type: train
                    inputs: {train: split.train}
                    params: {target: PAID, algorithm: logistic_regression}
                  - id: eval
                    type: evaluate
                    inputs: {model: train.model, table: split.test}
                """.formatted(h2));
        CliRun first = run("run", pipeline.toString(), "--json", "-");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(Files.readString(pipeline)).as("the pipeline names the login, it does not hold it").doesNotContain(PASSWORD);
        CliRun second = run("run", pipeline.toString(), "--json", "-");
        assertThat(second.code()).as(second.err()).isZero();
        JsonNode read = null;
        for (JsonNode node : JSON.readTree(second.out()).get("nodes")) {
            read = node.get("id").asText().equals("read") ? node : read;
        }
        assertThat(read.get("status").asText()).as("a database's rows may have changed: never from the cache").isEqualTo("done");
        assertThat(first.out() + first.err() + second.out() + second.err()).doesNotContain(PASSWORD);
    }

    @Test
    void anIncrementalReadTakesOnlyTheNewRowsAndAFailedRunLeavesItsMarkWhereItWas() throws Exception {
        String read = """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: orders-feed
                nodes:
                  - id: read
                    type: read
                    params: {path: "%s", table: orders, credentials: shop, incremental: {column: created}}
                """.formatted(h2);
        Path feed = Files.writeString(dir.resolve("feed.yaml"), read);
        // the same pipeline (by name) with a node that fails after the read
        Path failing = Files.writeString(dir.resolve("failing.yaml"), read + """
                  - id: train
                    type: train
                    inputs: {train: read.table}
                    params: {target: NO_SUCH_COLUMN, algorithm: logistic_regression}
                """);
        assertThat(run("run", feed.toString()).code()).isZero();
        assertThat(rowsReadByLatestRun()).as("a first read takes every row").isEqualTo(ROWS);
        assertThat(run("run", feed.toString()).code()).isZero();
        assertThat(rowsReadByLatestRun()).as("nothing new").isZero();

        try (Connection connection = DriverManager.getConnection(h2, "analyst", PASSWORD); var insert = connection.prepareStatement(
                "INSERT INTO orders VALUES (?, '00700', 12.50, TRUE, ?)")) {
            for (int i = 0; i < 300; i++) {
                insert.setLong(1, ROWS + 1 + i);
                insert.setTimestamp(2, Timestamp.valueOf(LocalDateTime.of(2027, 1, 1, 0, 0).plusSeconds(i)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        CliRun failed = run("run", failing.toString());
        assertThat(failed.code()).as(failed.err()).isEqualTo(1);
        assertThat(rowsReadByLatestRun()).as("the failed run read the new rows").isEqualTo(300);
        assertThat(run("run", feed.toString()).code()).isZero();
        assertThat(rowsReadByLatestRun()).as("and left the mark where it was: the next run reads them again").isEqualTo(300);
        assertThat(run("run", feed.toString()).code()).isZero();
        assertThat(rowsReadByLatestRun()).isZero();
    }

    @Test
    void anIncrementalReadNeedsAColumnThatCanBeOrdered() throws Exception {
        Path pipeline = Files.writeString(dir.resolve("bad-mark.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: bad-mark
                nodes:
                  - id: read
                    type: read
                    params: {path: "%s", table: orders, credentials: shop, incremental: {column: %s}}
                """.formatted(h2, "postcode"));
        CliRun text = run("run", pipeline.toString());
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.err()).contains("orders: incremental.column postcode is CHARACTER VARYING; a high-water mark needs a number, a date or a timestamp");
        Files.writeString(pipeline, Files.readString(pipeline).replace("column: postcode", "column: updated"));
        CliRun missing = run("run", pipeline.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("orders: incremental.column updated is not a column (columns: ID, POSTCODE, AMOUNT, PAID, CREATED)");
    }

    /** The rows the read node of the latest recorded run took. */
    private long rowsReadByLatestRun() throws Exception {
        JsonNode runs = JSON.readTree(run("runs", "list", "--json").out());
        return runs.get(0).get("metrics").get("read.rows_read").asLong();
    }

    @Test
    void aReadNodesDatabaseParametersAreCheckedBeforeAnythingRuns() throws Exception {
        Files.writeString(dir.resolve("x.csv"), "a,y\n1,2\n");
        String[][] cases = {
            {"{path: x.csv, table: orders}", "node 'read', params.table: reads a database (a path of jdbc:postgresql:// or jdbc:h2:), not a file"},
            {"{path: \"" + h2 + "\"}", "node 'read', params.table: " + h2 + ": name a table or a query to read (one of them)"},
            {"{path: \"" + h2 + "\", table: \"orders x\"}", "node 'read', params.table: table orders x: not a table name"},
            {"{path: \"" + h2 + ";PASSWORD=x\", table: orders}", "node 'read', params.path: "},
            {"{path: x.csv, incremental: {column: created}}", "node 'read', params.incremental: reads a database"},
            {"{path: \"" + h2 + "\", table: orders, incremental: {column: \"a b\"}}", "node 'read', params.incremental: incremental.column a b: not a column name"},
            {"{path: \"" + h2 + "\", table: orders, incremental: {col: created}}", "node 'read', params.incremental: unknown key 'col' (incremental: {column: NAME})"},
        };
        for (String[] bad : cases) {
            Path file = Files.writeString(dir.resolve("bad.yaml"), """
                    apiVersion: pipewright/v1
                    kind: Pipeline
                    name: bad
                    nodes:
                      - id: read
                        type: read
                        params: %s
                    """.formatted(bad[0]));
            CliRun result = run("validate-pipeline", file.toString());
            assertThat(result.code()).as(bad[0]).isEqualTo(2);
            assertThat(result.errLines()).as(bad[0]).singleElement().asString().startsWith("pipewright: bad.yaml: " + bad[1]);
        }
    }

    @Test
    void profilesAPostgresqlTableReadByCursor() throws Exception {
        assumeTrue(PostgresTestDatabase.configured(), PostgresTestDatabase.UNSET);
        try (var database = PostgresTestDatabase.create(); Connection connection = DriverManager.getConnection(database.url())) {
            fill(connection);
            try (var statement = connection.createStatement()) {
                // PostgreSQL's own types too: a time with its zone, and a text column
                statement.execute("ALTER TABLE orders ADD COLUMN paid_at TIMESTAMPTZ DEFAULT now(), ADD COLUMN note TEXT");
            }
            String url = database.url();
            CliRun result = run("profile", url, "--table", "public.orders", "--json", "-");
            assertThat(result.code()).as(result.err()).isZero();
            JsonNode profile = JSON.readTree(result.out());
            assertThat(profile.get("rows").asLong()).isEqualTo(ROWS);
            assertThat(profile.get("source").get("format").asText()).isEqualTo("PostgreSQL");
            assertThat(column(profile, "postcode").get("type").asText()).isIn("categorical", "text", "identifier");
            assertThat(column(profile, "amount").get("type").asText()).isEqualTo("numeric");
            assertThat(column(profile, "amount").get("missing").asLong()).isEqualTo(ROWS / 10);
            assertThat(column(profile, "paid").get("type").asText()).isEqualTo("boolean");
            assertThat(column(profile, "created").get("type").asText()).isEqualTo("datetime");
            assertThat(column(profile, "paid_at").get("type").asText()).isEqualTo("datetime");
            assertThat(column(profile, "note").get("missing").asLong()).isEqualTo(ROWS);

            // an incremental read by a time with a zone, and by a plain timestamp, each bound as the column's type
            for (String column : List.of("paid_at", "created")) {
                Path feed = Files.writeString(dir.resolve("pg-" + column + ".yaml"), """
                        apiVersion: pipewright/v1
                        kind: Pipeline
                        name: pg-feed-%s
                        nodes:
                          - id: read
                            type: read
                            params: {path: "%s", table: orders, incremental: {column: %s}}
                        """.formatted(column, url, column));
                assertThat(run("run", feed.toString()).code()).isZero();
                assertThat(rowsReadByLatestRun()).as(column).isEqualTo(ROWS);
                CliRun again = run("run", feed.toString());
                assertThat(again.code()).as(again.err()).isZero();
                assertThat(rowsReadByLatestRun()).as(column).isZero();
            }

            CliRun missing = run("profile", url, "--table", "invoices");
            assertThat(missing.code()).isEqualTo(2);
            assertThat(missing.errLines()).singleElement().asString().startsWith("pipewright: invoices (jdbc:postgresql:").contains("invoices");
        }
    }

    private static JsonNode column(JsonNode profile, String name) {
        for (JsonNode column : profile.get("columns")) {
            if (column.get("name").asText().equalsIgnoreCase(name)) {
                return column;
            }
        }
        throw new AssertionError("no column " + name + " in " + profile.get("columns"));
    }
}
