package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.Await;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.OnEachStore;
import io.pipewright.track.Store;
import io.pipewright.track.TestStore;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.ModelArtifactTest;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipewright scorecard} through the real entry point: against a {@code pipewright serve} process that follows
 * {@code credit@champion} (its refused requests, its latency histogram, the swap after a rollback), with nothing measured
 * (every row unknown, exit 0), and with bad input (one line, exit 2).
 */
class ScorecardCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @OnEachStore
    void aServedModelIsScoredFromItsMetricsAndTheRollbackIsTimedToTheSwap(TestStore stores) throws Exception {
        Path models = Files.createDirectories(stores.home().resolve("models"));
        Path first = artifact(models, "v1", 1);
        Path second = artifact(models, "v2", 2);
        try (Store store = stores.open()) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            registry.register("credit", "run-1", first.toString(), sha256(first), null, "champion");
            registry.register("credit", "run-2", second.toString(), sha256(second), null, null);
            registry.setAlias("credit", "champion", 2, "promote");
        }
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "io.pipewright.Main", "--home", stores.home().toString()));
        command.addAll(stores.cliOptions());
        command.addAll(List.of("serve", "--model", "credit@champion", "--port", "0", "--follow-interval", "0.2"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
            CompletableFuture.runAsync(() -> new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).lines()
                    .forEach(lines::add));
            var bound = Pattern.compile("^serving credit \\(random_forest\\) on http://127\\.0\\.0\\.1:(\\d+) ");
            var seen = new StringBuilder();
            int port = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (port < 0 && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    seen.append(line).append('\n');
                    var found = bound.matcher(line);
                    if (found.find()) {
                        port = Integer.parseInt(found.group(1));
                    }
                }
            }
            assertThat(port).as("the server said where it serves:\n%s", seen).isPositive();
            String url = "http://127.0.0.1:" + port;
            Await.until("the server is ready", Duration.ofSeconds(30), () -> status(url + "/v2/health/ready", null) == 200);

            // 200 answered predictions, 3 refused for their data
            for (int i = 0; i < 200; i++) {
                assertThat(status(url + "/v1/models/credit:predict", "{\"instances\": [{\"x\": " + (i / 100.0) + ", \"colour\": \"red\"}]}")).isEqualTo(200);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(status(url + "/v1/models/credit:predict", "{\"instances\": [{\"x\": \"many\", \"colour\": \"red\"}]}")).isEqualTo(422);
            }
            CliRun rollback = CliRun.on(stores, "models", "rollback", "credit");
            assertThat(rollback.code()).as(rollback.err()).isZero();
            Await.until("version 1 swapped in", Duration.ofSeconds(30), () -> get(url + "/metrics").contains("pipewright_model_version 1.0"));
            String metrics = get(url + "/metrics");
            assertThat(metrics).containsPattern("pipewright_model_swapped_at_seconds\\{alias=\"champion\",model=\"credit\"\\} \\d\\.\\d+E9");

            // its bundle: two pods on demand (none on spot); the waste read over a window of one second
            Path bundle = export(dir, "on-demand", "replicas: 2\n");
            CliRun scored = whenFree(stores, "scorecard", "credit@champion", "--metrics", url + "/metrics", "--json", "--bundle", bundle.toString(),
                    "--window", "1s");
            assertThat(scored.code()).as("a measured criterion fails (data issues): exit 1; %s", scored.err()).isEqualTo(1);
            assertThat(scored.errLines()).containsExactly("reading " + url + "/metrics now and again in 1s for the waste…");
            JsonNode card = JSON.readTree(scored.out());
            assertThat(card.get("model").asText()).isEqualTo("credit:1");
            assertThat(card.get("alias").asText()).isEqualTo("champion");
            Map<String, JsonNode> rows = new java.util.LinkedHashMap<>();
            card.get("criteria").forEach(row -> rows.put(row.get("id").asText(), row));
            assertThat(rows).containsOnlyKeys("data_issues", "degradation", "p99_latency", "rollback", "spot", "waste");

            JsonNode issues = rows.get("data_issues");
            assertThat(issues.get("measured").asDouble()).isCloseTo(3.0 / 203 * 100, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(issues.get("status").asText()).isEqualTo("fail");
            assertThat(issues.get("target").asText()).isEqualTo("< 0.1 %");
            assertThat(issues.get("detail").asText()).isEqualTo("server: 3 of 203 prediction requests refused for their data (HTTP 400, 422); "
                    + "its run run-1 is no longer in the store");

            // p99 of the prediction endpoints, as the histogram has it; its status follows from the measured value
            JsonNode latency = rows.get("p99_latency");
            assertThat(latency.get("measured").asDouble()).isPositive();
            assertThat(latency.get("status").asText()).isEqualTo(latency.get("measured").asDouble() < 200 ? "pass" : "fail");
            assertThat(latency.get("detail").asText()).startsWith("203 prediction requests since the server started; p99 ");
            assertThat(latency.get("source").asText()).isEqualTo("server /metrics");

            // the rollback reached the answers within the follow interval and a load: well under 5 minutes
            JsonNode timed = rows.get("rollback");
            assertThat(timed.get("measured").asDouble()).isPositive().isLessThan(30.0);
            assertThat(timed.get("status").asText()).isEqualTo("pass");
            assertThat(timed.get("unit").asText()).isEqualTo("s");
            assertThat(timed.get("detail").asText()).matches("credit@champion rolled back to version 1 at \\S+; the server swapped it in \\d+\\.\\d+ s later");

            JsonNode spot = rows.get("spot");
            assertThat(spot.get("measured").asDouble()).isEqualTo(0.0);
            assertThat(spot.get("status").asText()).isEqualTo("fail");
            assertThat(spot.get("source").asText()).startsWith("cost (bundle " + bundle + "; /metrics of " + url + "/metrics over ");
            assertThat(spot.get("detail").asText()).isEqualTo("the share of its 2 pod(s) on spot nodes, by the bundle's node pools and replicas");
            // an idle server next to its requests: the waste measured (the cost helper's figure), its status following from it
            JsonNode waste = rows.get("waste");
            assertThat(waste.get("measured").asDouble()).isBetween(0.0, 100.0);
            assertThat(waste.get("status").asText()).isEqualTo(waste.get("measured").asDouble() < 20 ? "pass" : "fail");
            assertThat(waste.get("detail").asText()).startsWith("requested CPU and memory left unused, weighted by price: the server used ");

            assertThat(rows.get("degradation").get("status").asText()).isEqualTo("unknown");
            assertThat(rows.get("degradation").get("measured").isNull()).isTrue();

            // the same as a table
            CliRun table = whenFree(stores, "scorecard", "credit@champion", "--metrics", url);
            assertThat(table.code()).as(table.err()).isEqualTo(1);
            assertThat(table.err()).isEmpty();
            assertThat(table.out().lines().toList()).first().isEqualTo("scorecard of credit:1 (credit@champion)");
            assertThat(table.out()).contains("Data issues                     < 0.1 %    1.48 %       fail     server /metrics" + System.lineSeparator()
                    + "    server: 3 of 203 prediction requests refused for their data (HTTP 400, 422); its run run-1 is no longer in the store"
                    + System.lineSeparator());
            assertThat(table.out()).containsPattern("Rollback time +< 5 min +\\d+\\.\\d+ s +pass +alias history, server /metrics");
            assertThat(table.out().lines().reduce((a, b) -> b).orElseThrow()).endsWith("failed, 3 unknown");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void withNothingMeasuredEveryRowIsUnknownAndTheCommandSucceeds() {
        Path home = dir.resolve("home");
        try (Store store = Store.open(home.resolve("store"), "test")) {
            new ModelRegistry(store, Clock.systemUTC()).register("credit", null, "/m/v1.pwmodel", "a".repeat(64), null, "champion");
        }
        CliRun run = CliRun.in(home, "scorecard", "credit");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> printed = run.out().lines().toList();
        assertThat(printed.get(0)).isEqualTo("scorecard of credit:1");
        assertThat(printed.get(1)).isEqualTo("CRITERION                       TARGET     MEASURED     STATUS   SOURCE");
        assertThat(printed.subList(2, 10)).containsExactly(
                "Data issues                     < 0.1 %    –            unknown  validation report, server /metrics",
                "    it was registered without a run, so no validation report; no /metrics URL of its server given",
                "Degradation before retraining   < 5 %      –            unknown  monitor checks",
                "    no monitor check of credit:1 recorded (pipewright monitor run)",
                "p99 latency                     < 200 ms   –            unknown  server /metrics",
                "    no /metrics URL of its server given",
                "Rollback time                   < 5 min    –            unknown  alias history",
                "    no rollback of credit recorded in the alias history");
        assertThat(printed.get(printed.size() - 1)).isEqualTo("0 passed, 0 failed, 6 unknown");
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Path home = dir.resolve("home");
        try (Store store = Store.open(home.resolve("store"), "test")) {
            new ModelRegistry(store, Clock.systemUTC()).register("credit", null, "/m/v1.pwmodel", "a".repeat(64), null, "champion");
        }
        assertBad(CliRun.in(home, "scorecard", "housing"), "pipewright: no registered model 'housing'");
        assertBad(CliRun.in(home, "scorecard", "credit@staging"), "pipewright: 'credit@staging' names no registered version");
        // a URL given and not readable is an error, not a quiet row of unknowns: the person asked for that server's figures
        assertBad(CliRun.in(home, "scorecard", "credit", "--metrics", "http://127.0.0.1:1/metrics"),
                "pipewright: cannot read metrics from http://127.0.0.1:1/metrics: nothing answers there (connection refused)");
        assertBad(CliRun.in(home, "scorecard", "credit", "--metrics", "localhost:8080"),
                "pipewright: --metrics must be an http(s) URL such as http://127.0.0.1:8080/metrics, not 'localhost:8080'");
        assertBad(CliRun.in(home, "scorecard", "credit", "--bundle", dir.resolve("nowhere").toString()),
                "pipewright: --bundle " + dir.resolve("nowhere") + " is not a folder (a bundle written by pipewright export)");
    }

    @Test
    void aBundleAloneGivesTheSpotShareAndTheWasteNeedsItsServer() throws Exception {
        Path home = dir.resolve("home");
        try (Store store = Store.open(home.resolve("store"), "test")) {
            new ModelRegistry(store, Clock.systemUTC()).register("credit", null, "/m/v1.pwmodel", "a".repeat(64), null, "champion");
        }
        Path spot = export(dir, "spot", "replicas: 2\nspot: {enabled: true}\n");
        CliRun run = CliRun.in(home, "scorecard", "credit", "--bundle", spot.toString(), "--json");
        assertThat(run.code()).as(run.err()).isZero();
        Map<String, JsonNode> rows = new java.util.LinkedHashMap<>();
        JSON.readTree(run.out()).get("criteria").forEach(row -> rows.put(row.get("id").asText(), row));
        assertThat(rows.get("spot").get("measured").asDouble()).isEqualTo(100.0);
        assertThat(rows.get("spot").get("status").asText()).isEqualTo("pass");
        assertThat(rows.get("spot").get("source").asText()).isEqualTo("cost (bundle " + spot + ")");
        assertThat(rows.get("waste").get("measured").isNull()).isTrue();
        assertThat(rows.get("waste").get("status").asText()).isEqualTo("unknown");
        assertThat(rows.get("waste").get("detail").asText()).isEqualTo("needs a running server's /metrics (--metrics URL)");
    }

    /** Exports the test classifier's bundle with these options through the real command; returns its folder. */
    private static Path export(Path dir, String name, String options) throws Exception {
        Path file = Files.writeString(dir.resolve(name + ".yaml"), options);
        Path out = dir.resolve(name);
        var run = CliRun.in(dir.resolve("export-home"), "export", "--artifact", io.pipewright.export.ExportFixtures.classifierArtifact().toString(),
                "--out", out.toString(), "--options", file.toString());
        assertThat(run.code()).as(run.err()).isZero();
        try (var folders = Files.list(out)) {
            return folders.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static void assertBad(CliRun run, String line) {
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(line);
        assertThat(run.out()).isEmpty();
    }

    /**
     * Runs a command once the embedded store is free: the server that follows the alias opens it for a moment after every
     * command that touched its files (the previous scorecard too), and a command started in that moment is refused.
     */
    private static CliRun whenFree(TestStore stores, String... args) throws InterruptedException {
        CliRun run = CliRun.on(stores, args);
        for (int tries = 0; tries < 40 && run.code() == 1 && run.err().contains("is in use by another Pipewright"); tries++) {
            Thread.sleep(250);
            run = CliRun.on(stores, args);
        }
        return run;
    }

    private static int status(String url, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Path artifact(Path folder, String name, long seed) {
        var model = Trainer.fit(ModelArtifactTest.table(300, seed), null, new Trainer.Request("label", "random_forest", Map.of("trees", 20), null,
                List.of(), seed, null, List.of(), null), TrainingListener.NONE);
        Path file = folder.resolve(name + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", file);
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
