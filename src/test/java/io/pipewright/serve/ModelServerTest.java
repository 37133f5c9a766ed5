package io.pipewright.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving runtime on a free loopback port: every endpoint, and every client mistake answered with a 4xx naming it. */
class ModelServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static ModelServer server;
    private static Predictor predictor;
    private static String base;

    @BeforeAll
    static void start() {
        var model = Trainer.fit(io.pipewright.train.ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5, "abc", List.of(), null),
                TrainingListener.NONE);
        Path file = dir.resolve("credit" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", file);
        predictor = Predictor.load("credit", "1", file, 4);
        server = new ModelServer(predictor, 2_000);
        int port = server.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void healthAndMetadata() throws Exception {
        assertThat(get("/v2/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/v2/health/ready").statusCode()).as("warmed up before start returned").isEqualTo(200);
        var metadata = json(get("/v2/models/credit"));
        assertThat(metadata.path("name").asText()).isEqualTo("credit");
        assertThat(metadata.path("inputs")).extracting(node -> node.path("name").asText() + ":" + node.path("datatype").asText())
                .containsExactly("x:FP64", "colour:BYTES");
        assertThat(metadata.path("labels")).extracting(JsonNode::asText).containsExactly("no", "yes");
    }

    @Test
    void recordsAndTensorsPredictAsTheModelDoesInProcess() throws Exception {
        var records = post("/v1/models/credit:predict", """
                {"instances": [{"x": 1.5, "colour": "red"}, {"x": null, "colour": "green"}, {"x": -2.0, "colour": "blue"}]}""");
        assertThat(records.statusCode()).isEqualTo(200);
        var body = json(records);
        var expected = predictor.predict(List.of(Map.of("x", 1.5, "colour", "red"), new java.util.HashMap<>(Map.of("colour", "green")) {
            {
                put("x", null);
            }
        }, Map.of("x", -2.0, "colour", "blue")));
        assertThat(body.path("predictions")).extracting(JsonNode::asText).containsExactlyElementsOf(expected.predictions().stream().map(String::valueOf).toList());
        assertThat(body.path("probabilities").get(0).path("yes").asDouble()).isEqualTo(expected.probabilities()[0][1]);

        var named = json(post("/v2/models/credit/infer", """
                {"id": "r1", "inputs": [{"name": "x", "shape": [2], "datatype": "FP64", "data": [1.5, -2.0]},
                                       {"name": "colour", "shape": [2], "datatype": "BYTES", "data": ["red", "blue"]}]}"""));
        assertThat(named.path("id").asText()).isEqualTo("r1");
        assertThat(named.path("outputs").get(0).path("data")).extracting(JsonNode::asText)
                .containsExactly(expected.predictions().get(0).toString(), expected.predictions().get(2).toString());
        assertThat(named.path("outputs").get(1).path("shape")).extracting(JsonNode::asInt).containsExactly(2, 2);

        var rowMajor = json(post("/v2/models/credit/infer", """
                {"inputs": [{"name": "input", "shape": [2, 2], "datatype": "BYTES", "data": [[1.5, "red"], [-2.0, "blue"]]}]}"""));
        assertThat(rowMajor.path("outputs").get(0).path("data")).isEqualTo(named.path("outputs").get(0).path("data"));

        String metrics = get("/metrics").body();
        assertThat(metrics).contains("pipewright_requests_seconds_count{endpoint=\"predict\",status=\"200\"}")
                .contains("pipewright_predictions_total{class=\"yes\"}").contains("pipewright_batch_size");
        assertThat(metrics).as("buckets fine enough for a p99 under 5 ms").contains("le=\"0.001\"").contains("le=\"0.005\"");
    }

    @Test
    void everyClientMistakeIsA4xxNamingIt() throws Exception {
        var malformed = post("/v1/models/credit:predict", "{\"instances\": [");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("error").asText()).startsWith("malformed JSON");

        var unknown = post("/v1/models/credit:predict", "{\"instances\": [{\"x\": 1, \"colour\": \"red\", \"age\": 3}]}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(json(unknown).path("error").asText()).isEqualTo("unknown feature age");

        var missing = post("/v1/models/credit:predict", "{\"instances\": [{\"x\": 1}]}");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(json(missing).path("error").asText()).isEqualTo("missing feature colour");

        var mistyped = post("/v2/models/credit/infer", "{\"inputs\": [{\"name\": \"x\", \"data\": [\"high\"]}, {\"name\": \"colour\", \"data\": [\"red\"]}]}");
        assertThat(mistyped.statusCode()).isEqualTo(422);
        assertThat(json(mistyped).path("error").asText()).isEqualTo("wrong type for x (numeric)");

        var nested = post("/v1/models/credit:predict", "{\"instances\": [{\"x\": 1, \"colour\": {\"name\": \"red\"}}]}");
        assertThat(nested.statusCode()).isEqualTo(422);
        assertThat(json(nested).path("error").asText()).isEqualTo("wrong type for colour (categorical)");

        var shape = post("/v1/models/credit:predict", "{\"rows\": []}");
        assertThat(shape.statusCode()).isEqualTo(422);

        var wrongModel = post("/v1/models/housing:predict", "{\"instances\": []}");
        assertThat(wrongModel.statusCode()).isEqualTo(404);
        assertThat(json(wrongModel).path("error").asText()).isEqualTo("no model named 'housing' (this server has 'credit')");

        var tooBig = post("/v1/models/credit:predict", "{\"instances\": [" + "{\"x\": 1, \"colour\": \"red\"},".repeat(100) + "{\"x\": 1, \"colour\": \"red\"}]}");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(json(tooBig).path("error").asText()).contains("limit is 2000");

        var nowhere = get("/v3/anything");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(json(nowhere).path("error").asText()).isEqualTo("no such endpoint: GET /v3/anything");
    }

    /** 1e999 is valid JSON that overflows to Infinity; NaN and Infinity literals too: each a 422 naming the feature, at every endpoint. */
    @Test
    void aNonFiniteNumberIsA422NamingTheFeature() throws Exception {
        String infinite = "x: Infinity is not a finite number (a number beyond ±1.8e308 overflows to it); send null for a missing value";
        for (String body : List.of("{\"instances\": [{\"x\": 1e999, \"colour\": \"red\"}]}", "{\"instances\": [{\"x\": Infinity, \"colour\": \"red\"}]}")) {
            var answer = post("/v1/models/credit:predict", body);
            assertThat(answer.statusCode()).as(body).isEqualTo(422);
            assertThat(json(answer).path("error").asText()).isEqualTo(infinite);
        }
        var negative = post("/v1/models/credit:predict", "{\"instances\": [{\"x\": 1.0, \"colour\": \"red\"}, {\"x\": -1e999, \"colour\": \"red\"}]}");
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(json(negative).path("error").asText()).startsWith("x: -Infinity is not a finite number");

        var nan = post("/v1/models/credit:predict", "{\"instances\": [{\"x\": NaN, \"colour\": \"red\"}]}");
        assertThat(nan.statusCode()).isEqualTo(422);
        assertThat(json(nan).path("error").asText()).isEqualTo("x: NaN is not a number a model can use; send null for a missing value");

        var named = post("/v2/models/credit/infer", "{\"inputs\": [{\"name\": \"x\", \"data\": [1e999]}, {\"name\": \"colour\", \"data\": [\"red\"]}]}");
        assertThat(named.statusCode()).isEqualTo(422);
        assertThat(json(named).path("error").asText()).isEqualTo(infinite);
        var rowMajor = post("/v2/models/credit/infer", "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 2], \"data\": [[NaN, \"red\"]]}]}");
        assertThat(rowMajor.statusCode()).isEqualTo(422);
        assertThat(json(rowMajor).path("error").asText()).startsWith("x: NaN is not a number");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> FiniteNumbers.require("amount", Double.POSITIVE_INFINITY)))
                .as("the check the gRPC and stream inputs call").isInstanceOf(Predictor.InvalidInput.class)
                .hasMessage("amount: Infinity is not a finite number (a number beyond ±1.8e308 overflows to it); send null for a missing value");
    }

    /** A body nested past Jackson's limit and a malformed one are told in words, without Jackson's names. */
    @Test
    void malformedJsonIsToldInOurWords() throws Exception {
        var own = new ModelServer(predictor, 100_000);
        String url = "http://127.0.0.1:" + own.start("127.0.0.1", 0) + "/v1/models/credit:predict";
        try {
            var deep = HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{\"instances\": " + "[".repeat(1_200)
                    + "]".repeat(1_200) + "}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deep.statusCode()).isEqualTo(400);
            assertThat(json(deep).path("error").asText()).isEqualTo("malformed JSON: nested more than 1000 levels deep");
        } finally {
            own.close();
        }
        var unclosed = post("/v1/models/credit:predict", "{\"instances\": [{\"x\": 1}");
        assertThat(json(unclosed).path("error").asText()).startsWith("malformed JSON: line 1, column ").doesNotContain("`").doesNotContain("Source")
                .doesNotContain("JsonReadFeature").doesNotContain("StreamReadFeature");
    }

    /** /metrics counts each request under the status the client got, a 500 from a failing model included (the bundle's 5xx alert reads it). */
    @Test
    void metricsCountTheStatusActuallySent() throws Exception {
        var own = new ModelServer(predictor, 10_000);
        var failing = new java.util.concurrent.atomic.AtomicBoolean();
        own.scoring().beforePredict = rows -> {
            if (failing.get()) {
                throw new IllegalStateException("XGBoost: [01:10:45] /workspace/src/data/data.cc:1161: Check failed");
            }
        };
        String url = "http://127.0.0.1:" + own.start("127.0.0.1", 0);
        try {
            java.util.function.BiFunction<String, String, HttpResponse<String>> send = (path, body) -> {
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            String good = "{\"instances\": [{\"x\": 1.0, \"colour\": \"red\"}]}";
            assertThat(send.apply("/v1/models/credit:predict", good).statusCode()).isEqualTo(200);
            assertThat(send.apply("/v1/models/credit:predict", "{\"instances\": [").statusCode()).isEqualTo(400);
            assertThat(send.apply("/v1/models/housing:predict", good).statusCode()).isEqualTo(404);
            assertThat(send.apply("/v1/models/credit:predict", "{\"instances\": [{\"x\": 1.0}]}").statusCode()).isEqualTo(422);
            failing.set(true);
            var failed = send.apply("/v1/models/credit:predict", good);
            assertThat(failed.statusCode()).isEqualTo(500);
            for (int status : new int[] {200, 400, 404, 422, 500}) {
                assertThat(metric(url, "pipewright_requests_seconds_count{endpoint=\"predict\",status=\"" + status + "\"}")).as("status %d", status)
                        .isEqualTo(1);
            }
            assertThat(JSON.readTree(failed.body()).path("error").asText()).isEqualTo("the server failed to answer this request; its log has the details");
            assertThat(failed.body()).doesNotContain("workspace").doesNotContain("XGBoost").doesNotContain("Exception");
        } finally {
            own.close();
        }
    }

    /** A request Jetty refuses before routing (a path climbing with "..", a URL or headers too long) gets the same JSON as every client error. */
    @Test
    void requestsJettyRefusesGetJsonNotHtml() throws Exception {
        int port = URI.create(base).getPort();
        for (var request : Map.of("GET /../etc/passwd HTTP/1.1", 400, "GET /v2/models/../../../etc/passwd HTTP/1.1", 400,
                "GET /%2e%2e/etc/passwd HTTP/1.1", 400, "GET /" + "a".repeat(20_000) + " HTTP/1.1", 414).entrySet()) {
            String answer = raw(port, request.getKey() + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(head).as(request.getKey()).startsWith("HTTP/1.1 " + request.getValue()).containsIgnoringCase("Content-Type: application/json");
            assertThat(JSON.readTree(body).path("error").asText()).as(request.getKey()).isNotBlank();
            assertThat(body).doesNotContain("<html").doesNotContain("Jetty");
        }
        String headers = raw(port, "GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        assertThat(headers).startsWith("HTTP/1.1 431").endsWith("{\"error\":\"the request's headers are too large\"}");
        String climbing = raw(port, "GET /../etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(climbing).endsWith("{\"error\":\"malformed request: the path, the request line or a header cannot be read (a path may not climb"
                + " with '..')\"}");
    }

    /** What a raw request (one java.net.http would tidy up first) gets back, head and body. */
    private static String raw(int port, String request) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void closingReportsNotReadyAndLetsTheRequestInFlightFinish() throws Exception {
        var own = new ModelServer(predictor, 10_000);
        var entered = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        own.scoring().beforePredict = rows -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        int port = own.start("127.0.0.1", 0);
        var answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/credit:predict"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"x\": 1, \"colour\": \"red\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String url = "http://127.0.0.1:" + port;
        assertThat(metric(url, "pipewright_requests_in_flight")).as("the request held in the model").isEqualTo(1);
        var closing = java.util.concurrent.CompletableFuture.runAsync(own::close);
        io.pipewright.Await.until("/v2/health/ready to answer 503 once the server is told to stop", Duration.ofSeconds(10),
                () -> HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v2/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
        assertThat(metric(url, "pipewright_requests_in_flight")).as("still in flight while draining").isEqualTo(1);
        assertThat(closing).as("still draining: the request is held").isNotDone();
        release.countDown();
        assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).as("the request in flight is answered").isEqualTo(200);
        closing.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** A load smoke test, bounded: 2,000 single-row requests from 8 clients at once, every one answered 200, within a minute. */
    @Test
    void manyConcurrentRequestsAreAllAnswered() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                var statuses = new java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.atomic.AtomicInteger>();
                var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int client = 0; client < 8; client++) {
                    int seed = client;
                    futures.add(pool.submit(() -> {
                        var random = new Random(seed);
                        for (int i = 0; i < 250; i++) {
                            String body = String.format(java.util.Locale.US, "{\"instances\": [{\"x\": %.3f, \"colour\": \"%s\"}]}",
                                    random.nextGaussian(), random.nextBoolean() ? "red" : "blue");
                            int status = post("/v1/models/credit:predict", body).statusCode();
                            statuses.computeIfAbsent(status, key -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (var future : futures) {
                    future.get();
                }
                assertThat(statuses).containsOnlyKeys(200);
                assertThat(statuses.get(200).get()).isEqualTo(2_000);
            } finally {
                pool.shutdownNow();
            }
        });
    }

    @Test
    void aShadowModelScoresEveryRequestButOnlyThePrimaryAnswers() throws Exception {
        var logistic = Trainer.fit(io.pipewright.train.ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "logistic_regression", Map.of(),
                null, List.of(), 5, "abc", List.of(), null), TrainingListener.NONE);
        Path other = dir.resolve("other" + ModelArtifact.EXTENSION);
        ModelArtifact.write(logistic, "other", Map.of(), "test", other);
        var own = new ModelServer(predictor, 10_000).shadow(Predictor.load(null, "1", other, 1));
        int port = own.start("127.0.0.1", 0);
        try {
            String body = "{\"instances\": [{\"x\": 1.5, \"colour\": \"red\"}, {\"x\": -1.5, \"colour\": \"blue\"}, {\"x\": 0.1, \"colour\": \"blue\"}]}";
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/credit:predict"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            var expected = predictor.predict(List.of(Map.of("x", 1.5, "colour", "red"), Map.of("x", -1.5, "colour", "blue"), Map.of("x", 0.1, "colour", "blue")));
            assertThat(JSON.readTree(answer.body()).path("predictions")).extracting(JsonNode::asText)
                    .containsExactlyElementsOf(expected.predictions().stream().map(String::valueOf).toList());
            // the shadow scores after the answer, on a thread of its own
            io.pipewright.Await.until("the shadow's comparisons", Duration.ofSeconds(10),
                    () -> own.registry().find("pipewright.shadow.comparisons").counters().stream().mapToDouble(Counter::count).sum() >= 3);
            assertThat(own.registry().find("pipewright.shadow.comparisons").counters().stream().mapToDouble(Counter::count).sum())
                    .as("every row compared").isEqualTo(3);
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("pipewright_shadow_comparisons_total{result=\"agree\"}").contains("pipewright_prediction_seconds_count{model=\"shadow\"}")
                    .contains("pipewright_prediction_seconds_count{model=\"primary\"}");
        } finally {
            own.close();
        }
    }

    /** Requests held behind a batch in flight are predicted together, each answered as if alone. */
    @Test
    void concurrentRequestsAreGroupedIntoBatchesAndEachGetsItsOwnAnswer() throws Exception {
        var own = new ModelServer(predictor, 10_000).batching(16, Duration.ofMillis(50));
        var release = new java.util.concurrent.CountDownLatch(1);
        var held = new java.util.concurrent.atomic.AtomicInteger();
        own.scoring().beforePredict = rows -> { // every batch in the model waits until the other requests are queued behind them
            held.addAndGet(rows);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        int port = own.start("127.0.0.1", 0);
        String url = "http://127.0.0.1:" + port;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(24);
        try {
            var random = new Random(3);
            var rows = new java.util.ArrayList<Map<String, Object>>();
            var answers = new java.util.ArrayList<java.util.concurrent.Future<JsonNode>>();
            for (int i = 0; i < 24; i++) {
                Map<String, Object> row = Map.of("x", Math.round(random.nextGaussian() * 1000) / 1000.0, "colour", random.nextBoolean() ? "red" : "blue");
                rows.add(row);
                String body = JSON.writeValueAsString(Map.of("instances", List.of(row)));
                answers.add(pool.submit(() -> JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/models/credit:predict"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body())));
            }
            // a request per model copy holds its batch in the model on its own thread; the requests that came after wait in the queue
            io.pipewright.Await.until("every request held in a batch or queued behind one", Duration.ofSeconds(10),
                    () -> held.get() + metric(url, "pipewright_batch_queue_requests") == 24);
            assertThat(metric(url, "pipewright_requests_in_flight")).isEqualTo(24);
            release.countDown();
            for (int i = 0; i < rows.size(); i++) {
                var expected = predictor.predict(List.of(rows.get(i)));
                JsonNode answer = answers.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer.path("predictions").get(0).asText()).as("request %d", i).isEqualTo(expected.predictions().get(0));
                assertThat(answer.path("probabilities").get(0).path("yes").asDouble()).isEqualTo(expected.probabilities()[0][1]);
            }
            assertThat(metric(url, "pipewright_batch_queue_requests")).as("the queue is empty once all are answered").isZero();
            var sizes = own.registry().find("pipewright.batch.size").summary();
            assertThat(sizes.count()).as("fewer model calls than requests").isLessThan(24);
            assertThat(sizes.max()).as("a batch of several requests").isGreaterThan(1);
            assertThat(sizes.totalAmount()).as("every row predicted once").isEqualTo(24);
        } finally {
            release.countDown();
            pool.shutdownNow();
            own.close();
        }
    }

    @Test
    void batchingOptionsOutOfRangeAreRefused() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new ModelServer(predictor, 10).batching(0, Duration.ZERO)))
                .hasMessage("--max-batch must be at least 1, not 0");
    }

    /** The drift gauges stay low for inputs like the training rows and cross 0.2 for the feature whose inputs moved. */
    @Test
    void theDriftGaugeMovesWhenShiftedInputsAreServed() throws Exception {
        var own = new ModelServer(predictor, 1_000_000).driftWindow(500);
        int port = own.start("127.0.0.1", 0);
        try {
            String url = "http://127.0.0.1:" + port;
            assertThat(metric(url, "pipewright_feature_drift_psi{feature=\"x\"}")).as("too few rows yet").isNaN();
            var random = new Random(8);
            send(url, random, 0, 500);
            double x = metric(url, "pipewright_feature_drift_psi{feature=\"x\"}");
            double colour = metric(url, "pipewright_feature_drift_psi{feature=\"colour\"}");
            // tolerance: 500 rows drawn like the 300 training rows stay under the 0.1 band
            assertThat(x).isLessThan(0.1);
            assertThat(colour).isLessThan(0.1);

            send(url, random, 2.5, 500);
            assertThat(metric(url, "pipewright_feature_drift_psi{feature=\"x\"}")).as("x moved by 2.5 standard deviations").isGreaterThan(0.2);
            assertThat(metric(url, "pipewright_feature_drift_psi{feature=\"colour\"}")).as("colour did not move").isLessThan(0.1);
            assertThat(metric(url, "pipewright_drift_window_rows")).isEqualTo(500);
        } finally {
            own.close();
        }
    }

    private static void send(String url, Random random, double shift, int rows) throws Exception {
        var instances = new java.util.ArrayList<Map<String, Object>>();
        for (int i = 0; i < rows; i++) {
            var instance = new java.util.HashMap<String, Object>();
            instance.put("x", i % 17 == 0 ? null : random.nextGaussian() + shift); // missing as often as in training: a change in that is drift too
            instance.put("colour", random.nextBoolean() ? "red" : "blue");
            instances.add(instance);
        }
        var answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/models/credit:predict"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("instances", instances)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    /** A sample's value in the Prometheus text of /metrics. */
    private static double metric(String url, String sample) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + sample + " in /metrics:\n" + text);
    }
}
