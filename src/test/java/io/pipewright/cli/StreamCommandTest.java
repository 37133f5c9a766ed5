package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.Await;
import io.pipewright.export.cluster.PipewrightLauncher;
import io.pipewright.serve.stream.InTestBroker;
import io.pipewright.serve.stream.StreamFixtures;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `pipewright stream` through the real entry point: what it says when it cannot stream, and as its own process
 * against the in-test broker, killed with SIGKILL in the middle of a backlog and restarted (nothing lost), then
 * stopped with SIGTERM (the batch in flight committed).
 */
class StreamCommandTest {
    @TempDir
    static Path dir;

    private static InTestBroker broker;
    private static Path artifact;

    @BeforeAll
    static void startBroker() {
        broker = InTestBroker.shared();
        artifact = StreamFixtures.artifact(dir);
    }

    private static CliRun stream(String... args) {
        var all = new ArrayList<>(List.of("stream"));
        all.addAll(List.of(args));
        return CliRun.in(dir.resolve("home"), all.toArray(String[]::new));
    }

    @Test
    void anUnknownModelAMalformedOrUnreachableBrokerAndMissingTopicsAreRefusedInOneLine() throws Exception {
        var unknown = stream("--model", "credit-risk@champion", "--bootstrap", broker.bootstrap(), "--in", "a", "--out", "b");
        assertThat(unknown.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(unknown.errLines()).containsExactly("pipewright: --model: no registered model version credit-risk@champion");

        var malformed = stream("--artifact", artifact.toString(), "--bootstrap", "localhost", "--in", "a", "--out", "b");
        assertThat(malformed.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(malformed.errLines()).containsExactly("pipewright: --bootstrap: 'localhost' is not HOST:PORT (several are separated by commas)");

        var loop = stream("--artifact", artifact.toString(), "--bootstrap", broker.bootstrap(), "--in", "a", "--out", "a");
        assertThat(loop.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(loop.errLines()).containsExactly("pipewright: --out must differ from --in (a): the outputs would be read back as inputs");

        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // free once closed: nothing listens there
        }
        long started = System.nanoTime();
        var unreachable = stream("--artifact", artifact.toString(), "--bootstrap", "127.0.0.1:" + closed, "--in", "a", "--out", "b",
                "--connect-timeout", "2");
        double waited = (System.nanoTime() - started) / 1e9;
        assertThat(unreachable.code()).as("the work could not run: not a usage mistake").isEqualTo(Cli.FAILED);
        assertThat(unreachable.errLines()).containsExactly("pipewright: --bootstrap 127.0.0.1:" + closed + ": no Kafka broker answered within 2 s (127.0.0.1:"
                + closed + ": connection refused)");
        assertThat(waited).as("a bounded wait").isBetween(1.5, 10.0);

        broker.createTopic("cli-in", 1);
        var missing = stream("--artifact", artifact.toString(), "--bootstrap", broker.bootstrap(), "--in", "cli-in", "--out", "cli-nope-out", "--dlq",
                "cli-nope-dlq");
        assertThat(missing.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(missing.errLines()).containsExactly("pipewright: no such topic on " + broker.bootstrap()
                + ": --out cli-nope-out, --dlq cli-nope-dlq (a stream creates no topic; create them first)");
        assertThat(broker.admin().listTopics().names().get()).as("nothing created by the refused command").doesNotContain("cli-nope-out", "cli-nope-dlq");

        var batch = stream("--artifact", artifact.toString(), "--bootstrap", broker.bootstrap(), "--in", "cli-in", "--out", "b", "--max-batch", "0");
        assertThat(batch.errLines()).containsExactly("pipewright: --max-batch must be between 1 and 100000, not 0");

        var config = stream("--artifact", artifact.toString(), "--bootstrap", broker.bootstrap(), "--in", "cli-in", "--out", "b", "--kafka-config",
                dir.resolve("nope.properties").toString());
        assertThat(config.errLines()).containsExactly("pipewright: --kafka-config " + dir.resolve("nope.properties") + ": no such file");

        // following, as serve does: only an alias can be followed
        var follow = stream("--artifact", artifact.toString(), "--bootstrap", broker.bootstrap(), "--in", "cli-in", "--out", "b", "--follow");
        assertThat(follow.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(follow.errLines()).containsExactly("pipewright: --follow needs --model NAME@ALIAS (an alias to watch), not --artifact");
    }

    @Test
    void killedWithSigkillAndRestartedEveryInputGetsAnOutputThenSigtermCommitsAndLeaves() throws Exception {
        broker.createTopic("kill-in", 3);
        broker.createTopic("kill-out", 3);
        int total = 30_000;
        var records = StreamFixtures.records(total, 13);
        var sent = new ArrayList<Map.Entry<String, String>>();
        for (int i = 0; i < total; i++) {
            sent.add(Map.entry("c" + i, StreamFixtures.json(records.get(i))));
        }
        // a short session, so that the killed member's partitions are handed over in seconds rather than Kafka's default 45
        Path config = Files.writeString(dir.resolve("client.properties"), "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
        List<String> args = List.of("stream", "--artifact", artifact.toString(), "--bootstrap", broker.bootstrap(), "--in", "kill-in", "--out", "kill-out",
                "--group", "g-kill", "--metrics-port", "0", "--kafka-config", config.toString());
        var launcher = PipewrightLauncher.shared();
        Path home = dir.resolve("process-home");

        // a backlog: the kill finds the scorer busy, with a batch in flight
        broker.send("kill-in", sent);
        Path firstLog = dir.resolve("first.log");
        Process first = launcher.start(home, args, Map.of(), firstLog);
        Process second = null;
        try {
            // aimed at the worst moment: a batch's outputs acknowledged, its offsets not yet committed (or, failing that, a third of the way)
            Await.until("the first process in the middle of the stream", Duration.ofSeconds(60), () -> {
                long outputs = broker.size("kill-out");
                return outputs >= 5_000 && (outputs > committed("g-kill") || outputs >= total / 3);
            });
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no leaving the group
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            long atKill = broker.size("kill-out");
            long committedAtKill = committed("g-kill");
            assertThat(atKill).as("killed in the middle of the stream").isLessThan(total);

            Path secondLog = dir.resolve("second.log");
            second = launcher.start(home, args, Map.of(), secondLog);
            Await.until("the group to commit every input", Duration.ofSeconds(90),
                    () -> pause(committed("g-kill") == total));

            // every output is on the topic before its input is committed: read them all, however long a loaded machine takes
            var outputs = broker.read("kill-out", (int) broker.size("kill-out"), Duration.ofSeconds(60));
            var keys = new HashSet<String>();
            outputs.forEach(output -> keys.add(InTestBroker.text(output.key())));
            assertThat(keys).as("an output for every input").hasSize(total);
            int duplicates = outputs.size() - total;
            // the figure README quotes (asserted below; shown on the test's output)
            System.out.printf(java.util.Locale.ROOT, "stream kill -9: after %d outputs, %d inputs committed; after the restart %d outputs for %d inputs: "
                    + "%d duplicates%n", atKill, committedAtKill, outputs.size(), total, duplicates);
            assertThat(duplicates).as("outputs sent twice: at most the batches in flight at the kill (two of --max-batch 500)").isBetween(0, 1_000);

            var metricsPort = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics").matcher(Files.readString(secondLog));
            assertThat(metricsPort.find()).as("the second process said where its metrics are: " + Files.readString(secondLog)).isTrue();
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort.group(1) + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("pipewright_stream_records_total{result=\"out\"}").contains("pipewright_stream_lag{partition=\"0\",topic=\"kill-in\"}");

            second.destroy(); // SIGTERM
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("SIGTERM stops it").isTrue();
            assertThat(second.exitValue()).as("stopped by its shutdown hook, not a crash").isIn(0, 143);
            // the JVM's own lines (the class-data archive the launcher writes at exit) aside, the process said one line
            assertThat(Files.readAllLines(secondLog).stream().filter(line -> !line.contains("][warning][cds]")).toList())
                    .singleElement().asString().startsWith("streaming credit version 1 (random_forest): kill-in → kill-out, group g-kill on "
                            + broker.bootstrap() + "; metrics on http://127.0.0.1:");
            assertThat(broker.admin().describeConsumerGroups(List.of("g-kill")).all().get().get("g-kill").members())
                    .as("the group left at once, not after a session timeout").isEmpty();
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroyForcibly();
            }
        }
    }

    /** The offsets a group committed, summed over the partitions: how many inputs it is done with. */
    private static long committed(String group) {
        return broker.committed(group).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Waits 50 ms between two looks at the broker (an admin call each), and answers the look. */
    private static boolean pause(boolean answer) {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answer;
    }
}
