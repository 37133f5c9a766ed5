package io.pipewright.serve;

import static io.pipewright.serve.FeedbackServerTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.loop.MonitorDrift;
import io.pipewright.loop.MonitorRunner;
import io.pipewright.loop.PipelineRetrainer;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import io.pipewright.train.ModelArtifact;
import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A monitor whose new data is a server's feedback: the labelled rows the server wrote are what the monitor compares and scores. */
class FeedbackMonitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;
    private Store store;

    @BeforeEach
    void trainChampion() throws Exception {
        store = Store.open(folder.resolve("home"), "test");
        Path data = Files.createDirectories(folder.resolve("data"));
        Files.copy(Path.of("sample-data/credit/credit.csv"), data.resolve("credit.csv"));
        Files.writeString(folder.resolve("train.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: credit-monitored
                seed: 7
                nodes:
                  - {id: read, type: read, params: {path: data/credit.csv}}
                  - {id: split, type: split, inputs: {table: read.table}, params: {strategy: stratified, target: default, test: 0.25}}
                  - {id: train, type: train, inputs: {train: split.train}, params: {target: default, algorithm: logistic_regression}}
                  - {id: eval, type: evaluate, inputs: {model: train.model, table: split.test}}
                  - {id: register, type: register, inputs: {model: train.model, metrics: eval.metrics}, params: {name: credit-risk, alias: champion}}
                """);
        var trained = retrainer().retrain(folder.resolve("train.yaml"), "credit-risk", Progress.NONE);
        assertThat(trained.finished()).isTrue();
        new ModelRegistry(store, Clock.systemUTC()).setAlias("credit-risk", "champion", 1, "promote");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private PipelineRetrainer retrainer() {
        return new PipelineRetrainer(store, folder.resolve("artifacts"), "test", warning -> {
        }, io.pipewright.pipeline.StoreRunEnvironment.dataRootOf(folder.resolve("artifacts")),
                io.pipewright.data.DatabaseCredentials.ofProcess());
    }

    @Test
    void theMonitorScoresTheModelOnTheLabelsThatCameBack() throws Exception {
        var version = new ModelRegistry(store, Clock.systemUTC()).find("credit-risk@champion").orElseThrow();
        var predictor = Predictor.load("credit-risk", "1", Path.of(version.artifactPath()), 1);
        Path served = folder.resolve("served");
        var server = new ModelServer(predictor, 10_000_000).log(new RequestLog(served, 64_000_000, 5));
        String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        int correct = 0;
        int labelled = 0;
        try {
            var lines = Files.readAllLines(folder.resolve("data/credit.csv"));
            List<String> header = List.of(lines.get(0).split(","));
            var feedback = JSON.createArrayNode();
            for (int request = 0; request < 6; request++) {
                var instances = new ArrayList<Map<String, Object>>();
                var truth = new ArrayList<String>();
                for (int r = 0; r < 50; r++) {
                    String[] cells = lines.get(1 + request * 50 + r).split(",", -1);
                    var record = new HashMap<String, Object>();
                    for (ModelArtifact.Input feature : predictor.features()) {
                        String cell = cells[header.indexOf(feature.name())];
                        record.put(feature.name(), cell.isEmpty() ? null : feature.type().equals("numeric") ? Double.parseDouble(cell) : cell);
                    }
                    instances.add(record);
                    truth.add(cells[header.indexOf("default")]);
                }
                var response = post(base + "/v1/models/credit-risk:predict", JSON.writeValueAsString(Map.of("id", "w" + request,
                        "instances", instances)));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode answer = JSON.readTree(response.body());
                for (int r = 0; r < 50; r++) {
                    feedback.addObject().put("id", "w" + request).put("row", r).put("label", truth.get(r));
                    // the target's yes/no was read as a boolean in training: the model's classes are true and false
                    String outcome = io.pipewright.data.TypeInference.booleanValue(truth.get(r)).toString();
                    correct += answer.path("predictions").get(r).asText().equals(outcome) ? 1 : 0;
                    labelled++;
                }
            }
            var response = post(base + "/v1/models/credit-risk:feedback", JSON.writeValueAsString(feedback));
            assertThat(JSON.readTree(response.body()).path("joined").asInt()).as(response.body()).isEqualTo(300);
        } finally {
            server.close();
        }
        Path file = Files.writeString(folder.resolve("served.yaml"), "monitor: served\nmodel: credit-risk@champion\nreference: data/credit.csv\n"
                + "current: {feedback: served}\n");

        var check = new MonitorRunner(store, MonitorDrift.check(), retrainer(), Clock.systemUTC()).run(file, Progress.NONE);

        assertThat(check.currentPath()).isEqualTo(served.toAbsolutePath().normalize().toString());
        assertThat(check.currentRows()).isEqualTo(300);
        assertThat(check.metric()).isEqualTo("accuracy");
        assertThat(check.metricValue()).as("the model scored on the labelled rows: the server's answers against the labels")
                .isCloseTo((double) correct / labelled, within(1e-12));
        assertThat(check.driftShare()).as("rows of the training data: nothing drifts").isZero();
    }

    @Test
    void aServerFolderWithoutLabelsYetIsOneLine() throws Exception {
        Files.createDirectories(folder.resolve("served"));
        Files.writeString(folder.resolve("served/requests.jsonl"), "{\"_time\": \"2027-01-01T00:00:00Z\", \"_id\": \"a\", \"age\": 40}\n");
        Path file = Files.writeString(folder.resolve("served.yaml"), "monitor: served\nmodel: credit-risk@champion\nreference: data/credit.csv\n"
                + "current: {feedback: served}\n");
        assertThatThrownBy(() -> new MonitorRunner(store, MonitorDrift.check(), retrainer(), Clock.systemUTC()).run(file, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("served.yaml: current.feedback: " + folder.resolve("served")
                        + ": no labelled rows yet (the server writes them to feedback.jsonl there when labels come back to /v1/models/NAME:feedback; "
                        + "serve with --log-requests on this folder)");

        Files.writeString(file, Files.readString(file).replace("{feedback: served}", "{feedback: nowhere}"));
        assertThatThrownBy(() -> new MonitorRunner(store, MonitorDrift.check(), retrainer(), Clock.systemUTC()).run(file, Progress.NONE))
                .hasMessage("served.yaml: current.feedback: " + folder.resolve("nowhere") + ": no such folder");
    }
}
