package io.pipewright.bench;

import io.pipewright.track.RunFilter;
import io.pipewright.track.RunPages;
import io.pipewright.track.RunPages.Column;
import io.pipewright.track.RunTableWarmUp;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Fills an H2 store with runs × 20 params × 10 metrics × 100 steps (seeded) and reports the ingestion
 * rate (metric points per second; floor 200,000), the time to the first page of a filtered runs
 * table sorted by a metric (floor 200 ms in the process that wrote the runs), the time of its count,
 * and the time to load 10 runs' full histories of one metric (floor 100 ms). Then, as a person
 * reopening the app meets it, the store is closed and reopened by three fresh processes in turn, each
 * timing its first query of that page (floor 100 ms) once the store is open and the runs table's
 * warm-up has run (as the window runs it once the store is open: on an in-memory store of its own,
 * so the page still reads the store's data for the first time); a fourth process times the page
 * without the warm-up, for comparison.
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=StoreBenchmark</pre>
 * (arguments, when run directly: the number of runs, 10,000 by default, and optionally a
 * PostgreSQL JDBC URL to measure a shared store instead of the embedded one; or
 * {@code --reopen FOLDER-OR-URL} to time only the first page in this process, on a store that
 * already holds the benchmark's runs; {@code --reopen-unready} the same without the warm-up)
 */
public final class StoreBenchmark {
    private StoreBenchmark() {
    }

    /** The runs table's query: a page of 100 runs with five columns' values, filtered by a metric and a param, sorted by another metric. */
    private static final List<Column> COLUMNS = List.of(Column.metric("metric_1", Column.Aggregate.LAST), Column.metric("metric_0", Column.Aggregate.LAST),
            Column.param("param_0"), Column.param("param_1"), Column.metric("metric_2", Column.Aggregate.MAX));
    private static final String[] FILTERS = {"metrics.metric_0 > 0.5 and params.param_0 = 'xgboost'", "metrics.metric_0 > 0.6 and params.param_0 = 'xgboost'",
        "metrics.metric_0 > 0.7 and params.param_0 = 'random_forest'"};
    private static final int REOPENS = 3;

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && (args[0].equals("--reopen") || args[0].equals("--reopen-unready"))) {
            firstPageAfterReopening(args[1], args[0].equals("--reopen") && !args[1].startsWith("jdbc:"));
            return;
        }
        int runCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path home = Files.createTempDirectory("pipewright-store-bench");
        try (Store store = args.length > 1 ? Store.openUrl(args[1], "bench") : Store.open(home.resolve("store"), "bench")) {
            System.out.println("store: " + (args.length > 1 ? "PostgreSQL " + store.location() : "embedded H2"));
            var runs = new Runs(store, Clock.systemUTC());
            long started = System.nanoTime();
            List<Long> ids = fill(runs, runCount);
            long points = runCount * 1000L;
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.US, "ingested %,d runs, %,d metric points in %.1f s: %,.0f points/s (floor 200,000)%n", runCount, points, seconds,
                    points / seconds);
            measureQueries(store, runs, ids);
            if (args.length <= 1) {
                System.out.printf(Locale.US, "store size: %.0f MB%n", Files.size(home.resolve("store").resolve("pipewright.mv.db")) / 1e6);
            }
        }
        String reopened = args.length > 1 ? args[1] : home.resolve("store").toString();
        for (int i = 0; i < REOPENS; i++) {
            reopenInFreshProcess(reopened, "--reopen");
        }
        if (args.length <= 1) {
            // the same process without the window's warm-up: what H2's first pass through its query code costs
            reopenInFreshProcess(reopened, "--reopen-unready");
        }
    }

    /** Runs this benchmark's {@code --reopen} in a new JVM with this one's class path, its output shown as it comes. */
    private static void reopenInFreshProcess(String store, String how) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoreBenchmark.class.getName(), how, store)
                .inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the process that reopened the store ended with " + process.exitValue());
        }
    }

    /** In a process that has read nothing of the store yet: open it, then time the runs table's first filtered, sorted page and its count. */
    private static void firstPageAfterReopening(String location, boolean warmUp) {
        long opening = System.nanoTime();
        try (Store store = location.startsWith("jdbc:") ? Store.openUrl(location, "bench") : Store.open(Path.of(location), "bench")) {
            double openMs = (System.nanoTime() - opening) / 1e6;
            // as the window does once the embedded store is open (there on a thread of its own, long before a person filters the table)
            String readied = warmUp ? String.format(Locale.US, ", after the runs table's warm-up (%d ms, on its own in-memory store)", RunTableWarmUp.run())
                    : ", without the runs table's warm-up";
            var pages = new RunPages(store);
            // what the Experiments workspace reads before its first page: the experiments, then the chosen one's keys
            long t = System.nanoTime();
            pages.experiments();
            var keys = pages.keys("bench");
            double keysMs = (System.nanoTime() - t) / 1e6;
            var filter = RunFilter.parse(FILTERS[0]);
            t = System.nanoTime();
            var page = pages.page("bench", filter, COLUMNS.get(0), false, COLUMNS, 0, 100);
            double pageMs = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            long count = pages.count("bench", filter);
            double countMs = (System.nanoTime() - t) / 1e6;
            System.out.printf(Locale.US, "reopened in a fresh process (store open in %.0f ms%s): the experiments and the %d keys of one: %.0f ms; "
                    + "first page of the filtered runs table sorted by a metric (%d rows, 5 columns): %.0f ms%s; its count (%,d): %.0f ms; load average %s%n",
                    openMs, readied, keys.params().size() + keys.metrics().size() + keys.tags().size(), keysMs, page.size(), pageMs,
                    warmUp ? " (floor 100)" : "", count, countMs, loadAverage());
        }
    }

    /** The machine's load average over the last minute, as /proc/loadavg gives it ("?" where there is none). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Records the benchmark's runs in experiment "bench" (seeded): param_0 is the algorithm, metric_m rises by 0.001 a step. */
    static List<Long> fill(Runs runs, int runCount) {
        var random = new Random(5);
        var ids = new ArrayList<Long>();
        for (int r = 0; r < runCount; r++) {
            var params = new LinkedHashMap<String, String>();
            for (int p = 0; p < 20; p++) {
                params.put("param_" + p, p == 0 ? (r % 3 == 0 ? "xgboost" : "random_forest") : Integer.toString(random.nextInt(100)));
            }
            // as a pipeline run records itself: opened with its params, metrics as they come, closed with the last of them
            var run = runs.start("bench", "run-" + r, null, (long) r, null, null, null, params, java.util.Map.of());
            ids.add(run.id());
            for (int m = 0; m < 10; m++) {
                double level = random.nextDouble();
                for (int step = 0; step < 100; step++) {
                    runs.metric(run.id(), "metric_" + m, step, level + step / 1000.0);
                }
            }
            runs.end(run.id(), "finished", null);
        }
        runs.flush();
        return ids;
    }

    private static void measureQueries(Store store, Runs runs, List<Long> ids) {
        // what the runs table reads: a page of 100 with five columns' values, and the count beside it
        var pages = new RunPages(store);
        var columns = COLUMNS;
        String[] filters = FILTERS;
        for (String text : filters) {
            var filter = RunFilter.parse(text);
            long t = System.nanoTime();
            var page = pages.page("bench", filter, columns.get(0), false, columns, 0, 100);
            double pageMs = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            long count = pages.count("bench", filter);
            System.out.printf(Locale.US, "first page of a filtered runs table sorted by a metric (%d rows, 5 columns): %.0f ms (floor 200); its count (%,d): %.0f ms%n",
                    page.size(), pageMs, count, (System.nanoTime() - t) / 1e6);
        }
        long t0 = System.nanoTime();
        var newest = pages.page("bench", RunFilter.parse(filters[0]), null, false, columns, 0, 100);
        System.out.printf(Locale.US, "first page of the same filter, newest first (%d rows): %.0f ms%n", newest.size(), (System.nanoTime() - t0) / 1e6);
        for (int attempt = 0; attempt < 3; attempt++) {
            long t = System.nanoTime();
            int loaded = 0;
            for (int i = 0; i < 10; i++) {
                loaded += runs.history(ids.get(i * (ids.size() / 10)), "metric_3").size();
            }
            System.out.printf(Locale.US, "10 runs' histories of one metric (%d points): %.0f ms (floor 100)%n", loaded, (System.nanoTime() - t) / 1e6);
        }
    }
}
