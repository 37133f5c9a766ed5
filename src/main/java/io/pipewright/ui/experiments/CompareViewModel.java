package io.pipewright.ui.experiments;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.pipeline.Evaluation;
import io.pipewright.track.RunPages;
import io.pipewright.track.RunComparison;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.BoxPlotChart;
import io.pipewright.ui.chart.Chart;
import io.pipewright.ui.chart.HeatmapChart;
import io.pipewright.ui.chart.LineChart;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.chart.ParallelCoordinatesChart;
import io.pipewright.ui.chart.ScatterChart;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A comparison of chosen runs: their params and metrics side by side, and the charts made from
 * them: overlaid metric curves (step or time axis, smoothing, log scale, grouped by a param with
 * mean ± std bands), parallel coordinates, a scatter of a param against a metric, a box plot of
 * a metric by param value, and the runs' confusion matrices with ROC and precision-recall curves.
 * Store and file reads run on the executor; the charts are rebuilt from what is in memory.
 */
public final class CompareViewModel {
    /** What the curves' x axis shows. */
    public enum XAxis {
        STEP("step"), RELATIVE("time since the run started (s)"), WALL("wall time (min since the first run started)");

        private final String label;

        XAxis(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The group of runs without a value for the grouping param. */
    private static final String NONE = "(none)";
    /** The pseudo-param holding each run's seed. */
    static final String SEED = "seed";
    /** Runs whose curves are drawn one by one; more are drawn as groups only. */
    static final int MAX_CURVES = 1000;
    /** Runs whose evaluation (confusion matrix, ROC, PR) is shown side by side. */
    static final int MAX_EVALUATIONS = 6;
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One run's evaluation read from its artifact. */
    public record RunEvaluation(String runKey, String node, Evaluation evaluation) {
    }

    private final TaskExecutor executor;
    private final Store store;
    private final RunPages pages;
    private final String experiment;
    private final List<Runs.Run> runs;
    private final ObservableList<String> paramKeys = FXCollections.observableArrayList();
    private final ObservableList<String> metricKeys = FXCollections.observableArrayList();
    private final Map<Long, Map<String, String>> params = new HashMap<>();
    private final Map<Long, Map<String, Double>> metrics = new HashMap<>();
    private final Map<String, Map<Long, List<Runs.Point>>> histories = new HashMap<>();
    private final ReadOnlyObjectWrapper<RunComparison> comparison = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Reading the runs…");

    private final ObjectProperty<String> curveMetric = new SimpleObjectProperty<>();
    private final ObjectProperty<XAxis> xAxis = new SimpleObjectProperty<>(XAxis.STEP);
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0);
    private final BooleanProperty logScale = new SimpleBooleanProperty();
    private final ObjectProperty<String> groupBy = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Chart> curves = new ReadOnlyObjectWrapper<>();

    private final ObservableList<String> axes = FXCollections.observableArrayList();
    private final ObjectProperty<String> colorMetric = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Chart> parallel = new ReadOnlyObjectWrapper<>();

    private final ObjectProperty<String> scatterParam = new SimpleObjectProperty<>();
    private final ObjectProperty<String> scatterMetric = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Chart> scatter = new ReadOnlyObjectWrapper<>();

    private final ObjectProperty<String> boxParam = new SimpleObjectProperty<>();
    private final ObjectProperty<String> boxMetric = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Chart> box = new ReadOnlyObjectWrapper<>();

    private final ObservableList<RunEvaluation> evaluations = FXCollections.observableArrayList();
    /** Each run's short label by its id: the part of the ids that differs, then the runs' names once read if each has its own. */
    private final Map<String, String> labels = new HashMap<>();

