package io.pipewright.bench;

import io.javalin.Javalin;
import io.pipewright.serve.ModelServer;
import io.pipewright.serve.Predictor;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The serving runtime under load, against its own limits in the same run: a random forest (100
 * trees, 20 numeric features) served by {@code ModelServer} and driven by {@code wrk} (16
 * connections, single-row records requests) for throughput and p50/p99/p99.9 latency; the same
 * HTTP stack answering a constant (what the HTTP layer alone allows on this machine); and the same
 * row predicted in process; each request predicted alone, then with micro-batching. Then
 * {@code score} over 1,000,000 rows against predicting the same rows in process. Floors on 2
 * cores: p99 under 10 ms, at least 2,000 requests/s.
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=ServeBenchmark</pre>  (needs wrk: apt-get install wrk; argument: seconds, 30 by default)
 */
public final class ServeBenchmark {
    private ServeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path dir = Files.createTempDirectory("pipewright-serve-bench");
        var random = new Random(11);
        var columns = new ArrayList<Column<?>>();
        var row = new LinkedHashMap<String, Object>();
        for (int f = 0; f < 20; f++) {
            var column = DoubleColumn.create("f" + f);
            for (int r = 0; r < 5_000; r++) {
                column.append(random.nextGaussian());
            }
            columns.add(column);
            row.put("f" + f, random.nextGaussian());
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
        var model = Trainer.fit(Table.create("bench", columns), null, new Trainer.Request("label", "random_forest", Map.of("trees", 100), null, List.of(), 11,
                null, List.of(), null), TrainingListener.NONE);
        Path artifact = dir.resolve("forest" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "forest", Map.of(), "bench", artifact);
        var predictor = Predictor.load("forest", "1", artifact, Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));

        // in process: the same row, one thread
        var rows = List.<Map<String, Object>>of(row);
        for (int i = 0; i < 20_000; i++) {
            predictor.predict(rows);
        }
        int loops = 50_000;
        long t = System.nanoTime();
        for (int i = 0; i < loops; i++) {
            predictor.predict(rows);
        }
        double inProcessMicros = (System.nanoTime() - t) / 1e3 / loops;

        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("instances", List.of(row)));
        Path script = dir.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [[" + body + "]]\n"
                + "done = function(summary, latency, requests)\n"
                + "  io.write(string.format(\"RESULT %d %d %d %d %d\\n\", summary.requests, summary.duration, latency:percentile(50), "
                + "latency:percentile(99), latency:percentile(99.9)))\nend\n");

        double[] alone = serve(new ModelServer(predictor, ModelServer.DEFAULT_MAX_BODY), script, seconds);
        double[] batched = serve(new ModelServer(predictor, ModelServer.DEFAULT_MAX_BODY).batching(16, java.time.Duration.ofMillis(1)), script, seconds);
        Javalin bare = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/constant", ctx -> ctx.contentType("application/json").result("{\"predictions\":[\"yes\"]}"));
        }).start("127.0.0.1", 0);
        double[] constant;
        try {
            String bareUrl = "http://127.0.0.1:" + bare.port() + "/constant";
            wrk(bareUrl, script, 5);
            constant = wrk(bareUrl, script, seconds);
        } finally {
            bare.stop();
        }

        // score: 1,000,000 rows of the same 20 features from a CSV file, against predicting the same rows in process a chunk at a time
        Path rowsFile = dir.resolve("rows.csv");
        int scoreRows = 1_000_000;
        try (var out = Files.newBufferedWriter(rowsFile)) {
            var header = new ArrayList<String>();
            for (int f = 0; f < 20; f++) {
                header.add("f" + f);
            }
            out.write(String.join(",", header));
            out.write('\n');
            var line = new StringBuilder();
            for (int r = 0; r < scoreRows; r++) {
                line.setLength(0);
                for (int f = 0; f < 20; f++) {
                    line.append(f == 0 ? "" : ",").append(String.format(Locale.US, "%.4f", random.nextGaussian()));
                }
                out.write(line.append('\n').toString());
            }
        }
        var scorer = new io.pipewright.serve.BatchScorer(predictor);
        var scored = scorer.score(rowsFile, dir.resolve("scored.csv"), io.pipewright.serve.BatchScorer.Format.CSV, io.pipewright.work.Progress.NONE);
        Table table = io.pipewright.data.TableLoader.load(io.pipewright.data.DatasetReader.open(rowsFile));
        long inProcessStart = System.nanoTime();
        for (int from = 0; from < table.rowCount(); from += 10_000) {
            predictor.model().probabilities(table.inRange(from, Math.min(table.rowCount(), from + 10_000)));
        }
        double inProcessRowsPerSecond = table.rowCount() / ((System.nanoTime() - inProcessStart) / 1e9);

        System.out.printf(Locale.US, "served random forest (100 trees, 20 features), 16 connections, %d s, each request predicted alone: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms (floors: 2,000/s, p99 under 10 ms)%n",
                seconds, alone[0], alone[1], alone[2], alone[3]);
        System.out.printf(Locale.US, "the same with --max-batch 16 --max-latency-ms 1: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms%n",
                batched[0], batched[1], batched[2], batched[3]);
        System.out.printf(Locale.US, "the same HTTP stack answering a constant: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms%n",
                constant[0], constant[1], constant[2], constant[3]);
        System.out.printf(Locale.US, "in process, one thread: %.1f µs per row predicted (%,.0f rows/s)%n", inProcessMicros, 1e6 / inProcessMicros);
        System.out.printf(Locale.US, "ratios: served throughput / constant endpoint %.2f alone, %.2f batched; served p50 / in-process predict %.1f%n",
                alone[0] / constant[0], batched[0] / constant[0], alone[1] * 1000 / inProcessMicros);
        System.out.printf(Locale.US, "score, %,d rows CSV to CSV: %.1f s, %,.0f rows/s; in process on the loaded table, 10,000 rows at a time: %,.0f rows/s; ratio %.2f%n",
                scored.rows(), scored.seconds(), scored.rowsPerSecond(), inProcessRowsPerSecond, scored.rowsPerSecond() / inProcessRowsPerSecond);
    }

    /** A server driven by wrk (after a 5 s warm-up): requests/s, p50, p99, p99.9. */
    private static double[] serve(ModelServer server, Path script, int seconds) throws Exception {
        try (server) {
            int port = server.start("127.0.0.1", 0);
            String url = "http://127.0.0.1:" + port + "/v1/models/forest:predict";
            wrk(url, script, 5);
            return wrk(url, script, seconds);
        }
    }

    /** Runs wrk for some seconds: requests/s, p50, p99 and p99.9 in milliseconds. */
    private static double[] wrk(String url, Path script, int seconds) throws Exception {
        var process = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + seconds + "s", "-s", script.toString(), url).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] parts = line.trim().split(" ");
                double requests = Double.parseDouble(parts[1]);
                double micros = Double.parseDouble(parts[2]);
                return new double[] {requests / (micros / 1e6), Double.parseDouble(parts[3]) / 1000, Double.parseDouble(parts[4]) / 1000,
                        Double.parseDouble(parts[5]) / 1000};
            }
        }
        throw new IllegalStateException("wrk said: " + output);
    }
}
