package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The history of monitor evaluations: one row per {@code pipewright monitor run}, newest first when read. */
public final class MonitorChecks {

    /**
     * One evaluation. {@code status} is {@code ok} (nothing crossed), {@code triggered} (a threshold was
     * crossed and there is no pipeline to re-run), {@code retraining} (the pipeline is running, or the
     * process was killed while it ran), {@code retrained} (the pipeline ran and registered
     * {@code challenger}) or {@code retrain_failed}. Nullable numbers are null where they were not measured.
     */
    public record Check(long id, String monitor, String definitionPath, Instant checkedAt, String model, int modelVersion,
                        String referencePath, String currentPath, Long currentRows, Boolean datasetDrift, Double driftShare, Double maxPsi,
                        String maxPsiColumn, String metric, Double metricBaseline, Double metricValue, Double metricDrop, boolean triggered,
                        List<String> reasons, String status, String retrainRun, String challenger, String failure, Retraining retraining,
                        Promotion promotion) {
        public Check {
            reasons = List.copyOf(reasons);
        }

        /** A check without retraining details (recorded before the retraining, or by a monitor without one). */
        public Check(long id, String monitor, String definitionPath, Instant checkedAt, String model, int modelVersion,
                     String referencePath, String currentPath, Long currentRows, Boolean datasetDrift, Double driftShare, Double maxPsi,
                     String maxPsiColumn, String metric, Double metricBaseline, Double metricValue, Double metricDrop, boolean triggered,
                     List<String> reasons, String status, String retrainRun, String challenger, String failure) {
            this(id, monitor, definitionPath, checkedAt, model, modelVersion, referencePath, currentPath, currentRows, datasetDrift, driftShare, maxPsi,
                    maxPsiColumn, metric, metricBaseline, metricValue, metricDrop, triggered, reasons, status, retrainRun, challenger, failure, null,
                    null);
        }

        public Check withId(long value) {
            return new Check(value, monitor, definitionPath, checkedAt, model, modelVersion, referencePath, currentPath, currentRows, datasetDrift,
                    driftShare, maxPsi, maxPsiColumn, metric, metricBaseline, metricValue, metricDrop, triggered, reasons, status, retrainRun,
                    challenger, failure, retraining, promotion);
        }

        Check with(String newStatus, String run, String version, String why, Retraining trained, Promotion promoted) {
            return new Check(id, monitor, definitionPath, checkedAt, model, modelVersion, referencePath, currentPath, currentRows, datasetDrift,
                    driftShare, maxPsi, maxPsiColumn, metric, metricBaseline, metricValue, metricDrop, triggered, reasons, newStatus, run, version,
                    why, trained, promoted);
        }
    }