    public CompareViewModel(TaskExecutor executor, Store store, String experiment, List<Runs.Run> runs) {
        this.executor = executor;
        this.store = store;
        this.pages = new RunPages(store);
        this.experiment = experiment;
        this.runs = List.copyOf(runs);
        setLabels(RunLabels.differingParts(this.runs.stream().map(Runs.Run::key).toList()));
        for (Observable input : List.<Observable>of(curveMetric, xAxis, smoothing, logScale, groupBy)) {
            input.addListener(o -> rebuildCurves());
        }
        curveMetric.addListener((o, old, key) -> readHistories(key));
        axes.addListener((javafx.collections.ListChangeListener<String>) change -> rebuildParallel());
        colorMetric.addListener(o -> rebuildParallel());
        scatterParam.addListener(o -> rebuildScatter());
        scatterMetric.addListener(o -> rebuildScatter());
        boxParam.addListener(o -> rebuildBox());
        boxMetric.addListener(o -> rebuildBox());
    }

    public List<Runs.Run> runs() {
        return runs;
    }

    public String experiment() {
        return experiment;
    }

    /** Reads every param, metric and tag of the runs, then their evaluations; the charts are made when they arrive. */
    public void load() {
        var keys = runs.stream().map(Runs.Run::key).toList();
        // the evaluations are read once the runs' names are known, which their charts' legends may use
        executor.execute(BackgroundTask.of("Reading " + runs.size() + " runs to compare", progress -> RunComparison.of(store, keys))
                .onSuccess(read -> {
                    loaded(read);
                    readEvaluations();
                }).onFailure(error -> {
                    status.set(error.getMessage());
                    readEvaluations();
                }));
    }

    private void setLabels(List<String> shortLabels) {
        for (int i = 0; i < runs.size(); i++) {
            labels.put(runs.get(i).key(), shortLabels.get(i));
        }
    }

    /** A short label that tells the run apart from the others compared (see {@link RunLabels}); its id when it is not one of them. */
    public String label(String runKey) {
        return labels.getOrDefault(runKey, runKey);
    }

    private void loaded(RunComparison read) {
        var byKey = new HashMap<String, String>();
        read.runs().forEach(info -> byKey.put(info.key(), info.name()));
        setLabels(RunLabels.of(runs.stream().map(Runs.Run::key).toList(), runs.stream().map(run -> byKey.get(run.key())).toList()));
        comparison.set(read);
        for (int i = 0; i < runs.size(); i++) {
            var runParams = new LinkedHashMap<String, String>();
            var runMetrics = new LinkedHashMap<String, Double>();
            for (RunComparison.Row row : read.rows()) {
                Object value = row.values().get(i);
                if (value != null && row.kind() == RunComparison.Kind.PARAM) {
                    runParams.put(row.key(), (String) value);
                } else if (value != null && row.kind() == RunComparison.Kind.METRIC) {
                    runMetrics.put(row.key(), (Double) value);
                }
            }
            params.put(runs.get(i).id(), runParams);
            metrics.put(runs.get(i).id(), runMetrics);
        }
        var keys = new ArrayList<>(read.rows(RunComparison.Kind.PARAM).stream().map(RunComparison.Row::key).toList());
        // the run's seed is an attribute, not a param; comparing across seeds needs it like one
        if (!keys.contains(SEED) && runs.stream().anyMatch(run -> run.seed() != null)) {
            keys.add(SEED);
            runs.forEach(run -> {
                if (run.seed() != null) {
                    params.get(run.id()).put(SEED, String.valueOf(run.seed()));
                }
            });
        }
        paramKeys.setAll(keys);
        metricKeys.setAll(read.rows(RunComparison.Kind.METRIC).stream().map(RunComparison.Row::key).toList());
        status.set("");
        String metric = preferredMetric();
        // the seed tells runs apart but says nothing about them: it is no default axis or grouping
        List<String> differing = differingParams().stream().filter(key -> !key.equals(SEED)).toList();
        // the first choices: the metric people look at first, and the params that tell the runs apart
        axes.setAll(differing.stream().limit(8).toList());
        colorMetric.set(metric);
        scatterParam.set(differing.isEmpty() ? paramKeys.stream().findFirst().orElse(null) : differing.get(0));
        scatterMetric.set(metric);
        boxParam.set(scatterParam.get());
        boxMetric.set(metric);
        curveMetric.set(curveDefault(read));
    }

