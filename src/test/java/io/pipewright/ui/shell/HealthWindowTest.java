package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.pipewright.loop.scorecard.Criterion;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The Health tab of the Models workspace in the real main window: the chosen version's scorecard, row by row. */
class HealthWindowTest extends AppWindowTest {
    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    /** credit-risk:1 without a run; credit-risk:2, the champion, trained by a validated run and monitored (accuracy 0.84 → 0.78). */
    private void fillStore() {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.record("credit", "run-2", null, Runs.FINISHED, T0, T0.plusSeconds(60), null);
            runs.metric(run.id(), "validate.validation.issue_fraction", 0, 0.0004);
            runs.flush();
            var registry = new ModelRegistry(store, Clock.systemUTC());
            registry.register("credit-risk", null, "/m/v1.pwmodel", "a".repeat(64), "{\"accuracy\": 0.80}", null);
            registry.register("credit-risk", "run-2", "/m/v2.pwmodel", "b".repeat(64), "{\"accuracy\": 0.84}", "champion");
            new MonitorChecks(store).record(new MonitorChecks.Check(0, "credit-monthly", "/monitors/credit.yaml", T0.plusSeconds(3600), "credit-risk",
                    2, "/data/credit.csv", "/data/new.csv", 1000L, false, 0.1, 0.05, "income", "accuracy", 0.84, 0.78, (0.84 - 0.78) / 0.84, true,
                    List.of("accuracy dropped"), "retrained", null, null, null), "{}");
        }
    }

    @Test
    void theHealthTabShowsTheChampionsScorecardAndMeasuresTheServerAtTheUrlGiven() throws Exception {
        fillStore();
        // a server's /metrics: 98 quick answers and two between 0.25 and 1 s, none refused
        HttpServer metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] scrape = """
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="0.01"} 98
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="0.25"} 98
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="1.0"} 100
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="+Inf"} 100
                pipewright_requests_seconds_count{endpoint="predict",status="200"} 100
                """.getBytes(StandardCharsets.UTF_8);
        metrics.createContext("/metrics", exchange -> {
            exchange.sendResponseHeaders(200, scrape.length);
            exchange.getResponseBody().write(scrape);
            exchange.close();
        });
        metrics.start();
        try {
            app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
            waitUntil(() -> text("#store-status").startsWith("Schema version"));
            robot.clickOn("#workspace-models");
            robot.clickOn("#health-tab");
            TableView<Criterion> table = robot.lookup("#health-table").queryTableView();
            // no version selected: the champion's scorecard
            waitUntil(() -> table.getItems().size() == 6);
            assertThat(text("#health-title")).isEqualTo("credit-risk:2 (champion)");
            assertThat(text("#health-summary")).isEqualTo("1 passed, 1 failed, 4 unknown");
            assertThat(table.getItems()).extracting(Criterion::criterion).containsExactly("Data issues", "Degradation before retraining",
                    "p99 latency", "Rollback time", "Spot share", "Waste");
            assertThat(table.getItems()).extracting(row -> row.status().text()).startsWith("pass", "fail", "unknown", "unknown");
            // what a person reads in the rows
            waitUntil(() -> robot.lookup("0.04 %").tryQuery().isPresent());
            waitUntil(() -> robot.lookup("7.14 %").tryQuery().isPresent());
            waitUntil(() -> robot.lookup("< 200 ms").tryQuery().isPresent());
            assertThat(robot.lookup(".table-cell").queryAll().stream().filter(cell -> cell instanceof javafx.scene.control.Labeled labeled
                    && "fail".equals(labeled.getText())).findFirst().orElseThrow().getStyleClass()).contains("danger");

            // the server's /metrics: rank 0.99 × 100 = 99 in the (0.25, 1] bucket, 0.25 + 0.75 × (99 − 98) / 2 = 625 ms: a failure
            robot.clickOn("#health-metrics-url").write("http://127.0.0.1:" + metrics.getAddress().getPort()).type(KeyCode.ENTER);
            waitUntil(() -> table.getItems().size() == 6 && table.getItems().get(2).measured() != null);
            assertThat(table.getItems().get(2).measured()).isEqualTo(625.0);
            waitUntil(() -> robot.lookup("625.0 ms").tryQuery().isPresent());
            assertThat(text("#health-summary")).isEqualTo("1 passed, 2 failed, 3 unknown");

            // a server that is not there: its rows unknown, the reason said
            robot.clickOn("#health-metrics-url").push(KeyCode.CONTROL, KeyCode.A).write("http://127.0.0.1:1/metrics");
            robot.clickOn("#health-measure");
            waitUntil(() -> text("#health-message").equals("cannot read metrics from http://127.0.0.1:1/metrics: nothing answers there (connection refused)"));
            waitUntil(() -> table.getItems().get(2).measured() == null);
            assertThat(table.getItems().get(2).detail()).isEqualTo(text("#health-message"));

            // another version selected: its own scorecard
            TableView<ModelRegistry.Version> versions = robot.lookup("#version-table").queryTableView();
            robot.interact(() -> versions.getSelectionModel().select(1));
            waitUntil(() -> text("#health-title").equals("credit-risk:1"));
            waitUntil(() -> table.getItems().get(0).detail().startsWith("it was registered without a run, so no validation report"));
            assertThat(table.getItems()).extracting(row -> row.status().text()).containsOnly("unknown");
        } finally {
            metrics.stop(0);
        }
    }
}
