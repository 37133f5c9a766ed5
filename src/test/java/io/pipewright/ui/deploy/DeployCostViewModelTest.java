package io.pipewright.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.export.BundleValidator;
import io.pipewright.export.ExportFixtures;
import io.pipewright.serve.ModelServer;
import io.pipewright.serve.Predictor;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Deploy workspace's Cost section without a window: the drafted bundle's figures, then a real server measured against them. */
class DeployCostViewModelTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String line(DeployCostViewModel cost, String id) {
        return cost.lines().stream().filter(line -> line.id().equals(id)).findFirst().orElseThrow().text();
    }

    @Test
    void theBundleCostIsShownAndAServerIsMeasuredAgainstItsRequests() throws Exception {
        var model = new DeployViewModel(new SameThreadTaskExecutor(), Optional::empty, new Notifications(), new BundleValidator.Tools(null, null));
        var cost = model.cost();
        assertThat(cost.readyProperty().get()).isFalse();
        model.addArtifact(ExportFixtures.classifierArtifact());
        assertThat(cost.readyProperty().get()).isTrue();
        assertThat(cost.headlineProperty().get()).matches("Cost: [0-9.,]+ USD a month");
        assertThat(line(cost, "pods")).matches("2, each [0-9.]+ CPU, [0-9]+ MiB");
        assertThat(line(cost, "spot")).isEqualTo("0.0 % of the pods");
        assertThat(line(cost, "waste")).isEqualTo("unknown: needs a running server's /metrics");
        assertThat(cost.lines()).filteredOn(DeployCostViewModel.Line::unknown).extracting(DeployCostViewModel.Line::id).containsExactly("cpu", "memory", "waste");
        double onDemand = cost.reportProperty().get().monthlyUsd();

        // an address that cannot be one is named before anything is read
        cost.metricsUrlProperty().set("localhost:8080");
        cost.measure();
        assertThat(cost.messageProperty().get()).isEqualTo("localhost:8080: must be an http:// address such as http://127.0.0.1:8080/metrics");
        assertThat(cost.problemFieldProperty().get()).isEqualTo("metrics");

        var server = new ModelServer(Predictor.load("credit_scoring", "1", ExportFixtures.classifierArtifact(), 1), 1_000_000);
        try {
            String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
            var predict = HttpRequest.newBuilder(URI.create(base + "/v1/models/credit_scoring:predict")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"x\": 0.3, \"colour\": \"red\"}]}")).build();
            // a bounded load beside the measurement: 2,000 requests at most, stopping when it ends
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var load = java.util.concurrent.CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2000 && !stop.get(); i++) {
                    try {
                        HTTP.send(predict, HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            cost.metricsUrlProperty().set(base);
            cost.windowProperty().set("1s");
            cost.measure(); // the same-thread executor: returns once the window is over
            stop.set(true);
            load.join();
            assertThat(cost.problemFieldProperty().get()).isEmpty();
            assertThat(cost.messageProperty().get())
                    .matches("Measured [0-9,]+ predictions in [0-9.]+ s; per 1,000: [0-9.,]+ CPU s, [0-9.,]+ MiB·s");
            var report = cost.reportProperty().get();
            assertThat(report.predictions()).isPositive();
            assertThat(line(cost, "cpu")).isEqualTo(String.format(java.util.Locale.ROOT, "%s cores used: utilisation %.1f %%, waste %.1f %%",
                    new java.math.BigDecimal(report.cpuCoresUsed()).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString(),
                    report.cpuUtilisation() * 100, report.cpuWastePercent()));
            assertThat(line(cost, "waste")).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %% of the requests (by price) unused", report.wastePercent()));
            assertThat(cost.lines()).noneMatch(DeployCostViewModel.Line::unknown);

            // spot nodes: the bundle is drafted again, and the measurement is kept against it
            model.spotProperty().set(true);
            model.preview();
            assertThat(line(cost, "spot")).isEqualTo("100.0 % of the pods");
            assertThat(cost.reportProperty().get().monthlyUsd()).isCloseTo(onDemand * 0.35, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(cost.reportProperty().get().cpuUtilisation()).isEqualTo(report.cpuUtilisation());
        } finally {
            server.close();
        }

        // another model: nothing shown until its bundle is drafted
        model.addArtifact(ExportFixtures.regressorArtifact());
        assertThat(cost.reportProperty().get()).isNotNull();
        assertThat(line(cost, "cpu")).isEqualTo("unknown: needs a running server's /metrics");
    }
}