    /** The side-by-side table (all rows, or only those that differ); null until read. */
    public ReadOnlyObjectProperty<RunComparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    private String preferredMetric() {
        return MetricKeys.ranked(metricKeys).stream().filter(MetricKeys::isResult).findFirst().orElse(null);
    }

    /** A metric with a history worth drawing: the result metric with the most steps, a validation one when there is a choice. */
    private String curveDefault(RunComparison read) {
        String best = null;
        long steps = -1;
        for (String key : MetricKeys.ranked(metricKeys)) {
            if (!MetricKeys.isResult(key)) {
                continue;
            }
            long most = read.rows(RunComparison.Kind.METRIC).stream().filter(row -> row.key().equals(key)).flatMap(row -> row.metrics().stream())
                    .filter(java.util.Objects::nonNull).mapToLong(RunComparison.Metric::lastStep).max().orElse(0) * 2
                    + (key.contains("valid") ? 1 : 0);
            if (most > steps) {
                best = key;
                steps = most;
            }
        }
        return best;
    }

    /** Params whose value is not the same in every compared run. */
    public List<String> differingParams() {
        var differing = new ArrayList<String>();
        for (String key : paramKeys) {
            String first = params.get(runs.get(0).id()).get(key);
            for (Runs.Run run : runs) {
                if (!Objects.equals(first, params.get(run.id()).get(key))) {
                    differing.add(key);
                    break;
                }
            }
        }
        return differing;
    }

    private void readHistories(String key) {
        if (key == null || histories.containsKey(key)) {
            rebuildCurves();
            return;
        }
        var ids = runs.stream().map(Runs.Run::id).toList();
        executor.execute(BackgroundTask.of("Reading the history of " + key, progress -> pages.histories(ids, key)).quiet()
                .onSuccess(read -> {
                    histories.put(key, read);
                    rebuildCurves();
                })
                .onFailure(error -> status.set(error.getMessage())));
    }

    private void readEvaluations() {
        var chosen = runs.stream().limit(MAX_EVALUATIONS).toList();
        executor.execute(BackgroundTask.of("Reading evaluations", progress -> {
            var found = new ArrayList<RunEvaluation>();
            for (Runs.Run run : chosen) {
                var detail = pages.detail(run.key());
                if (detail.isEmpty()) {
                    continue;
                }
                for (RunPages.Artifact artifact : detail.get().artifacts()) {
                    Path file = Path.of(artifact.path());
                    if (!"evaluation".equals(artifact.kind()) || !Files.isRegularFile(file)) {
                        continue;
                    }
                    Evaluation evaluation = JSON.readValue(file.toFile(), Evaluation.class);
                    String name = file.getFileName().toString().replace(".evaluation.json", "");
                    found.add(new RunEvaluation(run.key(), name, evaluation));
                    break;
                }
            }
            return (List<RunEvaluation>) found;
        }).quiet().onSuccess(evaluations::setAll).onFailure(error -> status.set("cannot read an evaluation: " + error.getMessage())));
    }

    // ---- properties -------------------------------------------------------------------------

    public ObservableList<String> paramKeys() {
        return paramKeys;
    }

    public ObservableList<String> metricKeys() {
        return metricKeys;
    }

    public String param(Runs.Run run, String key) {
        return params.getOrDefault(run.id(), Map.of()).get(key);
    }

