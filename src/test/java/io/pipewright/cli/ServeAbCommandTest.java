package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pipewright serve --ab/--split/--split-key` and the feedback windows: each mistake one line and exit 2; a split served by the real process. */
class ServeAbCommandTest {
    @TempDir
    static Path dir;

    private static Path a;
    private static Path b;
    private static Path hue;

    @BeforeAll
    static void train() {
        a = artifact("a", "random_forest", ModelArtifactTest.table(300, 1));
        b = artifact("b", "logistic_regression", ModelArtifactTest.table(300, 1));
        var other = ModelArtifactTest.table(300, 1);
        other.column("colour").setName("hue");
        hue = artifact("hue", "random_forest", other);
    }

    private static Path artifact(String file, String algorithm, tech.tablesaw.api.Table table) {
        var model = Trainer.fit(table, null, new Trainer.Request("label", algorithm, Map.of(), null, List.of(), 5, null, List.of(), null),
                TrainingListener.NONE);
        Path path = dir.resolve(file + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", path);
        return path;
    }

    private static CliRun serve(String... options) {
        var args = new ArrayList<>(List.of("serve", "--artifact", a.toString(), "--port", "0"));
        args.addAll(List.of(options));
        return CliRun.in(dir.resolve("home"), args.toArray(String[]::new));
    }

    @Test
    void optionsThatCannotWorkAreRefusedInOneLine() {
        Map<List<String>, String> refused = new java.util.LinkedHashMap<>();
        refused.put(List.of("--ab", b.toString(), "--split", "1.5"), "--split must be a fraction between 0 and 1 (exclusive), not 1.5");
        refused.put(List.of("--ab", b.toString(), "--split", "0"), "--split must be a fraction between 0 and 1 (exclusive), not 0.0");
        refused.put(List.of("--split", "0.1"), "--split goes with --ab (the second model of an A/B split)");
        refused.put(List.of("--split-key", "x"), "--split-key goes with --ab (the second model of an A/B split)");
        refused.put(List.of("--ab", b.toString()), "--ab needs --split: the share of requests variant b answers (e.g. --split 0.1)");
        refused.put(List.of("--ab", hue.toString(), "--split", "0.1"), "--ab: credit version 1 does not fit credit version 1: feature colour is missing from it");
        refused.put(List.of("--ab", b.toString(), "--split", "0.1", "--split-key", "age"),
                "--split-key: 'age' is not a feature of credit (x, colour); a request header is header:NAME");
        refused.put(List.of("--ab", "credit", "--split", "0.1"), "--ab: credit is neither a model file nor a registered NAME:VERSION");
        refused.put(List.of("--ab", "credit:7", "--split", "0.1"), "--ab: no registered model version credit:7");
        refused.put(List.of("--feedback-window", "-1"), "--feedback-window must be between 0 and 10000000 rows, not -1");
        refused.put(List.of("--live-metrics-window", "0"), "--live-metrics-window must be between 1 and 10000000 labels, not 0");
        for (var entry : refused.entrySet()) {
            CliRun run = serve(entry.getKey().toArray(String[]::new));
            assertThat(run.code()).as(entry.getKey().toString()).isEqualTo(Cli.BAD_INPUT);
            assertThat(run.errLines()).as(entry.getKey().toString()).containsExactly("pipewright: " + entry.getValue());
        }
    }

    @Test
    void theServerSaysWhatTheSplitDoesAndItsAnswersNameTheVariant() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.pipewright.Main", "--home",
                dir.resolve("home").toString(), "serve", "--artifact", a.toString(), "--port", "0", "--ab", b.toString(), "--split", "0.5",
                "--split-key", "header:X-User-Id").redirectErrorStream(true).start();
        try {
            var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var bound = Pattern.compile("^serving credit \\(random_forest\\) on http://127\\.0\\.0\\.1:(\\d+) ");
            String split = null;
            int port = -1;
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith("A/B split: ")) {
                    split = line;
                }
                var found = bound.matcher(line);
                if (found.find()) {
                    port = Integer.parseInt(found.group(1));
                    break;
                }
            }
            CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
            assertThat(split).isEqualTo("A/B split: variant b is credit version 1 (a: credit version 1), answering 50.0 % of requests by the hash "
                    + "of header X-User-Id (else the request id)");
            assertThat(port).isPositive();
            var http = HttpClient.newHttpClient();
            var seen = new java.util.HashSet<String>();
            for (int user = 0; user < 40 && seen.size() < 2; user++) {
                var answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/credit:predict"))
                        .header("X-User-Id", "user-" + user).POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"x\": 1.0, \"colour\": \"red\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                String variant = new ObjectMapper().readTree(answer.body()).path("variant").asText();
                assertThat(answer.headers().firstValue("X-Pipewright-Variant")).hasValue(variant);
                seen.add(variant);
            }
            assertThat(seen).as("40 users at a 50 % split reach both variants").containsExactlyInAnyOrder("a", "b");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }
}
