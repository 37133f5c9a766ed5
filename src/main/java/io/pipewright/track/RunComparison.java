package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs side by side: every param, metric (latest value, with min, max and last step) and tag any of
 * them has, one row per key, a value per run. Read with a few queries for all the runs together, so
 * that comparing hundreds of runs costs about what comparing two does.
 */
public final class RunComparison {
    /** Keys per {@code IN (...)}: well below PostgreSQL's 32767 bound parameters, and plans stay small. */
    private static final int CHUNK = 1000;

    /** What a row holds. */
    public enum Kind {
        PARAM, METRIC, TAG;

        /** As the CLI and the CSV write it: param, metric, tag. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One compared run; {@code end} is null while it runs. */
    public record RunInfo(String key, String experiment, String name, String status, Instant start, Instant end) {
        /** From start to end, or null for a run that has not ended. */
        public Duration duration() {
            return end == null ? null : Duration.between(start, end);
        }
    }

    /** A metric of one run as {@code run_metric_latest} keeps it; a value is NaN where none was a number. */
    public record Metric(double latest, double min, double max, long lastStep) {
    }

    /**
     * One key across the runs. {@code values} has an entry per run, in the runs' order, null where the
     * run lacks the key: the text of a param or tag, the latest value (a {@link Double}) of a metric.
     * {@code metrics} has, for a metric row, each run's {@link Metric} (null where it lacks it), and is
     * empty for params and tags.
     */
    public record Row(Kind kind, String key, List<Object> values, List<Metric> metrics) {
        public Row {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(key);
            values = Collections.unmodifiableList(new ArrayList<>(values));
            metrics = Collections.unmodifiableList(new ArrayList<>(metrics));
        }

        /** True when not every run has the same value; a run without the key differs from one with it. */
        public boolean differs() {
            Object first = values.get(0);
            return values.stream().anyMatch(value -> !Objects.equals(value, first));
        }
    }

    private final List<RunInfo> runs;
    private final List<Row> rows;

    private RunComparison(List<RunInfo> runs, List<Row> rows) {
        this.runs = List.copyOf(runs);
        this.rows = List.copyOf(rows);
    }

