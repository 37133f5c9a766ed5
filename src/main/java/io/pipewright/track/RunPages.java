package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a runs table reads, a page at a time: the experiments, how many runs match a filter, the
 * keys a column can show, one sorted page of runs with the values of the chosen columns, and the
 * histories of one metric for many runs. Every read is a handful of queries whatever the page
 * size, and sorting happens in the database, so the table costs the same at 10 runs or 100,000.
 */
public final class RunPages {
    /** Past this many top-level runs, an experiment's keys are found by walking the keys' indexes (see {@link #distinct}). */
    static final int KEY_WALK_FROM = 1_000;
    /** Runs per query when many ids are read at once (keeps the IN list within every driver's limits). */
    private static final int IN_CHUNK = 500;

    private final Store store;

    public RunPages(Store store) {
        this.store = store;
    }

    /** An experiment with how many top-level runs it has and when the last one started. */
    public record Experiment(String name, long runs, Instant lastStarted) {
    }

    /**
     * What a column shows: a param, a tag, or a metric's last, min, max, or value at a step (the
     * last is not sortable: histories are stored in blocks the database cannot look into).
     */
    public record Column(Kind kind, String key, Aggregate aggregate, Long step) {
        public enum Kind { PARAM, METRIC, TAG }

        public enum Aggregate { LAST, MIN, MAX, AT_STEP }

        public Column {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(key);
            aggregate = kind == Kind.METRIC ? (aggregate == null ? Aggregate.LAST : aggregate) : null;
            if (aggregate == Aggregate.AT_STEP && step == null) {
                throw new IllegalArgumentException("the column " + key + " needs a step");
            }
            step = aggregate == Aggregate.AT_STEP ? step : null;
        }

        public static Column param(String key) {
            return new Column(Kind.PARAM, key, null, null);
        }

        public static Column tag(String key) {
            return new Column(Kind.TAG, key, null, null);
        }

        public static Column metric(String key, Aggregate aggregate) {
            return new Column(Kind.METRIC, key, aggregate, null);
        }

        public static Column metricAt(String key, long step) {
            return new Column(Kind.METRIC, key, Aggregate.AT_STEP, step);
        }

        /** The header a table shows: {@code params.depth}, {@code metrics.auc}, {@code min(metrics.loss)}, {@code metrics.loss@10}. */
        public String label() {
            return switch (kind) {
                case PARAM -> "params." + key;
                case TAG -> "tags." + key;
                case METRIC -> switch (aggregate) {
                    case LAST -> "metrics." + key;
                    case MIN -> "min(metrics." + key + ")";
                    case MAX -> "max(metrics." + key + ")";
                    case AT_STEP -> "metrics." + key + "@" + step;
                };
            };
        }
    }

    /** The keys that columns can show, over an experiment's top-level runs, each list sorted. */
    public record Keys(List<String> params, List<String> metrics, List<String> tags) {
    }

    /** A run and the values of the chosen columns (a Double for a metric, a String otherwise; absent when the run has none). */
    public record Row(Runs.Run run, Map<Column, Object> values) {
    }

