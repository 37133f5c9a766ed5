package io.pipewright.loop;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.DatasetFormat;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.TableLoader;
import io.pipewright.pipeline.Evaluation;
import io.pipewright.pipeline.nodes.Evaluations;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.MonitorChecks.Check;
import io.pipewright.track.Store;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Task;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a monitor once: compares the newest data with the model version's reference data
 * (drift share and PSI), scores the model on it when the data carries labels (a dataset file with the
 * target column, or the labelled rows a model server wrote: {@link FeedbackRows}), records the result,
 * and, when a threshold is crossed, re-runs the retraining pipeline, whose new version becomes the
 * model's {@code challenger}. The {@code champion} alias is never moved here.
 */
public final class MonitorRunner {
    /** The alias a retrained version gets. */
    public static final String CHALLENGER = "challenger";
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    /** Metrics for which a smaller value is better: their drop is a rise. */
    private static final Set<String> LOWER_IS_BETTER = Set.of("rmse", "mae", "mape", "log_loss");
    /** What an evaluation of each kind of model reports (see Metrics). */
    private static final Set<String> CLASSIFICATION_METRICS = Set.of("accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted",
            "roc_auc", "pr_auc", "log_loss");
    private static final Set<String> REGRESSION_METRICS = Set.of("rmse", "mae", "r2", "mape");

    /** Compares two datasets; CURRENT may be a serving request-log folder; {@code target} (or null) is reported apart, not counted in the share. */
    @FunctionalInterface
    public interface DriftCheck {
        DriftOutcome compare(Path reference, Path current, double driftShare, String target, Progress progress);
    }

    /** What a drift comparison found, with its report as JSON (kept with the check). */
    public record DriftOutcome(boolean datasetDrift, double share, int drifted, int tested, String maxPsiColumn, double maxPsi, long currentRows,
                               String reportJson) {
    }

    /** Re-runs a pipeline on the rows {@code plan} describes so that it registers a new version of {@code model} as {@code challenger}. */
    public interface Retrainer {
        Retrained retrain(Path pipeline, String model, RetrainingData.Plan plan, Progress progress);

        /**
         * Checks the pipeline before anything is evaluated (a broken pipeline, or one without a read node to
         * point at the retraining data, is the monitor file's mistake); throws IllegalArgumentException.
         */
        default void check(Path pipeline, String model, Path reference) {
        }
    }

    /**
     * How retraining went: the run, whether it finished, the version it registered (NAME:VERSION), or why it
     * failed; the data it trained on (null when it was not built), and the challenger's metrics on the new
     * data's holdout and on the champion's test data (empty when not measured).
     */
    public record Retrained(String runId, boolean finished, String challenger, String failure, RetrainingData data, Map<String, Double> holdout,
                            Map<String, Double> championTest, Long championTestRows) {
        public Retrained(String runId, boolean finished, String challenger, String failure) {
            this(runId, finished, challenger, failure, null, Map.of(), Map.of(), null);
        }
    }

    private final Store store;
    private final DriftCheck drift;
    private final Retrainer retrainer;
    private final Clock clock;

    public MonitorRunner(Store store, DriftCheck drift, Retrainer retrainer, Clock clock) {
        this.store = store;
        this.drift = drift;
        this.retrainer = retrainer;
        this.clock = clock;
    }

    /** Reads the monitor file, evaluates it and records the check. Bad input throws IllegalArgumentException with one line. */
    public Check run(Path file, Progress progress) {
        MonitorDefinition definition = MonitorDefinition.read(file);
        String name = file.getFileName().toString();
        Path folder = file.toAbsolutePath().getParent();
        var registry = new ModelRegistry(store, clock);
        ModelRegistry.Version version;
        try {
            version = registry.find(definition.model()).orElseThrow(() -> new IllegalArgumentException(
                    name + ": model: no registered model version " + definition.model() + describeVersions(registry, definition.model())));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(name) ? e : new IllegalArgumentException(name + ": model: " + e.getMessage(), e);
        }
        var checks = new MonitorChecks(store);
        Path reference = reference(definition, folder, version, checks, name);
        Path current = current(definition, folder, name);
        Path pipeline = null;
        if (definition.retrain() != null) {
            pipeline = folder.resolve(definition.retrain().pipeline()).normalize();
            if (!Files.isRegularFile(pipeline)) {
                throw new IllegalArgumentException(name + ": retrain.pipeline: " + pipeline + ": no such file");
            }
            try {
                retrainer.check(pipeline, version.name(), reference);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": retrain.pipeline: " + e.getMessage(), e);
            }
        }
        MonitorDefinition.Thresholds limits = definition.thresholdsOrDefault();

