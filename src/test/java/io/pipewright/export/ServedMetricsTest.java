package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.serve.ModelServer;
import io.pipewright.serve.Predictor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every metric the bundle's dashboard and alerts read is one a live {@code pipewright serve} exposes on /metrics. */
class ServedMetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern NAME = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    /** The metric names a live server exposes after predicting a few rows. */
    static Set<String> scrape(Path artifact, String name, String instance) throws Exception {
        var server = new ModelServer(Predictor.load(name, "1", artifact, 1), 1_000_000);
        try {
            String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
            for (int i = 0; i < 3; i++) {
                var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/models/" + name + ":predict"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + instance + "]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            var names = new HashSet<String>();
            var matcher = NAME.matcher(metrics);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        } finally {
            server.close();
        }
    }

    @Test
    void theDashboardAndAlertsReadOnlyServedMetrics() throws Exception {
        var served = new HashSet<String>(scrape(ExportFixtures.classifierArtifact(), "credit_scoring", "{\"x\": 0.3, \"colour\": \"red\"}"));
        served.addAll(scrape(ExportFixtures.regressorArtifact(), "x-regression", "{\"colour\": \"red\"}"));
        assertThat(served).containsAll(BundleValidator.SERVED_METRICS);

        // and every query of a bundle reads only those (and Prometheus's up)
        for (var facts : java.util.List.of(ExportFixtures.classifier(), ExportFixtures.regressor())) {
            var result = Exporter.validate(Exporter.draft(facts, BundleOptions.defaults(), null), BundleValidator.Tools.fromPath(), () -> false);
            var check = result.validation().checks().stream().filter(c -> c.name().equals("Grafana dashboard")).findFirst().orElseThrow();
            assertThat(check.status()).isEqualTo(Validation.Status.PASSED);
            assertThat(result.validation().checks().stream().filter(c -> c.name().equals("alert rules")).findFirst().orElseThrow().status())
                    .isEqualTo(Validation.Status.PASSED);
        }
        assertThat(BundleValidator.unknownMetrics("panel 'x'", "rate(pipewright_requests_total{job=\"a\"}[5m])"))
                .containsExactly("panel 'x': reads pipewright_requests_total, which the serving runtime does not expose");
    }
}