    /** Experiments with at least one run first by their last run, then empty ones by name. */
    public List<Experiment> experiments() {
        String sql = "SELECT e.name, COUNT(r.id), MAX(r.started_at) FROM experiment e "
                + "LEFT JOIN run r ON r.experiment_id = e.id AND r.parent_run_id IS NULL GROUP BY e.id, e.name "
                + "ORDER BY MAX(r.started_at) DESC NULLS LAST, e.name";
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            var experiments = new ArrayList<Experiment>();
            while (rows.next()) {
                Timestamp last = rows.getTimestamp(3);
                experiments.add(new Experiment(rows.getString(1), rows.getLong(2), last == null ? null : last.toInstant()));
            }
            return experiments;
        } catch (SQLException e) {
            throw new StoreException("cannot read experiments: " + e.getMessage(), e);
        }
    }

    /** How many top-level runs of the experiment (every experiment when null) the filter keeps. */
    public long count(String experiment, RunFilter filter) {
        var arguments = new ArrayList<Object>();
        String sql = "SELECT COUNT(*) FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE " + where(experiment, filter, arguments);
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, arguments);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count runs: " + e.getMessage(), e);
        }
    }

    /** The param, metric and tag keys of an experiment's top-level runs. */
    public Keys keys(String experiment) {
        return keys(experiment, KEY_WALK_FROM);
    }

    /** As {@link #keys(String)}, the keys' indexes walked past {@code walkFrom} top-level runs. */
    Keys keys(String experiment, int walkFrom) {
        try (Connection connection = store.connection()) {
            Long id = experimentId(connection, experiment);
            if (id == null) {
                return new Keys(List.of(), List.of(), List.of());
            }
            boolean walk = topLevelRunsPast(connection, id, walkFrom);
            return new Keys(distinct(connection, "run_param", "param_key", id, walk), distinct(connection, "run_metric_latest", "metric_key", id, walk),
                    distinct(connection, "run_tag", "tag_key", id, walk));
        } catch (SQLException e) {
            throw new StoreException("cannot read the experiment's keys: " + e.getMessage(), e);
        }
    }

    private static Long experimentId(Connection connection, String experiment) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM experiment WHERE name = ?")) {
            select.setString(1, experiment);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    /** Whether the experiment has more than {@code count} top-level runs (read no further than that). */
    private static boolean topLevelRunsPast(Connection connection, long experimentId, int count) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM run r WHERE r.experiment_id = ? AND r.parent_run_id IS NULL LIMIT ?) x")) {
            select.setLong(1, experimentId);
            select.setLong(2, count + 1L);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1) > count;
            }
        }
    }

    /**
     * The experiment's keys in one table, in order. A small experiment's rows are read whole. For a large one
     * the table's keys are walked instead, one seek of the index on (key, run) each, and a key is kept when a
     * top-level run of the experiment has it: a few seeks per key rather than every row of every run (reading
     * the rows of 10,000 runs of 30 keys took about a second on a store just opened).
     */
    private List<String> distinct(Connection connection, String table, String column, long experimentId, boolean walk) throws SQLException {
        boolean embedded = store.embedded();
        var keys = new ArrayList<String>();
        if (!walk) {
            try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT t." + column + " FROM " + table + " t JOIN run r ON r.id = t.run_id "
                    + "WHERE r.experiment_id = ? AND r.parent_run_id IS NULL ORDER BY t." + column)) {
                select.setLong(1, experimentId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
            }
            return keys;
        }
        try (PreparedStatement first = connection.prepareStatement("SELECT t." + column + " FROM " + table + " t ORDER BY t." + column + " LIMIT 1");
             PreparedStatement next = connection.prepareStatement("SELECT t." + column + " FROM " + table + " t WHERE t." + column
                     + (embedded ? " >= ?" : " > ?") + " ORDER BY t." + column + " LIMIT 1");
             PreparedStatement kept = connection.prepareStatement("SELECT 1 FROM " + table + " t JOIN run r ON r.id = t.run_id WHERE t." + column
                     + " = ? AND r.experiment_id = ? AND r.parent_run_id IS NULL LIMIT 1")) {
            String key = firstString(first);
            while (key != null) {
                kept.setString(1, key);
                kept.setLong(2, experimentId);
                if (firstString(kept) != null) {
                    keys.add(key);
                }
                // H2 starts a "> key" range at the key's first entry and passes over every run that has it; the
                // key followed by U+0000 is the next string in its order, and ">=" of it starts past them
                next.setString(1, embedded ? key + '\u0000' : key);
                key = firstString(next);
            }
        }
        return keys;
    }

    private static String firstString(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /**
     * One page of top-level runs that the filter keeps, sorted in the database by {@code sortBy}
     * (newest first when null; runs without the value last), with the columns' values.
     */
    public List<Row> page(String experiment, RunFilter filter, Column sortBy, boolean ascending, List<Column> columns, int offset, int limit) {
        SortedRuns.Order order;
        if (sortBy == null) {
            order = new SortedRuns.ByStart(ascending);
        } else if (sortBy.kind() == Column.Kind.METRIC && sortBy.aggregate() == Column.Aggregate.LAST) {
            order = new SortedRuns.ByLastMetric(sortBy.key(), ascending);
        } else {
            order = new SortedRuns.ByValue(valueOf(sortBy), List.of(sortBy.key()), ascending);
        }
        List<Runs.Run> runs = SortedRuns.page(store, experiment, filter, order, offset, limit);
        Map<Long, Map<Column, Object>> values = values(runs.stream().map(Runs.Run::id).toList(), columns);
        return runs.stream().map(run -> new Row(run, values.getOrDefault(run.id(), Map.of()))).toList();
    }

    /** The values of the columns for these runs: one query per kind of column, not per run. */
    public Map<Long, Map<Column, Object>> values(List<Long> runIds, List<Column> columns) {
        var values = new HashMap<Long, Map<Column, Object>>();
        if (runIds.isEmpty() || columns.isEmpty()) {
            return values;
        }
        for (List<Long> chunk : chunks(runIds)) {
            try (Connection connection = store.connection()) {
                strings(connection, chunk, columns, Column.Kind.PARAM, "run_param", "param_key", "param_value", values);
                strings(connection, chunk, columns, Column.Kind.TAG, "run_tag", "tag_key", "tag_value", values);
                latest(connection, chunk, columns, values);
                atSteps(connection, chunk, columns, values);
            } catch (SQLException e) {
                throw new StoreException("cannot read the runs' values: " + e.getMessage(), e);
            }
        }
        return values;
    }

    private static void strings(Connection connection, List<Long> runIds, List<Column> columns, Column.Kind kind, String table, String keyColumn,
                                String valueColumn, Map<Long, Map<Column, Object>> into) throws SQLException {
        var byKey = new LinkedHashMap<String, Column>();
        columns.stream().filter(column -> column.kind() == kind).forEach(column -> byKey.put(column.key(), column));
        if (byKey.isEmpty()) {
            return;
        }
        String sql = "SELECT run_id, " + keyColumn + ", " + valueColumn + " FROM " + table + " WHERE run_id IN (" + placeholders(runIds.size())
                + ") AND " + keyColumn + " IN (" + placeholders(byKey.size()) + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            var arguments = new ArrayList<Object>(runIds);
            arguments.addAll(byKey.keySet());
            bind(select, arguments);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String value = rows.getString(3);
                    if (value != null) {
                        into.computeIfAbsent(rows.getLong(1), id -> new HashMap<>()).put(byKey.get(rows.getString(2)), value);
                    }
                }
            }
        }
    }

    private static void latest(Connection connection, List<Long> runIds, List<Column> columns, Map<Long, Map<Column, Object>> into) throws SQLException {
        var wanted = columns.stream().filter(column -> column.kind() == Column.Kind.METRIC && column.aggregate() != Column.Aggregate.AT_STEP).toList();
        if (wanted.isEmpty()) {
            return;
        }
        var keys = wanted.stream().map(Column::key).distinct().toList();
        String sql = "SELECT run_id, metric_key, last_value, min_value, max_value FROM run_metric_latest WHERE run_id IN (" + placeholders(runIds.size())
                + ") AND metric_key IN (" + placeholders(keys.size()) + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            var arguments = new ArrayList<Object>(runIds);
            arguments.addAll(keys);
            bind(select, arguments);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(2);
                    for (Column column : wanted) {
                        if (!column.key().equals(key)) {
                            continue;
                        }
                        Object value = rows.getObject(switch (column.aggregate()) {
                            case MIN -> 4;
                            case MAX -> 5;
                            default -> 3;
                        });
                        if (value instanceof Number number) {
                            into.computeIfAbsent(rows.getLong(1), id -> new HashMap<>()).put(column, number.doubleValue());
                        }
                    }
                }
            }
        }
    }

    private static void atSteps(Connection connection, List<Long> runIds, List<Column> columns, Map<Long, Map<Column, Object>> into) throws SQLException {
        for (Column column : columns) {
            if (column.aggregate() != Column.Aggregate.AT_STEP) {
                continue;
            }
            // only the blocks whose steps span it; the last value written at that step
            String sql = "SELECT run_id, points FROM run_metric_block WHERE run_id IN (" + placeholders(runIds.size())
                    + ") AND metric_key = ? AND min_step <= ? AND max_step >= ? ORDER BY run_id, id";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                var arguments = new ArrayList<Object>(runIds);
                arguments.add(column.key());
                arguments.add(column.step());
                arguments.add(column.step());
                bind(select, arguments);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long runId = rows.getLong(1);
                        for (Runs.Point point : MetricBlocks.decode(column.key(), rows.getString(2))) {
                            if (point.step() == column.step() && !Double.isNaN(point.value())) {
                                into.computeIfAbsent(runId, id -> new HashMap<>()).put(column, point.value());
                            }
                        }
                    }
                }
            }
        }
    }

    /** One metric's history for many runs in one query per 500 runs: run id → points by step. */
    public Map<Long, List<Runs.Point>> histories(Collection<Long> runIds, String key) {
        var written = new LinkedHashMap<Long, List<Runs.Point>>();
        for (List<Long> chunk : chunks(new ArrayList<>(runIds))) {
            String sql = "SELECT run_id, points FROM run_metric_block WHERE run_id IN (" + placeholders(chunk.size())
                    + ") AND metric_key = ? ORDER BY run_id, id";
            try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(sql)) {
                var arguments = new ArrayList<Object>(chunk);
                arguments.add(key);
                bind(select, arguments);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        written.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>()).addAll(MetricBlocks.decode(key, rows.getString(2)));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read the history of " + key + ": " + e.getMessage(), e);
            }
        }
        var histories = new LinkedHashMap<Long, List<Runs.Point>>();
        written.forEach((id, points) -> histories.put(id, MetricBlocks.byStep(points)));
        return histories;
    }

    /** A metric of a run: its last value and step, min and max. */
    public record MetricSummary(String key, double last, long lastStep, double min, double max) {
    }

    /** An artifact a run wrote. */
    public record Artifact(String path, String kind, long sizeBytes, String sha256) {
    }

    /** A dataset a run read, by fingerprint, with what the store knows of that version (path and rows when it was profiled or read). */
    public record DatasetUse(String nodeId, String sha256, String path, Long rows, Integer columns) {
    }

    /** Everything the run detail shows. */
    public record RunDetail(Runs.Run run, String name, String parentKey, int children, String pipelineText, Map<String, String> params,
                            Map<String, String> tags, List<MetricSummary> metrics, List<Artifact> artifacts, List<DatasetUse> datasets) {
    }

    /** A run with its params, tags, metric summaries, artifacts, datasets and the pipeline as it ran; empty when no run has the key. */
    public java.util.Optional<RunDetail> detail(String runKey) {
        try (Connection connection = store.connection()) {
            Runs.Run run;
            String name;
            String parent;
            String pipeline;
            long id;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT r.id, r.name, p.run_key, r.pipeline_text FROM run r LEFT JOIN run p ON p.id = r.parent_run_id WHERE r.run_key = ?")) {
                select.setString(1, runKey);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return java.util.Optional.empty();
                    }
                    id = rows.getLong(1);
                    name = rows.getString(2);
                    parent = rows.getString(3);
                    pipeline = rows.getString(4);
                }
            }
            try (PreparedStatement select = connection.prepareStatement(Runs.RUN_COLUMNS + "FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE r.id = ?")) {
                select.setLong(1, id);
                run = Runs.read(select).get(0);
            }
            int children = (int) single(connection, "SELECT COUNT(*) FROM run WHERE parent_run_id = ?", id);
            var params = pairs(connection, "SELECT param_key, param_value FROM run_param WHERE run_id = ? ORDER BY param_key", id);
            var tags = pairs(connection, "SELECT tag_key, tag_value FROM run_tag WHERE run_id = ? ORDER BY tag_key", id);
            var metrics = new ArrayList<MetricSummary>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT metric_key, last_value, last_step, min_value, max_value FROM run_metric_latest WHERE run_id = ? ORDER BY metric_key")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        metrics.add(new MetricSummary(rows.getString(1), number(rows.getObject(2)), rows.getLong(3), number(rows.getObject(4)),
                                number(rows.getObject(5))));
                    }
                }
            }
            var artifacts = new ArrayList<Artifact>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT path, kind, size_bytes, sha256 FROM run_artifact WHERE run_id = ? ORDER BY path")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        artifacts.add(new Artifact(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getString(4)));
                    }
                }
            }
            var datasets = new ArrayList<DatasetUse>();
            try (PreparedStatement select = connection.prepareStatement("SELECT d.node_id, d.sha256, "
                    + "(SELECT MAX(v.path) FROM dataset_version v WHERE v.sha256 = d.sha256), "
                    + "(SELECT MAX(v.row_count) FROM dataset_version v WHERE v.sha256 = d.sha256), "
                    + "(SELECT MAX(v.column_count) FROM dataset_version v WHERE v.sha256 = d.sha256) "
                    + "FROM run_dataset d WHERE d.run_id = ? ORDER BY d.node_id")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        datasets.add(new DatasetUse(rows.getString(1), rows.getString(2), rows.getString(3), (Long) rows.getObject(4),
                                (Integer) rows.getObject(5)));
                    }
                }
            }
            return java.util.Optional.of(new RunDetail(run, name, parent, children, pipeline, params, tags, metrics, artifacts, datasets));
        } catch (SQLException e) {
            throw new StoreException("cannot read the run " + runKey + ": " + e.getMessage(), e);
        }
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static long single(Connection connection, String sql, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Map<String, String> pairs(Connection connection, String sql, long id) throws SQLException {
        var values = new LinkedHashMap<String, String>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return values;
    }

    private static String where(String experiment, RunFilter filter, List<Object> arguments) {
        var where = new StringBuilder("r.parent_run_id IS NULL");
        if (experiment != null) {
            where.append(" AND e.name = ?");
            arguments.add(experiment);
        }
        where.append(" AND (").append(filter.sql()).append(")");
        arguments.addAll(filter.values());
        return where.toString();
    }

    /** The SQL value a column sorts by, as a sub-query on the run aliased {@code r} with the column's key as its placeholder. */
    private static String valueOf(Column column) {
        return switch (column.kind()) {
            case PARAM -> "(SELECT p.param_value FROM run_param p WHERE p.run_id = r.id AND p.param_key = ?)";
            case TAG -> "(SELECT t.tag_value FROM run_tag t WHERE t.run_id = r.id AND t.tag_key = ?)";
            case METRIC -> switch (column.aggregate()) {
                case LAST -> "(SELECT m.last_value FROM run_metric_latest m WHERE m.run_id = r.id AND m.metric_key = ?)";
                case MIN -> "(SELECT m.min_value FROM run_metric_latest m WHERE m.run_id = r.id AND m.metric_key = ?)";
                case MAX -> "(SELECT m.max_value FROM run_metric_latest m WHERE m.run_id = r.id AND m.metric_key = ?)";
                case AT_STEP -> throw new IllegalArgumentException("a metric at a step is not sortable: " + column.label());
            };
        };
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        var chunks = new ArrayList<List<Long>>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + IN_CHUNK)));
        }
        return chunks;
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static void bind(PreparedStatement statement, List<Object> arguments) throws SQLException {
        for (int i = 0; i < arguments.size(); i++) {
            statement.setObject(i + 1, arguments.get(i));
        }
    }
}