        progress.update(0, 3, "comparing " + current.getFileName() + " with " + reference.getFileName());
        ModelArtifact.Loaded model = load(version, name);
        String metric = limits.metric();
        Set<String> known = model.model().task() == Task.CLASSIFICATION ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
        if (metric != null && !known.contains(metric)) {
            throw new IllegalArgumentException(name + ": thresholds.metric: '" + metric + "' is not a metric of a " + model.model().task().id()
                    + " model (one of " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
        }
        if (pipeline != null && definition.current().requestLog() != null) {
            throw new IllegalArgumentException(name + ": retrain.data: a request log (current.requestLog) carries no labels, so its rows cannot be "
                    + "trained on; read labelled rows with current.folder or current.feedback");
        }
        // served feedback: the labelled rows the server wrote, gathered into one file for the comparison, the score and the retraining
        FeedbackRows labelled = definition.current().feedback() != null ? FeedbackRows.collect(current, model.model(), name) : null;
        try {
            Path data = labelled != null ? labelled.file() : current;
            RetrainingData.Plan plan = null;
            if (pipeline != null) {
                plan = new RetrainingData.Plan(definition.retrain().mode(), definition.retrain().window(), definition.retrain().holdoutOrDefault(),
                        reference, newFiles(definition, folder, data, name), model.model().target(), labelled != null,
                        model.model().inputs().stream().map(io.pipewright.train.ModelArtifact.Input::name).toList());
                RetrainingData.checkLabelled(plan, name);
            }
            return evaluate(definition, file, version, checks, model, reference, current, data, pipeline, plan, progress);
        } finally {
            if (labelled != null) {
                labelled.close();
            }
        }
    }

    /** Compares, scores and records; retrains when a threshold is crossed and there is a pipeline, and promotes when the file says so. */
    private Check evaluate(MonitorDefinition definition, Path file, ModelRegistry.Version version, MonitorChecks checks, ModelArtifact.Loaded model,
                           Path reference, Path current, Path data, Path pipeline, RetrainingData.Plan plan, Progress progress) {
        MonitorDefinition.Thresholds limits = definition.thresholdsOrDefault();
        var reasons = new ArrayList<String>();
        DriftOutcome found = drift.compare(reference, data, limits.driftShareOrDefault(), model.model().target(), progress);
        progress.checkCancelled();
        Score score = assess(definition, version, model, data, limits, found, reasons, progress);
        progress.checkCancelled();

        boolean triggered = !reasons.isEmpty();
        boolean retrain = triggered && pipeline != null;
        // recorded before retraining: a retrain that is killed or fails to record leaves a check saying so, not a challenger without history
        var check = checks.record(new Check(0, definition.monitor(), file.toAbsolutePath().normalize().toString(), clock.instant(), version.name(),
                version.version(), reference.toString(), current.toString(), found.currentRows(), found.datasetDrift(), found.share(),
                finite(found.maxPsi()), found.maxPsiColumn(), score.metric(), score.baseline(), score.value(), score.drop(), triggered, reasons,
                retrain ? "retraining" : triggered ? "triggered" : "ok", null, null, null), found.reportJson());
        if (!retrain) {
            progress.update(3, 3, check.status());
            return check;
        }
        progress.update(2, 3, "retraining with " + pipeline.getFileName() + " on " + plan.mode());
        Retrained retrained;
        try {
            retrained = retrainer.retrain(pipeline, version.name(), plan, progress);
        } catch (io.pipewright.work.CancelledException e) {
            checks.finish(check, "retrain_failed", null, null, "cancelled");
            throw e;
        } catch (RuntimeException e) {
            retrained = new Retrained(null, false, null, e.getMessage());
        }
        String status = retrained.finished() && retrained.challenger() != null ? "retrained" : "retrain_failed";
        progress.update(3, 3, status);
        Check finished = checks.finish(check, status, retrained.runId(), retrained.challenger(), retrained.failure(), retraining(retrained));
        return status.equals("retrained") ? promote(definition, checks, finished, retrained) : finished;
    }

