package io.pipewright.bench;

import io.pipewright.serve.AliasSwapLoad;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Rollback under load, run as a person runs it: {@code pipewright serve --model bench@champion} (the built jar,
 * the embedded store, following its alias at the default interval) answers single-row requests from 8 client
 * threads posting without pause, while {@code pipewright models rollback bench} (the built jar, a process of
 * its own) moves the champion back and forth between two versions of a random forest (100 trees, 20 numeric
 * features). Per rollback: the seconds from starting the command, and from its exit (the alias moved), to the
 * first answer from the version it named; over the whole run: every answer that was not a 200 (must be none),
 * and answers from the old version to requests sent after the new one first answered (must be none).
 *
 * <pre>mvn -B -q package -DskipTests && mvn -q test-compile exec:exec -Dbench=AliasSwapBenchmark</pre>
 * (arguments: rollbacks, 6 by default; the follow interval in seconds, 5 by default)
 */
public final class AliasSwapBenchmark {
    private static final int CLIENTS = 8;

    private AliasSwapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // a client must drop a kept-alive connection before the server does (Jetty closes one idle for 30 s): a request sent on a
        // connection the server is closing at that moment is lost, and the JDK's client does not send a POST again
        System.setProperty("jdk.httpclient.keepalive.timeout", "10");
        int rollbacks = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        String interval = args.length > 1 ? args[1] : "5";
        Path jar = Path.of("target", "pipewright.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the jar first: mvn -B package -DskipTests");
        }
        Path home = Files.createTempDirectory("pipewright-alias-bench");
        Path models = Files.createDirectories(home.resolve("models"));
        var row = new LinkedHashMap<String, Object>();
        Path first = forest(models.resolve("v1" + ModelArtifact.EXTENSION), 11, row);
        Path second = forest(models.resolve("v2" + ModelArtifact.EXTENSION), 12, null);
        try (Store store = Store.open(home.resolve("store"), "bench")) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            registry.register("bench", "run-1", first.toString(), sha256(first), null, "champion");
            registry.register("bench", "run-2", second.toString(), sha256(second), null, null);
            registry.setAlias("bench", "champion", 2, "promote");
        }
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(javaCommand, "-jar", jar.toString(), "--home", home.toString(), "serve", "--model", "bench@champion", "--port", "0",
                "--follow-interval", interval).redirectErrorStream(true).start();
        try {
            int port = port(server);
            String body = "{\"instances\": [" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(row) + "]}";
            System.out.printf(Locale.US, "%d cores; serve --model bench@champion --follow-interval %s (embedded store); %d client threads%n",
                    Runtime.getRuntime().availableProcessors(), interval, CLIENTS);
            try (var load = AliasSwapLoad.start("http://127.0.0.1:" + port + "/v1/models/bench:predict", body, CLIENTS)) {
                Thread.sleep(3_000); // the clients and the server warm up on version 2
                String serving = "2";
                var fromStart = new double[rollbacks];
                var fromExit = new double[rollbacks];
                var targets = new String[rollbacks];
                var switched = new long[rollbacks + 1];
                var commands = new long[rollbacks + 1];
                long loadStarted = System.nanoTime();
                for (int i = 0; i < rollbacks; i++) {
                    String target = serving.equals("2") ? "1" : "2";
                    long started = System.nanoTime();
                    Process rollback = new ProcessBuilder(javaCommand, "-jar", jar.toString(), "--home", home.toString(), "models", "rollback", "bench")
                            .redirectErrorStream(true).start();
                    String said = new String(rollback.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    rollback.waitFor();
                    long exited = System.nanoTime();
                    if (rollback.exitValue() != 0) {
                        throw new IllegalStateException("the rollback failed: " + said);
                    }
                    long answered;
                    while ((answered = load.firstFrom(target, started)) < 0) {
                        if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(120)) {
                            throw new IllegalStateException("no answer from version " + target + " two minutes after " + said);
                        }
                        Thread.sleep(2);
                    }
                    targets[i] = target;
                    commands[i] = started;
                    switched[i] = answered;
                    fromStart[i] = (answered - started) / 1e9;
                    fromExit[i] = (answered - exited) / 1e9;
                    System.out.printf(Locale.US, "rollback %d (%s): the command %.2f s; version %s answered %.2f s after the command started, "
                            + "%.2f s after it exited%n", i + 1, said, (exited - started) / 1e9, target, fromStart[i], fromExit[i]);
                    serving = target;
                    Thread.sleep(2_000); // answers from the new version only, before the next rollback
                }
                load.close();
                String metrics = new String(java.net.URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openStream().readAllBytes(),
                        StandardCharsets.UTF_8);
                var statuses = new java.util.TreeMap<String, Long>();
                var count = Pattern.compile("^pipewright_requests_seconds_count\\{endpoint=\"predict\",status=\"(\\d+)\"\\} (\\S+)$");
                metrics.lines().map(count::matcher).filter(java.util.regex.Matcher::find)
                        .forEach(found -> statuses.put(found.group(1), (long) Double.parseDouble(found.group(2))));
                System.out.println("the server's /metrics: predict answers by status " + statuses + "; " + metrics.lines()
                        .filter(line -> line.startsWith("pipewright_model_")).toList());
                commands[rollbacks] = Long.MAX_VALUE;
                double seconds = (System.nanoTime() - loadStarted) / 1e9;
                var answers = load.answers();
                System.out.printf(Locale.US, "%,d answers (%.0f requests/s), versions %s; non-2xx or failed: %d%n", answers.size(),
                        answers.stream().filter(answer -> answer.sent() >= loadStarted).count() / seconds, load.versions(), load.failed().size());
                // a swap lets requests in flight finish on the old version, but none sent after the new one answered may reach the old one
                long stale = 0;
                for (int i = 0; i < rollbacks; i++) {
                    int round = i;
                    stale += answers.stream().filter(answer -> answer.sent() > switched[round] && answer.sent() < commands[round + 1]
                            && !targets[round].equals(answer.version())).count();
                }
                System.out.printf(Locale.US, "answers from the version a rollback left, to requests sent after the version it named had answered: %d%n",
                        stale);
                Arrays.sort(fromStart);
                Arrays.sort(fromExit);
                System.out.printf(Locale.US, "from the rollback command to the first answer of the version it named: median %.2f s (%.2f–%.2f s); "
                        + "from its exit: median %.2f s (%.2f–%.2f s)%n", median(fromStart), fromStart[0], fromStart[rollbacks - 1], median(fromExit),
                        fromExit[0], fromExit[rollbacks - 1]);
                for (AliasSwapLoad.Answer failed : load.failed().stream().limit(5).toList()) {
                    int round = 0;
                    while (round + 1 < rollbacks && commands[round + 1] < failed.sent()) {
                        round++;
                    }
                    System.out.printf(Locale.US, "  failed: %d %s, sent %.3f s after rollback %d started (its version answered at %.3f s), answered after %.3f s%n",
                            failed.status(), failed.error(), (failed.sent() - commands[round]) / 1e9, round + 1, (switched[round] - commands[round]) / 1e9,
                            (failed.received() - failed.sent()) / 1e9);
                }
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The port the server printed, once it is ready; its later output is read away. */
    private static int port(Process server) throws InterruptedException {
        var lines = new LinkedBlockingQueue<String>();
        var reader = new Thread(() -> new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).lines()
                .forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        var bound = Pattern.compile("^serving bench \\(random_forest\\) on http://127\\.0\\.0\\.1:(\\d+) ");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        var seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                if (!server.isAlive()) {
                    break;
                }
                continue;
            }
            seen.append(line).append('\n');
            var found = bound.matcher(line);
            if (found.find()) {
                System.out.print(seen);
                return Integer.parseInt(found.group(1));
            }
        }
        throw new IllegalStateException("the server did not start:\n" + seen);
    }

    /** A random forest of 100 trees over 20 numeric features (ServeBenchmark's model), seeded; fills {@code row} with a request's features. */
    private static Path forest(Path file, long seed, Map<String, Object> row) {
        var random = new Random(seed);
        var columns = new ArrayList<Column<?>>();
        for (int f = 0; f < 20; f++) {
            var column = DoubleColumn.create("f" + f);
            for (int r = 0; r < 5_000; r++) {
                column.append(random.nextGaussian());
            }
            columns.add(column);
            if (row != null) {
                row.put("f" + f, random.nextGaussian());
            }
        }
        var label = StringColumn.create("label");
        for (int r = 0; r < 5_000; r++) {
            double score = 0;
            for (int f = 0; f < 5; f++) {
                score += ((DoubleColumn) columns.get(f)).get(r);
            }
            label.append(score > 0 ? "yes" : "no");
        }
        columns.add(label);
        var model = Trainer.fit(Table.create("bench", columns), null, new Trainer.Request("label", "random_forest", Map.of("trees", 100), null, List.of(),
                seed, null, List.of(), null), TrainingListener.NONE);
        ModelArtifact.write(model, "bench", Map.of(), "bench", file);
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
