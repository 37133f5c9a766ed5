package io.pipewright.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.Await;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.ModelArtifactTest;
import io.pipewright.train.Task;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Labels sent back to {@code /v1/models/NAME:feedback} over REST: joined to earlier answers (from memory
 * or the request log), live metrics in /metrics checked against a computation by hand, unknown ids
 * counted, bad bodies refused naming the item with nothing kept.
 */
class FeedbackServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The live metrics come from the same doubles as the hand computation; only the order of the sums differs. */
    private static final double TOLERANCE = 1e-9;

    @TempDir
    static Path dir;

    private static Path classifier;
    private static Path regressor;

    @BeforeAll
    static void train() {
        var model = Trainer.fit(ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5,
                "abc", List.of(), null), TrainingListener.NONE);
        classifier = dir.resolve("credit" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", classifier);
        var random = new java.util.Random(3);
        var x = DoubleColumn.create("x");
        var colour = StringColumn.create("colour");
        var y = DoubleColumn.create("y");
        for (int i = 0; i < 200; i++) {
            double value = random.nextGaussian();
            String c = random.nextBoolean() ? "red" : "blue";
            x.append(value);
            colour.append(c);
            y.append(3 * value + (c.equals("red") ? 1 : -1) + random.nextGaussian() * 0.1);
        }
        var housing = Trainer.fit(Table.create("h", x, colour, y), null, new Trainer.Request("y", "linear_regression", Map.of(), Task.REGRESSION,
                List.of(), 5, "abc", List.of(), null), TrainingListener.NONE);
        regressor = dir.resolve("housing" + ModelArtifact.EXTENSION);
        ModelArtifact.write(housing, "housing", Map.of(), "test", regressor);
    }

    static HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String metrics(String base) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of a Prometheus sample whose name and labels contain every part given. */
    static double sample(String metrics, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no sample " + name + " " + List.of(labels) + " in /metrics");
    }

    /** A row of the test table as a request's record. */
    private static Map<String, Object> record(Table rows, int i) {
        var record = new HashMap<String, Object>();
        double x = rows.doubleColumn("x").getDouble(i);
        record.put("x", Double.isNaN(x) ? null : x);
        record.put("colour", rows.stringColumn("colour").get(i));
        return record;
    }

    /** Accuracy, ROC AUC (P(yes) ranking, ties half) and log loss (clipped at 1e-15) by hand. */
    static double[] byHand(List<String> truth, List<String> predicted, List<Double> pYes) {
        int n = truth.size();
        double correct = 0;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            correct += truth.get(i).equals(predicted.get(i)) ? 1 : 0;
            double p = truth.get(i).equals("yes") ? pYes.get(i) : 1 - pYes.get(i);
            loss -= Math.log(Math.min(Math.max(p, 1e-15), 1 - 1e-15));
        }
        double pairs = 0;
        double wins = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (truth.get(i).equals("yes") && truth.get(j).equals("no")) {
                    pairs++;
                    wins += pYes.get(i) > pYes.get(j) ? 1 : pYes.get(i).equals(pYes.get(j)) ? 0.5 : 0;
                }
            }
        }
        return new double[] {correct / n, wins / pairs, loss / n};
    }

    @Test
    void labelsJoinEarlierAnswersAndTheLiveMetricsAreTheHandComputation() throws Exception {
        var server = new ModelServer(Predictor.load("credit", "1", classifier, 2), 1_000_000);
        String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        try {
            Table rows = ModelArtifactTest.table(60, 11);
            var truth = new ArrayList<String>();
            var predicted = new ArrayList<String>();
            var pYes = new ArrayList<Double>();
            var feedback = JSON.createArrayNode();
            for (int i = 0; i < 50; i++) {
                var answer = JSON.readTree(post(base + "/v1/models/credit:predict", JSON.writeValueAsString(Map.of("id", "r" + i,
                        "instances", List.of(record(rows, i))))).body());
                assertThat(answer.path("id").asText()).isEqualTo("r" + i);
                assertThat(answer.has("variant")).as("no variant without an A/B split").isFalse();
                predicted.add(answer.path("predictions").get(0).asText());
                pYes.add(answer.path("probabilities").get(0).path("yes").asDouble());
                truth.add(rows.stringColumn("label").get(i));
                feedback.addObject().put("id", "r" + i).put("label", truth.get(i));
            }
            // one request of three rows: its rows are m/0, m/1, m/2 (by id) or id m with row 1
            var many = JSON.readTree(post(base + "/v1/models/credit:predict", JSON.writeValueAsString(Map.of("instances",
                    List.of(record(rows, 50), record(rows, 51), record(rows, 52)))), "X-Request-Id", "m").body());
            for (int r = 0; r < 2; r++) {
                predicted.add(many.path("predictions").get(r).asText());
                pYes.add(many.path("probabilities").get(r).path("yes").asDouble());
                truth.add(rows.stringColumn("label").get(50 + r));
            }
            feedback.addObject().put("id", "m/0").put("label", truth.get(50));
            feedback.addObject().put("id", "m").put("row", 1).put("label", truth.get(51));
            feedback.addObject().put("id", "never-answered").put("label", "yes");
            feedback.addObject().put("id", "m").put("label", "no"); // m had three rows: "m" alone names none of them
            feedback.addObject().put("id", 12345).put("label", "no");
            feedback.addObject().put("id", "r0").put("label", truth.get(0)); // the same id twice in one call

            var joined = post(base + "/v1/models/credit:feedback", JSON.writeValueAsString(feedback));
            assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
            JsonNode outcome = JSON.readTree(joined.body());
            assertThat(outcome.path("joined").asInt()).isEqualTo(52);
            assertThat(outcome.path("unknown").asInt()).isEqualTo(3);
            assertThat(outcome.path("duplicate").asInt()).isEqualTo(1);
            assertThat(outcome.path("unknown_ids")).extracting(JsonNode::asText).containsExactly("never-answered", "m", "12345");

            double[] expected = byHand(truth, predicted, pYes);
            String scrape = metrics(base);
            assertThat(sample(scrape, "pipewright_live_accuracy", "version=\"1\"", "variant=\"a\"")).isCloseTo(expected[0], within(TOLERANCE));
            assertThat(sample(scrape, "pipewright_live_roc_auc", "version=\"1\"", "variant=\"a\"")).isCloseTo(expected[1], within(TOLERANCE));
            assertThat(sample(scrape, "pipewright_live_log_loss", "version=\"1\"", "variant=\"a\"")).isCloseTo(expected[2], within(TOLERANCE));
            assertThat(sample(scrape, "pipewright_live_labels", "version=\"1\"", "variant=\"a\"")).isEqualTo(52);
            assertThat(sample(scrape, "pipewright_feedback_total", "result=\"joined\"")).isEqualTo(52);
            assertThat(sample(scrape, "pipewright_feedback_total", "result=\"unknown\"")).isEqualTo(3);
            assertThat(sample(scrape, "pipewright_feedback_total", "result=\"duplicate\"")).isEqualTo(1);

            var again = JSON.readTree(post(base + "/v1/models/credit:feedback", "[{\"id\": \"r1\", \"label\": \"yes\"}]").body());
            assertThat(again.path("duplicate").asInt()).as("a label for an id labelled before is ignored").isEqualTo(1);
            assertThat(sample(metrics(base), "pipewright_live_labels", "variant=\"a\"")).isEqualTo(52);
        } finally {
            server.close();
        }
    }

    @Test
    void theLiveWindowKeepsTheLastLabelsAndRegressionHasMaeAndRmse() throws Exception {
        var server = new ModelServer(Predictor.load("housing", "3", regressor, 1), 1_000_000);
        server.scoring().feedbackWindow(100, 5);
        String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        try {
            var errors = new ArrayList<Double>();
            for (int i = 0; i < 8; i++) {
                var answer = JSON.readTree(post(base + "/v1/models/housing:predict", "{\"id\": \"h" + i + "\", \"instances\": [{\"x\": " + (i * 0.5)
                        + ", \"colour\": \"red\"}]}").body());
                double label = i * 1.5 + 2;
                errors.add(label - answer.path("predictions").get(0).asDouble());
                assertThat(post(base + "/v1/models/housing:feedback", "[{\"id\": \"h" + i + "\", \"label\": " + label + "}]").statusCode()).isEqualTo(200);
            }
            var last = errors.subList(3, 8); // a window of 5 labels
            double mae = last.stream().mapToDouble(Math::abs).average().orElseThrow();
            double rmse = Math.sqrt(last.stream().mapToDouble(e -> e * e).average().orElseThrow());
            String scrape = metrics(base);
            assertThat(sample(scrape, "pipewright_live_mae", "version=\"3\"")).isCloseTo(mae, within(TOLERANCE));
            assertThat(sample(scrape, "pipewright_live_rmse", "version=\"3\"")).isCloseTo(rmse, within(TOLERANCE));
            assertThat(sample(scrape, "pipewright_live_labels", "version=\"3\"")).isEqualTo(5);

            var text = post(base + "/v1/models/housing:feedback", "[{\"id\": \"h0\", \"label\": \"high\"}]");
            assertThat(text.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(text.body()).path("error").asText())
                    .isEqualTo("[0].label (id h0): must be a finite number (housing is a regression model), not 'high'");
        } finally {
            server.close();
        }
    }

    @Test
    void aBadBodyIsA4xxNamingTheItemAndKeepsNothing() throws Exception {
        var server = new ModelServer(Predictor.load("credit", "1", classifier, 1), 1_000_000);
        String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        try {
            post(base + "/v1/models/credit:predict", "{\"id\": \"k1\", \"instances\": [{\"x\": 1.0, \"colour\": \"red\"}]}");
            post(base + "/v1/models/credit:predict", "{\"id\": \"k2\", \"instances\": [{\"x\": -1.0, \"colour\": \"blue\"}]}");
            String url = base + "/v1/models/credit:feedback";
            Map<String, String> refused = new java.util.LinkedHashMap<>();
            refused.put("{\"id\": \"k1\", \"label\": \"yes\"}", "400 the feedback body must be a JSON array: [{\"id\": ..., \"label\": ...}, ...]");
            refused.put("[{\"id\": \"k1\", \"label\": \"yes\"}", "400 malformed JSON");
            refused.put("[]", "422 no labels in the feedback body: expected [{\"id\": ..., \"label\": ...}, ...]");
            refused.put("[{\"id\": \"k1\", \"label\": \"yes\"}, \"k2\"]", "422 [1]: expected an object {\"id\": ..., \"label\": ...}, not text");
            refused.put("[{\"id\": \"k1\", \"label\": \"yes\"}, {\"label\": \"no\"}]", "422 [1].id: missing (the id of the answer the label is for)");
            refused.put("[{\"id\": \"k1\", \"label\": \"yes\"}, {\"id\": \"k2\"}]", "422 [1].label (id k2): missing");
            refused.put("[{\"id\": \"k1\", \"label\": \"yes\"}, {\"id\": \"k2\", \"label\": null}]", "422 [1].label (id k2): missing");
            refused.put("[{\"id\": \"k1\", \"label\": \"yes\"}, {\"id\": \"k2\", \"label\": [\"no\"]}]",
                    "422 [1].label (id k2): must be a class or a number, not an array");
            refused.put("[{\"id\": \"k1\", \"label\": \"yes\"}, {\"id\": \"k2\", \"label\": \"maybe\"}]",
                    "422 [1].label (id k2): 'maybe' is not a class of credit version 1 (no, yes)");
            refused.put("[{\"id\": \"k1\", \"label\": \"yes\"}, {\"id\": \"nobody\", \"label\": true}]",
                    "422 [1].label (id nobody): true is not a class of credit version 1 (no, yes)");
            refused.put("[{\"id\": {\"a\": 1}, \"label\": \"yes\"}]", "422 [0].id: must be text or a whole number, not an object");
            refused.put("[{\"id\": \"k1\", \"row\": -1, \"label\": \"yes\"}]", "422 [0].row (id k1): must be a whole number from 0, not -1");
            refused.put("[{\"id\": \"k1\", \"lable\": \"yes\"}]", "422 [0].lable: unknown field (an item has id, label and, for a row of a larger request, row)");
            for (var entry : refused.entrySet()) {
                var answer = post(url, entry.getKey());
                String[] want = entry.getValue().split(" ", 2);
                assertThat(answer.statusCode()).as(entry.getKey()).isEqualTo(Integer.parseInt(want[0]));
                assertThat(JSON.readTree(answer.body()).path("error").asText()).as(entry.getKey()).startsWith(want[1]);
            }
            String scrape = metrics(base);
            assertThat(scrape).as("no label was kept from a refused call").doesNotContain("pipewright_live_labels");
            assertThat(sample(scrape, "pipewright_feedback_total", "result=\"joined\"")).isZero();
            var accepted = JSON.readTree(post(url, "[{\"id\": \"k1\", \"label\": \"yes\"}, {\"id\": \"k2\", \"label\": \"no\"}]").body());
            assertThat(accepted.path("joined").asInt()).as("the labels of refused calls were not counted as given").isEqualTo(2);
            assertThat(post(base + "/v1/models/other:feedback", "[]").statusCode()).isEqualTo(404);
        } finally {
            server.close();
        }
    }

    /** With the memory window off, labels find their answers in the request log; the joined rows go to feedback.jsonl for a monitor. */
    @Test
    void withRequestsLoggedLabelsJoinFromTheLogAndLabelledRowsAreWritten() throws Exception {
        Path logs = dir.resolve("logged");
        var log = new RequestLog(logs, 10_000_000, 5);
        var server = new ModelServer(Predictor.load("credit", "1", classifier, 1), 1_000_000).log(log);
        server.scoring().feedbackWindow(0, 1000);
        String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        try {
            var answer = JSON.readTree(post(base + "/v1/models/credit:predict", """
                    {"id": "q", "instances": [{"x": 1.5, "colour": "red"}, {"x": null, "colour": "blue"}]}""").body());
            Await.until("two rows logged", Duration.ofSeconds(10), () -> log.written() == 2);
            var lines = Files.readAllLines(logs.resolve(RequestLog.FILE));
            assertThat(lines).extracting(line -> JSON.readTree(line).path("_id").asText()).containsExactly("q/0", "q/1");
            assertThat(JSON.readTree(lines.get(0)).path("_version").asText()).isEqualTo("1");
            Path reference = Files.writeString(dir.resolve("reference.csv"), "x,colour\n1.0,red\n-1.0,blue\n");
            var drift = io.pipewright.quality.drift.Drift.compare(io.pipewright.quality.drift.Drift.reader(reference),
                    io.pipewright.quality.drift.Drift.reader(logs), io.pipewright.quality.drift.DriftOptions.defaults(), io.pipewright.work.Progress.NONE);
            assertThat(drift.schema().onlyInCurrent()).as("the log's id and version are not columns the reference lacks").isEmpty();

            var joined = JSON.readTree(post(base + "/v1/models/credit:feedback", "[{\"id\": \"q/1\", \"label\": \"no\"}, {\"id\": \"q/7\", \"label\": \"no\"}]")
                    .body());
            assertThat(joined.path("joined").asInt()).isEqualTo(1);
            assertThat(joined.path("unknown").asInt()).isEqualTo(1);
            double pNo = answer.path("probabilities").get(1).path("no").asDouble();
            String scrape = metrics(base);
            assertThat(sample(scrape, "pipewright_live_log_loss", "version=\"1\"")).as("probabilities of the logged row predicted again")
                    .isCloseTo(-Math.log(Math.min(Math.max(pNo, 1e-15), 1 - 1e-15)), within(TOLERANCE));
            assertThat(sample(scrape, "pipewright_live_accuracy", "version=\"1\""))
                    .isEqualTo(answer.path("predictions").get(1).asText().equals("no") ? 1.0 : 0.0);

            var labelled = Files.readAllLines(logs.resolve(FeedbackLog.FILE));
            assertThat(labelled).hasSize(1);
            JsonNode row = JSON.readTree(labelled.get(0));
            assertThat(row.path("_id").asText()).isEqualTo("q/1");
            assertThat(row.path("x").isNull()).isTrue();
            assertThat(row.path("colour").asText()).isEqualTo("blue");
            assertThat(row.path("prediction").asText()).isEqualTo(answer.path("predictions").get(1).asText());
            assertThat(row.path("label").asText()).as("the label under the model's target column").isEqualTo("no");
        } finally {
            server.close();
        }
    }
}
