package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatabaseSource;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.RecordSource;
import io.pipewright.track.PostgresTestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipewright ingest cdc} against the PostgreSQL test server (which CI starts with wal_level=logical):
 * the table is read, then inserts, updates and deletes are captured by an ingester that is killed (SIGKILL)
 * while changes are being committed and started again; its Silver layer must then equal {@code SELECT *} of the
 * table, and its Bronze log must hold each change exactly once.
 */
class IngestCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FIRST_ROWS = 2_000;

    @TempDir
    Path dir;

    private static void create(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE accounts (id integer PRIMARY KEY, owner text, balance numeric(12,2), rate real, active boolean, "
                    + "opened date, seen timestamptz, note varchar(40))");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, DATE '2026-01-01' + ?, "
                + "TIMESTAMPTZ '2026-01-01 00:00:00+00' + ? * INTERVAL '1 minute', ?)")) {
            for (int id = 1; id <= FIRST_ROWS; id++) {
                bind(insert, id, new Random(id));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void bind(PreparedStatement insert, int id, Random random) throws SQLException {
        insert.setInt(1, id);
        insert.setString(2, "owner-" + random.nextInt(500));
        insert.setBigDecimal(3, java.math.BigDecimal.valueOf(random.nextInt(1_000_000), 2));
        insert.setFloat(4, random.nextFloat());
        insert.setBoolean(5, random.nextBoolean());
        insert.setInt(6, random.nextInt(300));
        insert.setInt(7, random.nextInt(100_000));
        if (random.nextInt(5) == 0) {
            insert.setNull(8, java.sql.Types.VARCHAR);
        } else {
            insert.setString(8, "n" + random.nextInt(99));
        }
    }

    /**
     * Commits {@code count} single-row changes, one per transaction: an insert of a new id, an update, or a delete,
     * chosen by the seed; returns how many rows each changed in all (one per change).
     */
    private static int change(Connection connection, Random random, int count, int[] nextId) throws SQLException {
        int done = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, DATE '2026-01-01' + ?, "
                + "TIMESTAMPTZ '2026-01-01 00:00:00+00' + ? * INTERVAL '1 minute', ?)");
             PreparedStatement update = connection.prepareStatement("UPDATE accounts SET balance = balance + 1.25, note = ? WHERE id = "
                     + "(SELECT id FROM accounts ORDER BY id OFFSET ? LIMIT 1)");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM accounts WHERE id = (SELECT id FROM accounts ORDER BY id OFFSET ? LIMIT 1)")) {
            for (int i = 0; i < count; i++) {
                int kind = random.nextInt(10);
                int rows;
                if (kind < 4) {
                    bind(insert, nextId[0]++, random);
                    rows = insert.executeUpdate();
                } else if (kind < 8) {
                    update.setString(1, "u" + random.nextInt(1000));
                    update.setInt(2, random.nextInt(1000));
                    rows = update.executeUpdate();
                } else {
                    delete.setInt(1, random.nextInt(1000));
                    rows = delete.executeUpdate();
                }
                done += rows;
            }
        }
        return done;
    }

    private Process ingester(Path home, String url, Path log) throws Exception {
        var line = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.pipewright.Main", "--home", home.toString(),
                "ingest", "cdc", "--source", url, "--table", "accounts", "--into", "bronze/accounts"));
        return new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static JsonNode manifest(Path home) throws Exception {
        Path file = home.resolve("data/cdc/accounts/manifest.json");
        return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
    }

    private static void await(String what, Path log, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; the ingester said:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(100);
        }
    }

    private static List<List<String>> rows(DatasetReader reader) throws Exception {
        var rows = new ArrayList<List<String>>();
        try (RecordSource source = reader.source()) {
            for (var chunk = source.next(); chunk != null; chunk = source.next()) {
                var parsed = chunk.parse();
                for (int i = 0; i < parsed.size(); i++) {
                    rows.add(Arrays.asList(parsed.values()[i]));
                }
            }
        }
        rows.sort(Comparator.comparingLong(row -> Long.parseLong(row.get(0))));
        return rows;
    }

    @Test
    void silverEqualsTheTableAfterInsertsUpdatesAndDeletesWithTheIngesterKilledMidStreamAndRestarted() throws Exception {
        assumeTrue(PostgresTestDatabase.configured(), PostgresTestDatabase.UNSET);
        Path home = dir.resolve("home");
        Path log = dir.resolve("ingest.log");
        try (var database = PostgresTestDatabase.create(); Connection connection = DriverManager.getConnection(database.url())) {
            create(connection);
            Process first = ingester(home, database.url(), log);
            try {
                await("the first read of the table", log, () -> {
                    JsonNode m = manifest(home);
                    return m != null && m.get("snapshotDone").asBoolean() && m.get("events").asLong() >= FIRST_ROWS;
                });
                var random = new Random(42);
                int[] nextId = {FIRST_ROWS + 1};
                int changes = change(connection, random, 300, nextId);
                long before = manifest(home).get("events").asLong();
                await("some changes in the log", log, () -> manifest(home).get("events").asLong() > before);
                // killed while changes are being committed: some are in its log, some in flight, some not yet read
                var writer = new Thread(() -> {
                    try (Connection other = DriverManager.getConnection(database.url())) {
                        change(other, new Random(43), 400, new int[] {1_000_000});
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                writer.start();
                Thread.sleep(300);
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                writer.join();
                changes += 400;
                changes += change(connection, random, 200, nextId);
                assertThat(manifest(home).get("events").asLong()).as("the kill came before every change was captured").isLessThan(FIRST_ROWS + changes);

                CliRun again = CliRun.entry(Map.of(), "--home", home.toString(), "ingest", "cdc", "--source", database.url(), "--table", "accounts",
                        "--into", "bronze/accounts", "--once", "--json");
                assertThat(again.code()).as(again.err()).isZero();
                JsonNode summary = JSON.readTree(again.out());
                assertThat(summary.get("caughtUp").asBoolean()).isTrue();

                List<List<String>> table = rows(DatasetReader.database(new DatabaseSource(database.url(), "accounts", null, null),
                        DatabaseCredentials.ofProcess()));
                List<List<String>> silver = rows(DatasetReader.fileOrLayer("silver/accounts", home.resolve("data")));
                assertThat(silver).as("Silver is the table, value for value").hasSameSizeAs(table).containsExactlyElementsOf(table);
                assertThat(summary.get("silverRows").asLong()).isEqualTo(table.size());

                List<List<String>> bronze = rows(DatasetReader.fileOrLayer("bronze/accounts", home.resolve("data")));
                assertThat(bronze).as("every change once: the first read's rows and each committed change, nothing lost or repeated")
                        .hasSize(FIRST_ROWS + changes);
                assertThat(bronze.stream().map(row -> row.get(0)).toList()).as("numbered without gaps")
                        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, FIRST_ROWS + changes).mapToObj(Long::toString).toList());
                var positions = new HashSet<String>();
                for (List<String> event : bronze.subList(FIRST_ROWS, bronze.size())) {
                    assertThat(positions.add(event.get(3) + "/" + event.get(4))).as("one event per change position (lsn/tx) " + event).isTrue();
                }
                assertThat(bronze.subList(0, FIRST_ROWS)).allSatisfy(event -> assertThat(event.get(1)).isEqualTo("r"));
                assertThat(summary.get("silver").asText()).isEqualTo("silver/accounts");

                CliRun profile = CliRun.in(home, "profile", "silver/accounts", "--json", "-");
                assertThat(profile.code()).as(profile.err()).isZero();
                JsonNode profiled = JSON.readTree(profile.out());
                assertThat(profiled.get("rows").asLong()).isEqualTo(table.size());
                assertThat(profile.out()).contains("\"Silver table\"");
            } finally {
                first.destroyForcibly();
                CliRun dropped = CliRun.in(home, "ingest", "drop", "accounts");
                assertThat(dropped.code()).as(dropped.err()).isZero();
                assertThat(dropped.out()).startsWith("dropped accounts: its replication slot, publication");
                try (var slots = connection.createStatement().executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'pipewright_accounts'")) {
                    slots.next();
                    assertThat(slots.getInt(1)).as("the slot is gone, so the server stops keeping write-ahead log for it").isZero();
                }
            }
        }
    }

    /** Drops this database's replication slots, so that the test server can drop the database. */
    private static void dropSlots(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = current_database() AND NOT active");
        }
    }

    @Test
    void eachBadCaptureIsOneLineNamingWhatIsWrongAndWritesNoLog() throws Exception {
        assumeTrue(PostgresTestDatabase.configured(), PostgresTestDatabase.UNSET);
        Path home = dir.resolve("home");
        try (var database = PostgresTestDatabase.create(); Connection connection = DriverManager.getConnection(database.url())) {
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE visits (page text, at timestamptz)");
                statement.execute("CREATE TABLE shops (id int PRIMARY KEY, name text)");
                statement.execute("INSERT INTO shops VALUES (1, 'corner'), (2, 'market')");
            }
            String url = database.url();
            try {
                Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
                cases.put(List.of("--source", "jdbc:h2:mem:shop", "--table", "shops", "--into", "bronze/h2"),
                        "jdbc:h2:mem:shop: change data capture reads PostgreSQL's write-ahead log; this is an H2 database");
                cases.put(List.of("--source", url, "--table", "nothing", "--into", "bronze/nothing"), "table nothing: no such table in " + url);
                cases.put(List.of("--source", url, "--table", "visits", "--into", "bronze/visits"),
                        "table visits: has no primary key; name the columns that identify a row with --key");
                cases.put(List.of("--source", url, "--table", "visits", "--into", "bronze/visits", "--key", "nope"),
                        "--key nope: table visits has no such column (it has page, at)");
                cases.put(List.of("--source", url, "--table", "shops", "--into", "silver/shops"),
                        "--into silver/shops: change events land in the bronze layer; write bronze/shops");
                cases.put(List.of("--source", url, "--table", "shops", "--into", "bronze/Shops"), "--into Shops: not a dataset name");
                for (var bad : cases.entrySet()) {
                    var args = new ArrayList<>(List.of("ingest", "cdc"));
                    args.addAll(bad.getKey());
                    args.add("--once");
                    CliRun run = CliRun.in(home, args.toArray(String[]::new));
                    assertThat(run.code()).as(bad.getKey() + ": " + run.err()).isEqualTo(2);
                    assertThat(run.errLines()).as(bad.getKey().toString()).hasSize(1);
                    assertThat(run.errLines().get(0)).startsWith("pipewright: " + bad.getValue());
                }
                assertThat(home.resolve("data/cdc")).as("no log was started by a refused capture").doesNotExist();

                CliRun shops = CliRun.in(home, "ingest", "cdc", "--source", url, "--table", "shops", "--into", "bronze/shops", "--once");
                assertThat(shops.code()).as(shops.err()).isZero();
                assertThat(shops.out()).isEqualTo("shops: 2 change events in bronze/shops (2 this run); silver/shops holds 2 rows; "
                        + "caught up with every change committed before the start" + System.lineSeparator());
                CliRun other = CliRun.in(home, "ingest", "cdc", "--source", url, "--table", "visits", "--key", "page", "--into", "bronze/shops", "--once");
                assertThat(other.code()).isEqualTo(2);
                assertThat(other.errLines()).containsExactly("pipewright: shops: this change log captures " + url + "#public.shops; name another log for "
                        + url + "#public.visits");
                assertThat(CliRun.in(home, "profile", "silver/shops", "--json", "-").out()).contains("\"rows\" : 2");

                CliRun list = CliRun.in(home, "ingest", "list");
                assertThat(list.out().lines().toList()).hasSize(2);
                assertThat(list.out()).contains("shops").contains("public.shops").contains("done");
            } finally {
                dropSlots(connection);
            }
        }
    }

    @Test
    void theIngestNodeCatchesUpAtEachRunAndPassesOnTheTableAsItStandsAfterKeyChangesAndATruncate() throws Exception {
        assumeTrue(PostgresTestDatabase.configured(), PostgresTestDatabase.UNSET);
        Path home = dir.resolve("home");
        try (var database = PostgresTestDatabase.create(); Connection connection = DriverManager.getConnection(database.url())) {
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE ledger (id int PRIMARY KEY, amount numeric(8,2), kind text)");
                statement.execute("INSERT INTO ledger SELECT g, g * 2.5, CASE WHEN g % 3 = 0 THEN 'refund' ELSE 'sale' END FROM generate_series(1, 60) g");
            }
            Path pipeline = Files.writeString(dir.resolve("ledger.yaml"), """
                    apiVersion: pipewright/v1
                    kind: Pipeline
                    name: ledger
                    seed: 3
                    nodes:
                      - id: ledger
                        type: ingest
                        params: {source: "%s", table: ledger, into: bronze/ledger}
                      - id: sales
                        type: filter
                        inputs: {table: ledger.table}
                        params: {expression: "kind == 'sale'"}
                    """.formatted(database.url()));
            try {
                CliRun first = CliRun.in(home, "run", pipeline.toString(), "--json", "-");
                assertThat(first.code()).as(first.err()).isZero();
                assertThat(JSON.readTree(CliRun.in(home, "profile", "silver/ledger", "--json", "-").out()).get("rows").asInt()).isEqualTo(60);

                try (var statement = connection.createStatement()) {
                    statement.execute("UPDATE ledger SET id = 1000 WHERE id = 1");
                    statement.execute("TRUNCATE ledger");
                    statement.execute("INSERT INTO ledger VALUES (7, 1.00, 'sale'), (8, 2.00, 'refund')");
                    statement.execute("UPDATE ledger SET id = 70 WHERE id = 7");
                }
                CliRun second = CliRun.in(home, "run", pipeline.toString(), "--json", "-");
                assertThat(second.code()).as(second.err()).isZero();
                JsonNode node = null;
                for (JsonNode each : JSON.readTree(second.out()).get("nodes")) {
                    node = each.get("id").asText().equals("ledger") ? each : node;
                }
                assertThat(node.get("status").asText()).as("the table changes between runs: never from the cache").isEqualTo("done");
                List<List<String>> silver = rows(DatasetReader.fileOrLayer("silver/ledger", home.resolve("data")));
                assertThat(silver).containsExactly(List.of("8", "2.00", "refund"), List.of("70", "1.00", "sale"));
                List<List<String>> bronze = rows(DatasetReader.fileOrLayer("bronze/ledger", home.resolve("data")));
                assertThat(bronze.subList(60, bronze.size()).stream().map(event -> event.get(1)).toList())
                        .as("the key update (a delete and an insert), the truncate, two inserts and the last key update, after the 60 rows first read")
                        .containsExactly("d", "c", "t", "c", "c", "d", "c");
                CliRun runs = CliRun.in(home, "runs", "list", "--json");
                assertThat(runs.out()).as("the changes this run took").contains("\"ledger.events_captured\" : 7.0");
            } finally {
                dropSlots(connection);
            }
        }
    }
}
