package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipewright features join|materialize|get|online}, the {@code features} node, and a model trained through it
 * served by entity key alone, through the real entry point; every bad input one line.
 */
class FeaturesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path home() {
        return dir.resolve("home");
    }

    /** Customers 0..59 with monthly stats (a late row or two), and an entity table of labelled moments. */
    private Path data() throws IOException {
        var random = new Random(42);
        var stats = new StringBuilder("customer_id,event_time,spend,visits,tier\n");
        for (int month = 1; month <= 11; month++) {
            for (int customer = 0; customer < 60; customer++) {
                stats.append(customer).append(',').append(LocalDateTime.of(2026, month, 1 + customer % 20, 12, 0)).append(',')
                        .append(Math.round(random.nextDouble() * 50000) / 100.0).append(',').append(random.nextInt(20)).append(',')
                        .append(customer % 3 == 0 ? "gold" : "basic").append('\n');
            }
        }
        Files.writeString(dir.resolve("customer_stats.csv"), stats);
        var entities = new StringBuilder("customer_id,event_time,churned\n");
        for (int row = 0; row < 400; row++) {
            int customer = random.nextInt(65); // 60..64 have no stats
            entities.append(customer).append(',').append(LocalDateTime.of(2026, 1 + random.nextInt(11), 1 + random.nextInt(28), 0, 0)).append(',')
                    .append(random.nextInt(3) == 0 ? "yes" : "no").append('\n');
        }
        Files.writeString(dir.resolve("entities.csv"), entities);
        Path view = dir.resolve("customer_stats.yaml");
        Files.writeString(view, """
                name: customer_stats
                description: spending per customer, monthly
                entities: [customer_id]
                timestamp: event_time
                source: customer_stats.csv
                ttl: 20d
                features:
                  - spend
                  - visits
                  - tier
                  - spend_per_visit: spend / (visits + 1)
                """);
        return view;
    }

    @Test
    void joinWritesTheTrainingSetAndSaysWhatEachViewGave() throws Exception {
        Path view = data();
        Path out = dir.resolve("training.csv");
        var run = CliRun.in(home(), "features", "join", dir.resolve("entities.csv").toString(), "--view", view.toString(), "--out", out.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(Cli.OK);
        assertThat(run.out()).startsWith(out + ": 400 rows × 7 columns");
        assertThat(run.out()).containsPattern("customer_stats \\(spend, visits, tier, spend_per_visit\\): values for \\d+ rows, \\d+ past the ttl, "
                + "\\d+ with none at or before their time \\(660 feature rows read\\)");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(401);
        assertThat(lines.get(0)).isEqualTo("customer_id,event_time,churned,spend,visits,tier,spend_per_visit");

        var json = CliRun.in(home(), "features", "join", dir.resolve("entities.csv").toString(), "--view", view.toString(), "--out", out.toString(),
                "--json");
        JsonNode summary = JSON.readTree(json.out());
        assertThat(summary.path("rows").asLong()).isEqualTo(400);
        JsonNode counts = summary.path("views").get(0);
        assertThat(counts.path("kinds").toString()).isEqualTo("[\"number\",\"number\",\"string\",\"number\"]");
        assertThat(counts.path("matched").asLong() + counts.path("expired").asLong() + counts.path("missing").asLong()).isEqualTo(400);
        assertThat(counts.path("missing").asLong()).as("customers 60..64 have no stats; January rows before the first").isPositive();
    }

    @Test
    void badViewsAndOptionsAreRefusedInOneLineNamingTheFileAndField() throws Exception {
        data();
        String entities = dir.resolve("entities.csv").toString();
        String out = dir.resolve("out.csv").toString();
        var cases = new java.util.LinkedHashMap<String, String>();
        cases.put("name: v\nentities: [customer_id]\ntimestamp: event_time\nsource: customer_stats.csv\nfeatures: [spend]\ncolour: red\n",
                "v.yaml: unknown field colour (a view has description, entities, features, name, source, timestamp, ttl)");
        cases.put("name: v\ntimestamp: event_time\nsource: customer_stats.csv\nfeatures: [spend]\n",
                "v.yaml (view v): entities is missing (the key columns that name an entity)");
        cases.put("name: v\nentities: [customer_id]\ntimestamp: event_time\nsource: customer_stats.csv\nttl: soon\nfeatures: [spend]\n",
                "v.yaml (view v): ttl soon: a positive duration such as 30d, 12h, 15m or 90s");
        cases.put("name: v\nentities: [customer_id]\ntimestamp: event_time\nsource: customer_stats.csv\nfeatures: [{ratio: spend / }]\n",
                "v.yaml (view v): features[0] (ratio): ");
        cases.put("name: v\nentities: [customer_id]\ntimestamp: churned\nsource: customer_stats.csv\nfeatures: [visits]\n",
                "entities.csv: column churned (view v's timestamp) does not read as date-times");
        cases.put("name: v\nentities: [customer_id]\ntimestamp: event_time\nsource: nowhere.csv\nfeatures: [visits]\n",
                "nowhere.csv");
        cases.put("name: V-1\nentities: [customer_id]\ntimestamp: event_time\nsource: customer_stats.csv\nfeatures: [visits]\n",
                "v.yaml: name V-1: lower-case letters, digits and _, starting with a letter");
        cases.put("name: v\nentities: [customer_id]\ntimestamp: event_time\nsource: customer_stats.csv\nfeatures: [colour]\n",
                "customer_stats.csv: no column colour (view v's feature); its columns: customer_id, event_time, spend, visits, tier");
        cases.put("name: v\nentities: [customer_id\n", "not valid YAML");
        for (var entry : cases.entrySet()) {
            Path view = Files.writeString(dir.resolve("v.yaml"), entry.getKey());
            var run = CliRun.in(home(), "features", "join", entities, "--view", view.toString(), "--out", out);
            assertThat(run.code()).as(entry.getKey()).isEqualTo(Cli.BAD_INPUT);
            assertThat(run.errLines()).as(entry.getKey()).hasSize(1);
            assertThat(run.errLines().get(0)).as(entry.getKey()).startsWith("pipewright: ").contains(entry.getValue());
            assertThat(dir.resolve("out.csv")).as("nothing half-written").doesNotExist();
        }
        var missing = CliRun.in(home(), "features", "join", entities, "--view", dir.resolve("none.yaml").toString(), "--out", out);
        assertThat(missing.errLines()).containsExactly("pipewright: " + dir.resolve("none.yaml") + ": no such feature view file");
        var badSince = CliRun.in(home(), "features", "materialize", "--view", dir.resolve("customer_stats.yaml").toString(), "--since", "yesterday");
        assertThat(badSince.errLines()).containsExactly("pipewright: --since yesterday: not a date or time (ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z)");
    }

    @Test
    void materializeIsIncrementalAndGetReadsAnEntitysLatestValues() throws Exception {
        Path view = data();
        var now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var first = CliRun.in(home(), "features", "materialize", "--view", view.toString(), "--since", "2026-01-01", "--until",
                now.minusSeconds(7200).toString());
        assertThat(first.code()).as(first.err()).isEqualTo(Cli.OK);
        assertThat(first.out()).startsWith("customer_stats: 60 entities written from 660 rows after 2026-01-01T00:00:00Z up to " + now.minusSeconds(7200)
                + " (online store jdbc:h2:");

        var got = CliRun.in(home(), "features", "get", "customer_stats", "7");
        assertThat(got.code()).isEqualTo(Cli.OK);
        JsonNode entry = JSON.readTree(got.out());
        assertThat(entry.path("eventTime").asText()).isEqualTo("2026-11-08T12:00:00Z");
        assertThat(entry.path("expired").asBoolean()).as("November 8th is more than 20 days ago").isTrue();
        assertThat(entry.path("features").path("spend").isNull()).isTrue();

        // a newer row for customer 7 arrives; the next run takes only rows after the last one's end
        Files.writeString(dir.resolve("customer_stats.csv"), "7," + LocalDateTime.ofInstant(now.minusSeconds(3600), java.time.ZoneOffset.UTC)
                + ",123.5,4,gold\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("customer_stats.csv"), "8,2026-06-01T00:00:00,1,1,basic\n", java.nio.file.StandardOpenOption.APPEND);
        var second = CliRun.in(home(), "features", "materialize", "--view", view.toString());
        assertThat(second.out()).startsWith("customer_stats: 1 entities written from 1 rows after " + now.minusSeconds(7200) + " up to ");
        JsonNode fresh = JSON.readTree(CliRun.in(home(), "features", "get", "customer_stats", "7.0").out());
        assertThat(fresh.path("expired").asBoolean()).isFalse();
        assertThat(fresh.path("features").path("spend").asDouble()).isEqualTo(123.5);
        assertThat(fresh.path("features").path("spend_per_visit").asDouble()).isEqualTo(123.5 / 5);
        assertThat(fresh.path("features").path("tier").asText()).isEqualTo("gold");

        // the late June row for customer 8 is older than what the store holds: taking its window again keeps November's
        var again = CliRun.in(home(), "features", "materialize", "--view", view.toString(), "--since", "2026-05-01", "--json");
        assertThat(JSON.readTree(again.out()).get(0).path("entitiesWritten").asLong()).isEqualTo(60);
        assertThat(JSON.readTree(CliRun.in(home(), "features", "get", "customer_stats", "8").out()).path("eventTime").asText())
                .isEqualTo("2026-11-09T12:00:00Z");

        var unknown = CliRun.in(home(), "features", "get", "customer_stats", "999");
        assertThat(unknown.code()).isEqualTo(Cli.FAILED);
        assertThat(unknown.errLines()).containsExactly("pipewright: view customer_stats has no entity 999 in the online store jdbc:h2:"
                + home().resolve("data").resolve("online").resolve("features").toAbsolutePath());
        var listed = CliRun.in(home(), "features", "online");
        assertThat(listed.out()).startsWith("customer_stats: 60 entities by customer_id; spend, visits, tier, spend_per_visit; up to ");

        // a view whose features changed is written again from all its rows
        Files.writeString(view, Files.readString(view).replace("  - tier\n", ""));
        var rebuilt = CliRun.in(home(), "features", "materialize", "--view", view.toString());
        assertThat(rebuilt.out()).contains("60 entities written from 662 rows from the start").contains("its features changed");
    }

    /** Trains and registers model "churn" through a features node over {@link #data()}'s view. */
    private void trainChurn() throws IOException {
        Path pipeline = dir.resolve("churn.yaml");
        Files.writeString(pipeline, """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: churn
                seed: 7
                nodes:
                  - id: read
                    type: read
                    params: {path: entities.csv}
                  - id: features
                    type: features
                    inputs: {table: read.table}
                    params: {views: customer_stats.yaml}
                  - id: train
                    type: train
                    inputs: {train: features.table}
                    params: {target: churned, algorithm: random_forest, exclude: [customer_id, event_time]}
                  - id: register
                    type: register
                    inputs: {model: train.model}
                    params: {name: churn}
                """);
        var run = CliRun.in(home(), "run", pipeline.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(Cli.OK);
    }

    @Test
    void aModelTrainedThroughAFeaturesNodeIsServedByEntityKeyAlone() throws Exception {
        Path view = data();
        trainChurn();

        // not materialized yet: the server refuses to start, saying what to do
        var early = CliRun.in(home(), "serve", "--model", "churn", "--port", "0");
        assertThat(early.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(early.errLines()).containsExactly("pipewright: model churn reads feature view customer_stats, which the online store jdbc:h2:"
                + home().resolve("data").resolve("online").resolve("features").toAbsolutePath()
                + " does not hold: pipewright features materialize --view customer_stats.yaml");

        // a batch of keys alone is scored after a point-in-time join, which the message gives
        var batch = CliRun.in(home(), "score", "--model", "churn", "--input", dir.resolve("entities.csv").toString(), "--output",
                dir.resolve("scored.csv").toString());
        assertThat(batch.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(batch.errLines()).containsExactly("pipewright: entities.csv: missing features spend, visits, tier, spend_per_visit, from feature view "
                + "customer_stats: join it onto the file first (pipewright features join entities.csv --view customer_stats.yaml --out joined.csv) "
                + "and score that");
        // its deployment bundle needs the store its pods share
        var export = CliRun.in(home(), "export", "--model", "churn", "--out", dir.resolve("bundle").toString());
        assertThat(export.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(export.errLines()).containsExactly("pipewright: features.online: model churn reads feature view customer_stats by entity key: name "
                + "the online store its servers share, like jdbc:postgresql://db:5432/features (give it in an --options FILE.yaml)");
        assertThat(dir.resolve("bundle")).doesNotExist();
        var joined = CliRun.in(home(), "features", "join", dir.resolve("entities.csv").toString(), "--view", view.toString(), "--out",
                dir.resolve("joined.csv").toString());
        assertThat(joined.code()).as(joined.err()).isEqualTo(Cli.OK);
        var scored = CliRun.in(home(), "score", "--model", "churn", "--input", dir.resolve("joined.csv").toString(), "--output",
                dir.resolve("scored.csv").toString());
        assertThat(scored.code()).as(scored.err()).isEqualTo(Cli.OK);
        assertThat(Files.readAllLines(dir.resolve("scored.csv"))).hasSize(401);

        // customer 7 was seen yesterday: values within the ttl
        Files.writeString(dir.resolve("customer_stats.csv"), "7," + LocalDateTime.now(java.time.ZoneOffset.UTC).minusDays(1).withNano(0)
                + ",250.0,9,gold\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(CliRun.in(home(), "features", "materialize", "--view", view.toString(), "--since", "2026-10-01").code()).isEqualTo(Cli.OK);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.pipewright.Main", "--home", home().toString(),
                "serve", "--model", "churn", "--port", "0").redirectErrorStream(true).start();
        try {
            var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var bound = Pattern.compile("^serving churn \\(random_forest\\) on http://127\\.0\\.0\\.1:(\\d+) ");
            String said = null;
            int port = -1;
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith("features from the online store")) {
                    said = line;
                }
                var found = bound.matcher(line);
                if (found.find()) {
                    port = Integer.parseInt(found.group(1));
                    break;
                }
            }
            CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
            assertThat(port).isPositive();
            assertThat(said).endsWith("by entity key (views customer_stats); GET /v1/features/VIEW/ENTITY");
            String base = "http://127.0.0.1:" + port;
            var http = HttpClient.newHttpClient();

            var features = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/features/customer_stats/7")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(features.statusCode()).isEqualTo(200);
            JsonNode values = JSON.readTree(features.body()).path("features");
            assertThat(values.path("visits").asDouble()).isEqualTo(9);
            assertThat(values.path("spend_per_visit").asDouble()).isEqualTo(25);

            var byKey = post(http, base, "{\"instances\": [{\"customer_id\": 7}, {\"customer_id\": 64}]}");
            assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
            // the same rows with the features sent (the model does not learn from the key and the time, but reads them);
            // customer 64 has no values: missing, as in training
            var sent = (com.fasterxml.jackson.databind.node.ObjectNode) values.deepCopy();
            sent.put("customer_id", 7).put("event_time", "2026-12-01T00:00:00");
            var explicit = post(http, base, "{\"instances\": [" + JSON.writeValueAsString(sent) + ", {\"customer_id\": 64, "
                    + "\"event_time\": \"2026-12-01T00:00:00\", \"spend\": null, \"visits\": null, \"tier\": null, \"spend_per_visit\": null}]}");
            assertThat(explicit.statusCode()).as(explicit.body()).isEqualTo(200);
            assertThat(JSON.readTree(byKey.body()).path("predictions")).isEqualTo(JSON.readTree(explicit.body()).path("predictions"));

            var noEntity = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/features/customer_stats/64")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noEntity.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(noEntity.body()).path("error").asText()).isEqualTo("view 'customer_stats' has no entity 64");
            var noView = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/features/nope/7")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noView.statusCode()).isEqualTo(404);
            var noKey = post(http, base, "{\"instances\": [{\"visits\": 3}]}");
            assertThat(noKey.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(noKey.body()).path("error").asText()).contains("missing customer_id: the key of feature view customer_stats");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    @Test
    void aStreamScorerOfAFeaturesModelFillsEachRecordsFeaturesFromTheOnlineStore() throws Exception {
        Path view = data();
        trainChurn();
        var broker = io.pipewright.serve.stream.InTestBroker.shared();
        broker.createTopic("churn-in", 1);
        broker.createTopic("churn-out", 1);
        broker.createTopic("churn-dlq", 1);
        List<String> args = List.of("stream", "--model", "churn", "--bootstrap", broker.bootstrap(), "--in", "churn-in", "--out", "churn-out",
                "--dlq", "churn-dlq", "--group", "g-churn");

        // not materialized: the scorer refuses to start, as serve does
        var early = CliRun.in(home(), args.toArray(String[]::new));
        assertThat(early.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(early.errLines()).singleElement().asString().startsWith("pipewright: model churn reads feature view customer_stats, which the online store");

        // customer 7 was seen yesterday: values within the ttl
        Files.writeString(dir.resolve("customer_stats.csv"), "7," + LocalDateTime.now(java.time.ZoneOffset.UTC).minusDays(1).withNano(0)
                + ",250.0,9,gold\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(CliRun.in(home(), "features", "materialize", "--view", view.toString(), "--since", "2026-01-01").code()).isEqualTo(Cli.OK);
        var got = CliRun.in(home(), "features", "get", "customer_stats", "7");
        JsonNode values = JSON.readTree(got.out()).path("features");
        assertThat(values.path("visits").asDouble()).isEqualTo(9);
        var sent = (com.fasterxml.jackson.databind.node.ObjectNode) values.deepCopy();
        sent.put("customer_id", 7).put("event_time", "2026-12-01T00:00:00");
        broker.send("churn-in", List.of(java.util.Map.entry("by-key", "{\"customer_id\": 7}"), java.util.Map.entry("sent", JSON.writeValueAsString(sent)),
                java.util.Map.entry("no-key", "{\"visits\": 3}")));
        Path log = dir.resolve("stream.log");
        Process process = io.pipewright.export.cluster.PipewrightLauncher.shared().start(home(),
                java.util.stream.Stream.concat(java.util.stream.Stream.of("--home", home().toString()), args.stream()).toList(), java.util.Map.of(), log);
        try {
            var outputs = broker.read("churn-out", 2, java.time.Duration.ofSeconds(60));
            assertThat(outputs).as(Files.readString(log)).hasSize(2);
            var byKey = new java.util.HashMap<String, JsonNode>();
            for (var output : outputs) {
                byKey.put(io.pipewright.serve.stream.InTestBroker.text(output.key()), JSON.readTree(output.value()));
            }
            assertThat(byKey.get("by-key").path("prediction")).isEqualTo(byKey.get("sent").path("prediction"));
            assertThat(byKey.get("by-key").path("probabilities")).isEqualTo(byKey.get("sent").path("probabilities"));
            var dead = broker.read("churn-dlq", 1, java.time.Duration.ofSeconds(30));
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).headers().lastHeader(io.pipewright.serve.stream.StreamRecords.ERROR).value(), StandardCharsets.UTF_8)).contains("missing customer_id: the key of feature view customer_stats");
            assertThat(Files.readString(log)).contains("features from the online store jdbc:h2:").contains("by entity key (views customer_stats)");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    @Test
    void aViewReadsAPostgresTableAndTheOnlineStoreCanBeTheTeamsPostgres() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.pipewright.track.PostgresTestDatabase.configured(), io.pipewright.track.PostgresTestDatabase.UNSET);
        try (var database = io.pipewright.track.PostgresTestDatabase.create();
             var connection = java.sql.DriverManager.getConnection(database.url()); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customer_stats (customer_id bigint, event_time timestamptz, spend numeric(10, 2), tier text)");
            statement.execute("INSERT INTO customer_stats VALUES (1, '2026-03-01 10:00+00', 10.50, 'basic'), (1, '2026-03-05 10:00+00', 20.25, 'gold'), "
                    + "(2, '2026-03-02 00:00+00', 7, 'basic'), (1, '2026-03-09 10:00+00', 99, 'gold')");
            Files.writeString(dir.resolve("entities.csv"), "customer_id,event_time\n1,2026-03-06T00:00:00\n2,2026-03-01T00:00:00\n1,2026-03-10T00:00:00\n");
            Path view = Files.writeString(dir.resolve("pg.yaml"), "name: customer_stats\nentities: [customer_id]\ntimestamp: event_time\n"
                    + "source: {database: \"" + database.url() + "\", table: customer_stats}\nfeatures: [spend, tier]\n");
            Path out = dir.resolve("joined.csv");
            var joined = CliRun.in(home(), "features", "join", dir.resolve("entities.csv").toString(), "--view", view.toString(), "--out", out.toString());
            assertThat(joined.code()).as(joined.err()).isEqualTo(Cli.OK);
            assertThat(Files.readAllLines(out)).containsExactly("customer_id,event_time,spend,tier", "1,2026-03-06T00:00:00,20.25,gold",
                    "2,2026-03-01T00:00:00,,", "1,2026-03-10T00:00:00,99,gold");

            var materialized = CliRun.in(home(), "features", "materialize", "--view", view.toString(), "--online", database.url());
            assertThat(materialized.code()).as(materialized.err()).isEqualTo(Cli.OK);
            assertThat(materialized.out()).startsWith("customer_stats: 2 entities written from 4 rows from the start");
            JsonNode got = JSON.readTree(CliRun.in(home(), "features", "get", "customer_stats", "1", "--online", database.url()).out());
            assertThat(got.path("features").path("spend").asDouble()).isEqualTo(99);
            assertThat(got.path("eventTime").asText()).isEqualTo("2026-03-09T10:00:00Z");
            // the same store named by the environment, as a server's pod names it
            var byVariable = CliRun.entry(java.util.Map.of("PIPEWRIGHT_ONLINE", database.url()), "--home", home().toString(), "features", "online");
            assertThat(byVariable.out()).startsWith("customer_stats: 2 entities by customer_id; spend, tier; up to ");
            // and as a deployment bundle's pod names it: the URL without a login, the login from a Secret in the environment
            var asPod = CliRun.entry(java.util.Map.of("PIPEWRIGHT_ONLINE", database.url().replaceAll("[?].*", ""), "PIPEWRIGHT_ONLINE_CREDENTIALS", "online",
                    "PIPEWRIGHT_DB_ONLINE_USER", parameter(database.url(), "user"), "PIPEWRIGHT_DB_ONLINE_PASSWORD", parameter(database.url(), "password")),
                    "--home", home().toString(), "features", "online");
            assertThat(asPod.code()).as(asPod.err()).isEqualTo(Cli.OK);
            assertThat(asPod.out()).startsWith("customer_stats: 2 entities by customer_id; spend, tier; up to ");
            // a second process can read the team's store while one holds it (the embedded store would refuse)
            try (var held = io.pipewright.features.OnlineStore.open(database.url(), null, home().resolve("data"),
                    io.pipewright.data.DatabaseCredentials.ofProcess())) {
                assertThat(held.views()).hasSize(1);
                var again = CliRun.in(home(), "features", "get", "customer_stats", "2", "--online", database.url());
                assertThat(JSON.readTree(again.out()).path("features").path("tier").asText()).isEqualTo("basic");
            }
        }
    }

    /** A parameter of a JDBC URL's query ("" when absent). */
    private static String parameter(String url, String name) {
        var found = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
        return found.find() ? java.net.URLDecoder.decode(found.group(1), StandardCharsets.UTF_8) : "";
    }

    @Test
    void theEmbeddedOnlineStoreHeldByAnotherProcessIsSaidInOneLine() throws Exception {
        Path view = data();
        assertThat(CliRun.in(home(), "features", "materialize", "--view", view.toString()).code()).isEqualTo(Cli.OK);
        String java = ProcessHandle.current().info().command().orElse("java");
        // this process holds the embedded store, as a running serve would
        try (var held = io.pipewright.features.OnlineStore.open(null, null, home().resolve("data"), io.pipewright.data.DatabaseCredentials.ofProcess())) {
            Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.pipewright.Main", "--home", home().toString(),
                    "features", "get", "customer_stats", "7").redirectErrorStream(true).start();
            String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).isEqualTo(Cli.FAILED);
            assertThat(said).endsWith("another process has the embedded online store open (a serve or a materialize); stop it, or share a PostgreSQL "
                    + "online store (--online jdbc:postgresql://…)");
            assertThat(said.lines().filter(line -> line.startsWith("pipewright: ")).count()).isEqualTo(1);
        }
    }

    private static HttpResponse<String> post(HttpClient http, String base, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models/churn:predict")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