    public Double metric(Runs.Run run, String key) {
        return metrics.getOrDefault(run.id(), Map.of()).get(key);
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObjectProperty<String> curveMetricProperty() {
        return curveMetric;
    }

    public ObjectProperty<XAxis> xAxisProperty() {
        return xAxis;
    }

    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    public BooleanProperty logScaleProperty() {
        return logScale;
    }

    /** The param whose values group the curves (mean ± std per value), or null for one curve per run. */
    public ObjectProperty<String> groupByProperty() {
        return groupBy;
    }

    public ReadOnlyObjectProperty<Chart> curvesProperty() {
        return curves.getReadOnlyProperty();
    }

    /** The params shown as parallel axes, in order (the color metric is the last axis). */
    public ObservableList<String> axes() {
        return axes;
    }

    public ObjectProperty<String> colorMetricProperty() {
        return colorMetric;
    }

    public ReadOnlyObjectProperty<Chart> parallelProperty() {
        return parallel.getReadOnlyProperty();
    }

    public ObjectProperty<String> scatterParamProperty() {
        return scatterParam;
    }

    public ObjectProperty<String> scatterMetricProperty() {
        return scatterMetric;
    }

    public ReadOnlyObjectProperty<Chart> scatterProperty() {
        return scatter.getReadOnlyProperty();
    }

    public ObjectProperty<String> boxParamProperty() {
        return boxParam;
    }

    public ObjectProperty<String> boxMetricProperty() {
        return boxMetric;
    }

    public ReadOnlyObjectProperty<Chart> boxProperty() {
        return box.getReadOnlyProperty();
    }

    public ObservableList<RunEvaluation> evaluations() {
        return evaluations;
    }

    // ---- charts -----------------------------------------------------------------------------

    private int curvesGeneration;

    /**
     * Rebuilds the overlay off the FX thread (a comparison may hold a thousand runs of a thousand
     * steps); a newer request wins over one still being computed.
     */
    private void rebuildCurves() {
        String key = curveMetric.get();
        Map<Long, List<Runs.Point>> read = key == null ? null : histories.get(key);
        if (read == null) {
            curves.set(null);
            return;
        }
        var axis = xAxis.get();
        double weight = smoothing.get();
        boolean log = logScale.get();
        String group = groupBy.get();
        var groupValues = new HashMap<Long, String>();
        if (group != null) {
            runs.forEach(run -> groupValues.put(run.id(), param(run, group)));
        }
        int mine = ++curvesGeneration;
        executor.execute(BackgroundTask.of("Drawing " + key, progress -> curves(key, read, axis, weight, log, group, groupValues)).quiet()
                .onSuccess(chart -> {
                    if (mine == curvesGeneration) {
                        curves.set(chart);
                    }
                })
                .onFailure(error -> status.set(error.getMessage())));
    }

    private LineChart curves(String key, Map<Long, List<Runs.Point>> read, XAxis axis, double weight, boolean log, String group,
                             Map<Long, String> groupValues) {
        Instant first = runs.stream().map(Runs.Run::startedAt).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        var perRun = new LinkedHashMap<Runs.Run, CurveMath.Curve>();
        for (Runs.Run run : runs) {
            List<Runs.Point> points = read.get(run.id());
            if (points == null || points.isEmpty()) {
                continue;
            }
            // one point per step: a step written twice keeps its last value (points come by step, then time)
            var byStep = new java.util.TreeMap<Long, Runs.Point>();
            points.forEach(point -> byStep.put(point.step(), point));
            var steps = new double[byStep.size()];
            var x = new double[byStep.size()];
            var y = new double[byStep.size()];
            int i = 0;
            for (Runs.Point point : byStep.values()) {
                steps[i] = point.step();
                x[i] = switch (axis) {
                    case STEP -> point.step();
                    case RELATIVE -> (point.at().toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0;
                    case WALL -> (point.at().toEpochMilli() - first.toEpochMilli()) / 60_000.0;
                };
                y[i++] = point.value();
            }
            perRun.put(run, new CurveMath.Curve(steps, x, CurveMath.smooth(y, weight)));
        }
        var series = new ArrayList<LineChart.Series>();
        if (group == null) {
            int i = 0;
            for (var entry : perRun.entrySet()) {
                if (i >= MAX_CURVES) {
                    break;
                }
                series.add(new LineChart.Series(label(entry.getKey().key()), Palette.series(i++), entry.getValue().x(), entry.getValue().y()));
            }
        } else {
            var groups = new LinkedHashMap<String, List<CurveMath.Curve>>();
            for (var entry : perRun.entrySet()) {
                String value = groupValues.get(entry.getKey().id());
                groups.computeIfAbsent(value == null || value.isBlank() ? NONE : value, v -> new ArrayList<>()).add(entry.getValue());
            }
            int i = 0;
            for (var entry : sortedGroups(groups).entrySet()) {
                CurveMath.Band band = CurveMath.band(entry.getValue());
                String name = MetricKeys.shortName(group) + " = " + entry.getKey() + " (" + entry.getValue().size() + (entry.getValue().size() == 1 ? " run)" : " runs)");
                boolean spread = entry.getValue().size() > 1;
                series.add(new LineChart.Series(name, Palette.series(i++), band.x(), band.mean(), spread ? band.lower() : null,
                        spread ? band.upper() : null, false));
            }
        }
        String smoothed = weight > 0 ? String.format(java.util.Locale.ROOT, " (smoothed %.2f)", weight) : "";
        String title = key + (group == null ? "" : " by " + group + ", mean ± std") + smoothed;
        return new LineChart(title, axis.label(), key, log, series);
    }

    /** Groups in numeric order of their value when every value is a number, else in text order; runs without a value last. */
    private static <T> Map<String, T> sortedGroups(Map<String, T> groups) {
        var keys = new ArrayList<>(groups.keySet());
        keys.remove(NONE);
        double[] numbers = CurveMath.numbers(keys);
        if (numbers != null) {
            keys.sort(Comparator.comparingDouble(key -> Double.parseDouble(key.trim())));
        } else {
            keys.sort(Comparator.naturalOrder());
        }
        if (groups.containsKey(NONE)) {
            keys.add(NONE);
        }
        var sorted = new LinkedHashMap<String, T>();
        keys.forEach(key -> sorted.put(key, groups.get(key)));
        return sorted;
    }

    private void rebuildParallel() {
        String metric = colorMetric.get();
        if (runs.isEmpty() || params.isEmpty()) {
            parallel.set(null);
            return;
        }
        var chartAxes = new ArrayList<ParallelCoordinatesChart.Axis>();
        List<String> names = MetricKeys.shortNames(List.copyOf(axes));
        for (int a = 0; a < axes.size(); a++) {
            String key = axes.get(a);
            chartAxes.add(axis(names.get(a), runs.stream().map(run -> param(run, key)).toList()));
        }
        double[] color = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Double value = metric == null ? null : metric(runs.get(i), metric);
            color[i] = value == null ? Double.NaN : value;
        }
        if (metric != null) {
            chartAxes.add(new ParallelCoordinatesChart.Axis(metric, color));
        }
        if (chartAxes.isEmpty()) {
            parallel.set(null);
            return;
        }
        parallel.set(new ParallelCoordinatesChart(runs.size() + " runs", chartAxes, color, metric == null ? "" : metric));
    }

    /** A numeric axis when every value is a number, else a categorical one. */
    private static ParallelCoordinatesChart.Axis axis(String key, List<String> values) {
        double[] numbers = CurveMath.numbers(values);
        if (numbers != null) {
            return new ParallelCoordinatesChart.Axis(key, numbers);
        }
        int[] indexes = new int[values.size()];
        List<String> categories = CurveMath.categories(values, indexes);
        double[] positions = new double[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            positions[i] = indexes[i];
        }
        return new ParallelCoordinatesChart.Axis(key, positions, categories);
    }

    private void rebuildScatter() {
        String param = scatterParam.get();
        String metric = scatterMetric.get();
        if (param == null || metric == null) {
            scatter.set(null);
            return;
        }
        var xs = runs.stream().map(run -> param(run, param)).toList();
        double[] y = runs.stream().mapToDouble(run -> {
            Double value = metric(run, metric);
            return value == null ? Double.NaN : value;
        }).toArray();
        double[] numbers = CurveMath.numbers(xs);
        if (numbers != null) {
            scatter.set(new ScatterChart(metric + " against " + param, param, metric, numbers, y, null));
        } else {
            int[] indexes = new int[xs.size()];
            List<String> categories = CurveMath.categories(xs, indexes);
            double[] x = java.util.Arrays.stream(indexes).asDoubleStream().toArray();
            scatter.set(new ScatterChart(metric + " against " + param, param, metric, x, y, categories));
        }
    }

    private void rebuildBox() {
        String param = boxParam.get();
        String metric = boxMetric.get();
        if (param == null || metric == null) {
            box.set(null);
            return;
        }
        var groups = new LinkedHashMap<String, List<Double>>();
        for (Runs.Run run : runs) {
            Double value = metric(run, metric);
            if (value == null || value.isNaN()) {
                continue;
            }
            String group = param(run, param);
            groups.computeIfAbsent(group == null || group.isBlank() ? NONE : group, g -> new ArrayList<>()).add(value);
        }
        var chartGroups = new ArrayList<BoxPlotChart.Group>();
        sortedGroups(groups).forEach((name, values) -> chartGroups.add(new BoxPlotChart.Group(name,
                values.stream().mapToDouble(Double::doubleValue).toArray())));
        box.set(new BoxPlotChart(metric + " by " + param, param, metric, chartGroups));
    }

    /** A run's confusion matrix as a heatmap. */
    public HeatmapChart confusion(RunEvaluation run) {
        return confusion(label(run.runKey()) + " · " + run.node(), run.evaluation());
    }

    /** An evaluation's confusion matrix as a heatmap under a title. */
    public static HeatmapChart confusion(String title, Evaluation evaluation) {
        long[][] counts = evaluation.confusion();
        double[][] values = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            values[i] = java.util.Arrays.stream(counts[i]).asDoubleStream().toArray();
        }
        return new HeatmapChart(title, evaluation.labels(), evaluation.labels(), values, "actual", "predicted");
    }

