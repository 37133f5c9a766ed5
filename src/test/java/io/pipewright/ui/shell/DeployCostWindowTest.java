package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.export.ExportFixtures;
import io.pipewright.serve.ModelServer;
import io.pipewright.serve.Predictor;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The Deploy workspace's Cost tab in the real window: the bundle's cost, then a running server measured against its requests. */
class DeployCostWindowTest extends AppWindowTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    long waitSeconds() {
        return 60;
    }

    @Test
    void theCostTabShowsTheBundlesCostAndWhatARunningServerUses() throws Exception {
        Path artifact = home.resolve("credit-v1.pwmodel");
        Files.copy(ExportFixtures.classifierArtifact(), artifact);
        try (Store store = Store.open(home.resolve("store"), "test")) {
            new ModelRegistry(store, Clock.systemUTC()).register("credit-risk", null, artifact.toString(),
                    io.pipewright.export.ModelFacts.sha256(artifact), "{}", "champion");
        }
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#workspace-deploy");
        waitUntil(() -> robot.lookup("#deploy-workspace").query().isVisible());
        robot.clickOn("#deploy-source");
        robot.clickOn("credit-risk:1 (champion)");

        TabPane details = robot.lookup("#deploy-details").query();
        Tab costTab = details.getTabs().get(1);
        waitUntil(() -> costTab.getText().matches("Cost: [0-9.,]+ USD a month"));
        robot.interact(() -> details.getSelectionModel().select(costTab));
        waitUntil(() -> robot.lookup("#deploy-cost-spot").tryQuery().isPresent());
        assertThat(text("#deploy-cost-spot")).isEqualTo("0.0 % of the pods");
        assertThat(text("#deploy-cost-waste")).isEqualTo("unknown: needs a running server's /metrics");
        assertThat(robot.lookup("#deploy-cost-measure").queryButton().isDisabled()).isFalse();
        waitUntilNothingCut(robot.lookup("#deploy-cost").query());

        var server = new ModelServer(Predictor.load("credit-risk", "1", artifact, 1), 1_000_000);
        var stop = new AtomicBoolean();
        try {
            String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
            var predict = HttpRequest.newBuilder(URI.create(base + "/v1/models/credit-risk:predict")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"x\": 0.3, \"colour\": \"red\"}]}")).build();
            // a bounded load: until the measurement is shown, 5,000 requests at most
            var load = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5000 && !stop.get(); i++) {
                    try {
                        HTTP.send(predict, HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            robot.interact(() -> {
                robot.lookup("#deploy-cost-metrics").queryAs(TextField.class).setText(base);
                robot.lookup("#deploy-cost-window").queryAs(TextField.class).setText("2s");
            });
            robot.clickOn("#deploy-cost-measure");
            waitUntil(() -> text("#deploy-cost-message").startsWith("Measuring " + base + "/metrics over 2s"));
            waitUntil(() -> text("#deploy-cost-message").startsWith("Measured "));
            stop.set(true);
            load.join();
            assertThat(text("#deploy-cost-cpu")).matches("[0-9.,]+ cores used: utilisation [0-9.,]+ %, waste [0-9.]+ %");
            assertThat(text("#deploy-cost-memory")).matches("[0-9.,]+ MiB held: utilisation [0-9.,]+ %, waste [0-9.]+ %");
            assertThat(text("#deploy-cost-waste")).matches("[0-9.]+ % of the requests \\(by price\\) unused");
            waitUntilNothingCut(robot.lookup("#deploy-cost").query());
        } finally {
            stop.set(true);
            server.close();
        }

        // an address that cannot be one is said at once, and the field marked
        robot.interact(() -> robot.lookup("#deploy-cost-metrics").queryAs(TextField.class).setText("localhost:8080"));
        robot.clickOn("#deploy-cost-measure");
        waitUntil(() -> text("#deploy-cost-message").equals("localhost:8080: must be an http:// address such as http://127.0.0.1:8080/metrics"));
        assertThat(robot.lookup("#deploy-cost-metrics").query().getPseudoClassStates()).contains(javafx.css.PseudoClass.getPseudoClass("danger"));
    }
}
