package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.Await;
import io.pipewright.serve.AliasSwapLoad;
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
 * {@code pipewright serve --model credit@champion} as its own process, following its alias under load while
 * {@code pipewright models rollback credit} runs in another (this test's JVM): the answers switch to the old
 * version within seconds, and not one request fails on the way.
 */
class ServeFollowTest {
    /**
     * The longest the test lets a rollback take to reach the answers: the command (which may wait for the server's read of the
     * store to end), a 0.2 s read, the load and warm-up, while four load threads and the server share a loaded machine.
     */
    private static final Duration SWITCH_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @OnEachStore
    void aRollbackUnderLoadSwitchesTheAnswersToTheOldVersionWithoutAFailedRequest(TestStore stores) throws Exception {
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
            // its output read on a thread of its own (the process never blocks on a full pipe), lines kept for the assertions' messages
            var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
            var seen = new StringBuilder();
            CompletableFuture.runAsync(() -> new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).lines()
                    .forEach(lines::add));
            var bound = Pattern.compile("^serving credit \\(random_forest\\) on http://127\\.0\\.0\\.1:(\\d+) ");
            int port = -1;
            String following = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (following == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    continue;
                }
                seen.append(line).append('\n');
                var found = bound.matcher(line);
                if (found.find()) {
                    port = Integer.parseInt(found.group(1));
                } else if (line.startsWith("following ")) {
                    following = line;
                }
            }
            assertThat(port).as("the server said where it serves:\n%s", seen).isPositive();
            assertThat(following).as(seen.toString()).isEqualTo("following credit@champion (version 2 now): its new version is swapped in within 0.2 s of the alias "
                    + "moving (--no-follow to keep this one)");
            String url = "http://127.0.0.1:" + port;
            assertThat(get(url + "/v2/models/credit")).contains("\"versions\":[\"2\"]");

            try (var load = AliasSwapLoad.start(url + "/v1/models/credit:predict", "{\"instances\": [{\"x\": 0.7, \"colour\": \"red\"}]}", 4)) {
                Await.until("answers from version 2 under load", Duration.ofSeconds(30), () -> load.answers().size() >= 200);

                long rollback = System.nanoTime();
                CliRun moved = CliRun.on(stores, "models", "rollback", "credit");
                assertThat(moved.code()).as(moved.err()).isZero();
                assertThat(moved.out()).isEqualTo("credit@champion → version 1" + System.lineSeparator());
                Await.until("an answer from version 1", SWITCH_BOUND, () -> load.firstFrom("1", rollback) > 0);
                long switched = load.firstFrom("1", rollback);
                Await.until("answers after the switch", Duration.ofSeconds(30), () -> load.countAfter(switched) >= 200);
                load.close();

                assertThat(load.failed()).as("no request failed, before, during or after the swap").isEmpty();
                assertThat(load.versions()).containsExactlyInAnyOrder("1", "2");
                assertThat(load.otherThan("1", switched)).as("every request sent after version 1 first answered is answered by version 1").isEmpty();
                assertThat(Duration.ofNanos(switched - rollback)).isLessThan(SWITCH_BOUND);
            }
            assertThat(get(url + "/v2/models/credit")).contains("\"versions\":[\"1\"]");
            String metrics = get(url + "/metrics");
            assertThat(metrics).contains("pipewright_model_swaps_total{result=\"swapped\"} 1.0", "pipewright_model_swaps_total{result=\"failed\"} 0.0",
                    "pipewright_model_version 1.0");
            assertThat(metrics).containsPattern("pipewright_requests_seconds_count\\{endpoint=\"predict\",status=\"200\"\\} \\d+")
                    .doesNotContainPattern("pipewright_requests_seconds_count\\{endpoint=\"predict\",status=\"[^2]");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void followingWithoutAnAliasOrWithABadIntervalIsRefusedInOneLine() {
        Path home = dir.resolve("home");
        CliRun artifact = CliRun.in(home, "serve", "--artifact", dir.resolve("m.pwmodel").toString(), "--follow");
        assertThat(artifact.code()).isEqualTo(2);
        assertThat(artifact.errLines()).containsExactly("pipewright: --follow needs --model NAME@ALIAS (an alias to watch), not --artifact");
        CliRun fixed = CliRun.in(home, "serve", "--model", "credit:3", "--follow");
        assertThat(fixed.errLines()).containsExactly("pipewright: --follow needs --model NAME@ALIAS (an alias to watch), not --model credit:3, "
                + "which names a fixed version");
        assertThat(CliRun.in(home, "serve", "--model", "credit", "--follow").errLines())
                .containsExactly("pipewright: --follow needs --model NAME@ALIAS (an alias to watch), not --model credit, which names no alias");
        CliRun interval = CliRun.in(home, "serve", "--model", "credit@champion", "--follow-interval", "0");
        assertThat(interval.code()).isEqualTo(2);
        assertThat(interval.errLines()).containsExactly("pipewright: --follow-interval must be between 0.05 and 86400 seconds, not 0.0");
        assertThat(CliRun.in(home, "serve", "--model", "credit@champion", "--no-follow", "--follow-interval", "2").errLines())
                .containsExactly("pipewright: --follow-interval goes with following an alias (--model NAME@ALIAS, without --no-follow)");
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
