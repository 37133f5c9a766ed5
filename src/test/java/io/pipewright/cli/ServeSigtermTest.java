package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
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
        var model = Trainer.fit(ModelArtifactTest.table(2_000, 1), null, new Trainer.Request("label", "random_forest", Map.of("trees", 300), null, List.of(), 5,
                null, List.of(), null), TrainingListener.NONE);
        Path artifact = dir.resolve("credit" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", artifact);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.pipewright.Main", "--home", dir.resolve("home").toString(),
                "serve", "--artifact", artifact.toString(), "--port", "0", "--drain-seconds", "60").redirectErrorStream(true).start();
        try {
            var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            var bound = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)");
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                var found = bound.matcher(line);
                if (found.find()) {
                    port = Integer.parseInt(found.group(1));
                    break;
                }
            }
            // the rest of its output is read away, so that the process never blocks on a full pipe
            CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
            assertThat(port).as("the server said where it listens").isPositive();

            // a request long enough to be in flight when the signal comes: 40,000 rows through 300 trees
            var body = new StringBuilder("{\"instances\": [");
            for (int i = 0; i < 40_000; i++) {
                body.append(i == 0 ? "" : ",").append("{\"x\": ").append(i % 7 - 3).append(", \"colour\": \"").append(i % 2 == 0 ? "red" : "blue").append("\"}");
            }
            body.append("]}");
            var http = HttpClient.newHttpClient();
            long sent = System.nanoTime();
            CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/credit:predict"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            boolean stillInFlight = !answer.isDone();
            process.destroy(); // SIGTERM

            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as("the request in flight is answered").isEqualTo(200);
            assertThat(response.body()).contains("\"predictions\"");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process stops after draining").isTrue();
            assertThat(process.exitValue()).as("the exit status of a JVM stopped by SIGTERM after its shutdown hook, not a crash").isIn(0, 143);
            assertThat(stillInFlight).as("the request was still being predicted when SIGTERM came (%d ms after sending)", (System.nanoTime() - sent) / 1_000_000)
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
    }
}
