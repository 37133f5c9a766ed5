package io.pipewright.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The point-in-time join against an independent one: DuckDB's {@code ASOF JOIN} of the same files, on generated data
 * with ties (several feature rows at one time, and entity rows at exactly a feature row's time), rows written late
 * (out of time order), entities without any feature row, rows before an entity's first value, expired TTL, and
 * missing keys and times. Numbers must agree to 1e-9.
 */
class PointInTimeJoinTest {
    private static final LocalDateTime START = LocalDateTime.of(2026, 1, 1, 0, 0);

    @TempDir
    Path dir;

    @Test
    void agreesWithDuckDbsAsofJoinRowForRow() throws Exception {
        var random = new Random(20261207);
        Path customers = dir.resolve("customer_stats.csv");
        Path stores = dir.resolve("store_stats.csv");
        Path entities = dir.resolve("entities.csv");
        // customers 0..149 have feature rows, 150..179 appear only in the entity table
        try (var out = Files.newBufferedWriter(customers)) {
            out.write("seq,customer_id,event_time,spend,orders,segment\n");
            for (int seq = 0; seq < 6000; seq++) {
                int customer = random.nextInt(150);
                // hours on a coarse grid make ties likely; the file is not in time order (late rows)
                int hours = random.nextInt(24 * 120) / 6 * 6;
                String spend = random.nextInt(40) == 0 ? "" : String.valueOf(Math.round(random.nextDouble() * 50000) / 100.0);
                out.write(seq + "," + customer + "," + START.plusHours(hours) + "," + spend + "," + random.nextInt(30) + ","
                        + (random.nextBoolean() ? "gold" : "silver") + "\n");
            }
        }
        try (var out = Files.newBufferedWriter(stores)) {
            out.write("seq,region,store,event_time,visits,revenue\n");
            for (int seq = 0; seq < 4000; seq++) {
                String region = random.nextBoolean() ? "north" : "south";
                int hours = random.nextInt(24 * 120) / 12 * 12;
                out.write(seq + "," + region + "," + random.nextInt(20) + "," + START.plusHours(hours) + "," + (1 + random.nextInt(500)) + ","
                        + random.nextInt(100000) + "\n");
            }
        }
        try (var out = Files.newBufferedWriter(entities)) {
            out.write("row_id,customer_id,region,store,event_time,label\n");
            for (int row = 0; row < 3000; row++) {
                String customer = random.nextInt(100) == 0 ? "" : String.valueOf(random.nextInt(180));
                int hours = random.nextInt(24 * 130) / 6 * 6; // on the feature grid: many entity rows fall exactly on a feature row's time
                String time = random.nextInt(150) == 0 ? "" : START.plusHours(hours).toString();
                out.write(row + "," + customer + "," + (random.nextBoolean() ? "north" : "south") + "," + random.nextInt(22) + "," + time + ","
                        + random.nextInt(2) + "\n");
            }
        }
        Path customerView = write("customer_stats.yaml", """
                name: customer_stats
                entities: [customer_id]
                timestamp: event_time
                source: customer_stats.csv
                ttl: 10d
                features:
                  - spend
                  - orders
                  - segment
                """);
        Path storeView = write("store_stats.yaml", """
                name: store_stats
                entities: [region, store]
                timestamp: event_time
                source: store_stats.csv
                features:
                  - visits
                  - revenue_per_visit: revenue / visits
                """);
        Path out = dir.resolve("training.csv");
        var views = List.of(FeatureView.read(customerView), FeatureView.read(storeView));
        var result = PointInTimeJoin.join(DatasetReader.open(entities), views, dir.resolve("data"), DatabaseCredentials.ofProcess(), out,
                dir.resolve("scratch"), (done, message) -> { });

        assertThat(result.rows()).isEqualTo(3000);
        assertThat(result.columns()).containsExactly("row_id", "customer_id", "region", "store", "event_time", "label",
                "spend", "orders", "segment", "visits", "revenue_per_visit");
        var customerCounts = result.views().get(0);
        assertThat(customerCounts.matched() + customerCounts.expired() + customerCounts.missing()).isEqualTo(3000);
        assertThat(customerCounts.expired()).as("rows whose latest value is older than 10 days").isPositive();
        assertThat(customerCounts.missing()).as("customers never seen, and rows before a customer's first value").isPositive();

        // split into partitions of 4 KB (about 60 of the customers' file), the join gives the same file
        Path split = dir.resolve("training-split.csv");
        PointInTimeJoin.join(DatasetReader.open(entities), views, dir.resolve("data"), DatabaseCredentials.ofProcess(), split,
                dir.resolve("scratch"), (done, message) -> { }, 4096);
        assertThat(split).hasSameTextualContentAs(out);

        Map<Integer, String[]> ours = readJoined(out);
        Map<Integer, Object[]> duckdb = duckDb(customers, stores, entities);
        assertThat(ours).hasSize(3000);
        assertThat(duckdb).hasSize(3000);
        int compared = 0;
        for (int row = 0; row < 3000; row++) {
            String[] mine = ours.get(row);
            Object[] theirs = duckdb.get(row);
            for (int f = 0; f < 5; f++) {
                String cell = mine[6 + f];
                Object expected = theirs[f];
                String where = "row " + row + ", feature " + result.columns().get(6 + f);
                if (expected == null) {
                    assertThat(cell).as(where).isNull();
                } else if (expected instanceof Number number) {
                    assertThat(cell).as(where).isNotNull();
                    assertThat(Double.parseDouble(cell)).as(where).isCloseTo(number.doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
                    compared++;
                } else {
                    assertThat(cell).as(where).isEqualTo(expected.toString());
                    compared++;
                }
            }
        }
        assertThat(compared).as("values compared").isGreaterThan(5000);
    }

    @Test
    void aValueFromAfterTheRowsTimeIsNeverJoined() throws IOException {
        Files.writeString(dir.resolve("f.csv"), """
                id,ts,v
                1,2026-01-01T00:00:00,10
                1,2026-01-03T00:00:00,30
                1,2026-01-02T00:00:00,20
                1,2026-01-02T00:00:00,21
                2,2026-01-05T00:00:00,50
                """);
        Files.writeString(dir.resolve("e.csv"), """
                id,ts
                1,2025-12-31T23:59:59
                1,2026-01-01T00:00:00
                1,2026-01-02T12:00:00
                1,2026-01-09T00:00:00
                2,2026-01-04T23:00:00
                3,2026-01-09T00:00:00
                """);
        Path view = write("v.yaml", "name: v\nentities: id\ntimestamp: ts\nsource: f.csv\nttl: 5d\nfeatures: [v]\n");
        Path out = dir.resolve("out.csv");
        PointInTimeJoin.join(DatasetReader.open(dir.resolve("e.csv")), List.of(FeatureView.read(view)), dir, DatabaseCredentials.ofProcess(), out,
                dir.resolve("scratch"), (done, message) -> { });
        assertThat(Files.readAllLines(out)).containsExactly(
                "id,ts,v",
                "1,2025-12-31T23:59:59,",          // before the first value
                "1,2026-01-01T00:00:00,10",        // at exactly its time
                "1,2026-01-02T12:00:00,21",        // of two rows at one time, the later written
                "1,2026-01-09T00:00:00,",          // the latest (Jan 3) is 6 days old: past the 5-day TTL
                "2,2026-01-04T23:00:00,",          // its only value is an hour in the future
                "3,2026-01-09T00:00:00,");         // an entity without feature rows
        assertThat(dir.resolve("scratch")).isEmptyDirectory();
    }

    @Test
    void aViewReadsADatasetsVersionInALayer() throws IOException {
        Path data = dir.resolve("data");
        Path stats = Files.writeString(dir.resolve("stats.csv"), "id,ts,v\n1,2026-01-01T00:00:00,10\n");
        new io.pipewright.data.lake.Snapshots(data).commit(stats, "gold", "stats", "first", List.of(), (String) null, done -> { });
        Files.writeString(stats, "id,ts,v\n1,2026-01-01T00:00:00,99\n");
        new io.pipewright.data.lake.Snapshots(data).commit(stats, "gold", "stats", "second", List.of(), (String) null, done -> { });
        Files.delete(stats);
        Files.writeString(dir.resolve("e.csv"), "id,ts\n1,2026-02-01\n");
        Path first = write("v1.yaml", "name: v\nentities: id\ntimestamp: ts\nsource: gold/stats@1\nfeatures: [v]\n");
        Path newest = write("v2.yaml", "name: v\nentities: id\ntimestamp: ts\nsource: gold/stats\nfeatures: [v]\n");
        Path out = dir.resolve("out.csv");
        PointInTimeJoin.join(DatasetReader.open(dir.resolve("e.csv")), List.of(FeatureView.read(first)), data, DatabaseCredentials.ofProcess(), out,
                dir.resolve("scratch"), (done, message) -> { });
        assertThat(Files.readAllLines(out)).containsExactly("id,ts,v", "1,2026-02-01,10");
        PointInTimeJoin.join(DatasetReader.open(dir.resolve("e.csv")), List.of(FeatureView.read(newest)), data, DatabaseCredentials.ofProcess(), out,
                dir.resolve("scratch"), (done, message) -> { });
        assertThat(Files.readAllLines(out)).containsExactly("id,ts,v", "1,2026-02-01,99");
    }

    @Test
    void aViewColumnMissingFromEitherSideIsNamed() throws IOException {
        Files.writeString(dir.resolve("f.csv"), "id,ts,v\n1,2026-01-01,3\n");
        Files.writeString(dir.resolve("e.csv"), "customer,ts\n1,2026-01-02\n");
        Path view = write("v.yaml", "name: v\nentities: id\ntimestamp: ts\nsource: f.csv\nfeatures: [v, w]\n");
        assertThatThrownBy(() -> PointInTimeJoin.join(DatasetReader.open(dir.resolve("e.csv")), List.of(FeatureView.read(view)), dir,
                DatabaseCredentials.ofProcess(), dir.resolve("out.csv"), dir.resolve("scratch"), (done, message) -> { }))
                .isInstanceOf(FeatureException.class)
                .hasMessage("e.csv: no column id (view v's entity); its columns: customer, ts");
        Files.writeString(dir.resolve("e.csv"), "id,ts\n1,2026-01-02\n");
        assertThatThrownBy(() -> PointInTimeJoin.join(DatasetReader.open(dir.resolve("e.csv")), List.of(FeatureView.read(view)), dir,
                DatabaseCredentials.ofProcess(), dir.resolve("out.csv"), dir.resolve("scratch"), (done, message) -> { }))
                .isInstanceOf(FeatureException.class)
                .hasMessage("f.csv: no column w (view v's feature); its columns: id, ts, v");
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static Map<Integer, String[]> readJoined(Path file) throws IOException {
        var rows = new HashMap<Integer, String[]>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].isEmpty() ? null : cells[i];
            }
            rows.put(Integer.parseInt(cells[0]), cells);
        }
        return rows;
    }

    /**
     * The same join by DuckDB: of feature rows with one key and time, the last written (highest seq) counts. An entity
     * row without a time has no point in time to join at (DuckDB's ASOF JOIN would match it to the latest row).
     */
    private static Map<Integer, Object[]> duckDb(Path customers, Path stores, Path entities) throws SQLException {
        var rows = new HashMap<Integer, Object[]>();
        try (var connection = DriverManager.getConnection("jdbc:duckdb:"); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE c AS SELECT * FROM read_csv('" + customers + "', header = true, types = {'event_time': 'TIMESTAMP'}) "
                    + "QUALIFY row_number() OVER (PARTITION BY customer_id, event_time ORDER BY seq DESC) = 1");
            statement.execute("CREATE TABLE s AS SELECT * FROM read_csv('" + stores + "', header = true, types = {'event_time': 'TIMESTAMP'}) "
                    + "QUALIFY row_number() OVER (PARTITION BY region, store, event_time ORDER BY seq DESC) = 1");
            statement.execute("CREATE TABLE e AS SELECT * FROM read_csv('" + entities + "', header = true, types = {'event_time': 'TIMESTAMP'})");
            var result = statement.executeQuery("""
                    SELECT e.row_id,
                           CASE WHEN e.event_time - c.event_time <= INTERVAL 10 DAY THEN c.spend END,
                           CASE WHEN e.event_time - c.event_time <= INTERVAL 10 DAY THEN c.orders END,
                           CASE WHEN e.event_time - c.event_time <= INTERVAL 10 DAY THEN c.segment END,
                           CASE WHEN e.event_time IS NOT NULL THEN s.visits END,
                           CASE WHEN e.event_time IS NOT NULL THEN s.revenue / s.visits END
                    FROM e
                    ASOF LEFT JOIN c ON e.customer_id = c.customer_id AND e.event_time >= c.event_time
                    ASOF LEFT JOIN s ON e.region = s.region AND e.store = s.store AND e.event_time >= s.event_time
                    ORDER BY e.row_id
                    """);
            while (result.next()) {
                var values = new ArrayList<Object>();
                for (int c = 2; c <= 6; c++) {
                    values.add(result.getObject(c));
                }
                rows.put(result.getInt(1), values.toArray());
            }
        }
        return rows;
    }
}
