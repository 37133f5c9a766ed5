package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.store.fs.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies the runs table's queries before a person asks for them: runs what the table runs (its keys,
 * filtered and sorted pages, their counts and the columns' values) on a small store of its own in H2's
 * in-memory file system, closing and opening it again between rounds so that H2 also reads its pages back
 * as it reads a store's file. The first filtered, sorted page of a store of 10,000 runs then costs what
 * its data costs, not the first pass of H2's query code through the interpreter (about 250 ms of a fresh
 * process's first page). It reads nothing of the person's store. The window runs it on a thread of its
 * own, below the background work's priority, once the embedded store is open.
 */
public final class RunTableWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(RunTableWarmUp.class);
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String EXPERIMENT = "warm-up";
    private static final int RUN_COUNT = 500;
    private static final int ROUNDS = 10;
    /** The store's runs past which the window warms the table up. */
    static final int WORTH_IT = 1_000;
    private static final String[] ALGORITHMS = {"xgboost", "random_forest", "logistic_regression"};
    private static final List<RunPages.Column> COLUMNS = List.of(RunPages.Column.metric("m0", RunPages.Column.Aggregate.LAST),
            RunPages.Column.metric("m1", RunPages.Column.Aggregate.MAX), RunPages.Column.metric("m2", RunPages.Column.Aggregate.MIN),
            RunPages.Column.param("algorithm"), RunPages.Column.param("depth"), RunPages.Column.tag("origin"));
    private static final String[] FILTERS = {"metrics.m1 > 0.%d and params.algorithm = 'xgboost'", "metrics.m0 < 0.%d or params.depth = '3'",
        "params.algorithm = 'random_forest' and tags.origin = 'b' and metrics.m2 >= 0.%d", "status = 'finished' and seed > %d"};

    private RunTableWarmUp() {
    }

    /**
     * Starts the warm-up on a daemon thread of its own, at a lower priority than the background work, when the
     * store holds more than {@link #WORTH_IT} runs: below that, the table's first page is quick without it, and
     * the warm-up's few seconds of CPU are not spent.
     */
    public static Thread startFor(Store store) {
        var thread = new Thread(() -> {
            io.pipewright.work.ThreadPriority.lowerCurrent(io.pipewright.work.ThreadPriority.BACKGROUND + 5);
            if (holdsMoreRunsThan(store, WORTH_IT)) {
                run();
            }
        }, "pipewright-runs-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Whether the store holds more than {@code count} runs (read no further than that); false when it cannot be read. */
    static boolean holdsMoreRunsThan(Store store, int count) {
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM run LIMIT ?) x")) {
            select.setLong(1, count + 1L);
            try (var rows = select.executeQuery()) {
                return rows.next() && rows.getLong(1) > count;
            }
        } catch (SQLException | RuntimeException e) {
            return false; // a closed or failing store: the table reports it when it is shown
        }
    }

    /** Runs the warm-up on the calling thread; returns how long it took, in milliseconds. A failure is logged and otherwise ignored. */
    public static long run() {
        long started = System.nanoTime();
        try {
            warm();
        } catch (SQLException | RuntimeException e) {
            // it only readies code: the real store reports its own problems
            LOG.debug("the runs table's warm-up stopped: {}", e.toString());
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The warm-up, failures thrown; returns the number of runs its pages showed. */
    static long warm() throws SQLException {
        // a folder of its own in H2's in-memory file system: two warm-ups in one process never share a database
        var folder = java.nio.file.Path.of("pipewright-runs-warm-up-" + RUNS.incrementAndGet());
        try {
            Store store = Store.inMemory(folder);
            try {
                fill(store);
            } finally {
                store.release();
            }
            long shown = 0;
            for (int round = 0; round < ROUNDS; round++) {
                store = Store.inMemory(folder);
                try {
                    shown += round(new RunPages(store), round);
                } finally {
                    store.release();
                }
            }
            return shown;
        } finally {
            try {
                FileUtils.deleteRecursive("memFS:" + folder, true);
            } catch (RuntimeException e) {
                // memory only: nothing is left behind once the process ends
            }
        }
    }

    /** One round: what the runs table asks when it is shown, filtered and sorted; returns the number of runs its pages showed. */
    private static long round(RunPages pages, int round) {
        pages.experiments();
        pages.keys(EXPERIMENT);
        // and as an experiment of more than RunPages.KEY_WALK_FROM runs reads them (the store is warmed up past 1,000)
        pages.keys(EXPERIMENT, 0);
        long shown = 0;
        for (int i = 0; i < FILTERS.length; i++) {
            var filter = RunFilter.parse(String.format(java.util.Locale.ROOT, FILTERS[i], 1 + (round + i) % 8));
            boolean ascending = (round + i) % 2 == 0;
            shown += pages.page(EXPERIMENT, filter, COLUMNS.get((round + i) % COLUMNS.size()), ascending, COLUMNS, 0, 100).size();
            shown += pages.page(EXPERIMENT, filter, COLUMNS.get(0), !ascending, COLUMNS, 0, 100).size();
            shown += pages.page(EXPERIMENT, filter, null, ascending, COLUMNS, 0, 100).size();
            pages.count(EXPERIMENT, filter);
        }
        return shown;
    }

    /** The warm-up's runs, written in one transaction: params, tags, the metrics' latest values, a child run for every tenth. */
    private static void fill(Store store) throws SQLException {
        var random = new Random(23);
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            long experiment;
            try (var insert = connection.prepareStatement("INSERT INTO experiment (name, created_at) VALUES (?, ?)",
                    java.sql.Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, EXPERIMENT);
                insert.setTimestamp(2, new Timestamp(0));
                insert.executeUpdate();
                try (var keys = insert.getGeneratedKeys()) {
                    keys.next();
                    experiment = keys.getLong(1);
                }
            }
            try (var run = connection.prepareStatement("INSERT INTO run (id, run_key, experiment_id, parent_run_id, name, status, started_at, ended_at, seed) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 var param = connection.prepareStatement("INSERT INTO run_param (run_id, param_key, param_value) VALUES (?, ?, ?)");
                 var tag = connection.prepareStatement("INSERT INTO run_tag (run_id, tag_key, tag_value) VALUES (?, ?, ?)");
                 var metric = connection.prepareStatement("INSERT INTO run_metric_latest (run_id, metric_key, last_step, last_value, min_value, max_value) "
                         + "VALUES (?, ?, ?, ?, ?, ?)")) {
                for (long id = 1; id <= RUN_COUNT; id++) {
                    run.setLong(1, id);
                    run.setString(2, "warm-up-" + id);
                    run.setLong(3, experiment);
                    run.setObject(4, id % 10 == 0 ? id - 1 : null);
                    run.setString(5, "run " + id);
                    run.setString(6, id % 7 == 0 ? "failed" : "finished");
                    run.setTimestamp(7, new Timestamp(id * 1000));
                    run.setTimestamp(8, new Timestamp(id * 1000 + 500));
                    run.setLong(9, id);
                    run.executeUpdate();
                    add(param, id, "algorithm", ALGORITHMS[(int) (id % ALGORITHMS.length)]);
                    add(param, id, "depth", Integer.toString(random.nextInt(8)));
                    add(tag, id, "origin", random.nextBoolean() ? "a" : "b");
                    for (int m = 0; m < 3; m++) {
                        double value = random.nextDouble();
                        metric.setLong(1, id);
                        metric.setString(2, "m" + m);
                        metric.setLong(3, 9);
                        metric.setDouble(4, value);
                        metric.setDouble(5, value / 2);
                        metric.setDouble(6, Math.min(1, value * 2));
                        metric.addBatch();
                    }
                }
                param.executeBatch();
                tag.executeBatch();
                metric.executeBatch();
            }
            connection.commit();
        }
    }

    private static void add(PreparedStatement insert, long runId, String key, String value) throws SQLException {
        insert.setLong(1, runId);
        insert.setString(2, key);
        insert.setString(3, value);
        insert.addBatch();
    }
}
