package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Experiments and runs in the store. A run is opened as running, then gets its parameters, tags,
 * datasets, metric points (buffered and written in batches) and artifacts, and is closed as
 * finished, failed or killed. Every write is its own transaction: a process killed mid-run leaves
 * a consistent store, and its run is marked killed when the store is next opened.
 */
public final class Runs {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Runs.class);
    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";
    public static final String KILLED = "killed";
    /** Points buffered at most before they are written. */
    private static final int METRIC_BATCH = 5000;
    /** Points wait at most this long (a live view sees them within a second), checked as points arrive. */
    private static final long METRIC_DELAY_NANOS = 1_000_000_000L;
    static final String RUN_COLUMNS = "SELECT r.id, r.run_key, e.name, r.status, r.started_at, r.ended_at, r.seed, r.pipeline_sha256, r.failure ";

    private final Store store;
    private final Clock clock;
    private final List<MetricPoint> pending = new ArrayList<>();
    private long oldestPending;

    public Runs(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The store the runs are recorded in. */
    public Store store() {
        return store;
    }

    /** A run as stored. */
    public record Run(long id, String key, String experiment, String status, Instant startedAt, Instant endedAt, Long seed,
                      String pipelineSha256, String failure) {
    }

    record MetricPoint(long runId, String key, long step, double value, Instant at) {
    }

    /** Opens a run of the experiment named (created when new). */
    public Run start(String experiment, String key, String name, Long seed, String pipelineSha256, String pipelineText, Long parentRunId) {
        return start(experiment, key, name, seed, pipelineSha256, pipelineText, parentRunId, Map.of(), Map.of());
    }

    /** Opens a run with its first params and tags, in one transaction (one write where every commit reaches the disk). */
    public Run start(String experiment, String key, String name, Long seed, String pipelineSha256, String pipelineText, Long parentRunId,
                     Map<String, String> params, Map<String, String> tags) {
        Instant now = clock.instant();
        var opened = new Run(0, key, experiment, RUNNING, now, null, seed, pipelineSha256, null);
        long id = insert(opened, name, pipelineText, parentRunId, params, tags, List.of());
        return new Run(id, key, experiment, RUNNING, now, null, seed, pipelineSha256, null);
    }

    /**
     * Writes a run (its row, params, tags and metric points) in one transaction, after checking every
     * length: it is stored whole or not at all. Returns its id.
     */
    private long insert(Run run, String name, String pipelineText, Long parentRunId, Map<String, String> params, Map<String, String> tags,
                        List<MetricPoint> points) {
        StoreLimits.checkRun(run.experiment(), run.key(), name);
        StoreLimits.checkPairs("param", params);
        StoreLimits.checkPairs("tag", tags);
        points.forEach(point -> StoreLimits.checkMetric(point.key()));
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            try {
                long experimentId = NamedRows.idOf(connection, NamedRows.Table.EXPERIMENT, run.experiment(), clock.instant());
                long id;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO run (run_key, experiment_id, parent_run_id, name, status, "
                        + "started_at, ended_at, seed, pipeline_sha256, pipeline_text, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    insert.setString(1, run.key());
                    insert.setLong(2, experimentId);
                    insert.setObject(3, parentRunId);
                    insert.setString(4, name);
                    insert.setString(5, run.status());
                    insert.setTimestamp(6, Timestamp.from(run.startedAt()));
                    insert.setTimestamp(7, run.endedAt() == null ? null : Timestamp.from(run.endedAt()));
                    insert.setObject(8, run.seed());
                    insert.setString(9, run.pipelineSha256());
                    insert.setString(10, pipelineText);
                    // only a run this process is running has an owner: one left running by it is marked killed when it ends
                    insert.setString(11, RUNNING.equals(run.status()) ? machine() + ":" + ProcessHandle.current().pid() : null);
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                insertPairs(connection, id, "INSERT INTO run_param (run_id, param_key, param_value) VALUES (?, ?, ?)", params);
                insertPairs(connection, id, "INSERT INTO run_tag (run_id, tag_key, tag_value) VALUES (?, ?, ?)", tags);
                if (!points.isEmpty()) {
                    write(connection, points.stream().map(point -> new MetricPoint(id, point.key(), point.step(), point.value(), point.at())).toList());
                }
                connection.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw refused("cannot record a run of " + run.experiment() + " in the store", e);
        }
    }

    public void params(long runId, Map<String, String> params) {
        StoreLimits.checkPairs("param", params);
        pairs(runId, "INSERT INTO run_param (run_id, param_key, param_value) VALUES (?, ?, ?)", params, "parameters");
    }

    /** Sets tags (replacing a tag of the same name). */
    public void tags(long runId, Map<String, String> tags) {
        replacePairs(runId, "tag", tags);
    }

    /** Sets a run's tags ({@code kind} "tag") or params ("param"), replacing the values of keys it has already. */
    void replacePairs(long runId, String kind, Map<String, String> pairs) {
        if (pairs.isEmpty()) {
            return;
        }
        StoreLimits.checkPairs(kind, pairs);
        String table = "run_" + kind;
        try (Connection connection = store.connection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE run_id = ? AND " + kind + "_key = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (run_id, " + kind + "_key, " + kind + "_value) VALUES (?, ?, ?)")) {
            connection.setAutoCommit(false);
            for (var entry : pairs.entrySet()) {
                delete.setLong(1, runId);
                delete.setString(2, entry.getKey());
                delete.addBatch();
                insert.setLong(1, runId);
                insert.setString(2, entry.getKey());
                insert.setString(3, entry.getValue());
                insert.addBatch();
            }
            delete.executeBatch();
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw refused("cannot record the run's " + (kind.equals("tag") ? "tags" : "parameters"), e);
        }
    }

    private static void insertPairs(Connection connection, long runId, String sql, Map<String, String> values) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (var entry : values.entrySet()) {
                insert.setLong(1, runId);
                insert.setString(2, entry.getKey());
                insert.setString(3, entry.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void pairs(long runId, String sql, Map<String, String> values, String what) {
        if (values.isEmpty()) {
            return;
        }
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            insertPairs(connection, runId, sql, values);
            connection.commit();
        } catch (SQLException e) {
            throw refused("cannot record the run's " + what, e);
        }
    }

    /** Buffers a metric point; points are written in batches, and by {@link #flush}. */
    public synchronized void metric(long runId, String key, long step, double value) {
        metric(runId, key, step, value, clock.instant());
    }

    /** A metric point recorded at a given time (an imported history keeps its times). */
    public synchronized void metric(long runId, String key, long step, double value, Instant at) {
        StoreLimits.checkMetric(key);
        if (pending.isEmpty()) {
            oldestPending = System.nanoTime();
        }
        pending.add(new MetricPoint(runId, key, step, value, at));
        if (pending.size() >= METRIC_BATCH || System.nanoTime() - oldestPending > METRIC_DELAY_NANOS) {
            flush();
        }
    }

    /** Writes the buffered metric points, and each metric's latest, min and max. */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            write(connection);
            connection.commit();
        } catch (SQLException e) {
            throw refused("cannot record the run's metrics", e);
        }
    }

    /** Writes the buffered points in the connection's transaction (the caller commits). */
    private void write(Connection connection) throws SQLException {
        var points = new ArrayList<>(pending);
        pending.clear();
        write(connection, points);
    }

    private static void write(Connection connection, List<MetricPoint> points) throws SQLException {
        // the run's row is locked first, in id order: processes that log metrics of one run at once (a study's
        // trials on a cluster) then read and write its latest values one after another, instead of both finding
        // no row and both inserting it
        var runIds = new java.util.TreeSet<Long>();
        for (MetricPoint point : points) {
            runIds.add(point.runId());
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM run WHERE id = ? FOR UPDATE")) {
            for (long runId : runIds) {
                lock.setLong(1, runId);
                try (ResultSet ignored = lock.executeQuery()) {
                    // the lock is held until the caller commits
                }
            }
        }
        insertBlocks(connection, points);
        var latest = new LinkedHashMap<String, double[]>(); // run:key → last step, last, min, max
        for (MetricPoint point : points) {
            String id = point.runId() + "\u0000" + point.key();
            double[] summary = latest.computeIfAbsent(id, key -> new double[] {Long.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY});
            if (point.step() >= summary[0]) {
                summary[0] = point.step();
                summary[1] = point.value();
            }
            if (Double.isFinite(point.value())) {
                summary[2] = Math.min(summary[2], point.value());
                summary[3] = Math.max(summary[3], point.value());
            }
        }
        for (var entry : latest.entrySet()) {
            String[] parts = entry.getKey().split("\u0000", 2);
            updateLatest(connection, Long.parseLong(parts[0]), parts[1], entry.getValue());
        }
    }

    /** Writes points as blocks: one row per run and metric, per {@link MetricBlocks#MAX_POINTS} points, in the order given. */
    static void insertBlocks(Connection connection, List<MetricPoint> points) throws SQLException {
        var byMetric = new LinkedHashMap<String, List<MetricPoint>>();
        for (MetricPoint point : points) {
            byMetric.computeIfAbsent(point.runId() + "\u0000" + point.key(), id -> new ArrayList<>()).add(point);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO run_metric_block (run_id, metric_key, min_step, max_step, point_count, points) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (List<MetricPoint> metric : byMetric.values()) {
                for (int from = 0; from < metric.size(); from += MetricBlocks.MAX_POINTS) {
                    List<MetricPoint> block = metric.subList(from, Math.min(metric.size(), from + MetricBlocks.MAX_POINTS));
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (MetricPoint point : block) {
                        min = Math.min(min, point.step());
                        max = Math.max(max, point.step());
                    }
                    insert.setLong(1, block.get(0).runId());
                    insert.setString(2, block.get(0).key());
                    insert.setLong(3, min);
                    insert.setLong(4, max);
                    insert.setInt(5, block.size());
                    insert.setString(6, MetricBlocks.encode(block));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void updateLatest(Connection connection, long runId, String key, double[] summary) throws SQLException {
        Double min = null;
        Double max = null;
        Long lastStep = null;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_step, min_value, max_value FROM run_metric_latest WHERE run_id = ? AND metric_key = ?")) {
            select.setLong(1, runId);
            select.setString(2, key);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    lastStep = rows.getLong(1);
                    min = (Double) rows.getObject(2);
                    max = (Double) rows.getObject(3);
                }
            }
        }
        double newMin = min == null ? summary[2] : Math.min(min, summary[2]);
        double newMax = max == null ? summary[3] : Math.max(max, summary[3]);
        boolean newer = lastStep == null || summary[0] >= lastStep;
        try (PreparedStatement merge = connection.prepareStatement(lastStep == null
                ? "INSERT INTO run_metric_latest (last_step, last_value, min_value, max_value, run_id, metric_key) VALUES (?, ?, ?, ?, ?, ?)"
                : "UPDATE run_metric_latest SET last_step = ?, last_value = ?, min_value = ?, max_value = ? WHERE run_id = ? AND metric_key = ?")) {
            if (newer) {
                merge.setLong(1, (long) summary[0]);
                merge.setObject(2, Double.isFinite(summary[1]) ? summary[1] : null);
            } else {
                merge.setLong(1, lastStep);
                merge.setObject(2, latestValue(connection, runId, key));
            }
            merge.setObject(3, Double.isFinite(newMin) ? newMin : null);
            merge.setObject(4, Double.isFinite(newMax) ? newMax : null);
            merge.setLong(5, runId);
            merge.setString(6, key);
            merge.executeUpdate();
        }
    }

    private static Double latestValue(Connection connection, long runId, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT last_value FROM run_metric_latest WHERE run_id = ? AND metric_key = ?")) {
            select.setLong(1, runId);
            select.setString(2, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? (Double) rows.getObject(1) : null;
            }
        }
    }

    public void artifact(long runId, String path, String kind, long sizeBytes, String sha256) {
        try (Connection connection = store.connection()) {
            insertArtifact(connection, runId, new Artifact(path, kind, sizeBytes, sha256));
        } catch (SQLException e) {
            throw refused("cannot record the artifact " + path, e);
        }
    }

    private static void insertArtifact(Connection connection, long runId, Artifact artifact) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO run_artifact (run_id, path, kind, size_bytes, sha256) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, runId);
            insert.setString(2, artifact.path());
            insert.setString(3, artifact.kind());
            insert.setLong(4, artifact.sizeBytes());
            insert.setString(5, artifact.sha256());
            insert.executeUpdate();
        }
    }

    public void dataset(long runId, String nodeId, String sha256) {
        try (Connection connection = store.connection()) {
            insertDataset(connection, runId, nodeId, sha256);
        } catch (SQLException e) {
            throw refused("cannot record the run's dataset", e);
        }
    }

    private static void insertDataset(Connection connection, long runId, String nodeId, String sha256) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO run_dataset (run_id, node_id, sha256) SELECT ?, ?, ? FROM (VALUES (0)) AS one (x) WHERE NOT EXISTS "
                        + "(SELECT 1 FROM run_dataset WHERE run_id = ? AND node_id = ? AND sha256 = ?)")) {
            insert.setLong(1, runId);
            insert.setString(2, nodeId);
            insert.setString(3, sha256);
            insert.setLong(4, runId);
            insert.setString(5, nodeId);
            insert.setString(6, sha256);
            insert.executeUpdate();
        }
    }

    /** A file a run wrote. */
    public record Artifact(String path, String kind, long sizeBytes, String sha256) {
    }

    /** A dataset (by fingerprint) a node of the run read. */
    public record Dataset(String nodeId, String sha256) {
    }

    /** What a run produced, written with its end: params learned on the way (a model's hyperparameters), files, datasets read. */
    public record Results(Map<String, String> params, List<Artifact> artifacts, List<Dataset> datasets) {
        public static final Results NONE = new Results(Map.of(), List.of(), List.of());

        public Results {
            params = Map.copyOf(params);
            artifacts = List.copyOf(artifacts);
            datasets = List.copyOf(datasets);
        }
    }

    /** Closes a run: finished, failed or killed, with the failure's message. Buffered metrics are written first. */
    public void end(long runId, String status, String failure) {
        end(runId, status, failure, Results.NONE);
    }

    /**
     * Closes a run with what it produced: its buffered metrics, the results and its end in one
     * transaction, so a run is never closed without its results nor has results and stays running.
     * Lengths are checked before anything is written.
     */
    public synchronized void end(long runId, String status, String failure, Results results) {
        StoreLimits.checkPairs("param", results.params());
        try (Connection connection = store.connection()) {
            connection.setAutoCommit(false);
            try {
                write(connection);
                // a model's effective hyperparameters replace the values its node was configured with
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM run_param WHERE run_id = ? AND param_key = ?")) {
                    for (String key : results.params().keySet()) {
                        delete.setLong(1, runId);
                        delete.setString(2, key);
                        delete.addBatch();
                    }
                    delete.executeBatch();
                }
                insertPairs(connection, runId, "INSERT INTO run_param (run_id, param_key, param_value) VALUES (?, ?, ?)", results.params());
                for (Artifact artifact : results.artifacts()) {
                    insertArtifact(connection, runId, artifact);
                }
                for (Dataset dataset : results.datasets()) {
                    insertDataset(connection, runId, dataset.nodeId(), dataset.sha256());
                }
                try (PreparedStatement update = connection.prepareStatement("UPDATE run SET status = ?, ended_at = ?, failure = ? WHERE id = ?")) {
                    update.setString(1, status);
                    update.setTimestamp(2, Timestamp.from(clock.instant()));
                    update.setString(3, failure == null ? null : failure.substring(0, Math.min(failure.length(), 4000)));
                    update.setLong(4, runId);
                    update.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw refused("cannot close the run", e);
        }
    }

    /**
     * A write the database refused, in words: a full or read-only disk is said so; anything else
     * (the database's own text, which quotes SQL) goes to the log, not to the person.
     */
    private static StoreException refused(String what, SQLException e) {
        LOG.warn("{}: {}", what, e.getMessage());
        String trouble = StoreException.diskTrouble(e);
        var refused = new StoreException(what + ": " + (trouble != null ? trouble : "the store refused the write (the log has the details)"));
        refused.initCause(e);
        return refused;
    }

    /** This machine's name, as run owners record it. */
    static String machine() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /**
     * Marks the runs left running by a process that ended; returns how many. {@code machine} null: every
     * running run (an embedded store has one process at a time); else only that machine's runs whose
     * process is gone (a shared store).
     */
    static int markAbandoned(Connection connection, String machine) throws SQLException {
        var ended = new ArrayList<Long>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, owner FROM run WHERE status = ?")) {
            select.setString(1, RUNNING);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String owner = rows.getString(2);
                    if (WorkflowRuns.OWNER.equals(owner)) {
                        continue; // a workflow's run outlives each of its nodes' processes: its last node closes it
                    }
                    if (machine == null) {
                        ended.add(rows.getLong(1));
                    } else if (owner != null && owner.startsWith(machine + ":")) {
                        try {
                            long pid = Long.parseLong(owner.substring(machine.length() + 1));
                            if (ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true)) {
                                ended.add(rows.getLong(1));
                            }
                        } catch (NumberFormatException e) {
                            // not an owner this Pipewright wrote
                        }
                    }
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE run SET status = ?, ended_at = ?, failure = ? WHERE id = ?")) {
            for (long id : ended) {
                update.setString(1, KILLED);
                update.setTimestamp(2, Timestamp.from(Instant.now()));
                update.setString(3, "the process running it ended before the run did");
                update.setLong(4, id);
                update.addBatch();
            }
            update.executeBatch();
        }
        return ended.size();
    }

    public Optional<Run> find(String key) {
        return query(RUN_COLUMNS
                + "FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE r.run_key = ?", key).stream().findFirst();
    }

    /** The runs of an experiment (not their child runs), newest first. */
    public List<Run> list(String experiment) {
        return query(RUN_COLUMNS
                + "FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE e.name = ? AND r.parent_run_id IS NULL "
                + "ORDER BY r.started_at DESC, r.id DESC", experiment);
    }

    /**
     * A page of runs (not child runs) matching the filter, sorted in the database: {@code orderBy} is
     * {@code start_time} (the default, newest first), {@code metrics.KEY}, {@code params.KEY},
     * {@code status} or {@code name}, optionally followed by {@code ASC} or {@code DESC}; runs without
     * the metric or param come last.
     */
    public List<Run> search(String experiment, RunFilter filter, String orderBy, int offset, int limit) {
        return SortedRuns.page(store, experiment, filter, order(orderBy), offset, limit);
    }

    private static SortedRuns.Order order(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return new SortedRuns.ByStart(false);
        }
        String[] parts = orderBy.trim().split("\\s+");
        if (parts.length > 2 || parts.length == 2 && !parts[1].equalsIgnoreCase("asc") && !parts[1].equalsIgnoreCase("desc")) {
            throw new IllegalArgumentException("--order-by: expected KEY [ASC|DESC], not '" + orderBy + "'");
        }
        boolean ascending = parts.length == 2 && parts[1].equalsIgnoreCase("asc");
        String key = parts[0];
        if (key.startsWith("metrics.")) {
            return new SortedRuns.ByLastMetric(key.substring("metrics.".length()), ascending);
        }
        if (key.startsWith("params.")) {
            return new SortedRuns.ByValue("(SELECT p.param_value FROM run_param p WHERE p.run_id = r.id AND p.param_key = ?)",
                    List.of(key.substring("params.".length())), ascending);
        }
        return switch (key) {
            case "start_time" -> new SortedRuns.ByStart(ascending);
            case "end_time" -> new SortedRuns.ByValue("r.ended_at", List.of(), ascending);
            case "status" -> new SortedRuns.ByValue("r.status", List.of(), ascending);
            case "name" -> new SortedRuns.ByValue("r.name", List.of(), ascending);
            default -> throw new IllegalArgumentException("--order-by: unknown key '" + key
                    + "' (use start_time, end_time, status, name, metrics.NAME or params.NAME)");
        };
    }

    /** The store's id of an experiment (MLflow's experiment_id on export), or empty. */
    public Optional<Long> experimentId(String name) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement("SELECT id FROM experiment WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read experiments: " + e.getMessage(), e);
        }
    }

    /** One point of a metric's history. */
    public record Point(String key, long step, Instant at, double value) {
    }

    /** Every metric point of a run, by key then step (NaN where none was recorded). */
    public List<Point> points(long runId) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(
                "SELECT metric_key, points FROM run_metric_block WHERE run_id = ? ORDER BY metric_key, id")) {
            select.setLong(1, runId);
            var byKey = new LinkedHashMap<String, List<Point>>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(1);
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).addAll(MetricBlocks.decode(key, rows.getString(2)));
                }
            }
            var points = new ArrayList<Point>();
            byKey.values().forEach(written -> points.addAll(MetricBlocks.byStep(written)));
            return points;
        } catch (SQLException e) {
            throw new StoreException("cannot read metrics: " + e.getMessage(), e);
        }
    }

    /** Every run of an experiment, child runs included, oldest first. */
    public List<Run> all(String experiment) {
        return query(RUN_COLUMNS + "FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE e.name = ? ORDER BY r.started_at, r.id", experiment);
    }

    /** The key of a run's parent run, or null. */
    public String parentKey(long runId) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(
                "SELECT p.run_key FROM run r JOIN run p ON p.id = r.parent_run_id WHERE r.id = ?")) {
            select.setLong(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the run: " + e.getMessage(), e);
        }
    }

    /** Records a finished run as it was elsewhere (an import): its own times and status. */
    public Run record(String experiment, String key, String name, String status, Instant started, Instant ended, Long parentRunId) {
        return record(experiment, key, name, status, started, ended, parentRunId, Map.of(), Map.of(), List.of());
    }

    /**
     * Records a run as it was elsewhere (an import) with its params, tags and metric history, in one
     * transaction: whole, or, when a length does not fit or the write fails, not at all.
     */
    public Run record(String experiment, String key, String name, String status, Instant started, Instant ended, Long parentRunId,
                      Map<String, String> params, Map<String, String> tags, List<Point> points) {
        var recorded = new Run(0, key, experiment, status, started, ended, null, null, null);
        long id = insert(recorded, name, null, parentRunId, params, tags,
                points.stream().map(point -> new MetricPoint(0, point.key(), point.step(), point.value(), point.at())).toList());
        return new Run(id, key, experiment, status, started, ended, null, null, null);
    }

    /** A run's child runs (a tuning study's trials), in the order they started. */
    public List<Run> children(String parentKey) {
        return query(RUN_COLUMNS
                + "FROM run r JOIN experiment e ON e.id = r.experiment_id JOIN run p ON p.id = r.parent_run_id WHERE p.run_key = ? "
                + "ORDER BY r.started_at, r.id", parentKey);
    }

    private List<Run> query(String sql, String argument) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, argument);
            return read(select);
        } catch (SQLException e) {
            throw new StoreException("cannot read runs: " + e.getMessage(), e);
        }
    }

    /** The runs a query selects, its columns as {@link #RUN_COLUMNS}. */
    static List<Run> read(PreparedStatement select) throws SQLException {
        var runs = new ArrayList<Run>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Timestamp ended = rows.getTimestamp(6);
                runs.add(new Run(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getTimestamp(5).toInstant(),
                        ended == null ? null : ended.toInstant(), (Long) rows.getObject(7), rows.getString(8), rows.getString(9)));
            }
        }
        return runs;
    }

    /** The latest value of each metric of a run. */
    public Map<String, Double> latestMetrics(long runId) {
        return doubles("SELECT metric_key, last_value FROM run_metric_latest WHERE run_id = ? ORDER BY metric_key", runId);
    }

    /** A metric's history, by step (the last value written at a step). */
    public Map<Long, Double> history(long runId, String key) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(
                "SELECT points FROM run_metric_block WHERE run_id = ? AND metric_key = ? ORDER BY id")) {
            select.setLong(1, runId);
            select.setString(2, key);
            var written = new ArrayList<Point>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    written.addAll(MetricBlocks.decode(key, rows.getString(1)));
                }
            }
            var points = new LinkedHashMap<Long, Double>();
            for (Point point : MetricBlocks.byStep(written)) {
                points.put(point.step(), Double.isNaN(point.value()) ? null : point.value());
            }
            return points;
        } catch (SQLException e) {
            throw new StoreException("cannot read metrics: " + e.getMessage(), e);
        }
    }

    public Map<String, String> params(long runId) {
        return strings("SELECT param_key, param_value FROM run_param WHERE run_id = ? ORDER BY param_key", runId);
    }

    public Map<String, String> tags(long runId) {
        return strings("SELECT tag_key, tag_value FROM run_tag WHERE run_id = ? ORDER BY tag_key", runId);
    }

    public List<String> datasets(long runId) {
        return new ArrayList<>(strings("SELECT sha256, node_id FROM run_dataset WHERE run_id = ? ORDER BY node_id", runId).keySet());
    }

    /** Artifact path → SHA-256. */
    public Map<String, String> artifacts(long runId) {
        return strings("SELECT path, sha256 FROM run_artifact WHERE run_id = ? ORDER BY path", runId);
    }

    private Map<String, String> strings(String sql, long runId) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, runId);
            var values = new LinkedHashMap<String, String>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getString(2));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new StoreException("cannot read the run: " + e.getMessage(), e);
        }
    }

    private Map<String, Double> doubles(String sql, long runId) {
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, runId);
            var values = new LinkedHashMap<String, Double>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getString(1), (Double) rows.getObject(2));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new StoreException("cannot read the run: " + e.getMessage(), e);
        }
    }
}
