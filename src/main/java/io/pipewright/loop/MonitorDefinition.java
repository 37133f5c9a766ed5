package io.pipewright.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipewright.work.YamlErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A monitor file: which model version to watch, where its new data arrives, the thresholds that call
 * for retraining, and the pipeline that retrains it. Relative paths are read from the file's folder.
 *
 * <pre>
 * monitor: credit-risk-weekly
 * model: credit-risk@champion
 * reference: ../credit/credit.csv      # optional: else the data the model version was trained on
 * current:
 *   folder: incoming                   # the newest dataset file in it; or requestLog: a serving log folder;
 *                                      # or feedback: a serving log folder whose feedback.jsonl holds labelled rows
 * thresholds: {driftShare: 0.5, psi: 0.2, metricDrop: 0.05, metric: accuracy}
 * retrain:
 *   pipeline: ../pipelines/credit-risk.yaml
 *   data: reference+new                # or new; or window: N (the newest N rows); default reference+new
 *   holdout: 0.2                       # the share of the new rows kept out of training to evaluate the challenger on
 * promote: {mode: manual, alias: champion, gates: {min_lift: 0.0, max_regression: 0.01}}   # mode auto moves the alias when the gates pass
 * </pre>
 */
public record MonitorDefinition(String monitor, String model, String reference, Current current, Thresholds thresholds, Retrain retrain,
                                Promote promote) {

    public MonitorDefinition(String monitor, String model, String reference, Current current, Thresholds thresholds, Retrain retrain) {
        this(monitor, model, reference, current, thresholds, retrain, null);
    }

    /**
     * Where new data comes from: the newest dataset file of a folder, the serving runtime's request log
     * (features only), or the labelled rows the server wrote as labels came back for its answers
     * ({@code feedback}: the {@code --log-requests} folder, read by {@link FeedbackRows}).
     */
    public record Current(String folder, String requestLog, String feedback) {
        public Current(String folder, String requestLog) {
            this(folder, requestLog, null);
        }

        /** How many of the three sources are named. */
        int named() {
            return (folder != null ? 1 : 0) + (requestLog != null ? 1 : 0) + (feedback != null ? 1 : 0);
        }
    }

    /**
     * Retraining is called for when the share of drifted columns reaches {@code driftShare}, any
     * column's PSI reaches {@code psi}, or, on labelled new data, {@code metric} falls by more than
     * {@code metricDrop} (a fraction of the model version's recorded value).
     */
    public record Thresholds(Double driftShare, Double psi, Double metricDrop, String metric) {
        public static final double DRIFT_SHARE = 0.5;
        public static final double PSI = 0.2;
        public static final double METRIC_DROP = 0.05;

        public double driftShareOrDefault() {
            return driftShare == null ? DRIFT_SHARE : driftShare;
        }

        public double psiOrDefault() {
            return psi == null ? PSI : psi;
        }

        public double metricDropOrDefault() {
            return metricDrop == null ? METRIC_DROP : metricDrop;
        }
    }

    /**
     * The pipeline to re-run (its register nodes record the new version as {@code challenger} of the
     * monitored model) and what it trains on: {@code data} {@value #NEW} (the new labelled rows) or
     * {@value #REFERENCE_AND_NEW} (the reference rows and the new ones, exact duplicate rows dropped; the
     * default), or {@code window}: the newest N rows of the reference and the new data files, in time
     * order. {@code holdout} is the share of the new rows kept out of training (default 0.2).
     */
    public record Retrain(String pipeline, String data, Long window, Double holdout) {
        public static final String NEW = "new";
        public static final String REFERENCE_AND_NEW = "reference+new";
        public static final String WINDOW = "window";
        public static final double HOLDOUT = 0.2;

        public Retrain(String pipeline) {
            this(pipeline, null, null, null);
        }

        /** {@value #NEW}, {@value #REFERENCE_AND_NEW} or {@value #WINDOW}. */
        public String mode() {
            return window != null ? WINDOW : data == null ? REFERENCE_AND_NEW : data;
        }

        public double holdoutOrDefault() {
            return holdout == null ? HOLDOUT : holdout;
        }
    }

    /**
     * What happens to the retrained version beyond {@code challenger}: {@code mode} {@value #MANUAL}
     * (the default: nothing, a person promotes it) or {@value #AUTO} (the version takes {@code alias},
     * default champion, when it passes the promotion gates, measured on the new data's holdout).
     * {@code gates} holds the gates' settings (min_lift, max_regression, max_latency_ratio, metric).
     */
    public record Promote(String mode, String alias, java.util.Map<String, Object> gates) {
        public static final String MANUAL = "manual";
        public static final String AUTO = "auto";
        public static final String CHAMPION = "champion";

        public String modeOrDefault() {
            return mode == null ? MANUAL : mode;
        }

        public String aliasOrDefault() {
            return alias == null ? CHAMPION : alias;
        }

        public boolean auto() {
            return AUTO.equals(modeOrDefault());
        }
    }

    public Thresholds thresholdsOrDefault() {
        return thresholds == null ? new Thresholds(null, null, null, null) : thresholds;
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** Reads and checks a monitor file; a mistake is one line naming the file, line and field. */
    public static MonitorDefinition read(Path file) {
        String name = file.getFileName().toString();
        MonitorDefinition definition;
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                throw new IllegalArgumentException(name + ": the monitor file is empty");
            }
            definition = YAML.readValue(text, MonitorDefinition.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(YamlErrors.describe(file, e));
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read: " + e.getMessage(), e);
        }
        definition.check(name);
        return definition;
    }

    private void check(String name) {
        if (monitor == null || monitor.isBlank()) {
            throw new IllegalArgumentException(name + ": monitor: a name is required (monitor: credit-risk-weekly)");
        }
        if (monitor.length() > 200) {
            throw new IllegalArgumentException(name + ": monitor: a name is at most 200 characters");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(name + ": model: the model version to watch is required (NAME@ALIAS or NAME:VERSION)");
        }
        if (current == null || current.named() != 1) {
            throw new IllegalArgumentException(name + ": current: give exactly one of folder (new data files), requestLog (a serving log folder) "
                    + "or feedback (a serving log folder with labels sent back)");
        }
        Thresholds limits = thresholdsOrDefault();
        share(name, "thresholds.driftShare", limits.driftShare(), false);
        share(name, "thresholds.metricDrop", limits.metricDrop(), false);
        if (limits.psi() != null && (limits.psi().isNaN() || limits.psi() <= 0)) {
            throw new IllegalArgumentException(name + ": thresholds.psi: must be above 0, not " + limits.psi());
        }
        if (retrain != null) {
            checkRetrain(name);
        }
        if (promote != null) {
            checkPromote(name);
        }
    }

    private void checkRetrain(String name) {
        if (retrain.pipeline() == null || retrain.pipeline().isBlank()) {
            throw new IllegalArgumentException(name + ": retrain.pipeline: the pipeline file to re-run is required");
        }
        if (retrain.data() != null && retrain.window() != null) {
            throw new IllegalArgumentException(name + ": retrain: give data (new or reference+new) or window (the newest N rows), not both");
        }
        if (retrain.data() != null && !retrain.data().equals(Retrain.NEW) && !retrain.data().equals(Retrain.REFERENCE_AND_NEW)) {
            throw new IllegalArgumentException(name + ": retrain.data: '" + retrain.data() + "' is not one of new, reference+new"
                    + " (or give window: N for the newest N rows)");
        }
        if (retrain.window() != null && retrain.window() < 1) {
            throw new IllegalArgumentException(name + ": retrain.window: must be a number of rows above 0, not " + retrain.window());
        }
        if (retrain.holdout() != null && (retrain.holdout().isNaN() || retrain.holdout() <= 0 || retrain.holdout() > 0.5)) {
            throw new IllegalArgumentException(name + ": retrain.holdout: must be a share of the new rows above 0 and at most 0.5, not "
                    + retrain.holdout());
        }
    }

    private void checkPromote(String name) {
        if (promote.mode() != null && !promote.mode().equals(Promote.MANUAL) && !promote.mode().equals(Promote.AUTO)) {
            throw new IllegalArgumentException(name + ": promote.mode: '" + promote.mode() + "' is not one of auto, manual");
        }
        if (promote.alias() != null && (promote.alias().isBlank() || promote.alias().equals(MonitorRunner.CHALLENGER))) {
            throw new IllegalArgumentException(name + ": promote.alias: '" + promote.alias() + "' cannot be promoted to (the retrained version is "
                    + "already the challenger); name the alias to move, e.g. champion");
        }
        if (promote.auto() && retrain == null) {
            throw new IllegalArgumentException(name + ": promote.mode: auto promotes a retrained version, and there is no retrain section");
        }
        MonitorPromotion.settings(promote, name);
    }

    private static void share(String name, String field, Double value, boolean zero) {
        if (value != null && (value.isNaN() || value <= 0 || value > 1)) {
            throw new IllegalArgumentException(name + ": " + field + ": must be a fraction above 0 and at most 1, not " + value);
        }
    }
}
