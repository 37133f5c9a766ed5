package io.pipewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pipewright.serve.ModelServer;
import io.pipewright.serve.PredictionJson;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.RecordsRequest;
import io.pipewright.serve.Scoring;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Where a served request's time goes besides HTTP, stage by stage on one thread (what a request costs
 * the server's CPU, which other load on the machine changes less than a rate under wrk): reading the
 * body's JSON (as a tree, as before, and streamed into records, as now), the schema check, the model,
 * the rest of {@code Scoring} (ids, metrics, drift, the feedback window; with the micro-batcher as
 * {@code serve} makes it, uncontended), and writing the answer (a tree, as before, and the generator, as
 * now); for the two models of {@link ServeBenchmark}. The HTTP layer's own cost per request is the bare
 * endpoint's CPU per request printed by {@link ServeBenchmark}.
 *
 * <pre>java -cp … io.pipewright.bench.ServePathBenchmark</pre>  (or mvn -q test-compile exec:exec -Dbench=ServePathBenchmark)
 */
public final class ServePathBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper TREE = JsonMapper.builder().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final ObjectMapper STREAM = JsonMapper.builder().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static volatile Object sink;

    private ServePathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("pipewright-serve-path");
        var forestRow = new LinkedHashMap<String, Object>();
        Path forest = dir.resolve("forest" + ModelArtifact.EXTENSION);
        ModelArtifact.write(Trainer.fit(ServeBenchmark.numericTable(new Random(11), forestRow), null, new Trainer.Request("label", "random_forest",
                Map.of("trees", 100), null, List.of(), 11, null, List.of(), null), TrainingListener.NONE), "forest", Map.of(), "bench", forest);
        var creditRow = new LinkedHashMap<String, Object>();
        Path credit = dir.resolve("credit" + ModelArtifact.EXTENSION);
        ModelArtifact.write(Trainer.fit(ServeBenchmark.creditTable(creditRow), null, new Trainer.Request("default", "random_forest", Map.of("trees", 150),
                null, List.of(), 11, null, List.of(), null), TrainingListener.NONE), "credit", Map.of(), "bench", credit);
        System.out.printf(Locale.US, "one request of one row, on one thread, each stage the fastest of 40 interleaved rounds (load average %s):%n", Files.readString(Path.of("/proc/loadavg")).trim());
        stages("forest (100 trees, 20 numeric features)", Predictor.load("forest", "1", forest, 1), forestRow);
        stages("credit (150 trees, numeric + categorical)", Predictor.load("credit", "1", credit, 1), creditRow);
    }

    private static void stages(String title, Predictor predictor, Map<String, Object> row) throws Exception {
        byte[] body = JSON.writeValueAsBytes(Map.of("instances", List.of(row)));
        List<Map<String, Object>> records = RecordsRequest.read(STREAM, body).instances();
        Predictor.Rows rows = predictor.prepare(records);
        var stages = new LinkedHashMap<String, Supplier<Object>>();
        stages.put("parseTree", () -> {
            try {
                JsonNode tree = TREE.readTree(body);
                var parsed = new ArrayList<Map<String, Object>>();
                for (JsonNode instance : tree.get("instances")) {
                    parsed.add(ModelServer.record(instance));
                }
                return parsed;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        stages.put("parseStream", () -> {
            try {
                return RecordsRequest.read(STREAM, body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        stages.put("check", () -> predictor.prepare(records));
        stages.put("model", () -> predictor.predict(rows, null));
        var alone = new Scoring(predictor).start();
        var batched = new Scoring(predictor).batching(16, Duration.ofMillis(1)).start();
        stages.put("scoreAlone", () -> alone.score(records, null));
        stages.put("scoreBatched", () -> batched.score(records, null));
        Scoring.Scored scored = alone.score(records, null);
        stages.put("writeTree", () -> {
            try {
                var response = JSON.createObjectNode();
                response.put("id", scored.id());
                response.put("model_version", scored.version());
                ArrayNode predictions = response.putArray("predictions");
                scored.prediction().predictions().forEach(predictions::addPOJO);
                ArrayNode probabilities = response.putArray("probabilities");
                for (double[] p : scored.prediction().probabilities()) {
                    var perClass = probabilities.addObject();
                    for (int k = 0; k < p.length; k++) {
                        perClass.put(predictor.labels().get(k), p[k]);
                    }
                }
                return JSON.writeValueAsBytes(response);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        stages.put("writeStream", () -> {
            try {
                return PredictionJson.records(JSON, scored, false);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Double> micros = micros(stages);
        double parseTree = micros.get("parseTree");
        double parseStream = micros.get("parseStream");
        double check = micros.get("check");
        double model = micros.get("model");
        double scoreAlone = micros.get("scoreAlone");
        double scoreBatched = micros.get("scoreBatched");
        double writeTree = micros.get("writeTree");
        double writeStream = micros.get("writeStream");
        alone.close();
        batched.close();
        System.out.printf(Locale.US, "%s, a %d-byte body:%n", title, body.length);
        System.out.printf(Locale.US, "  JSON in:   %5.1f µs as a tree (before), %5.1f µs streamed into records (now)%n", parseTree, parseStream);
        System.out.printf(Locale.US, "  schema check %5.1f µs; model %5.1f µs (encoding and %s)%n", check, model, "the trees");
        System.out.printf(Locale.US, "  the rest of Scoring (ids, metrics, drift, feedback window): %5.1f µs alone, %5.1f µs through the micro-batcher (uncontended)%n",
                scoreAlone - check - model, scoreBatched - check - model);
        System.out.printf(Locale.US, "  JSON out:  %5.1f µs as a tree (before), %5.1f µs by the generator (now)%n", writeTree, writeStream);
        System.out.printf(Locale.US, "  total besides HTTP (JSON in, Scoring, JSON out): %5.1f µs with the JSON as before, %5.1f µs now%n", parseTree + scoreAlone + writeTree,
                parseStream + scoreAlone + writeStream);
    }

    /**
     * Microseconds per call of each stage: after 20,000 calls of each as warm-up, 40 rounds of 2,000 calls of each stage in turn, the
     * least of each stage's rounds (the one others' load disturbed least; the stages interleaved, so that they share the same moments).
     */
    private static Map<String, Double> micros(Map<String, Supplier<Object>> stages) {
        var best = new LinkedHashMap<String, Double>();
        stages.forEach((name, call) -> {
            for (int i = 0; i < 20_000; i++) {
                sink = call.get();
            }
            best.put(name, Double.MAX_VALUE);
        });
        for (int r = 0; r < 40; r++) {
            stages.forEach((name, call) -> {
                long start = System.nanoTime();
                for (int i = 0; i < 2_000; i++) {
                    sink = call.get();
                }
                best.merge(name, (System.nanoTime() - start) / 1e3 / 2_000, Math::min);
            });
        }
        return best;
    }
}
