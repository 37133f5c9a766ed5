package io.pipewright.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipewright.train.ModelArtifact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST serving runtime: one model behind the Open Inference Protocol (KServe's V2) and a simple
 * records form, with Prometheus metrics. Requests are checked against the artifact's input schema
 * (and every number must be finite: {@link FiniteNumbers}); a client's mistake is a 4xx with
 * {@code {"error": "..."}} naming what is wrong, never a 500, and so is a request Jetty refuses
 * before routing ({@link JsonErrorPages}). A failure of the server is a 500 whose detail goes to the log.
 *
 * <pre>
 * GET  /v2/health/live            200 while the process runs
 * GET  /v2/health/ready           200 once the model is loaded and warmed up, 503 before
 * GET  /v2/models/{name}          inputs (name, datatype, shape), outputs, labels
 * POST /v2/models/{name}/infer    named tensors, or one row-major tensor of every feature
 * POST /v1/models/{name}:predict  {"instances": [{feature: value, ...}, ...]}
 * POST /v1/models/{name}:feedback [{"id": ..., "label": ...}, ...]: labels for earlier answers (see {@link Feedback})
 * GET  /metrics                   Prometheus text format
 * </pre>
 *
 * Every answer carries the request's {@code id} (also in {@code X-Request-Id}) and {@code model_version};
 * with an A/B split also {@code variant} ({@code a} or {@code b}, also in {@code X-Pipewright-Variant}).
 */
public final class ModelServer implements AutoCloseable {
    /** Default limit of a request body: 10 MB. */
    public static final long DEFAULT_MAX_BODY = 10L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Reads request bodies. NaN and Infinity literals are read (Python's json module writes them)
     * so that the check of every feature's value can refuse them naming the feature.
     */
    private static final ObjectMapper REQUESTS = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // the same doubles (correctly rounded), several times faster than the JDK's parser, which was a tenth of a request
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelServer.class);
    /** A request attribute: the answer is written (the 404 handler must not write another). */
    private static final String ANSWERED = "pipewright.answered";
    /** Request attributes: the endpoint a request reached, and when it started (its status is recorded once the answer is final). */
    private static final String ENDPOINT = "pipewright.endpoint";
    private static final String STARTED = "pipewright.started";
    /** The header that carries a request's id both ways. */
    public static final String REQUEST_ID = "X-Request-Id";

    private final Scoring scoring;
    private final long maxBody;
    private final PrometheusMeterRegistry registry;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private Duration drain = Duration.ofSeconds(30);
    private Javalin app;

    public ModelServer(Predictor predictor, long maxBody) {
        this(new Scoring(predictor), maxBody);
    }

    /** REST in front of {@code scoring}, which other transports (gRPC, a stream) may share. */
    public ModelServer(Scoring scoring, long maxBody) {
        this.scoring = scoring;
        this.maxBody = maxBody;
        this.registry = scoring.registry();
        // what a drain waits for, and where requests pile up under load
        io.micrometer.core.instrument.Gauge.builder("pipewright.requests.in.flight", inFlight, java.util.concurrent.atomic.AtomicInteger::get)
                .description("requests being answered (health checks and /metrics aside)").register(registry);
    }

    /** What this server scores through. */
    public Scoring scoring() {
        return scoring;
    }

    /** Refuses a batch size under one row (before a model is loaded, the command line checks it too). */
    public static void checkMaxBatch(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("--max-batch must be at least 1, not " + maxBatch);
        }
    }

    /** Rows in the drift window by default. */
    public static final int DEFAULT_DRIFT_WINDOW = 1000;

    /** Measures drift over the last {@code rows} rows served (before {@link #start}): see {@link Scoring#driftWindow}. */
    public ModelServer driftWindow(int rows) {
        scoring.driftWindow(rows);
        return this;
    }

    /** Groups concurrent requests' rows into predictions (before {@link #start}): see {@link Scoring#batching}. */
    public ModelServer batching(int maxBatch, Duration maxLatency) {
        scoring.batching(maxBatch, maxLatency);
        return this;
    }

    /** Scores every request with a second model too: see {@link Scoring#shadow}. */
    public ModelServer shadow(Predictor shadow) {
        scoring.shadow(shadow);
        return this;
    }

    /** Logs every predicted row: see {@link Scoring#log}. */
    public ModelServer log(RequestLog log) {
        scoring.log(log);
        return this;
    }

    /** How long {@link #close()} waits for requests in flight (Kubernetes' terminationGracePeriodSeconds should be longer). */
    public ModelServer drain(Duration drain) {
        this.drain = drain;
        return this;
    }

    /** Starts listening on host:port (0 for any free port); returns the port. The model is warmed up before it reports ready. */
    public int start(String host, int port) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = maxBody + 1;
            config.routes.get("/v2/health/live", ctx -> json(ctx, 200, JSON.createObjectNode().put("live", true)));
            config.routes.get("/v2/health/ready", ctx -> json(ctx, scoring.ready() ? 200 : 503, JSON.createObjectNode().put("ready", scoring.ready())));
            config.routes.get("/v2/models/{name}", ctx -> timed(ctx, "metadata", () -> {
                if (known(ctx, ctx.pathParam("name"))) {
                    json(ctx, 200, metadata());
                }
            }));
            config.routes.post("/v2/models/{name}/infer", ctx -> timed(ctx, "infer", () -> {
                if (known(ctx, ctx.pathParam("name"))) {
                    infer(ctx);
                }
            }));
            config.routes.post("/v1/models/{spec}", ctx -> {
                String spec = ctx.pathParam("spec");
                if (spec.endsWith(":feedback")) {
                    timed(ctx, "feedback", () -> {
                        if (known(ctx, spec.substring(0, spec.length() - ":feedback".length()))) {
                            feedback(ctx);
                        }
                    });
                    return;
                }
                timed(ctx, "predict", () -> {
                    if (!spec.endsWith(":predict")) {
                        json(ctx, 404, error("no such endpoint: /v1/models/" + spec + " (use /v1/models/NAME:predict or NAME:feedback)"));
                    } else if (known(ctx, spec.substring(0, spec.length() - ":predict".length()))) {
                        predict(ctx);
                    }
                });
            });
            config.routes.get("/v1/features/{view}/{entity}", ctx -> timed(ctx, "features", () -> features(ctx)));
            config.routes.get("/metrics", ctx -> {
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                ctx.result(registry.scrape());
            });
            config.routes.error(404, "*", ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    json(ctx, 404, error("no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
            // the online store did not answer: the request was fine, and may be sent again
            config.routes.exception(FeatureLookup.StoreUnavailable.class, (e, ctx) -> {
                LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                json(ctx, 503, error("the online feature store did not answer; send the request again"));
            });
            // the detail of a failure is for the log: a client gets no library's text, path or stack
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                json(ctx, 500, error("the server failed to answer this request; its log has the details"));
            });
            // the status is read when the answer is final: after the exception and error handlers set it
            config.requestLogger.http((ctx, milliseconds) -> {
                String endpoint = ctx.attribute(ENDPOINT);
                Long started = ctx.attribute(STARTED);
                if (endpoint != null && started != null) {
                    timer(endpoint, ctx.statusCode()).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
        });
        app.start(host, port);
        scoring.start();
        return app.port();
    }

    public boolean ready() {
        return scoring.ready();
    }

    /** The Prometheus registry (tests read it; a shadow model adds to it). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Stops gracefully: reports not ready at once (a load balancer stops sending), lets the requests
     * in flight finish (at most the drain time), then stops the server.
     */
    @Override
    public void close() {
        if (app == null) {
            return;
        }
        scoring.notReady();
        long deadline = System.nanoTime() + drain.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        app.stop();
        app = null;
        scoring.close();
    }

    /**
     * Runs a handler, counted in flight; its time is recorded under the endpoint and the status
     * actually sent once the answer is final (a handler that throws is answered 500 after it returns).
     */
    private void timed(Context ctx, String endpoint, Runnable handler) {
        ctx.attribute(STARTED, System.nanoTime());
        ctx.attribute(ENDPOINT, endpoint);
        inFlight.incrementAndGet();
        try {
            handler.run();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** One entity's values from the online store: 404 for a view the store lacks or an entity it has no row for. */
    private void features(Context ctx) {
        FeatureLookup lookup = scoring.features();
        String view = ctx.pathParam("view");
        String entity = ctx.pathParam("entity");
        if (lookup == null) {
            json(ctx, 404, error("this server has no online store (start it with --online, or serve a model trained through a features node)"));
            return;
        }
        if (!lookup.holds(view)) {
            json(ctx, 404, error("no feature view '" + view + "' in the online store (materialize it: pipewright features materialize)"));
            return;
        }
        java.util.Optional<io.pipewright.features.OnlineStore.Entry> entry;
        try {
            entry = lookup.read(view, entity);
        } catch (io.pipewright.features.FeatureException e) {
            json(ctx, 400, error(e.getMessage()));
            return;
        }
        if (entry.isEmpty()) {
            json(ctx, 404, error("view '" + view + "' has no entity " + entity));
            return;
        }
        var found = entry.get();
        ObjectNode body = JSON.createObjectNode();
        body.put("view", found.view());
        body.put("entity", found.entity());
        body.put("event_time", found.eventTime().toString());
        body.put("expired", found.expired());
        body.set("features", JSON.valueToTree(found.features()));
        json(ctx, 200, body);
    }

    private boolean known(Context ctx, String name) {
        Predictor predictor = scoring.predictor();
        if (!predictor.name().equals(name)) {
            json(ctx, 404, error("no model named '" + name + "' (this server has '" + predictor.name() + "')"));
            return false;
        }
        return true;
    }

    private ObjectNode metadata() {
        Predictor predictor = scoring.predictor();
        var node = JSON.createObjectNode();
        node.put("name", predictor.name());
        node.putArray("versions").add(predictor.version());
        node.put("platform", "pipewright");
        node.put("algorithm", predictor.manifest().algorithm());
        node.put("task", predictor.classifier() ? "classification" : "regression");
        ArrayNode inputs = node.putArray("inputs");
        for (ModelArtifact.Input feature : predictor.features()) {
            var input = inputs.addObject();
            input.put("name", feature.name());
            input.put("datatype", datatype(feature.type()));
            input.putArray("shape").add(-1);
            input.put("kind", feature.type());
        }
        ArrayNode outputs = node.putArray("outputs");
        var predictions = outputs.addObject();
        predictions.put("name", "predictions");
        predictions.put("datatype", predictor.classifier() ? "BYTES" : "FP64");
        predictions.putArray("shape").add(-1);
        if (predictor.classifier()) {
            var probabilities = outputs.addObject();
            probabilities.put("name", "probabilities");
            probabilities.put("datatype", "FP64");
            probabilities.putArray("shape").add(-1).add(predictor.labels().size());
            var labels = node.putArray("labels");
            predictor.labels().forEach(labels::add);
        }
        return node;
    }

    private static String datatype(String kind) {
        return switch (kind) {
            case "numeric" -> "FP64";
            case "boolean" -> "BOOL";
            default -> "BYTES";
        };
    }

    /** Reads the body as a JSON object; answers 413 or 400 itself and returns null when it cannot be read. */
    private JsonNode body(Context ctx) {
        JsonNode node = readJson(ctx);
        if (node != null && !node.isObject()) {
            json(ctx, 400, error("the request body must be a JSON object"));
            return null;
        }
        return node;
    }

    /** Reads the body's bytes; answers 413 or 400 itself and returns null when it cannot be read. */
    private byte[] bodyBytes(Context ctx) {
        String length = ctx.header("Content-Length");
        boolean digits = length != null && !length.isEmpty() && length.chars().allMatch(c -> c >= '0' && c <= '9');
        if (digits && (length.length() > 18 || Long.parseLong(length) > maxBody)) {
            json(ctx, 413, error("the request body is " + length + " bytes; the limit is " + maxBody));
            return null;
        }
        byte[] bytes;
        if (digits && Long.parseLong(length) <= Integer.MAX_VALUE - 8) {
            // its length is known and within the limit: read exactly that (Javalin's reader copies through a fresh 8 KB buffer)
            try {
                bytes = ctx.req().getInputStream().readNBytes(Integer.parseInt(length));
            } catch (java.io.IOException e) {
                json(ctx, 400, error("the request body cannot be read"));
                return null;
            }
        } else {
            try {
                bytes = ctx.bodyAsBytes();
            } catch (RuntimeException e) {
                json(ctx, 413, error("the request body is over the limit of " + maxBody + " bytes"));
                return null;
            }
        }
        if (bytes.length > maxBody) {
            json(ctx, 413, error("the request body is " + bytes.length + " bytes; the limit is " + maxBody));
            return null;
        }
        return bytes;
    }

    /** Answers 400 for a body that is not JSON: malformed (saying where), or unreadable. */
    private static void malformed(Context ctx, java.io.IOException e) {
        if (e instanceof JsonProcessingException json) {
            LOG.debug("malformed JSON in a request: {}", json.getMessage());
            json(ctx, 400, error("malformed JSON: " + io.pipewright.work.JsonErrors.describe(json)));
        } else {
            json(ctx, 400, error("the request body cannot be read"));
        }
    }

    /** Reads the body as JSON; answers 413 or 400 itself and returns null when it cannot be read. */
    private JsonNode readJson(Context ctx) {
        byte[] bytes = bodyBytes(ctx);
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode node = REQUESTS.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                json(ctx, 400, error("the request body is empty"));
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            LOG.debug("malformed JSON in a request: {}", e.getMessage());
            json(ctx, 400, error("malformed JSON: " + io.pipewright.work.JsonErrors.describe(e)));
            return null;
        } catch (java.io.IOException e) {
            json(ctx, 400, error("the request body cannot be read"));
            return null;
        }
    }

    private void predict(Context ctx) {
        byte[] bytes = bodyBytes(ctx);
        if (bytes == null) {
            return;
        }
        RecordsRequest body;
        try {
            body = RecordsRequest.read(REQUESTS, bytes);
        } catch (java.io.IOException e) {
            malformed(ctx, e);
            return;
        }
        if (body == null) {
            json(ctx, 400, error("the request body is empty"));
            return;
        }
        if (!body.object()) {
            json(ctx, 400, error("the request body must be a JSON object"));
            return;
        }
        Scoring.Scored scored = predictOr422(ctx, body.id() != null ? body.id() : ctx.header(REQUEST_ID), () -> {
            if (body.instances() == null) {
                throw new Predictor.InvalidInput("expected {\"instances\": [{feature: value, ...}, ...]}");
            }
            if (body.notAnObject()) {
                throw new Predictor.InvalidInput("each instance must be an object of feature: value");
            }
            return body.instances();
        });
        if (scored == null) {
            return;
        }
        ctx.header(REQUEST_ID, scored.id());
        if (scoring.split() != null) {
            ctx.header(AbSplit.VARIANT_HEADER, scored.variant());
        }
        byte[] answer;
        try {
            answer = PredictionJson.records(JSON, scored, scoring.split() != null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the response: " + e.getMessage(), e);
        }
        send(ctx, answer);
    }

    private void infer(Context ctx) {
        JsonNode body = body(ctx);
        if (body == null) {
            return;
        }
        int[] rows = new int[1];
        Scoring.Scored scored = predictOr422(ctx, requestId(ctx, body), () -> {
            JsonNode inputs = body.get("inputs");
            if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
                throw new Predictor.InvalidInput("expected {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}, ...]}");
            }
            var records = records(inputs, scoring.predictor().features());
            rows[0] = records.size();
            return records;
        });
        if (scored == null) {
            return;
        }
        Predictor predictor = scored.predictor();
        Predictor.Prediction prediction = scored.prediction();
        var response = JSON.createObjectNode();
        response.put("model_name", predictor.name());
        response.put("model_version", predictor.version());
        response.put("id", scored.id());
        variant(ctx, response, scored);
        ctx.header(REQUEST_ID, scored.id());
        ArrayNode outputs = response.putArray("outputs");
        var predictions = outputs.addObject();
        predictions.put("name", "predictions");
        predictions.putArray("shape").add(rows[0]);
        predictions.put("datatype", predictor.classifier() ? "BYTES" : "FP64");
        ArrayNode data = predictions.putArray("data");
        prediction.predictions().forEach(data::addPOJO);
        if (prediction.probabilities() != null) {
            var probabilities = outputs.addObject();
            probabilities.put("name", "probabilities");
            probabilities.putArray("shape").add(rows[0]).add(predictor.labels().size());
            probabilities.put("datatype", "FP64");
            ArrayNode flat = probabilities.putArray("data");
            for (double[] row : prediction.probabilities()) {
                for (double p : row) {
                    flat.add(p);
                }
            }
        }
        json(ctx, 200, response);
    }

    /** The request's id: the body's "id" (Open Inference), else the X-Request-Id header, else null (one is made). */
    private static String requestId(Context ctx, JsonNode body) {
        JsonNode id = body.get("id");
        if (id != null && id.isValueNode() && !id.isNull()) {
            return id.asText();
        }
        return ctx.header(REQUEST_ID);
    }

    /** With an A/B split: the variant that answered, in the body and a header. */
    private void variant(Context ctx, ObjectNode response, Scoring.Scored scored) {
        if (scoring.split() != null) {
            response.put("variant", scored.variant());
            ctx.header(AbSplit.VARIANT_HEADER, scored.variant());
        }
    }

    /** Reads the records and scores them; a request the schema refuses is answered 422 here, and gives null. */
    private Scoring.Scored predictOr422(Context ctx, String id, java.util.function.Supplier<List<Map<String, Object>>> records) {
        try {
            AbSplit split = scoring.split();
            return scoring.score(records.get(), id, split != null && split.header() != null ? ctx.header(split.header()) : null);
        } catch (Predictor.InvalidInput e) {
            json(ctx, 422, error(e.getMessage()));
            return null;
        }
    }

    /**
     * Rows from Open Inference tensors: one tensor per feature (by name, shape [n] or [n, 1]), or one
     * row-major tensor of shape [n, features] in the order of the metadata's inputs.
     */
    static List<Map<String, Object>> records(JsonNode inputs, List<ModelArtifact.Input> features) {
        if (inputs.size() == 1 && inputs.get(0).path("shape").size() == 2 && inputs.get(0).path("shape").get(1).asInt() == features.size()
                && features.size() > 1) {
            JsonNode tensor = inputs.get(0);
            int rows = tensor.path("shape").get(0).asInt();
            JsonNode data = flatten(tensor.path("data"));
            if (data.size() != rows * features.size()) {
                throw new Predictor.InvalidInput(tensor.path("name").asText("input") + ": shape " + tensor.path("shape") + " needs "
                        + rows * features.size() + " values, not " + data.size());
            }
            var records = new ArrayList<Map<String, Object>>();
            for (int r = 0; r < rows; r++) {
                var record = new LinkedHashMap<String, Object>();
                for (int f = 0; f < features.size(); f++) {
                    record.put(features.get(f).name(), value(data.get(r * features.size() + f)));
                }
                records.add(record);
            }
            return records;
        }
        int rows = -1;
        var columns = new LinkedHashMap<String, JsonNode>();
        for (JsonNode tensor : inputs) {
            String name = tensor.path("name").asText(null);
            if (name == null) {
                throw new Predictor.InvalidInput("every input needs a name");
            }
            JsonNode data = flatten(tensor.path("data"));
            if (!tensor.path("data").isArray()) {
                throw new Predictor.InvalidInput(name + ": data must be an array");
            }
            if (rows >= 0 && data.size() != rows) {
                throw new Predictor.InvalidInput(name + ": " + data.size() + " values, but the other inputs have " + rows);
            }
            rows = data.size();
            columns.put(name, data);
        }
        var records = new ArrayList<Map<String, Object>>();
        for (int r = 0; r < rows; r++) {
            var record = new LinkedHashMap<String, Object>();
            for (var column : columns.entrySet()) {
                record.put(column.getKey(), value(column.getValue().get(r)));
            }
            records.add(record);
        }
        return records;
    }

    private static JsonNode flatten(JsonNode data) {
        if (!data.isArray() || data.isEmpty() || !data.get(0).isArray()) {
            return data;
        }
        ArrayNode flat = JSON.createArrayNode();
        data.forEach(row -> row.forEach(flat::add));
        return flat;
    }

    /** A JSON object of feature: value as a record, as every JSON transport reads one (an instance here, a Kafka record's value). */
    public static Map<String, Object> record(JsonNode object) {
        var record = new LinkedHashMap<String, Object>();
        object.fields().forEachRemaining(field -> record.put(field.getKey(), value(field.getValue())));
        return record;
    }

    /** A JSON value as a record's value: null, a number, a boolean or text (a container is kept for the schema check to name). */
    static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isContainerNode()) {
            return node; // an object or array where a value belongs: the schema check names the feature
        }
        return node.asText();
    }

    /**
     * Joins labels to earlier answers: the body is a JSON array of {@code {"id", "label"}} items, with
     * {@code "row"} (from 0) for a row of a request of several rows (or the id {@code ID/ROW}). Answers how
     * many joined, how many ids were unknown (the first 20 named) and how many were labelled already.
     */
    private void feedback(Context ctx) {
        JsonNode body = readJson(ctx);
        if (body == null) {
            return;
        }
        if (!body.isArray()) {
            json(ctx, 400, error("the feedback body must be a JSON array: [{\"id\": ..., \"label\": ...}, ...]"));
            return;
        }
        Feedback.Outcome outcome;
        try {
            outcome = scoring.feedback().join(FeedbackItems.read(body), scoring.predictor());
        } catch (Predictor.InvalidInput e) {
            json(ctx, 422, error(e.getMessage()));
            return;
        }
        var response = JSON.createObjectNode();
        response.put("joined", outcome.joined());
        response.put("unknown", outcome.unknown());
        response.put("duplicate", outcome.duplicate());
        ArrayNode ids = response.putArray("unknown_ids");
        outcome.unknownIds().forEach(ids::add);
        json(ctx, 200, response);
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }


    /** Per endpoint, its request timers by status. */
    private final java.util.concurrent.ConcurrentHashMap<String, Timer[]> timers = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The request timer of an endpoint and status, made once (a builder per request cost more than the timing; a key
     * string per request was the rest). Two threads that make the same one at once get the same: the registry keeps one.
     */
    private Timer timer(String endpoint, int status) {
        Timer[] byStatus = timers.computeIfAbsent(endpoint, key -> new Timer[600]);
        if (status < 0 || status >= byStatus.length) {
            return newTimer(endpoint, status);
        }
        Timer timer = byStatus[status];
        if (timer == null) {
            timer = newTimer(endpoint, status);
            byStatus[status] = timer;
        }
        return timer;
    }

    private Timer newTimer(String endpoint, int status) {
        return Timer.builder("pipewright.requests").description("requests by endpoint and status")
                .tag("endpoint", endpoint).tag("status", Integer.toString(status))
                .serviceLevelObjectives(Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
                        Duration.ofMillis(3), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1))
                .register(registry);
    }

    /**
     * Writes the answer. A successful one goes straight to the response: a result handed to Javalin
     * is copied through a fresh 8 KB buffer per request, which was most of what a prediction request
     * allocated. Errors go through Javalin, which also finishes reading a body left unread (a 413).
     */
    private static void json(Context ctx, int status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = "{\"error\": \"cannot write the response\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (status != 200) {
            ctx.status(status);
            ctx.contentType("application/json");
            ctx.attribute(ANSWERED, Boolean.TRUE);
            ctx.result(bytes);
            return;
        }
        send(ctx, bytes);
    }

    /** Sends a 200 answer of JSON bytes straight to the response. */
    private static void send(Context ctx, byte[] bytes) {
        ctx.status(200);
        ctx.contentType("application/json");
        ctx.attribute(ANSWERED, Boolean.TRUE);
        try {
            ctx.res().setContentLength(bytes.length);
            ctx.res().getOutputStream().write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot send the response: " + e.getMessage(), e);
        }
    }
}
