package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code datasets commit|checkout|log|diff|gc} through the command line, as a person runs them, with their bad inputs. */
class DatasetSnapshotCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path csv(String name, long seed, int rows, int changedFrom) throws Exception {
        var random = new Random(seed);
        var lines = new ArrayList<String>();
        lines.add("id,region,amount");
        for (int id = 1; id <= rows; id++) {
            lines.add(id + "," + List.of("north", "south").get(random.nextInt(2)) + "," + (id >= changedFrom ? id * 2 : id));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void commitsLogsDiffsChecksOutAndCollectsVersionsOfAFile() throws Exception {
        Path home = dir.resolve("home");
        Path v1 = csv("sales.csv", 1, 30_000, Integer.MAX_VALUE);
        Path v2 = csv("sales-2.csv", 1, 30_100, 29_990);

        CliRun first = CliRun.in(home, "datasets", "commit", v1.toString(), "--name", "sales", "--layer", "gold", "--key", "id", "-m", "first");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("gold/sales@1: 30,000 rows × 3 columns,");
        CliRun second = CliRun.in(home, "datasets", "commit", v2.toString(), "--name", "sales", "--layer", "gold", "-m", "late rows", "--json");
        assertThat(second.code()).as(second.err()).isZero();
        JsonNode version = JSON.readTree(second.out());
        assertThat(version.get("version").asInt()).isEqualTo(2);
        assertThat(version.get("key").get(0).asText()).as("the key carries over from the version before").isEqualTo("id");

        CliRun log = CliRun.in(home, "datasets", "log", "sales");
        assertThat(log.out().lines().toList()).hasSize(4);
        assertThat(log.out()).contains("@2", "late rows", "@1", "first", "gold/sales (key id)");

        CliRun diff = CliRun.in(home, "datasets", "diff", "sales@1", "sales@2");
        assertThat(diff.code()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("rows: 30,000 → 30,100", "columns: the same", "rows by id: 100 added, 0 removed, 11 changed, 29,989 unchanged",
                "changed: 29990; 29991");

        Path out = dir.resolve("restored/sales.csv");
        CliRun checkout = CliRun.in(home, "datasets", "checkout", "gold/sales@1", "--out", out.toString());
        assertThat(checkout.code()).as(checkout.err()).isZero();
        assertThat(Files.mismatch(out, v1)).isEqualTo(-1);

        CliRun gc = CliRun.in(home, "datasets", "gc", "--keep", "1", "--grace-minutes", "0");
        assertThat(gc.code()).as(gc.err()).isZero();
        assertThat(gc.out()).startsWith("removed 1 versions and ");
        assertThat(CliRun.in(home, "datasets", "checkout", "sales@1", "--out", out.toString()).errLines())
                .containsExactly("pipewright: sales@1: no such version (gold/sales has [@2])");
        assertThat(CliRun.in(home, "datasets", "checkout", "sales", "--out", out.toString()).code()).isZero();
        assertThat(Files.mismatch(out, v2)).isEqualTo(-1);
    }

    @Test
    void commitsADatabaseTableAsACsvVersion() throws Exception {
        Path home = dir.resolve("home");
        String url = "jdbc:h2:file:" + dir.resolve("shop").toAbsolutePath();
        try (var connection = DriverManager.getConnection(url, "sa", ""); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(40), total DECIMAL(8,2))");
            statement.execute("INSERT INTO orders VALUES (1, 'plain', 10.50), (2, 'with, a comma', 3.00), (3, NULL, 7.25), (4, 'a \"quote\"', 1.00)");
        }
        CliRun commit = CliRun.in(home, "datasets", "commit", url + ";USER=sa", "--table", "orders", "--name", "orders", "--layer", "bronze", "--json");
        assertThat(commit.code()).as(commit.err()).isZero();
        JsonNode version = JSON.readTree(commit.out());
        assertThat(version.get("rows").asInt()).isEqualTo(4);
        assertThat(version.get("source").asText()).endsWith("#orders").startsWith("jdbc:h2:file:");
        Path out = dir.resolve("orders.csv");
        assertThat(CliRun.in(home, "datasets", "checkout", "bronze/orders", "--out", out.toString()).code()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("ID,NOTE,TOTAL", "1,plain,10.50", "2,\"with, a comma\",3.00", "3,,7.25",
                "4,\"a \"\"quote\"\"\",1.00");
    }

    @Test
    void eachBadInputIsOneLineAndACorruptChunkLeavesTheOutputAsItWas() throws Exception {
        Path home = dir.resolve("home");
        Path file = csv("sales.csv", 2, 20_000, Integer.MAX_VALUE);
        assertThat(CliRun.in(home, "datasets", "commit", dir.resolve("none.csv").toString(), "--name", "sales", "--layer", "gold").errLines())
                .containsExactly("pipewright: " + dir.resolve("none.csv") + ": no such file");
        assertThat(CliRun.in(home, "datasets", "commit", file.toString(), "--name", "sales", "--layer", "platinum").errLines())
                .containsExactly("pipewright: --layer platinum: one of bronze, silver, gold");
        assertThat(CliRun.in(home, "datasets", "commit", file.toString(), "--name", "Sales!", "--layer", "gold").errLines().get(0))
                .startsWith("pipewright: Sales!: not a dataset name");
        assertThat(CliRun.in(home, "datasets", "commit", file.toString(), "--name", "sales", "--layer", "gold", "--table", "x").errLines())
                .containsExactly("pipewright: --table reads a database (a jdbc:postgresql:// or jdbc:h2: source), not the file " + file);
        assertThat(CliRun.in(home, "datasets", "log", "nothing").errLines())
                .containsExactly("pipewright: nothing: no such dataset (datasets with versions: none)");
        assertThat(CliRun.in(home, "datasets", "gc", "--keep", "0").errLines())
                .containsExactly("pipewright: --keep 0: keep at least the newest version (1 or more)");

        CliRun commit = CliRun.in(home, "datasets", "commit", file.toString(), "--name", "sales", "--layer", "gold", "--json");
        assertThat(commit.code()).as(commit.err()).isZero();
        Path objects = home.resolve("data/objects");
        Path chunk;
        try (var folders = Files.walk(objects)) {
            chunk = folders.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
        String name = chunk.getParent().getFileName().toString() + chunk.getFileName();
        Files.write(chunk, new byte[] {'W', 1, 2, 3});
        Path out = Files.writeString(dir.resolve("out.csv"), "kept\n");
        CliRun corrupt = CliRun.in(home, "datasets", "checkout", "sales", "--out", out.toString());
        assertThat(corrupt.code()).isEqualTo(2);
        assertThat(corrupt.errLines()).hasSize(1);
        assertThat(corrupt.errLines().get(0)).startsWith("pipewright: chunk " + name + " in ").contains("is corrupt");
        assertThat(Files.readString(out)).as("nothing half-written").isEqualTo("kept\n");
        Files.delete(chunk);
        assertThat(CliRun.in(home, "datasets", "checkout", "sales", "--out", out.toString()).errLines().get(0))
                .startsWith("pipewright: chunk " + name + " is missing from ");
        assertThat(Files.readString(out)).isEqualTo("kept\n");
    }

    @Test
    void aPipelinesPublishNodeKeepsEachNewTableAsTheNextVersionAndAnUnchangedOneAsNone() throws Exception {
        Path home = dir.resolve("home");
        Path data = csv("sales.csv", 3, 2_000, Integer.MAX_VALUE);
        Path pipeline = Files.writeString(dir.resolve("publish.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: sales-gold
                nodes:
                  - id: read
                    type: read
                    params: {path: sales.csv}
                  - id: north
                    type: filter
                    inputs: {table: read.table}
                    params: {expression: "region == 'north'"}
                  - id: publish
                    type: publish
                    inputs: {table: north.table}
                    params: {name: north_sales, layer: gold, key: [id], message: north only}
                """);
        CliRun first = CliRun.in(home, "run", pipeline.toString());
        assertThat(first.code()).as(first.err()).isZero();
        CliRun again = CliRun.in(home, "run", pipeline.toString());
        assertThat(again.code()).as(again.err()).isZero();
        CliRun log = CliRun.in(home, "datasets", "log", "gold/north_sales", "--json");
        JsonNode versions = JSON.readTree(log.out());
        assertThat(versions).as("the same rows a second time make no new version").hasSize(1);
        assertThat(versions.get(0).get("message").asText()).isEqualTo("north only");
        assertThat(versions.get(0).get("key").get(0).asText()).isEqualTo("id");
        long north = Files.readAllLines(data).stream().filter(line -> line.contains(",north,")).count();
        assertThat(versions.get(0).get("rows").asLong()).isEqualTo(north);

        CliRun profiled = CliRun.in(home, "profile", "gold/north_sales@1", "--json", "-");
        assertThat(profiled.code()).as(profiled.err()).isZero();
        assertThat(JSON.readTree(profiled.out()).get("rows").asLong()).as("a version reads as a dataset").isEqualTo(north);
        Path reader = Files.writeString(dir.resolve("reader.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: reads-gold
                nodes:
                  - id: read
                    type: read
                    params: {path: gold/north_sales}
                  - id: south
                    type: filter
                    inputs: {table: read.table}
                    params: {expression: "region == 'south'"}
                """);
        CliRun readsGold = CliRun.in(home, "run", reader.toString(), "--json", "-");
        assertThat(readsGold.code()).as(readsGold.err()).isZero();
        assertThat(JSON.readTree(readsGold.out()).get("status").asText()).isEqualTo("finished");
        assertThat(CliRun.in(home, "runs", "list", "--experiment", "reads-gold", "--json").out()).contains("\"read.rows_read\" : " + north + ".0");

        csv("sales.csv", 4, 2_000, Integer.MAX_VALUE);
        assertThat(CliRun.in(home, "run", pipeline.toString()).code()).isZero();
        assertThat(JSON.readTree(CliRun.in(home, "datasets", "log", "gold/north_sales", "--json").out())).hasSize(2);
        assertThat(CliRun.in(home, "datasets", "diff", "north_sales@1", "north_sales@2").out()).contains("rows by id:");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), Files.readString(pipeline).replace("name: north_sales", "name: North-Sales"));
        CliRun refused = CliRun.in(home, "run", bad.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("North-Sales: not a dataset name");
    }
}