    /** What the check keeps of a retraining: the data it read and the challenger's metrics. */
    private static MonitorChecks.Retraining retraining(Retrained retrained) {
        RetrainingData data = retrained.data();
        if (data == null) {
            return null;
        }
        var read = data.sources().stream().map(source -> new MonitorChecks.DatasetRead(source.role(), source.path().toString(), source.sha256(),
                source.rows())).toList();
        return new MonitorChecks.Retraining(data.mode(), data.window(), data.describe(), read, data.trainingRows(), data.holdoutRows(),
                data.newRows(), data.duplicatesDropped(), data.testRowsDropped(), retrained.holdout(), retrained.championTestRows(), retrained.championTest());
    }

    /** The promote section: manual (the default) records that nothing moved; auto is gated promotion on the holdout. */
    private Check promote(MonitorDefinition definition, MonitorChecks checks, Check check, Retrained retrained) {
        MonitorDefinition.Promote promote = definition.promote();
        if (promote == null || !promote.auto()) {
            String alias = promote == null ? MonitorDefinition.Promote.CHAMPION : promote.aliasOrDefault();
            return checks.promoted(check, new MonitorChecks.Promotion(MonitorDefinition.Promote.MANUAL, alias, false,
                    retrained.challenger() + " is the challenger; " + alias + " is moved by a person (pipewright models promote)"));
        }
        return checks.promoted(check, MonitorPromotion.promote(store, clock, promote, retrained));
    }

    /**
     * The new data files to retrain on: the file this check read (or the served feedback gathered), or for a
     * window every dataset file of the folder, oldest first.
     */
    private static List<Path> newFiles(MonitorDefinition definition, Path folder, Path current, String name) {
        if (definition.current().folder() == null || !MonitorDefinition.Retrain.WINDOW.equals(definition.retrain().mode())) {
            return List.of(current);
        }
        Path incoming = folder.resolve(definition.current().folder()).normalize();
        return datasetFiles(incoming, name).stream().sorted(Comparator.comparing(MonitorRunner::modified).thenComparing(Path::toString)).toList();
    }

