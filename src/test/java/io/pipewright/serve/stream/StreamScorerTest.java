package io.pipewright.serve.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.Await;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming scorer against a real KRaft broker in this JVM: what comes out for what goes in, bad records, and a group of two. */
class StreamScorerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static InTestBroker broker;
    private static Path artifact;
    private static Predictor predictor;
    private final List<Running> started = new ArrayList<>();

    /** A scorer polling on its own thread, with its own Scoring (as its own process would have). */
    private record Running(StreamScorer scorer, Scoring scoring, Thread thread) {
        double count(String result) {
            var counter = scoring.registry().find("pipewright.stream.records").tag("result", result).counter();
            return counter == null ? 0 : counter.count();
        }
    }

    @BeforeAll
    static void startBroker() {
        broker = InTestBroker.shared();
        artifact = StreamFixtures.artifact(dir);
        predictor = Predictor.load("credit", "1", artifact, 2);
    }

    @AfterEach
    void stopScorers() throws Exception {
        for (Running running : started) {
            running.scorer().close();
            running.thread().join(30_000);
            running.scoring().close();
        }
    }

    private Running start(StreamOptions options) {
        return start(options, () -> { });
    }

    private Running start(StreamOptions options, Runnable beforeCommit) {
        var scoring = new Scoring(Predictor.load("credit", "1", artifact, 2)).start();
        var scorer = new StreamScorer(scoring, options);
        scorer.beforeCommit = beforeCommit;
        var thread = new Thread(scorer::run, "stream-" + options.group() + "-" + started.size());
        thread.setUncaughtExceptionHandler((crashed, e) -> { }); // the crash a test causes on purpose
        thread.start();
        var running = new Running(scorer, scoring, thread);
        started.add(running);
        return running;
    }

    private static StreamOptions options(String in, String out, String dlq, String group) {
        return new StreamOptions(broker.bootstrap(), in, out, dlq, group, 500, Duration.ofMillis(5), Map.of());
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        var headers = new HashMap<String, String>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Test
    void tenThousandRecordsGiveTenThousandOutputsEqualToInProcessPredictions() throws Exception {
        broker.createTopic("scores-in", 3);
        broker.createTopic("scores-out", 3);
        var records = StreamFixtures.records(10_000, 7);
        var sent = new ArrayList<Map.Entry<String, String>>();
        for (int i = 0; i < records.size(); i++) {
            sent.add(Map.entry("k" + i, StreamFixtures.json(records.get(i))));
        }
        broker.send("scores-in", sent);
        Predictor.Prediction expected = predictor.predict(records);

        Running running = start(options("scores-in", "scores-out", null, "g-ten-thousand"));
        var metrics = MetricsEndpoint.start(running.scoring(), running.scorer(), "127.0.0.1", 0);
        List<ConsumerRecord<byte[], byte[]>> outputs;
        String scraped;
        try {
            outputs = broker.read("scores-out", 10_000, Duration.ofSeconds(60));
            Await.until("the lag gauges to reach 0", Duration.ofSeconds(20), () -> running.scoring().registry().find("pipewright.stream.lag").gauges()
                    .stream().mapToDouble(gauge -> gauge.value()).sum() == 0 && running.scoring().registry().find("pipewright.stream.lag").gauges().size() == 3);
            scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            metrics.close();
        }
        assertThat(outputs).hasSize(10_000);

        var inputs = broker.read("scores-in", 10_000, Duration.ofSeconds(30));
        var where = new HashMap<String, String>(); // key → topic-partition-offset of its input
        inputs.forEach(input -> where.put(InTestBroker.text(input.key()), input.topic() + "-" + input.partition() + "-" + input.offset()));
        var seen = new HashSet<String>();
        for (ConsumerRecord<byte[], byte[]> output : outputs) {
            String key = InTestBroker.text(output.key());
            int i = Integer.parseInt(key.substring(1));
            JsonNode value = JSON.readTree(output.value());
            assertThat(value.path("id").asText()).as("the id of " + key).isEqualTo(where.get(key));
            assertThat(value.path("model_version").asText()).isEqualTo("1");
            assertThat(value.path("prediction").asText()).as("the prediction of " + key).isEqualTo(expected.predictions().get(i));
            assertThat(value.path("probabilities").path("no").asDouble()).as("exactly the in-process probability").isEqualTo(expected.probabilities()[i][0]);
            assertThat(value.path("probabilities").path("yes").asDouble()).isEqualTo(expected.probabilities()[i][1]);
            var headers = headers(output);
            assertThat(headers.get(StreamRecords.SOURCE_TOPIC) + "-" + headers.get(StreamRecords.SOURCE_PARTITION) + "-"
                    + headers.get(StreamRecords.SOURCE_OFFSET)).isEqualTo(where.get(key));
            seen.add(key);
        }
        assertThat(seen).as("one output for every input key").hasSize(10_000);

        assertThat(running.count("in")).isEqualTo(10_000);
        assertThat(running.count("out")).isEqualTo(10_000);
        assertThat(running.count("failed")).isZero();
        var modelCalls = running.scoring().registry().find("pipewright.batch.size").summary();
        assertThat(modelCalls.count()).as("records scored in batches, not one call each").isLessThan(10_000 / 20);
        assertThat(scraped).contains("pipewright_stream_records_total{result=\"in\"} 10000.0").contains("pipewright_stream_records_total{result=\"out\"} 10000.0")
                .contains("pipewright_stream_lag{partition=\"0\",topic=\"scores-in\"} 0.0").contains("pipewright_stream_latency_seconds_bucket{le=\"1.0\"}")
                .contains("pipewright_stream_latency_seconds_count 10000").contains("pipewright_stream_batch_size_count").contains("pipewright_stream_dlq_total 0.0");

        // a stop commits what it scored: the group has nothing left to read
        running.scorer().close();
        assertThat(running.scorer().awaitStopped(Duration.ofSeconds(30))).isTrue();
        assertThat(broker.committed("g-ten-thousand").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000);
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirErrorAndTheRestOfTheirBatchIsScored() throws Exception {
        broker.createTopic("bad-in", 1);
        broker.createTopic("bad-out", 1);
        broker.createTopic("bad-dlq", 1);
        var sent = new ArrayList<Map.Entry<String, String>>();
        sent.add(Map.entry("good-1", "{\"x\": 1.5, \"colour\": \"red\"}"));
        sent.add(Map.entry("not-json", "{\"x\": 1.5, \"colour\": "));
        sent.add(Map.entry("array", "[1.5, \"red\"]"));
        sent.add(Map.entry("mistyped", "{\"x\": \"high\", \"colour\": \"red\"}"));
        sent.add(Map.entry("good-2", "{\"x\": null, \"colour\": \"blue\"}"));
        sent.add(Map.entry("missing", "{\"x\": 0.5}"));
        sent.add(Map.entry("unknown", "{\"x\": 0.5, \"colour\": \"red\", \"age\": 40}"));
        sent.add(Map.entry("infinite", "{\"x\": 1e999, \"colour\": \"red\"}"));
        sent.add(new java.util.AbstractMap.SimpleEntry<>("tombstone", null));
        sent.add(Map.entry("good-3", "{\"x\": -2.0, \"colour\": \"green\"}"));
        broker.send("bad-in", sent);

        Running running = start(options("bad-in", "bad-out", "bad-dlq", "g-bad"));
        var outputs = broker.read("bad-out", 3, Duration.ofSeconds(30));
        var deadLetters = broker.read("bad-dlq", 7, Duration.ofSeconds(30));

        assertThat(outputs).extracting(record -> InTestBroker.text(record.key())).containsExactly("good-1", "good-2", "good-3");
        var expected = predictor.predict(List.of(Map.of("x", 1.5, "colour", "red")));
        assertThat(JSON.readTree(outputs.get(0).value()).path("prediction").asText()).isEqualTo(expected.predictions().get(0));
        var errors = new HashMap<String, String>();
        for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
            String key = InTestBroker.text(letter.key());
            var headers = headers(letter);
            errors.put(key, headers.get(StreamRecords.ERROR));
            int at = sent.stream().map(Map.Entry::getKey).toList().indexOf(key);
            assertThat(InTestBroker.text(letter.value())).as("the input's value, unchanged").isEqualTo(sent.get(at).getValue());
            assertThat(headers).containsEntry(StreamRecords.SOURCE_TOPIC, "bad-in").containsEntry(StreamRecords.SOURCE_PARTITION, "0")
                    .containsEntry(StreamRecords.SOURCE_OFFSET, Integer.toString(at));
        }
        assertThat(errors).containsOnlyKeys("not-json", "array", "mistyped", "missing", "unknown", "infinite", "tombstone");
        assertThat(errors.get("not-json")).startsWith("malformed JSON: ");
        assertThat(errors.get("array")).isEqualTo("the value is a JSON array, not an object of feature: value");
        assertThat(errors.get("mistyped")).isEqualTo("wrong type for x (numeric)");
        assertThat(errors.get("missing")).isEqualTo("missing feature colour");
        assertThat(errors.get("unknown")).isEqualTo("unknown feature age");
        assertThat(errors.get("infinite")).startsWith("x: Infinity is not a finite number");
        assertThat(errors.get("tombstone")).isEqualTo("the record has no value (a tombstone)");
        Await.until("the counters", Duration.ofSeconds(10), () -> running.count("out") == 3);
        assertThat(running.count("failed")).isEqualTo(7);
        assertThat(running.scoring().registry().find("pipewright.stream.dlq").counter().count()).isEqualTo(7);

        // without a dead-letter topic the bad records are counted, and the stream goes on past them
        broker.createTopic("nodlq-out", 1);
        Running counting = start(options("bad-in", "nodlq-out", null, "g-no-dlq"));
        assertThat(broker.read("nodlq-out", 3, Duration.ofSeconds(30))).extracting(record -> InTestBroker.text(record.key()))
                .containsExactly("good-1", "good-2", "good-3");
        Await.until("the failed counter", Duration.ofSeconds(10), () -> counting.count("failed") == 7);
        broker.send("bad-in", List.of(Map.entry("good-4", "{\"x\": 3.0, \"colour\": \"red\"}")));
        assertThat(broker.read("nodlq-out", 4, Duration.ofSeconds(30))).hasSize(4);
    }

    /** Thrown where a process could die: after a batch's outputs are acknowledged, before its offsets are committed. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("crashed on purpose", null, false, false);
        }
    }

    @Test
    void aBatchAcknowledgedButNotCommittedWhenTheScorerDiesIsScoredAgainByTheNextOneNothingIsLost() throws Exception {
        broker.createTopic("crash-in", 1);
        broker.createTopic("crash-out", 1);
        var records = StreamFixtures.records(1_200, 5);
        var sent = new ArrayList<Map.Entry<String, String>>();
        for (int i = 0; i < records.size(); i++) {
            sent.add(Map.entry("r" + i, StreamFixtures.json(records.get(i))));
        }
        broker.send("crash-in", sent);
        var batches = new java.util.concurrent.atomic.AtomicInteger();
        Running dying = start(options("crash-in", "crash-out", null, "g-crash"), () -> {
            if (batches.incrementAndGet() == 2) {
                throw new Crash();
            }
        });
        dying.thread().join(30_000);
        assertThat(dying.thread().isAlive()).as("the scorer died in its second batch").isFalse();
        long committed = broker.committed("g-crash").values().stream().mapToLong(Long::longValue).sum();
        long scored = broker.size("crash-out");
        assertThat(scored).as("the second batch's outputs are on the output topic").isGreaterThan(committed);

        start(options("crash-in", "crash-out", null, "g-crash"));
        var outputs = broker.read("crash-out", (int) (1_200 + scored - committed), Duration.ofSeconds(30));
        var keys = new java.util.TreeMap<String, Integer>();
        outputs.forEach(output -> keys.merge(InTestBroker.text(output.key()), 1, Integer::sum));
        assertThat(keys).as("an output for every input").hasSize(1_200);
        var twice = keys.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList();
        var expectedTwice = new HashSet<String>();
        for (long offset = committed; offset < scored; offset++) {
            expectedTwice.add("r" + offset); // one partition: an input's offset is its index
        }
        assertThat(twice).as("exactly the uncommitted batch was scored twice").containsExactlyInAnyOrderElementsOf(expectedTwice);
    }

    @Test
    void twoScorersInOneGroupShareThePartitionsAndEveryInputGetsAnOutput() throws Exception {
        broker.createTopic("pair-in", 4);
        broker.createTopic("pair-out", 4);
        var records = StreamFixtures.records(4_000, 9);
        var first = new ArrayList<Map.Entry<String, String>>();
        var second = new ArrayList<Map.Entry<String, String>>();
        for (int i = 0; i < records.size(); i++) {
            (i < 2_000 ? first : second).add(Map.entry("p" + i, StreamFixtures.json(records.get(i))));
        }
        Running a = start(options("pair-in", "pair-out", null, "g-pair"));
        broker.send("pair-in", first);
        Await.until("the first scorer's outputs", Duration.ofSeconds(30), () -> a.count("out") >= 2_000);
        assertThat(a.scorer().assignment()).hasSize(4);

        Running b = start(options("pair-in", "pair-out", null, "g-pair"));
        Await.until("both scorers to have partitions", Duration.ofSeconds(30), () -> !b.scorer().assignment().isEmpty()
                && !a.scorer().assignment().isEmpty() && a.scorer().assignment().size() + b.scorer().assignment().size() == 4);
        Set<Object> shared = new HashSet<>(a.scorer().assignment());
        shared.retainAll(b.scorer().assignment());
        assertThat(shared).as("no partition with two owners").isEmpty();
        broker.send("pair-in", second);

        var outputs = broker.read("pair-out", 4_000, Duration.ofSeconds(60));
        var keys = new HashSet<String>();
        outputs.forEach(output -> keys.add(InTestBroker.text(output.key())));
        assertThat(keys).as("an output for every input").hasSize(4_000);
        Await.until("the second scorer to score its share", Duration.ofSeconds(20), () -> b.count("out") > 0 && a.count("out") + b.count("out") >= 4_000);
        assertThat(a.count("out")).as("the first scorer kept partitions after the rebalance").isGreaterThan(2_000);
        assertThat(outputs.size() - 4_000).as("duplicates (none expected: the first scorer committed before it gave partitions up)").isZero();
    }

    @Test
    void whileTheOnlineStoreDoesNotAnswerRecordsWaitAndAreScoredOnceItDoes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.pipewright.track.PostgresTestDatabase.configured(), io.pipewright.track.PostgresTestDatabase.UNSET);
        // a model that reads x and colour from feature view customer_stats by customer_id, and the team's store holding it
        var model = io.pipewright.export.ExportFixtures.featuresModel();
        java.nio.file.Files.writeString(dir.resolve("customer_stats.csv"), "customer_id,event_time,x,colour\n1,2026-12-01T00:00:00,1.5,red\n"
                + "2,2026-12-01T00:00:00,0.2,blue\n");
        Path view = java.nio.file.Files.writeString(dir.resolve("customer_stats.yaml"), "name: customer_stats\nentities: [customer_id]\n"
                + "timestamp: event_time\nsource: customer_stats.csv\nfeatures: [x, colour]\n");
        try (var database = io.pipewright.track.PostgresTestDatabase.create()) {
            var credentials = io.pipewright.data.DatabaseCredentials.ofProcess();
            try (var filling = io.pipewright.features.OnlineStore.open(database.url(), null, dir, credentials)) {
                filling.materialize(io.pipewright.features.FeatureView.read(view), dir, credentials, null, java.time.Instant.now(), (done, message) -> { });
            }
            broker.createTopic("lookup-in", 1);
            broker.createTopic("lookup-out", 1);
            broker.createTopic("lookup-dlq", 1);
            var scoring = new Scoring(Predictor.load("churn", "2", model.artifact(), 2)).start();
            var store = io.pipewright.features.OnlineStore.open(database.url(), null, dir, credentials);
            scoring.features(io.pipewright.serve.FeatureLookup.of(store, model.manifest()));
            // the store goes away (its table, as a database restored elsewhere would be)
            try (var connection = java.sql.DriverManager.getConnection(database.url()); var statement = connection.createStatement()) {
                statement.execute("ALTER TABLE pw_features_customer_stats RENAME TO away");
            }
            var scorer = new StreamScorer(scoring, options("lookup-in", "lookup-out", "lookup-dlq", "g-lookup"));
            var thread = new Thread(scorer::run, "stream-lookup");
            thread.start();
            started.add(new Running(scorer, scoring, thread));
            broker.send("lookup-in", List.of(Map.entry("a", "{\"customer_id\": 1}"), Map.entry("b", "{\"customer_id\": 2}")));
            Thread.sleep(3_000);
            assertThat(broker.size("lookup-out")).as("nothing scored without the features").isZero();
            assertThat(broker.size("lookup-dlq")).as("nor refused: the records are not wrong").isZero();

            try (var connection = java.sql.DriverManager.getConnection(database.url()); var statement = connection.createStatement()) {
                statement.execute("ALTER TABLE away RENAME TO pw_features_customer_stats");
            }
            var outputs = broker.read("lookup-out", 2, Duration.ofSeconds(60));
            assertThat(outputs).extracting(record -> InTestBroker.text(record.key())).containsExactly("a", "b");
            var expected = predictor(model).predict(List.of(Map.of("x", 1.5, "colour", "red"), Map.of("x", 0.2, "colour", "blue")));
            assertThat(JSON.readTree(outputs.get(0).value()).path("prediction").asText()).isEqualTo(expected.predictions().get(0));
            assertThat(JSON.readTree(outputs.get(1).value()).path("prediction").asText()).isEqualTo(expected.predictions().get(1));
            assertThat(broker.size("lookup-dlq")).isZero();
        }
    }

    private static Predictor predictor(io.pipewright.export.ModelFacts model) {
        return Predictor.load("churn", "2", model.artifact(), 1);
    }
}
