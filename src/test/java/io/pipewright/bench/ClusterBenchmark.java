package io.pipewright.bench;

import io.pipewright.cli.Cli;
import io.pipewright.export.cluster.ClusterExport;
import io.pipewright.export.cluster.ClusterOptions;
import io.pipewright.export.cluster.ClusterPlan;
import io.pipewright.export.cluster.ClusterPlanner;
import io.pipewright.export.cluster.CreditTuningPipeline;
import io.pipewright.export.cluster.LocalArgoExecutor;
import io.pipewright.export.cluster.NodeMeasurements;
import io.pipewright.export.cluster.PipewrightLauncher;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.track.PostgresTestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What running a pipeline on a cluster costs against running it in one process: the 16-trial random
 * study of the credit sample ({@link CreditTuningPipeline}, {@code parallel: 2}) as one
 * {@code pipewright run} process, against its exported Argo workflow on the test cluster with 2 worker
 * processes at once (every task its own JVM), both against PostgreSQL (a database each, made and dropped
 * here), alternated, median of 3 pairs after one untimed in-process run; both sides start their JVMs the same
 * way ({@link PipewrightLauncher}: C1, SerialGC, one AppCDS archive written by that first run).
 * Beside it, the start-up cost of one process ({@code pipewright --version}, median of 7), the fixed cost of
 * one task (a node found cached in the workspace, median of 7) and the export
 * with validation (plan, then {@code ClusterExport.of(plan, "argo")}), warm, median of 50.
 *
 * <p>{@code PIPEWRIGHT_TEST_POSTGRES_URL=... mvn -q test-compile exec:exec -Dbench=ClusterBenchmark}
 */
public final class ClusterBenchmark {
    private static final int PAIRS = 3;

    public static void main(String[] args) throws Exception {
        if (!PostgresTestDatabase.configured()) {
            throw new IllegalStateException(PostgresTestDatabase.UNSET);
        }
        Path samples = Path.of("sample-data").toAbsolutePath();
        Path dir = Files.createTempDirectory("cluster-bench");
        Path pipeline = dir.resolve("credit-tuning.yaml");
        Files.writeString(pipeline, CreditTuningPipeline.text(samples.resolve("credit/credit.csv")));
        Path options = dir.resolve("options.yaml");
        Files.writeString(options, "data:\n  root: " + samples + "\n  mount: /data\n");
        Path exported = dir.resolve("exported");
        var err = new StringWriter();
        int code = Cli.execute(new String[] {"--home", dir.resolve("home").toString(), "export-pipeline", pipeline.toString(), "--target", "argo",
                "--options", options.toString(), "--out", exported.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of());
        if (code != 0) {
            throw new IllegalStateException("export-pipeline: " + err);
        }
        var launcher = PipewrightLauncher.shared();
        // untimed: the first process writes the class-data archive every later one maps, on both sides; a whole
        // in-process run, so that the archive holds what a node, a trial and the select load
        local(launcher, dir, pipeline, -1);

        double[] local = new double[PAIRS];
        double[] cluster = new double[PAIRS];
        for (int pair = 0; pair < PAIRS; pair++) {
            // alternated, so both see the same machine
            if (pair % 2 == 0) {
                local[pair] = local(launcher, dir, pipeline, pair);
                cluster[pair] = cluster(exported, samples, dir, pair);
            } else {
                cluster[pair] = cluster(exported, samples, dir, pair);
                local[pair] = local(launcher, dir, pipeline, pair);
            }
            System.out.printf(Locale.ROOT, "pair %d: in-process %.1f s, cluster %.1f s%n", pair + 1, local[pair], cluster[pair]);
        }
        double[] startup = new double[7];
        for (int i = 0; i < startup.length; i++) {
            startup[i] = process(launcher, dir, List.of("--version"));
        }
        // what every task pays before its work: a node whose outputs are already in the workspace (cached), against the store
        double[] cached = new double[7];
        try (var database = PostgresTestDatabase.create()) {
            var node = List.of("--store", database.url(), "run", pipeline.toString(), "--node", "read", "--workspace", dir.resolve("cached").toString(),
                    "--run-id", "cached");
            process(launcher, dir, node);
            for (int i = 0; i < cached.length; i++) {
                cached[i] = process(launcher, dir, node);
            }
        }
        double[] export = exportMillis(pipeline, options);

        System.out.printf(Locale.ROOT, "16 random trials of the credit sample, PostgreSQL store, %d cores:%n", Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  in-process (one pipewright run, parallel 2): %.1f s (median of %d)%n", median(local), PAIRS);
        System.out.printf(Locale.ROOT, "  exported Argo workflow on the test cluster (2 processes at once, 21 tasks): %.1f s (median of %d)%n", median(cluster), PAIRS);
        System.out.printf(Locale.ROOT, "  ratio (cluster / in-process): %.2f%n", median(cluster) / median(local));
        System.out.printf(Locale.ROOT, "start-up of one process (pipewright --version): %.2f s (median of %d)%n", median(startup), startup.length);
        System.out.printf(Locale.ROOT, "a task that finds its node cached (pipewright run --node read, PostgreSQL): %.2f s (median of %d)%n", median(cached),
                cached.length);
        System.out.printf(Locale.ROOT, "export with validation (plan + ClusterExport.of(plan, argo)), warm: %.1f ms (median of %d; %.1f to %.1f)%n",
                median(export), export.length, export[0], export[export.length - 1]);
    }

    private static double local(PipewrightLauncher launcher, Path dir, Path pipeline, int pair) throws Exception {
        try (var database = PostgresTestDatabase.create()) {
            return process(launcher, dir, List.of("--store", database.url(), "run", pipeline.toString()));
        }
    }

    private static double cluster(Path exported, Path samples, Path dir, int pair) throws Exception {
        try (var database = PostgresTestDatabase.create()) {
            Path run = Files.createDirectories(dir.resolve("cluster-" + pair));
            var executor = new LocalArgoExecutor(exported, Map.of("pipewright-workspace", Files.createDirectories(run.resolve("workspace")),
                    "pipewright-data", samples), Map.of("pipewright-store/url", database.url()), run.resolve("scratch"),
                    LocalArgoExecutor.pipewright(dir.resolve("user-home")));
            long started = System.nanoTime();
            var outcome = executor.run("credit-tuning-bench" + pair);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!outcome.succeeded()) {
                throw new IllegalStateException("the workflow failed: " + outcome.tasks());
            }
            return seconds;
        }
    }

    private static double process(PipewrightLauncher launcher, Path dir, List<String> args) throws Exception {
        Path log = Files.createTempFile(dir, "process", ".log");
        long started = System.nanoTime();
        Process process = launcher.start(dir.resolve("user-home"), List.of(args.toArray(String[]::new)), Map.of(), log);
        int code = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("pipewright " + String.join(" ", args) + " exited " + code + ":\n" + Files.readString(log));
        }
        return seconds;
    }

    private static double[] exportMillis(Path pipeline, Path options) {
        for (int i = 0; i < 20; i++) {
            export(pipeline, options);
        }
        double[] millis = new double[50];
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            export(pipeline, options);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void export(Path pipeline, Path options) {
        var loaded = new PipelineValidator(NodeCatalog.standard()).validate(PipelineFiles.read(pipeline), pipeline.getParent(),
                pipeline.getFileName().toString());
        ClusterPlan plan = ClusterPlanner.plan(loaded, pipeline, ClusterOptions.parse(options), NodeMeasurements.NONE);
        var export = ClusterExport.of(plan, ClusterExport.ARGO);
        if (!export.validation().passed()) {
            throw new IllegalStateException("the export did not pass its validation: " + export.validation());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
