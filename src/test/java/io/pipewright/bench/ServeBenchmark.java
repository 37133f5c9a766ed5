package io.pipewright.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.pipewright.serve.ModelServer;
import io.pipewright.serve.Predictor;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The serving runtime under load against the HTTP layer's own limit, in the same run: the same stack
 * (Javalin on Jetty, the serving runtime's settings) answering a constant to the same POST, and
 * {@code ModelServer} as {@code pipewright serve} makes it, serving (a) a random forest of 100 trees over
 * 20 numeric features and (b) a random forest of 150 trees on the credit sample (numeric and
 * categorical features, missing values), each micro-batched (the default, {@code --max-batch 16
 * --max-latency-ms 1}) and with each request predicted alone ({@code --max-batch 1}). {@code wrk} drives
 * each with single-row records requests from 16 connections after a warm-up; the servers are measured
 * in turn, in rounds, the bare endpoint first in each. Printed: each one's requests/s, p50, p99 and
 * p99.9, and the ratios against the bare endpoint with the floors (throughput at least 0.40 of it, p99
 * at most 2.0x; goals 0.50 and 1.5x). Then {@code score} over 1,000,000 rows against predicting the same
 * rows in process (skipped with {@code --no-score}).
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=ServeBenchmark</pre>  (needs wrk: apt-get install wrk;
 * arguments when run with java -cp: seconds per measurement (15), warm-up seconds (5), rounds (1), --no-score, and --only=bare,
 * forest-batched, forest-alone, credit-batched or credit-alone to drive one server alone, e.g. under a profiler)
 */
public final class ServeBenchmark {
    private static final double FLOOR_THROUGHPUT = 0.40;
    private static final double GOAL_THROUGHPUT = 0.50;
    private static final double FLOOR_P99 = 2.0;
    private static final double GOAL_P99 = 1.5;

    private ServeBenchmark() {
    }

    /** One wrk measurement: requests/s, then p50, p99 and p99.9 in milliseconds. */
    private record Load(double requestsPerSecond, double p50, double p99, double p999, double cpuMicros) {
        static Load median(List<Load> loads) {
            return new Load(median(loads, Load::requestsPerSecond), median(loads, Load::p50), median(loads, Load::p99), median(loads, Load::p999),
                    median(loads, Load::cpuMicros));
        }

        private static double median(List<Load> loads, java.util.function.ToDoubleFunction<Load> figure) {
            double[] values = loads.stream().mapToDouble(figure).sorted().toArray();
            return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        }

        String describe() {
            return String.format(Locale.US, "%,8.0f requests/s, p50 %5.2f ms, p99 %5.2f ms, p99.9 %5.2f ms, server CPU %4.0f µs/request", requestsPerSecond,
                    p50, p99, p999, cpuMicros);
        }
    }

    /** A server under test: what it is called, where wrk posts, and the body it posts. */
    private record Target(String title, String url, Path script) {
    }

    public static void main(String[] args) throws Exception {
        var positional = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toList();
        int seconds = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 15;
        int warmUp = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 5;
        int rounds = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 1;
        boolean score = !Arrays.asList(args).contains("--no-score");
        // --only=forest-batched (or bare, forest-alone, credit-batched, credit-alone) drives that server alone, e.g. under a profiler
        String only = Arrays.stream(args).filter(arg -> arg.startsWith("--only=")).map(arg -> arg.substring(7)).findFirst().orElse(null);
        Path dir = Files.createTempDirectory("pipewright-serve-bench");
        int parallel = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())); // as pipewright serve loads a model

        var random = new Random(11);
        var forestRow = new LinkedHashMap<String, Object>();
        Path forest = dir.resolve("forest" + ModelArtifact.EXTENSION);
        ModelArtifact.write(Trainer.fit(numericTable(random, forestRow), null, new Trainer.Request("label", "random_forest", Map.of("trees", 100), null,
                List.of(), 11, null, List.of(), null), TrainingListener.NONE), "forest", Map.of(), "bench", forest);
        var creditRow = new LinkedHashMap<String, Object>();
        Path credit = dir.resolve("credit" + ModelArtifact.EXTENSION);
        ModelArtifact.write(Trainer.fit(creditTable(creditRow), null, new Trainer.Request("default", "random_forest", Map.of("trees", 150), null,
                List.of(), 11, null, List.of(), null), TrainingListener.NONE), "credit", Map.of(), "bench", credit);
        Predictor forestPredictor = Predictor.load("forest", "1", forest, parallel);
        Predictor creditPredictor = Predictor.load("credit", "1", credit, parallel);

        var servers = new ArrayList<ModelServer>();
        Javalin bare = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = ModelServer.DEFAULT_MAX_BODY + 1;
            byte[] constant = "{\"predictions\":[\"yes\"]}".getBytes(StandardCharsets.UTF_8);
            config.routes.post("/constant", ctx -> ctx.contentType("application/json").result(constant));
        }).start("127.0.0.1", 0);
        try {
            var targets = new ArrayList<Target>();
            Path forestScript = script(dir.resolve("forest.lua"), forestRow);
            Path creditScript = script(dir.resolve("credit.lua"), creditRow);
            targets.add(new Target("bare endpoint, same stack, constant answer", "http://127.0.0.1:" + bare.port() + "/constant", forestScript));
            for (var model : List.of(Map.entry(forestPredictor, forestScript), Map.entry(creditPredictor, creditScript))) {
                String name = model.getKey().name();
                String what = name.equals("forest") ? "forest (100 trees, 20 numeric features)" : "credit (150 trees, numeric + categorical)";
                for (int maxBatch : new int[] {16, 1}) {
                    var server = new ModelServer(model.getKey(), ModelServer.DEFAULT_MAX_BODY).batching(maxBatch, Duration.ofMillis(1));
                    servers.add(server);
                    int port = server.start("127.0.0.1", 0);
                    targets.add(new Target(what + (maxBatch > 1 ? ", batched" : ", alone  "), "http://127.0.0.1:" + port + "/v1/models/" + name + ":predict",
                            model.getValue()));
                }
            }
            if (only != null) {
                String[] keys = {"bare", "forest-batched", "forest-alone", "credit-batched", "credit-alone"};
                Target target = targets.get(Arrays.asList(keys).indexOf(only));
                wrk(target, warmUp);
                System.out.printf(Locale.US, "%s: %s; load average %s%n", target.title(), wrk(target, seconds).describe(), loadAverage());
                return;
            }
            for (Target target : targets) {
                wrk(target, warmUp);
            }
            var measured = new LinkedHashMap<Target, List<Load>>();
            for (int round = 1; round <= rounds; round++) {
                for (Target target : targets) {
                    Load load = wrk(target, seconds);
                    measured.computeIfAbsent(target, key -> new ArrayList<>()).add(load);
                    if (rounds > 1) {
                        System.out.printf(Locale.US, "round %d: %-58s %s%n", round, target.title(), load.describe());
                    }
                }
            }
            System.out.printf(Locale.US, "pipewright serve under wrk, 16 connections, single-row records requests, %d s each after %d s of warm-up%s; "
                    + "load average %s%n", seconds, warmUp, rounds > 1 ? ", median of " + rounds + " rounds" : "", loadAverage());
            Load base = Load.median(measured.get(targets.get(0)));
            boolean floorsHold = true;
            for (Target target : targets) {
                Load load = Load.median(measured.get(target));
                if (target == targets.get(0)) {
                    System.out.printf(Locale.US, "%-58s %s%n", target.title(), load.describe());
                    continue;
                }
                double throughput = load.requestsPerSecond() / base.requestsPerSecond();
                double p99 = load.p99() / base.p99();
                boolean holds = throughput >= FLOOR_THROUGHPUT && p99 <= FLOOR_P99;
                floorsHold &= holds || !target.title().contains("batched");
                System.out.printf(Locale.US, "%-58s %s; / bare: throughput %.2f (floor %.2f, goal %.2f), p99 %.2fx (floor %.1fx, goal %.1fx): %s; CPU +%.0f µs/request%n",
                        target.title(), load.describe(), throughput, FLOOR_THROUGHPUT, GOAL_THROUGHPUT, p99, FLOOR_P99, GOAL_P99,
                        holds ? (throughput >= GOAL_THROUGHPUT && p99 <= GOAL_P99 ? "goal met" : "floor met") : "BELOW THE FLOOR",
                        load.cpuMicros() - base.cpuMicros());
            }
            System.out.println("the served default (batched) " + (floorsHold ? "meets" : "does NOT meet") + " both floors for both models");
        } finally {
            servers.forEach(ModelServer::close);
            bare.stop();
        }
        if (score) {
            score(dir, random, forestPredictor);
        }
    }

    /** 5,000 rows of 20 Gaussian features and a label of the first five's sign; {@code row} gets one more row of features. */
    public static Table numericTable(Random random, Map<String, Object> row) {
        var columns = new ArrayList<Column<?>>();
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
            double sum = 0;
            for (int f = 0; f < 5; f++) {
                sum += ((DoubleColumn) columns.get(f)).get(r);
            }
            label.append(sum > 0 ? "yes" : "no");
        }
        columns.add(label);
        return Table.create("bench", columns);
    }

    /** The credit sample without its identifier; {@code row} gets the features of its first row with no missing value. */
    static Table creditTable(Map<String, Object> row) {
        Path file = Path.of("sample-data", "credit", "credit.csv");
        Table table = io.pipewright.data.TableLoader.load(io.pipewright.data.DatasetReader.open(file)).removeColumns("applicant_id");
        for (int r = 0; r < table.rowCount(); r++) {
            int at = r;
            if (table.columns().stream().noneMatch(column -> column.isMissing(at))) {
                for (Column<?> column : table.columns()) {
                    if (!column.name().equals("default")) {
                        Object value = column.get(r);
                        row.put(column.name(), value instanceof Number number ? (Object) number.doubleValue() : value.toString());
                    }
                }
                return table;
            }
        }
        throw new IllegalStateException(file + " has no complete row");
    }

    /** A wrk script posting {"instances": [row]} and printing the figures on one line. */
    private static Path script(Path file, Map<String, Object> row) throws Exception {
        String body = new ObjectMapper().writeValueAsString(Map.of("instances", List.of(row)));
        Files.writeString(file, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [[" + body + "]]\n"
                + "done = function(summary, latency, requests)\n"
                + "  io.write(string.format(\"RESULT %d %d %d %d %d %d\\n\", summary.requests, summary.duration, latency:percentile(50), "
                + "latency:percentile(99), latency:percentile(99.9), summary.errors.status))\nend\n");
        return file;
    }

    /**
     * Runs wrk for some seconds against a target; refuses a run where any answer was not a 2xx. Beside wrk's figures, the CPU time this
     * process spent per request meanwhile (the other servers idle): a figure that other load on the machine changes less than the rates.
     */
    private static Load wrk(Target target, int seconds) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        var process = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + seconds + "s", "-s", target.script().toString(), target.url())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] parts = line.trim().split(" ");
                if (Long.parseLong(parts[6]) > 0) {
                    throw new IllegalStateException(target.title() + ": " + parts[6] + " answers were not 2xx");
                }
                double requests = Double.parseDouble(parts[1]);
                double micros = Double.parseDouble(parts[2]);
                return new Load(requests / (micros / 1e6), Double.parseDouble(parts[3]) / 1000, Double.parseDouble(parts[4]) / 1000,
                        Double.parseDouble(parts[5]) / 1000, (os.getProcessCpuTime() - cpuBefore) / 1e3 / requests);
            }
        }
        throw new IllegalStateException("wrk said: " + output);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** score: 1,000,000 rows of the forest's 20 features from a CSV file, against predicting the same rows in process a chunk at a time. */
    private static void score(Path dir, Random random, Predictor predictor) throws Exception {
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
        System.out.printf(Locale.US, "score, %,d rows CSV to CSV: %.1f s, %,.0f rows/s; in process on the loaded table, 10,000 rows at a time: %,.0f rows/s; ratio %.2f%n",
                scored.rows(), scored.seconds(), scored.rowsPerSecond(), inProcessRowsPerSecond, scored.rowsPerSecond() / inProcessRowsPerSecond);
    }
}
