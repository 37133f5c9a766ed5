package io.pipewright.serve;

import static io.pipewright.serve.FeedbackServerTest.metrics;
import static io.pipewright.serve.FeedbackServerTest.post;
import static io.pipewright.serve.FeedbackServerTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.ModelArtifactTest;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The A/B split: its share within a binomial tolerance, a key always on one variant, answers naming the variant, per-variant metrics. */
class AbSplitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Predictor a;
    private static Predictor b;

    @BeforeAll
    static void train() {
        a = load("random_forest", "credit", "1");
        b = load("logistic_regression", "credit", "2");
    }

    private static Predictor load(String algorithm, String name, String version) {
        var model = Trainer.fit(ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", algorithm, Map.of(), null, List.of(), 5, "abc",
                List.of(), null), TrainingListener.NONE);
        Path file = dir.resolve(algorithm + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, name, Map.of(), "test", file);
        return Predictor.load(name, version, file, 2);
    }

    /** Four standard deviations of a binomial share: a seeded key set misses it with probability about 6e-5. */
    private static double fourSigma(double share, int n) {
        return 4 * Math.sqrt(share * (1 - share) / n);
    }

    @Test
    void theShareOfKeysSentToBIsTheSplitAndAKeyStaysOnItsVariant() {
        var split = AbSplit.of(0.1, "header:X-User-Id", a);
        var random = new Random(42);
        int n = 100_000;
        int toB = 0;
        var noRows = List.<Map<String, Object>>of(Map.of("x", 1.0, "colour", "red"));
        for (int i = 0; i < n; i++) {
            String user = "user-" + random.nextLong();
            String variant = split.route(noRows, user, "req-" + i);
            toB += variant.equals(AbSplit.B) ? 1 : 0;
            assertThat(split.route(noRows, user, "another-request-" + i)).as("the same user, another request").isEqualTo(variant);
        }
        assertThat((double) toB / n).isCloseTo(0.1, within(fourSigma(0.1, n)));

        // without the header: by the request id, so about the same share, request by request
        int byId = 0;
        for (int i = 0; i < n; i++) {
            byId += split.route(noRows, null, "pw-" + Long.toString(i, 36)).equals(AbSplit.B) ? 1 : 0;
        }
        assertThat((double) byId / n).isCloseTo(0.1, within(fourSigma(0.1, n)));

        // by a feature: every request with the same value goes one way, 42 and 42.0 alike
        var byX = AbSplit.of(0.5, "x", a);
        String first = byX.route(List.of(Map.of("x", 42, "colour", "red")), null, "r1");
        assertThat(byX.route(List.of(Map.of("x", 42.0, "colour", "blue")), null, "r2")).isEqualTo(first);
        int half = 0;
        for (int i = 0; i < 20_000; i++) {
            half += byX.route(List.of(Map.of("x", (double) i, "colour", "red")), null, "r").equals(AbSplit.B) ? 1 : 0;
        }
        assertThat(half / 20_000.0).isCloseTo(0.5, within(fourSigma(0.5, 20_000)));
    }

    @Test
    void aSplitKeyOrAShareThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> AbSplit.of(0, null, a)).hasMessage("--split must be a fraction between 0 and 1 (exclusive), not 0.0");
        assertThatThrownBy(() -> AbSplit.of(1, null, a)).hasMessage("--split must be a fraction between 0 and 1 (exclusive), not 1.0");
        assertThatThrownBy(() -> AbSplit.of(Double.NaN, null, a)).hasMessage("--split must be a fraction between 0 and 1 (exclusive), not NaN");
        assertThatThrownBy(() -> AbSplit.of(0.1, "age", a))
                .hasMessage("--split-key: 'age' is not a feature of credit (x, colour); a request header is header:NAME");
        assertThatThrownBy(() -> AbSplit.of(0.1, "header:", a)).hasMessage("--split-key: 'header:' names no valid header (header:X-User-Id)");
    }

    @Test
    void answersNameTheirVariantAndEachVariantHasItsMetrics() throws Exception {
        var server = new ModelServer(a, 1_000_000);
        server.scoring().ab(b, AbSplit.of(0.3, "header:X-User-Id", a));
        String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        try {
            Map<String, String> variantOf = new HashMap<>();
            Map<String, Integer> answers = new HashMap<>();
            var labels = new ArrayList<String>();
            var feedback = JSON.createArrayNode();
            var random = new Random(7);
            Map<String, int[]> correct = new HashMap<>(Map.of("a", new int[2], "b", new int[2]));
            var rows = ModelArtifactTest.table(400, 21);
            for (int i = 0; i < 400; i++) {
                String user = "u" + random.nextInt(1_000_000);
                double x = rows.doubleColumn("x").getDouble(i);
                String body = "{\"id\": \"ab" + i + "\", \"instances\": [{\"x\": " + (Double.isNaN(x) ? "null" : x) + ", \"colour\": \""
                        + rows.stringColumn("colour").get(i) + "\"}]}";
                var response = post(base + "/v1/models/credit:predict", body, "X-User-Id", user);
                JsonNode answer = JSON.readTree(response.body());
                String variant = answer.path("variant").asText();
                assertThat(variant).isIn("a", "b");
                assertThat(response.headers().firstValue(AbSplit.VARIANT_HEADER)).hasValue(variant);
                assertThat(answer.path("model_version").asText()).isEqualTo(variant.equals("a") ? "1" : "2");
                Predictor expected = variant.equals("a") ? a : b;
                Map<String, Object> record = new HashMap<>();
                record.put("x", Double.isNaN(x) ? null : x);
                record.put("colour", rows.stringColumn("colour").get(i));
                assertThat(answer.path("predictions").get(0).asText()).as("answered by the variant it names")
                        .isEqualTo(String.valueOf(expected.predict(List.of(record)).predictions().get(0)));
                variantOf.put(user, variant);
                answers.merge(variant, 1, Integer::sum);
                // the same user again: the same variant
                var again = JSON.readTree(post(base + "/v1/models/credit:predict", body.replace("\"ab" + i + "\"", "\"again" + i + "\""), "X-User-Id", user)
                        .body());
                assertThat(again.path("variant").asText()).as("user " + user + " stays on a variant").isEqualTo(variant);
                answers.merge(variant, 1, Integer::sum);
                String label = rows.stringColumn("label").get(i);
                labels.add(label);
                feedback.addObject().put("id", "ab" + i).put("label", label);
                int[] tally = correct.get(variant);
                tally[0] += answer.path("predictions").get(0).asText().equals(label) ? 1 : 0;
                tally[1]++;
            }
            double shareB = (double) answers.getOrDefault("b", 0) / 800;
            assertThat(shareB).as("400 users, seeded: within four standard deviations of 0.3").isCloseTo(0.3, within(fourSigma(0.3, 400)));

            var joined = JSON.readTree(post(base + "/v1/models/credit:feedback", JSON.writeValueAsString(feedback)).body());
            assertThat(joined.path("joined").asInt()).isEqualTo(400);
            String scrape = metrics(base);
            for (String variant : List.of("a", "b")) {
                String version = variant.equals("a") ? "1" : "2";
                int count = answers.get(variant);
                assertThat(sample(scrape, "pipewright_variant_latency_seconds_count", "variant=\"" + variant + "\"")).isEqualTo(count);
                double predictions = sample(scrape, "pipewright_variant_predictions_total", "variant=\"" + variant + "\"", "class=\"no\"")
                        + sample(scrape, "pipewright_variant_predictions_total", "variant=\"" + variant + "\"", "class=\"yes\"");
                assertThat(predictions).isEqualTo(count);
                int[] tally = correct.get(variant);
                assertThat(sample(scrape, "pipewright_live_labels", "variant=\"" + variant + "\"", "version=\"" + version + "\"")).isEqualTo(tally[1]);
                assertThat(sample(scrape, "pipewright_live_accuracy", "variant=\"" + variant + "\"", "version=\"" + version + "\""))
                        .isCloseTo((double) tally[0] / tally[1], within(1e-12));
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aVariantThatReadsOtherFeaturesIsRefusedNamingTheFeature() {
        var table = ModelArtifactTest.table(300, 1);
        table.column("colour").setName("hue");
        var other = Trainer.fit(table, null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5, "abc", List.of(), null),
                TrainingListener.NONE);
        Path file = dir.resolve("hue" + ModelArtifact.EXTENSION);
        ModelArtifact.write(other, "credit", Map.of(), "test", file);
        var hue = Predictor.load("credit", "9", file, 1);
        assertThatThrownBy(() -> new Scoring(a).ab(hue, AbSplit.of(0.5, null, a)))
                .hasMessage("--ab: credit version 9 does not fit credit version 1: feature colour is missing from it");
    }
}
