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
 * </pre>
 */
public record MonitorDefinition(String monitor, String model, String reference, Current current, Thresholds thresholds, Retrain retrain) {

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

    /** The pipeline to re-run; its register nodes record the new version as {@code challenger} of the monitored model. */
    public record Retrain(String pipeline) {
    }

    public Thresholds thresholdsOrDefault() {
        return thresholds == null ? new Thresholds(null, null, null, null) : thresholds;
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

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
        if (retrain != null && (retrain.pipeline() == null || retrain.pipeline().isBlank())) {
            throw new IllegalArgumentException(name + ": retrain.pipeline: the pipeline file to re-run is required");
        }
    }

    private static void share(String name, String field, Double value, boolean zero) {
        if (value != null && (value.isNaN() || value <= 0 || value > 1)) {
            throw new IllegalArgumentException(name + ": " + field + ": must be a fraction above 0 and at most 1, not " + value);
        }
    }
}