    /** Adds the thresholds crossed by drift to {@code reasons}, scores the model on labelled rows, and adds a crossed metric drop. */
    private static Score assess(MonitorDefinition definition, ModelRegistry.Version version, ModelArtifact.Loaded model, Path data,
                                MonitorDefinition.Thresholds limits, DriftOutcome found, List<String> reasons, Progress progress) {
        if (found.tested() > 0 && found.share() >= limits.driftShareOrDefault()) {
            reasons.add(String.format(Locale.ROOT, "dataset drift: %d of %d columns drifted (share %.2f, threshold %.2f)", found.drifted(),
                    found.tested(), found.share(), limits.driftShareOrDefault()));
        }
        if (found.maxPsiColumn() != null && found.maxPsi() >= limits.psiOrDefault()) {
            reasons.add(String.format(Locale.ROOT, "PSI of %s is %.3f (threshold %.2f)", found.maxPsiColumn(), found.maxPsi(), limits.psiOrDefault()));
        }

        progress.update(1, 3, definition.current().requestLog() != null ? "a request log carries no labels: the model is not scored"
                : "scoring the model on labelled rows");
        Score score = definition.current().requestLog() != null ? Score.NONE : score(version, model, data, limits.metric());
        if (score.drop() != null && score.drop() > limits.metricDropOrDefault()) {
            reasons.add(String.format(Locale.ROOT, "%s fell %.1f %% on labelled new data (%.4f → %.4f; threshold %.1f %%)", score.metric(),
                    score.drop() * 100, score.baseline(), score.value(), limits.metricDropOrDefault() * 100));
        }
        return score;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String describeVersions(ModelRegistry registry, String reference) {
        String model = reference.split("[@:]")[0];
        var versions = registry.versions(model);
        if (versions.isEmpty()) {
            return " (no model named '" + model + "' is registered)";
        }
        return " (" + model + " has versions " + versions.stream().map(v -> Integer.toString(v.version())).sorted().reduce((a, b) -> a + ", " + b)
                .orElse("") + ")";
    }

    private static Path reference(MonitorDefinition definition, Path folder, ModelRegistry.Version version, MonitorChecks checks, String name) {
        if (definition.reference() != null) {
            Path reference = folder.resolve(definition.reference()).normalize();
            if (!Files.isRegularFile(reference)) {
                throw new IllegalArgumentException(name + ": reference: " + reference + ": no such file");
            }
            return reference;
        }
        if (version.runKey() != null) {
            for (String path : checks.datasetPaths(version.runKey())) {
                if (Files.isRegularFile(Path.of(path))) {
                    return Path.of(path);
                }
            }
        }
        throw new IllegalArgumentException(name + ": reference: the data " + version.name() + ":" + version.version()
                + " was trained on is not recorded or no longer at its path; name a reference file");
    }

    private static Path current(MonitorDefinition definition, Path folder, String name) {
        if (definition.current().feedback() != null) {
            Path served = folder.resolve(definition.current().feedback()).normalize();
            if (!Files.isDirectory(served)) {
                throw new IllegalArgumentException(name + ": current.feedback: " + served + ": no such folder");
            }
            return served;
        }
        if (definition.current().requestLog() != null) {
            Path log = folder.resolve(definition.current().requestLog()).normalize();
            if (!Files.isDirectory(log) && !Files.isRegularFile(log)) {
                throw new IllegalArgumentException(name + ": current.requestLog: " + log + ": no such folder");
            }
            return log;
        }
        Path incoming = folder.resolve(definition.current().folder()).normalize();
        if (!Files.isDirectory(incoming)) {
            throw new IllegalArgumentException(name + ": current.folder: " + incoming + ": no such folder");
        }
        Optional<Path> newest = datasetFiles(incoming, name).stream().max(Comparator.comparing(MonitorRunner::modified).thenComparing(Path::toString));
        return newest.orElseThrow(() -> new IllegalArgumentException(name + ": current.folder: " + incoming + ": no dataset files ("
                + DatasetFormat.supportedList() + ")"));
    }

    private static List<Path> datasetFiles(Path incoming, String name) {
        try {
            // a dataset file that is a link is read only when it stays inside the folder
            var tree = io.pipewright.work.FolderTree.of(incoming);
            return tree.list(incoming, path -> DatasetFormat.detect(path).isPresent()).stream().filter(Files::isRegularFile).toList();
        } catch (io.pipewright.work.FolderTree.LinkException e) {
            throw new IllegalArgumentException(name + ": current.folder: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(name + ": current.folder: cannot list " + incoming + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    /** The model's metric on the new rows, when they are labelled; nulls otherwise. */
    private record Score(String metric, Double baseline, Double value, Double drop) {
        static final Score NONE = new Score(null, null, null, null);
    }

    private static ModelArtifact.Loaded load(ModelRegistry.Version version, String name) {
        Path artifact = Path.of(version.artifactPath());
        if (!Files.isRegularFile(artifact)) {
            throw new IllegalArgumentException(name + ": model: the artifact of " + version.name() + ":" + version.version() + " is missing: " + artifact);
        }
        return ModelArtifact.read(artifact);
    }

    private static Score score(ModelRegistry.Version version, ModelArtifact.Loaded loaded, Path current, String wanted) {
        var model = loaded.model();
        String metric = wanted != null ? wanted : model.task() == Task.CLASSIFICATION ? "accuracy" : "rmse";
        var table = TableLoader.read(DatasetReader.open(current)).table();
        if (!table.containsColumn(model.target()) || table.column(model.target()).countMissing() == table.rowCount()) {
            return new Score(metric, baseline(version, metric), null, null);
        }
        Evaluation evaluation = Evaluations.onRawRows(model, table, 42);
        Double value = evaluation.metrics().get(metric);
        if (value == null) {
            throw new IllegalArgumentException("thresholds.metric: the model reports no metric '" + metric + "' (it has "
                    + String.join(", ", evaluation.metrics().keySet()) + ")");
        }
        Double baseline = baseline(version, metric);
        Double drop = null;
        if (baseline != null && baseline != 0 && Double.isFinite(value)) {
            drop = LOWER_IS_BETTER.contains(metric) ? (value - baseline) / Math.abs(baseline) : (baseline - value) / Math.abs(baseline);
        }
        return new Score(metric, baseline, value, drop);
    }

    private static Double baseline(ModelRegistry.Version version, String metric) {
        if (version.metricsJson() == null || version.metricsJson().isBlank()) {
            return null;
        }
        try {
            Map<String, Double> metrics = JSON.readValue(version.metricsJson(), new TypeReference<Map<String, Double>>() {
            });
            return metrics.get(metric);
        } catch (IOException e) {
            return null;
        }
    }
}
