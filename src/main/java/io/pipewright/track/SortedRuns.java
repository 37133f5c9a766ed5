package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages of top-level runs, filtered and sorted in the database, read so that a page costs about
 * what it shows. Sorted by start time within an experiment or by a metric's last value, the query
 * walks an index in the page's order, tests each run it meets against the sets of runs that the
 * filter's param, metric and tag tests keep (each read once, from an index range: see
 * {@link RunFilter#sqlOn}), reads only the runs that pass, and stops when the page is full;
 * any other order sorts every run the filter keeps. Runs without the sorting value come last,
 * ties in run id order (in the page's direction).
 */
final class SortedRuns {
    /** What a page is sorted by. */
    sealed interface Order {
        boolean ascending();
    }

    /** Start time: the runs table's default, newest first. */
    record ByStart(boolean ascending) implements Order {
    }

    /** A metric's last value. */
    record ByLastMetric(String key, boolean ascending) implements Order {
    }

    /** Any other value: a scalar sub-query (or column) on the run aliased {@code r}, with its placeholders' values. */
    record ByValue(String sql, List<Object> arguments, boolean ascending) implements Order {
    }

    private SortedRuns() {
    }

    /** Top-level runs of the experiment (every experiment when null) that the filter keeps, in order, from {@code offset}. */
    static List<Runs.Run> page(Store store, String experiment, RunFilter filter, Order order, int offset, int limit) {
        try (Connection connection = store.connection()) {
            if (order instanceof ByLastMetric metric) {
                return byLastMetric(connection, store.embedded(), experiment, filter, metric, offset, limit);
            }
            if (order instanceof ByStart start && experiment != null) {
                return byStart(connection, store.embedded(), experiment, filter, start.ascending(), offset, limit);
            }
            return byValue(connection, experiment, filter, order, offset, limit);
        } catch (SQLException e) {
            throw new StoreException("cannot read runs: " + e.getMessage(), e);
        }
    }

    private static List<Runs.Run> byStart(Connection connection, boolean embedded, String experiment, RunFilter filter, boolean ascending, int offset,
                                          int limit) throws SQLException {
        String direction = ascending ? "" : " DESC";
        // H2 picks between indexes on experiment_id by cost alone, blind to the LIMIT: name the one in the page's order
        String hint = embedded ? " USE INDEX (" + (ascending ? "run_started_asc" : "run_started_desc") + ")" : "";
        var arguments = new ArrayList<Object>();
        String sql = Runs.RUN_COLUMNS + "FROM run r" + hint + " JOIN experiment e ON e.id = r.experiment_id WHERE "
                + where(experiment, filter.sql(), filter, arguments)
                + " ORDER BY r.experiment_id, r.started_at" + direction + ", r.id" + direction + " LIMIT ? OFFSET ?";
        arguments.add(limit);
        arguments.add(offset);
        return read(connection, sql, arguments);
    }

    /** The runs with the metric from its index in order, then (past their end) the runs without it. */
    private static List<Runs.Run> byLastMetric(Connection connection, boolean embedded, String experiment, RunFilter filter, ByLastMetric order,
                                               int offset, int limit) throws SQLException {
        String direction = order.ascending() ? "" : " DESC";
        String hint = embedded ? " USE INDEX (" + (order.ascending() ? "run_metric_last_asc" : "run_metric_last_desc") + ")" : "";
        var arguments = new ArrayList<Object>();
        arguments.add(order.key());
        String withValue = "FROM run_metric_latest s" + hint + " JOIN run r ON r.id = s.run_id JOIN experiment e ON e.id = r.experiment_id "
                + "WHERE s.metric_key = ? AND s.last_value IS NOT NULL AND " + where(experiment, filter.sqlOn("s.run_id"), filter, arguments);
        var sorted = new ArrayList<Object>(arguments);
        sorted.add(limit);
        sorted.add(offset);
        var page = new ArrayList<>(read(connection, Runs.RUN_COLUMNS + withValue
                + " ORDER BY s.metric_key, s.last_value" + direction + ", s.run_id" + direction + " LIMIT ? OFFSET ?", sorted));
        if (page.size() == limit) {
            return page;
        }
        // past the runs with a value: how many there are decides where the others start
        long withCount = !page.isEmpty() || offset == 0 ? offset + page.size() : count(connection, "SELECT COUNT(*) " + withValue, arguments);
        var rest = new ArrayList<Object>();
        rest.add(order.key());
        String without = Runs.RUN_COLUMNS + "FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE NOT EXISTS (SELECT 1 FROM run_metric_latest s "
                + "WHERE s.run_id = r.id AND s.metric_key = ? AND s.last_value IS NOT NULL) AND " + where(experiment, filter.sql(), filter, rest)
                + " ORDER BY r.id" + direction + " LIMIT ? OFFSET ?";
        rest.add(limit - page.size());
        rest.add(Math.max(0, offset - withCount));
        page.addAll(read(connection, without, rest));
        return page;
    }

    private static List<Runs.Run> byValue(Connection connection, String experiment, RunFilter filter, Order order, int offset, int limit)
            throws SQLException {
        String direction = order.ascending() ? " ASC" : " DESC";
        var arguments = new ArrayList<Object>();
        String sql = Runs.RUN_COLUMNS + "FROM run r JOIN experiment e ON e.id = r.experiment_id WHERE " + where(experiment, filter.sql(), filter, arguments)
                + " ORDER BY ";
        if (order instanceof ByValue value) {
            sql += value.sql() + direction + " NULLS LAST";
            arguments.addAll(value.arguments());
        } else {
            sql += "r.started_at" + direction;
        }
        sql += ", r.id" + direction + " LIMIT ? OFFSET ?";
        arguments.add(limit);
        arguments.add(offset);
        return read(connection, sql, arguments);
    }

    /** The conditions every page has: a top-level run, of the experiment when one is named, kept by the filter (in the given form). */
    private static String where(String experiment, String filterSql, RunFilter filter, List<Object> arguments) {
        var where = new StringBuilder("r.parent_run_id IS NULL");
        if (experiment != null) {
            where.append(" AND r.experiment_id = (SELECT x.id FROM experiment x WHERE x.name = ?)");
            arguments.add(experiment);
        }
        where.append(" AND (").append(filterSql).append(")");
        arguments.addAll(filter.values());
        return where.toString();
    }

    private static List<Runs.Run> read(Connection connection, String sql, List<Object> arguments) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, arguments);
            return Runs.read(select);
        }
    }

    private static long count(Connection connection, String sql, List<Object> arguments) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, arguments);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement statement, List<Object> arguments) throws SQLException {
        for (int i = 0; i < arguments.size(); i++) {
            statement.setObject(i + 1, arguments.get(i));
        }
    }
}