    /**
     * What a retraining trained on and how its challenger did: the data mode ({@code new}, {@code reference+new}
     * or {@code window}), a one-line description, every file read (by fingerprint), the rows (trained on, held out,
     * labelled new rows read, duplicates dropped, rows left out because they are holdout or champion test rows), and the
     * challenger's metrics on the new data's holdout and on the champion's test data (empty when not measured).
     */
    public record Retraining(String data, Long window, String description, List<DatasetRead> datasets, long trainingRows, long holdoutRows,
                             long newRows, long duplicatesDropped, long testRowsDropped, Map<String, Double> holdout, Long championTestRows, Map<String, Double> championTest) {
        public Retraining {
            datasets = datasets == null ? List.of() : List.copyOf(datasets);
            holdout = holdout == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(holdout));
            championTest = championTest == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(championTest));
        }
    }

    /** A file a retraining read: {@code reference} or {@code new}, its path and fingerprint, and the rows read from it. */
    public record DatasetRead(String role, String path, String sha256, long rows) {
    }

    /**
     * What the monitor's promote section did: {@code mode} manual (nothing moved) or auto; for auto, whether
     * {@code alias} moved to the challenger, and the one line saying why (the failed gate's line when it did not).
     */
    public record Promotion(String mode, String alias, boolean moved, String message) {
    }

    /** A monitor as the history knows it: its last evaluation and how many there were. */
    public record Summary(String monitor, String definitionPath, Check last, int checks, int triggered) {
    }

    private static final String COLUMNS = "id, monitor, definition_path, checked_at, model, model_version, reference_path, current_file, "
            + "current_rows, dataset_drift, drift_share, max_psi, max_psi_column, metric, metric_baseline, metric_value, metric_drop, triggered, "
            + "reasons, status, retrain_run, challenger, failure, retraining_json, promotion_json";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Store store;

    public MonitorChecks(Store store) {
        this.store = store;
    }

    /** Records an evaluation with its drift report (JSON), in one statement; returns it with its id. */
    public Check record(Check check, String reportJson) {
        String sql = "INSERT INTO monitor_check (monitor, definition_path, checked_at, model, model_version, reference_path, current_file, "
                + "current_rows, dataset_drift, drift_share, max_psi, max_psi_column, metric, metric_baseline, metric_value, metric_drop, "
                + "triggered, reasons, status, retrain_run, challenger, failure, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = store.connection();
             PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            int i = 1;
            insert.setString(i++, clip(check.monitor(), 200));
            insert.setString(i++, clip(check.definitionPath(), 4096));
            insert.setTimestamp(i++, Timestamp.from(check.checkedAt()));
            insert.setString(i++, clip(check.model(), 200));
            insert.setInt(i++, check.modelVersion());
            insert.setString(i++, clip(check.referencePath(), 4096));
            insert.setString(i++, clip(check.currentPath(), 4096));
            setLong(insert, i++, check.currentRows());
            if (check.datasetDrift() == null) {
                insert.setNull(i++, Types.BOOLEAN);
            } else {
                insert.setBoolean(i++, check.datasetDrift());
            }
            setDouble(insert, i++, check.driftShare());
            setDouble(insert, i++, check.maxPsi());
            insert.setString(i++, clip(check.maxPsiColumn(), 250));
            insert.setString(i++, clip(check.metric(), 64));
            setDouble(insert, i++, check.metricBaseline());
            setDouble(insert, i++, check.metricValue());
            setDouble(insert, i++, check.metricDrop());
            insert.setBoolean(i++, check.triggered());
            insert.setString(i++, clip(String.join("\n", check.reasons()), 4000));
            insert.setString(i++, check.status());
            insert.setString(i++, clip(check.retrainRun(), 64));
            insert.setString(i++, clip(check.challenger(), 250));
            insert.setString(i++, clip(check.failure(), 4000));
            insert.setString(i, reportJson);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return check.withId(keys.getLong(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record the check of monitor " + check.monitor() + ": " + e.getMessage(), e);
        }
    }

    /** Records how a check's retraining ended; returns the check as it now stands. */
    public Check finish(Check check, String status, String retrainRun, String challenger, String failure) {
        return finish(check, status, retrainRun, challenger, failure, check.retraining());
    }

    /** Records how a check's retraining ended, with what it trained on and how the challenger did; returns the check as it now stands. */
    public Check finish(Check check, String status, String retrainRun, String challenger, String failure, Retraining retraining) {
        try (Connection connection = store.connection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE monitor_check SET status = ?, retrain_run = ?, challenger = ?, failure = ?, retraining_json = ? WHERE id = ?")) {
            update.setString(1, status);
            update.setString(2, retrainRun);
            update.setString(3, clip(challenger, 250));
            update.setString(4, clip(failure, 4000));
            update.setString(5, json(retraining));
            update.setLong(6, check.id());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record how the retraining of monitor " + check.monitor() + " ended: " + e.getMessage(), e);
        }
        return check.with(status, retrainRun, challenger, failure, retraining, check.promotion());
    }

    /** Records what the monitor's promote section did with the challenger; returns the check as it now stands. */
    public Check promoted(Check check, Promotion promotion) {
        try (Connection connection = store.connection();
             PreparedStatement update = connection.prepareStatement("UPDATE monitor_check SET promotion_json = ? WHERE id = ?")) {
            update.setString(1, json(promotion));
            update.setLong(2, check.id());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record the promotion of monitor " + check.monitor() + ": " + e.getMessage(), e);
        }
        return check.with(check.status(), check.retrainRun(), check.challenger(), check.failure(), check.retraining(), promotion);
    }

    private static String json(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("cannot write " + value + " as JSON: " + e.getMessage(), e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** Every monitor evaluated so far, with its last evaluation, by name. */
    public List<Summary> monitors() {
        String sql = "SELECT " + COLUMNS + ", (SELECT COUNT(*) FROM monitor_check a WHERE a.monitor = c.monitor), "
                + "(SELECT COUNT(*) FROM monitor_check t WHERE t.monitor = c.monitor AND t.triggered) FROM monitor_check c "
                + "WHERE c.id = (SELECT MAX(l.id) FROM monitor_check l WHERE l.monitor = c.monitor) ORDER BY c.monitor";
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            var summaries = new ArrayList<Summary>();
            while (rows.next()) {
                Check last = read(rows);
                summaries.add(new Summary(last.monitor(), last.definitionPath(), last, rows.getInt(26), rows.getInt(27)));
            }
            return summaries;
        } catch (SQLException e) {
            throw new StoreException("cannot list monitors: " + e.getMessage(), e);
        }
    }

    /** A monitor's evaluations, newest first, at most {@code limit}. */
    public List<Check> history(String monitor, int limit) {
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM monitor_check WHERE monitor = ? ORDER BY id DESC LIMIT ?")) {
            select.setString(1, monitor);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                var checks = new ArrayList<Check>();
                while (rows.next()) {
                    checks.add(read(rows));
                }
                return checks;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the history of monitor " + monitor + ": " + e.getMessage(), e);
        }
    }

    /** The drift report kept with an evaluation. */
    public Optional<String> report(long id) {
        try (Connection connection = store.connection();
             PreparedStatement select = connection.prepareStatement("SELECT report_json FROM monitor_check WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read monitor check " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Files a run read, as recorded dataset versions (newest version first) whose file is still at its path:
     * a monitor's default reference is the data its model version was trained on.
     */
    public List<String> datasetPaths(String runKey) {
        String sql = "SELECT DISTINCT v.path, v.created_at FROM run r JOIN run_dataset d ON d.run_id = r.id "
                + "JOIN dataset_version v ON v.sha256 = d.sha256 WHERE r.run_key = ? ORDER BY v.created_at DESC";
        try (Connection connection = store.connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, runKey);
            try (ResultSet rows = select.executeQuery()) {
                var paths = new ArrayList<String>();
                while (rows.next()) {
                    if (!paths.contains(rows.getString(1))) {
                        paths.add(rows.getString(1));
                    }
                }
                return paths;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the datasets of run " + runKey + ": " + e.getMessage(), e);
        }
    }

    private static Check read(ResultSet rows) throws SQLException {
        String reasons = rows.getString(19);
        return new Check(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getTimestamp(4).toInstant(), rows.getString(5), rows.getInt(6),
                rows.getString(7), rows.getString(8), (Long) rows.getObject(9, Long.class), (Boolean) rows.getObject(10, Boolean.class),
                rows.getObject(11, Double.class), rows.getObject(12, Double.class), rows.getString(13), rows.getString(14),
                rows.getObject(15, Double.class), rows.getObject(16, Double.class), rows.getObject(17, Double.class), rows.getBoolean(18),
                reasons == null || reasons.isEmpty() ? List.of() : List.of(reasons.split("\n")), rows.getString(20), rows.getString(21),
                rows.getString(22), rows.getString(23), parse(rows.getString(24), Retraining.class), parse(rows.getString(25), Promotion.class));
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null || value.isNaN() || value.isInfinite()) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static String clip(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
