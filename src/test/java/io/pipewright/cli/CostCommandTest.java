package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.Await;
import io.pipewright.export.ExportFixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `pipewright cost` on exported bundles and on a real `pipewright serve` process (its own JVM, on 127.0.0.1) driven by a
 * bounded load: a client that sends predictions until the measurement is over, 20,000 requests or 90 s, whichever comes first.
 */
class CostCommandTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    /** Exports the test classifier's bundle with these options through the real command; returns its folder. */
    private Path export(String name, String options) throws Exception {
        Path file = Files.writeString(dir.resolve(name + ".yaml"), options);
        Path out = dir.resolve(name);
        var run = CliRun.in(dir.resolve("home"), "export", "--artifact", ExportFixtures.classifierArtifact().toString(), "--out", out.toString(),
                "--options", file.toString());
        assertThat(run.code()).as(run.err()).isZero();
        try (Stream<Path> folders = Files.list(out)) {
            return folders.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static JsonNode json(CliRun run) throws Exception {
        assertThat(run.code()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void onARunningServerTheUtilisationAndWasteAreMeasuredAgainstTheBundlesRequests() throws Exception {
        // requests a server on this machine stays within under one client's load: 4 cores, 2 GiB (the JVM is capped at 256 MiB of heap)
        Path bundle = export("measured", "resources: {cpu: '4', memory: 2Gi}\nreplicas: 3\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.pipewright.Main", "--home",
                dir.resolve("home").toString(), "serve", "--artifact", ExportFixtures.classifierArtifact().toString(), "--port", "0")
                .redirectErrorStream(true).start();
        var stop = new AtomicBoolean();
        var sent = new AtomicLong();
        try {
            var output = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            var bound = Pattern.compile("^serving credit_scoring \\(random_forest\\) on http://127\\.0\\.0\\.1:(\\d+) ");
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                var found = bound.matcher(line);
                if (found.find()) {
                    port = Integer.parseInt(found.group(1));
                    break;
                }
            }
            CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
            assertThat(port).as("the server said where it serves").isPositive();
            String url = "http://127.0.0.1:" + port;

            // the bounded load: one client, one request at a time, until told to stop, 20,000 requests or 90 s
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            var predict = HttpRequest.newBuilder(URI.create(url + "/v1/models/credit_scoring:predict")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"x\": 0.3, \"colour\": \"red\"}, {\"x\": -1.2, \"colour\": \"blue\"}]}"))
                    .timeout(Duration.ofSeconds(10)).build();
            var load = CompletableFuture.runAsync(() -> {
                while (!stop.get() && sent.get() < 20_000 && System.nanoTime() < deadline) {
                    try {
                        var response = HTTP.send(predict, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            sent.incrementAndGet();
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            Await.until("the load to be answered", Duration.ofSeconds(30), () -> sent.get() > 20);

            JsonNode report = json(CliRun.in(dir.resolve("home"), "cost", "--bundle", bundle.toString(), "--metrics", url, "--window", "3s", "--json"));
            stop.set(true);
            load.get(30, TimeUnit.SECONDS);

            assertThat(report.get("source").asText()).matches(Pattern.quote("bundle " + bundle + "; /metrics of " + url + "/metrics over ") + "[0-9.]+ s");
            assertThat(report.get("windowSeconds").asDouble()).isBetween(2.9, 10.0);
            assertThat(report.get("predictions").asLong()).as("two rows a request, counted by the server").isPositive().isEven();
            assertThat(report.get("cpuSecondsPer1000").asDouble()).isPositive();
            assertThat(report.get("memoryMibSecondsPer1000").asDouble()).isPositive();
            double cpu = report.get("cpuUtilisation").asDouble();
            double memory = report.get("memoryUtilisation").asDouble();
            double utilisation = report.get("utilisation").asDouble();
            assertThat(cpu).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(memory).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(utilisation).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(report.get("cpuCoresUsed").asDouble() / 4).isCloseTo(cpu, within(1e-12));
            assertThat(report.get("memoryMibUsed").asDouble() / 2048).isCloseTo(memory, within(1e-12));
            assertThat(report.get("cpuWastePercent").asDouble()).isCloseTo(100 * (1 - cpu), within(1e-9));
            assertThat(report.get("memoryWastePercent").asDouble()).isCloseTo(100 * (1 - memory), within(1e-9));
            assertThat(report.get("wastePercent").asDouble()).isCloseTo(100 * (1 - utilisation), within(1e-9));
            // the waste is the price-weighted mean of the two (4 cores × 0.0425 against 2 GiB × 0.0057 an hour)
            double weighted = (4 * 0.0425 * cpu + 2 * 0.0057 * memory) / (4 * 0.0425 + 2 * 0.0057);
            assertThat(utilisation).isCloseTo(weighted, within(1e-12));
            assertThat(report.get("spotShare").asDouble()).isEqualTo(0.0);
            assertThat(report.get("monthlyUsd").asDouble()).isCloseTo(3 * (4 * 0.0425 + 2 * 0.0057) * 730, within(1e-9));
            assertThat(report.get("unknown").size()).isZero();

            // the text report says the same in lines a person reads
            var text = CliRun.in(dir.resolve("home"), "cost", "--bundle", bundle.toString(), "--metrics", url + "/metrics", "--window", "1s");
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out()).containsPattern("(?m)^CPU +utilisation [0-9.]+ %, waste [0-9.]+ %$")
                    .containsPattern("(?m)^waste +[0-9.]+ % of the requested CPU and memory \\(by price\\) is unused$")
                    .containsPattern("(?m)^monthly cost +397.27 USD a month at the requests \\(prices: runbooks/cost.json\\)$");
            assertThat(text.errLines()).containsExactly("reading " + url + "/metrics now and again in 1s…");
        } finally {
            stop.set(true);
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void aBundleAloneGivesTheSpotShareAndMonthlyCostAndSaysWhatItCannotKnow() throws Exception {
        Path onDemand = export("on-demand", "replicas: 2\n");
        Path spot = export("spot", "replicas: 2\nspot: {enabled: true}\n");
        JsonNode plain = json(CliRun.in(dir, "cost", "--bundle", onDemand.toString(), "--json"));
        JsonNode discounted = json(CliRun.in(dir, "cost", "--bundle", spot.toString(), "--json"));
        assertThat(plain.get("spotShare").asDouble()).isEqualTo(0.0);
        assertThat(discounted.get("spotShare").asDouble()).isEqualTo(1.0);
        assertThat(discounted.get("monthlyUsd").asDouble() / plain.get("monthlyUsd").asDouble()).isCloseTo(0.35, within(1e-9));
        for (String unknown : new String[] {"cpuUtilisation", "memoryUtilisation", "wastePercent", "predictions"}) {
            assertThat(plain.get(unknown).isNull()).as(unknown + " is unknown, not 0").isTrue();
            assertThat(plain.get("unknown").get(unknown).asText()).isEqualTo("needs a running server's /metrics (--metrics URL)");
        }

        var text = CliRun.in(dir, "cost", "--bundle", spot.toString());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("spot share    100.0 % of the pods on spot nodes\n", "CPU           unknown: needs a running server's /metrics (--metrics URL)\n",
                "waste         unknown: needs a running server's /metrics (--metrics URL)\n");
        assertThat(text.err()).isEmpty();
    }

    @Test
    void badInputIsOneLineNamingTheAddressFileOrField() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        var unreachable = CliRun.in(dir, "cost", "--metrics", "http://127.0.0.1:" + closed, "--window", "1s");
        assertThat(unreachable.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(unreachable.errLines()).last()
                .isEqualTo("pipewright: http://127.0.0.1:" + closed + "/metrics: no answer (connection refused: is the server running?)");
        assertThat(unreachable.out()).isEmpty();

        Path empty = Files.createDirectories(dir.resolve("not-a-bundle"));
        var noValues = CliRun.in(dir, "cost", "--bundle", empty.toString());
        assertThat(noValues.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(noValues.errLines()).containsExactly("pipewright: " + empty + ": no helm/<chart>/values.yaml: not a Pipewright deployment bundle folder");

        Path prices = Files.writeString(dir.resolve("prices.yaml"), "vcpuHour: 0.04\nmemoryGibHour: [0.005\n");
        var malformed = CliRun.in(dir, "cost", "--bundle", empty.toString(), "--prices", prices.toString());
        assertThat(malformed.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(malformed.errLines()).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("pipewright: prices.yaml: "));

        var neither = CliRun.in(dir, "cost");
        assertThat(neither.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(neither.errLines()).containsExactly("pipewright: give --bundle DIR, --metrics URL, or both (see 'pipewright cost --help')");

        var window = CliRun.in(dir, "cost", "--bundle", empty.toString(), "--window", "forever");
        assertThat(window.errLines()).containsExactly("pipewright: --window: 'forever' is not a duration such as 30s, 2m or 1h");
        var url = CliRun.in(dir, "cost", "--metrics", "localhost:8080");
        assertThat(url.errLines()).containsExactly("pipewright: --metrics: localhost:8080: must be an http:// address such as http://127.0.0.1:8080/metrics");
    }
}