    /** The ROC (or precision-recall) curves of the runs overlaid, one per run for its positive class; null when no run has one. */
    public LineChart curveOverlay(boolean roc) {
        var series = new ArrayList<LineChart.Series>();
        int i = 0;
        for (RunEvaluation run : evaluations) {
            Map<String, Evaluation.Curves> curvesByClass = run.evaluation().curves();
            if (curvesByClass == null || curvesByClass.isEmpty()) {
                continue;
            }
            var entry = curvesByClass.entrySet().iterator().next();
            var curve = roc ? entry.getValue().roc() : entry.getValue().precisionRecall();
            if (curve == null) {
                continue;
            }
            String auc = roc ? metricText(run.evaluation().metrics().get("roc_auc"), "AUC") : metricText(run.evaluation().metrics().get("pr_auc"), "AP");
            series.add(new LineChart.Series(label(run.runKey()) + " (" + entry.getKey() + auc + ")", Palette.series(i++), curve.x(), curve.y()));
        }
        if (series.isEmpty()) {
            return null;
        }
        if (roc) {
            series.add(new LineChart.Series("chance", "#8c959f", new double[] {0, 1}, new double[] {0, 1}, null, null, true));
        }
        return new LineChart(roc ? "ROC" : "Precision-recall", roc ? "false positive rate" : "recall", roc ? "true positive rate" : "precision",
                false, series, 0.0, 1.0, 0.0, 1.0);
    }

    private static String metricText(Double value, String name) {
        // a no-break space: a legend that wraps keeps the name and its value on one line
        return value == null ? "" : ", " + name + "\u00a0" + io.pipewright.work.NumberText.precise(value);
    }
}