    /**
     * Compares the runs with these keys, in this order (a key given twice counts once).
     *
     * @throws IllegalArgumentException when no run has one of the keys, or none are given
     */
    public static RunComparison of(Store store, List<String> runKeys) {
        var keys = List.copyOf(new LinkedHashSet<>(runKeys));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no runs to compare");
        }
        try (Connection connection = store.connection()) {
            var found = new HashMap<String, Long>();
            var infos = new HashMap<String, RunInfo>();
            forChunks(keys, chunk -> {
                try (PreparedStatement select = connection.prepareStatement("SELECT r.id, r.run_key, e.name, r.name, r.status, r.started_at, "
                        + "r.ended_at FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE r.run_key IN (" + marks(chunk.size()) + ")")) {
                    bind(select, chunk);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            Timestamp ended = rows.getTimestamp(7);
                            String key = rows.getString(2);
                            found.put(key, rows.getLong(1));
                            infos.put(key, new RunInfo(key, rows.getString(3), rows.getString(4), rows.getString(5),
                                    rows.getTimestamp(6).toInstant(), ended == null ? null : ended.toInstant()));
                        }
                    }
                }
            });
            for (String key : keys) {
                if (!found.containsKey(key)) {
                    throw new IllegalArgumentException("no run '" + key + "' in the store");
                }
            }
            var column = new HashMap<Long, Integer>(); // run id → its position among the runs
            var ids = new ArrayList<Long>();
            for (int i = 0; i < keys.size(); i++) {
                column.put(found.get(keys.get(i)), i);
                ids.add(found.get(keys.get(i)));
            }
            var params = new TreeMap<String, Object[]>();
            var tags = new TreeMap<String, Object[]>();
            var metrics = new TreeMap<String, Metric[]>();
            forChunks(ids, chunk -> {
                readText(connection, "SELECT run_id, param_key, param_value FROM run_param WHERE run_id IN (", chunk, column, params, keys.size());
                readText(connection, "SELECT run_id, tag_key, tag_value FROM run_tag WHERE run_id IN (", chunk, column, tags, keys.size());
                try (PreparedStatement select = connection.prepareStatement("SELECT run_id, metric_key, last_value, min_value, max_value, last_step "
                        + "FROM run_metric_latest WHERE run_id IN (" + marks(chunk.size()) + ")")) {
                    bind(select, chunk);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            metrics.computeIfAbsent(rows.getString(2), key -> new Metric[keys.size()])[column.get(rows.getLong(1))] =
                                    new Metric(orNaN(rows, 3), orNaN(rows, 4), orNaN(rows, 5), rows.getLong(6));
                        }
                    }
                }
            });
            var rows = new ArrayList<Row>();
            params.forEach((key, values) -> rows.add(new Row(Kind.PARAM, key, Arrays.asList(values), List.of())));
            metrics.forEach((key, values) -> {
                var latest = new ArrayList<Object>();
                for (Metric metric : values) {
                    latest.add(metric == null ? null : metric.latest());
                }
                rows.add(new Row(Kind.METRIC, key, latest, Arrays.asList(values)));
            });
            tags.forEach((key, values) -> rows.add(new Row(Kind.TAG, key, Arrays.asList(values), List.of())));
            return new RunComparison(keys.stream().map(infos::get).toList(), rows);
        } catch (SQLException e) {
            throw new StoreException("cannot read the runs to compare: " + e.getMessage(), e);
        }
    }

    /** The runs, in the order asked for. */
    public List<RunInfo> runs() {
        return runs;
    }

    /** Params, then metrics, then tags, each sorted by key. */
    public List<Row> rows() {
        return rows;
    }

    /** The rows of one kind, sorted by key. */
    public List<Row> rows(Kind kind) {
        return rows.stream().filter(row -> row.kind() == kind).toList();
    }

    /** A comparison of the same runs with only the rows whose values differ. */
    public RunComparison differencesOnly() {
        return new RunComparison(runs, rows.stream().filter(Row::differs).toList());
    }

    /**
     * The rows as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted):
     * {@code kind,key,<run key>...}, a metric's cell its latest value as {@link Double#toString}, an
     * empty cell where a run lacks the key.
     */
    public String toCsv() {
        var csv = new StringBuilder();
        var header = new ArrayList<String>(List.of("kind", "key"));
        runs.forEach(run -> header.add(run.key()));
        line(csv, header);
        for (Row row : rows) {
            var cells = new ArrayList<String>(List.of(row.kind().label(), row.key()));
            row.values().forEach(value -> cells.add(text(value)));
            line(csv, cells);
        }
        return csv.toString();
    }

    /** A cell's text: a param's or tag's value, a metric's as {@link Double#toString}; empty for none. */
    public static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String cell = cells.get(i);
            boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
            csv.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        csv.append("\r\n");
    }

    private static void readText(Connection connection, String sql, List<Long> chunk, Map<Long, Integer> column, Map<String, Object[]> into,
                                 int runs) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql + marks(chunk.size()) + ")")) {
            bind(select, chunk);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    into.computeIfAbsent(rows.getString(2), key -> new Object[runs])[column.get(rows.getLong(1))] = rows.getString(3);
                }
            }
        }
    }

    private static double orNaN(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? Double.NaN : value;
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static void bind(PreparedStatement select, List<?> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            select.setObject(i + 1, values.get(i));
        }
    }

    private interface ChunkReader<T> {
        void read(List<T> chunk) throws SQLException;
    }

    private static <T> void forChunks(List<T> values, ChunkReader<T> reader) throws SQLException {
        for (int from = 0; from < values.size(); from += CHUNK) {
            reader.read(values.subList(from, Math.min(values.size(), from + CHUNK)));
        }
    }
}
