package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.Await;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.ModelArtifactTest;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pipewright serve` as its own process, stopped with SIGTERM as Kubernetes stops a pod. */
class ServeSigtermTest {
    @TempDir
    Path dir;

    @Test
    void sigtermLetsTheRequestInFlightFinishThenTheProcessExitsCleanly() throws Exception {
        var model = Trainer.fit(ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5,
                null, List.of(), null), TrainingListener.NONE);
        Path artifact = dir.resolve("credit" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", artifact);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.pipewright.Main", "--home", dir.resolve("home").toString(),
                "serve", "--artifact", artifact.toString(), "--port", "0", "--drain-seconds", "60").redirectErrorStream(true).start();
        try {
            var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            var bound = Pattern.compile("^serving credit \\(random_forest\\) on http://127\\.0\\.0\\.1:(\\d+) \\S+ /v2/models/credit, /v1/models/credit:predict, /metrics$");
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                var found = bound.matcher(line);
                if (found.find()) {
                    port = Integer.parseInt(found.group(1));
                    break;
                }
            }
            // the rest of its output is read away, so that the process never blocks on a full pipe
            CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
            assertThat(port).as("the server said what it serves and where").isPositive();
            String url = "http://127.0.0.1:" + port;

            // a request held in flight: its headers and half its body sent, the rest only once SIGTERM has come
            byte[] body = "{\"instances\": [{\"x\": 1.5, \"colour\": \"red\"}, {\"x\": -0.5, \"colour\": \"blue\"}]}".getBytes(StandardCharsets.UTF_8);
            try (var socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/models/credit:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                Await.until("the request in flight on /metrics", Duration.ofSeconds(20), () -> inFlight(url) == 1);

                process.destroy(); // SIGTERM
                Await.until("/v2/health/ready to answer 503 (draining)", Duration.ofSeconds(20), () -> status(url + "/v2/health/ready") == 503);
                assertThat(process.isAlive()).as("still draining: the request is in flight").isTrue();
                assertThat(inFlight(url)).isEqualTo(1);

                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).as("the request in flight is answered").startsWith("HTTP/1.1 200").contains("\"predictions\"");
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process stops after draining").isTrue();
            assertThat(process.exitValue()).as("the exit status of a JVM stopped by SIGTERM after its shutdown hook, not a crash").isIn(0, 143);
        } finally {
            process.destroyForcibly();
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The server's {@code pipewright_requests_in_flight} gauge, read from /metrics as Prometheus would. */
    private static double inFlight(String url) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith("pipewright_requests_in_flight ")).mapToDouble(line -> Double.parseDouble(line.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("no pipewright_requests_in_flight in /metrics"));
    }
}
