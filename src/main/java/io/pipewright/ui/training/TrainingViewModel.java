package io.pipewright.ui.training;

import io.pipewright.pipeline.NodeEvent;
import io.pipewright.pipeline.RunListener;
import io.pipewright.track.RunPages;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.LineChart;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.chart.ParallelCoordinatesChart;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.ui.pipeline.RunSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Training workspace's state: a run's learning curves (each node's metrics per iteration),
 * its tuning trials (objective per trial with the best so far, a parallel-coordinates plot of the
 * trials, pruned trials, the best hyperparameters), and the system series (CPU, memory, GPU), live
 * while a run goes on and read from the store for a past run.
 *
 * <p>The engine's threads only add to a queue ({@link RunListener} methods); {@link #drain()},
 * called on the FX thread five times a second by the view, moves what came into the series and
 * builds the charts from decimated copies, so the FX thread's work does not grow with the points.
 */
public final class TrainingViewModel implements RunListener {
    /** Display width the series are decimated for (pixels across a chart). */
    static final int WIDTH = 600;

    /** A tuning trial as it ended. */
    public record Trial(String node, int number, Map<String, Object> params, Double value, String state) {
    }

    private sealed interface Update {
    }

    private record Point(String node, String key, long step, double value) implements Update {
    }

    private record Event(NodeEvent event) implements Update {
    }

    private record TrialUpdate(Trial trial, String metric, boolean maximize) implements Update {
    }

    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final ConcurrentLinkedQueue<Update> queue = new ConcurrentLinkedQueue<>();
    private final Map<String, Series> curves = new LinkedHashMap<>();
    private final Map<String, Series> system = new TreeMap<>();
    private final List<Trial> trials = new ArrayList<>();
    private final Map<String, Double> progress = new LinkedHashMap<>();
    private String metric;
    private boolean maximize = true;
    private boolean changed;
    private long started;
    private Runnable stopper = () -> { };

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("No run yet");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Run a pipeline (F5 in the Pipelines workspace), or open a run from Experiments.");
    private final ReadOnlyStringWrapper elapsed = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper remaining = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<LineChart> learning = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LineChart> objective = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ParallelCoordinatesChart> parallel = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper best = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<LineChart> cpu = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LineChart> memory = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LineChart> gpu = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper gpuAbsence = new ReadOnlyStringWrapper("");
    private final javafx.collections.ObservableList<RunSummary.Line> result = javafx.collections.FXCollections.observableArrayList();
    private final javafx.collections.ObservableList<RunSummary.Line> resultShown = javafx.collections.FXCollections.unmodifiableObservableList(result);

    private boolean building;
    private int generation;

    /** The charts are built (decimation included) by {@code executor}, one build at a time, and handed to the FX thread. */
    public TrainingViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, String gpuAbsence) {
        this.executor = executor;
        this.store = store;
        this.gpuAbsence.set(gpuAbsence == null ? "" : gpuAbsence);
    }

    // ---- from the engine's threads

    @Override
    public void event(NodeEvent event) {
        queue.add(new Event(event));
    }

    @Override
    public void metric(String nodeId, String key, long step, double value) {
        queue.add(new Point(nodeId, key, step, value));
    }

    @Override
    public void trial(String nodeId, String metric, boolean maximize, int number, Map<String, Object> params, Double value, String state) {
        queue.add(new TrialUpdate(new Trial(nodeId, number, Map.copyOf(params), value, state), metric, maximize));
    }

    // ---- on the FX thread

    /** A run starts: what was shown goes, {@code stop} ends the run. (What the run already sent stays queued.) */
    public void begin(String name, Runnable stop) {
        curves.clear();
        system.clear();
        trials.clear();
        progress.clear();
        metric = null;
        generation++;
        stopper = stop;
        started = System.nanoTime();
        title.set(name);
        result.clear();
        status.set("running");
        remaining.set("");
        running.set(true);
        changed = true;
        drain();
    }

    /** The run ended: its outcome in words, and what it gave (test metrics, best trials, registered versions) as the result. */
    public void end(RunSummary summary) {
        end(summary.outcome());
        result.setAll(summary.lines());
    }

    /** The run ended (finished, failed or stopped, in words). */
    public void end(String outcome) {
        drain();
        running.set(false);
        elapsed.set(duration((System.nanoTime() - started) / 1e9));
        remaining.set("");
        status.set(outcome);
    }

    /** Stops the running run (it is recorded as killed). */
    public void stop() {
        if (running.get()) {
            status.set("stopping…");
            stopper.run();
        }
    }

    /** Moves what the engine sent into the series and builds the charts again when something changed. */
    public void drain() {
        Update update;
        while ((update = queue.poll()) != null) {
            changed = true;
            if (update instanceof Point point) {
                if (point.node().equals("system")) {
                    system.computeIfAbsent(point.key(), key -> new Series()).add(point.step(), point.value());
                } else if (isCurve(point.key())) {
                    curves.computeIfAbsent(point.node() + " · " + point.key(), key -> new Series()).add(point.step(), point.value());
                }
            } else if (update instanceof Event event) {
                NodeEvent e = event.event();
                switch (e.status()) {
                    case QUEUED -> progress.putIfAbsent(e.nodeId(), 0.0);
                    case RUNNING -> progress.put(e.nodeId(), Math.max(0, Math.min(1, e.progress())));
                    default -> progress.put(e.nodeId(), 1.0);
                }
            } else if (update instanceof TrialUpdate trial) {
                trials.add(trial.trial());
                metric = trial.metric();
                maximize = trial.maximize();
            }
        }
        if (running.get()) {
            double seconds = (System.nanoTime() - started) / 1e9;
            elapsed.set(duration(seconds));
            double share = progress.isEmpty() ? 0 : progress.values().stream().mapToDouble(Double::doubleValue).sum() / progress.size();
            status.set(String.format(Locale.US, "running · %.0f %%", share * 100));
            remaining.set(share > 0.05 && share < 1 ? "about " + duration(seconds * (1 - share) / share) + " left" : "");
        }
        if (changed && !building) {
            changed = false;
            building = true;
            int mine = generation;
            var curveViews = views(curves);
            var systemViews = views(system);
            var trialCopy = List.copyOf(trials);
            String trialMetric = metric;
            boolean higherIsBetter = maximize;
            executor.execute(BackgroundTask.of("Drawing the training charts", progress -> build(curveViews, systemViews, trialCopy, trialMetric, higherIsBetter))
                    .quiet()
                    .onSuccess(charts -> {
                        building = false;
                        if (mine == generation) {
                            show(charts);
                        }
                    })
                    .onFailure(error -> building = false));
        }
    }

    /** Every chart of the workspace, built together off the FX thread. */
    private record Charts(LineChart learning, LineChart cpu, LineChart memory, LineChart gpu, LineChart objective, ParallelCoordinatesChart parallel,
                          String best) {
    }

    private static Map<String, Series.View> views(Map<String, Series> series) {
        var views = new LinkedHashMap<String, Series.View>();
        series.forEach((key, value) -> views.put(key, value.view()));
        return views;
    }

    private void show(Charts charts) {
        learning.set(charts.learning());
        cpu.set(charts.cpu());
        memory.set(charts.memory());
        gpu.set(charts.gpu());
        objective.set(charts.objective());
        parallel.set(charts.parallel());
        best.set(charts.best());
    }

    private static boolean isCurve(String key) {
        return !key.startsWith("trial_") && !key.startsWith("best_") && !key.startsWith("cv_");
    }

    /** A system series' name in a legend: "core 3", "machine", "heap used", "GPU0 memory (MB)"; other series as they are. */
    static String label(String key) {
        var core = java.util.regex.Pattern.compile("cpu(\\d+)_percent").matcher(key);
        if (core.matches()) {
            return "core " + core.group(1);
        }
        var gpu = java.util.regex.Pattern.compile("gpu(\\d+)_(.+)").matcher(key);
        if (gpu.matches()) {
            return "GPU" + gpu.group(1) + " " + switch (gpu.group(2)) {
                case "percent" -> "%";
                case "memory_mb" -> "memory (MB)";
                case "temperature_c" -> "°C";
                case "power_w" -> "W";
                default -> gpu.group(2);
            };
        }
        return switch (key) {
            case "cpu_percent" -> "machine";
            case "process_cpu_percent" -> "Pipewright";
            case "heap_used_mb" -> "heap used";
            case "heap_committed_mb" -> "heap committed";
            case "rss_mb" -> "resident";
            default -> key;
        };
    }

    private static Charts build(Map<String, Series.View> curves, Map<String, Series.View> system, List<Trial> trials, String metric, boolean maximize) {
        LineChart learning = curves.isEmpty() ? null : chart("Learning curves", "iteration", curves, key -> true);
        learning = learning == null ? null : learning.wholeNumbersOnX();
        LineChart cpu = system.isEmpty() ? null : chart("CPU %", "seconds", system, key -> key.equals("cpu_percent") || key.equals("process_cpu_percent")
                || key.matches("cpu\\d+_percent"));
        LineChart memory = system.isEmpty() ? null : chart("Memory (MB)", "seconds", system,
                key -> key.equals("heap_used_mb") || key.equals("heap_committed_mb") || key.equals("rss_mb"));
        boolean gpus = system.keySet().stream().anyMatch(key -> key.startsWith("gpu"));
        LineChart gpu = gpus ? chart("GPU", "seconds", system, key -> key.matches("gpu\\d+_(percent|memory_mb|temperature_c|power_w)")) : null;
        var tuning = trials(trials, metric, maximize);
        return new Charts(learning, cpu, memory, gpu, tuning.objective(), tuning.parallel(), tuning.best());
    }

    private static LineChart chart(String title, String xLabel, Map<String, Series.View> series, java.util.function.Predicate<String> keep) {
        var lines = new ArrayList<LineChart.Series>();
        int colour = 0;
        for (var entry : series.entrySet()) {
            if (!keep.test(entry.getKey()) || entry.getValue().size() == 0) {
                continue;
            }
            double[][] points = entry.getValue().forDisplay(WIDTH);
            // per-core loads are many: thin, dashed, after the totals
            boolean core = entry.getKey().matches("cpu\\d+_percent");
            lines.add(new LineChart.Series(label(entry.getKey()), Palette.series(colour++), points[0], points[1], null, null, core));
        }
        return lines.isEmpty() ? null : new LineChart(title, xLabel, "", false, lines);
    }

    private record Tuning(LineChart objective, ParallelCoordinatesChart parallel, String best) {
    }

    private static Tuning trials(List<Trial> trials, String metric, boolean maximize) {
        if (trials.isEmpty()) {
            return new Tuning(null, null, "");
        }
        var sorted = new ArrayList<>(trials);
        sorted.sort(java.util.Comparator.comparingInt(Trial::number));
        var done = sorted.stream().filter(trial -> trial.value() != null && !trial.state().equals("pruned")).toList();
        double[] x = done.stream().mapToDouble(Trial::number).toArray();
        double[] y = done.stream().mapToDouble(Trial::value).toArray();
        double[] bestSoFar = new double[y.length];
        Trial leader = null;
        for (int i = 0; i < y.length; i++) {
            if (leader == null || (maximize ? done.get(i).value() > leader.value() : done.get(i).value() < leader.value())) {
                leader = done.get(i);
            }
            bestSoFar[i] = leader.value();
        }
        var lines = new ArrayList<LineChart.Series>();
        if (x.length > 0) {
            lines.add(new LineChart.Series(metric + " per trial", Palette.series(0), x, y));
            lines.add(new LineChart.Series("best so far", Palette.series(1), x, bestSoFar, null, null, true));
        }
        // pruned trials as crosses: at their value where they have one, else on the trial axis (stopped before any score)
        var stopped = sorted.stream().filter(trial -> trial.state().equals("pruned")).toList();
        if (!stopped.isEmpty()) {
            lines.add(LineChart.Series.crosses("pruned (×)", Palette.series(3), stopped.stream().mapToDouble(Trial::number).toArray(),
                    stopped.stream().mapToDouble(trial -> trial.value() == null ? Double.NaN : trial.value()).toArray()));
        }
        LineChart objectiveChart = lines.isEmpty() ? null : new LineChart("Tuning: " + metric + " by trial", "trial", metric, false, lines).wholeNumbersOnX();
        ParallelCoordinatesChart parallelChart = parallelChart(done, metric, maximize);
        var pruned = sorted.stream().filter(trial -> trial.state().equals("pruned")).map(trial -> Integer.toString(trial.number())).toList();
        var text = new StringBuilder();
        text.append(String.format(Locale.US, "%d trials, %d pruned%s", sorted.size(), pruned.size(), pruned.isEmpty() ? "" : " (" + String.join(", ", pruned) + ")"));
        if (leader != null) {
            text.append(String.format(Locale.US, "%nbest: trial %d, %s %.5g%n", leader.number(), metric, leader.value()));
            new TreeMap<>(leader.params()).forEach((name, value) -> text.append("  ").append(name).append(" = ")
                    .append(value instanceof Double number ? io.pipewright.work.NumberText.precise(number) : value).append('\n'));
        }
        return new Tuning(objectiveChart, parallelChart, text.toString().strip());
    }

    private static ParallelCoordinatesChart parallelChart(List<Trial> done, String metric, boolean maximize) {
        if (done.size() < 2) {
            return null;
        }
        var names = new LinkedHashSet<String>();
        done.forEach(trial -> names.addAll(new TreeMap<>(trial.params()).keySet()));
        var axes = new ArrayList<ParallelCoordinatesChart.Axis>();
        for (String name : names) {
            boolean numeric = done.stream().allMatch(trial -> trial.params().get(name) == null || trial.params().get(name) instanceof Number);
            double[] values = new double[done.size()];
            if (numeric) {
                for (int i = 0; i < values.length; i++) {
                    Object value = done.get(i).params().get(name);
                    values[i] = value instanceof Number number ? number.doubleValue() : Double.NaN;
                }
                axes.add(new ParallelCoordinatesChart.Axis(name, values));
            } else {
                var categories = new ArrayList<String>();
                for (int i = 0; i < values.length; i++) {
                    String value = String.valueOf(done.get(i).params().get(name));
                    if (!categories.contains(value)) {
                        categories.add(value);
                    }
                    values[i] = categories.indexOf(value);
                }
                axes.add(new ParallelCoordinatesChart.Axis(name, values, categories));
            }
        }
        double[] colour = done.stream().mapToDouble(Trial::value).toArray();
        axes.add(new ParallelCoordinatesChart.Axis(metric, colour));
        if (!maximize) {
            colour = java.util.Arrays.stream(colour).map(value -> -value).toArray();
        }
        return new ParallelCoordinatesChart("Trials", axes, colour, maximize ? metric : "−" + metric);
    }

    /** Shows a past (or running) run from the store: its curves, system series and trials. */
    public void load(String runKey) {
        executor.execute(BackgroundTask.of("Reading run " + runKey, progress -> read(runKey)).onSuccess(read -> {
            begin(read.title(), () -> { });
            read.points().forEach(queue::add);
            read.trials().forEach(queue::add);
            changed = true;
            drain();
            running.set(false);
            elapsed.set(read.seconds() < 0 ? "" : duration(read.seconds()));
            status.set(read.status());
        }).onFailure(error -> status.set(error.getMessage())));
    }

    private record Read(String title, String status, double seconds, List<Point> points, List<TrialUpdate> trials) {
    }

    private Read read(String runKey) {
        Store opened = store.get().orElseThrow(() -> new IllegalStateException("the store is not open"));
        var pages = new RunPages(opened);
        var detail = pages.detail(runKey).orElseThrow(() -> new IllegalArgumentException("no run " + runKey));
        var points = new ArrayList<Point>();
        var keys = detail.metrics().stream().map(RunPages.MetricSummary::key).toList();
        for (String key : keys) {
            var history = pages.histories(List.of(detail.run().id()), key).getOrDefault(detail.run().id(), List.of());
            int dot = key.indexOf('.');
            String node = dot < 0 ? "" : key.substring(0, dot);
            String name = dot < 0 ? key : key.substring(dot + 1);
            history.forEach(point -> points.add(new Point(node, name, point.step(), point.value())));
        }
        var runs = new Runs(opened, java.time.Clock.systemUTC());
        var trialUpdates = new ArrayList<TrialUpdate>();
        for (Runs.Run child : runs.children(runKey)) {
            var childDetail = pages.detail(child.key()).orElse(null);
            if (childDetail == null || !childDetail.tags().containsKey("trial.number")) {
                continue;
            }
            var params = new HashMap<String, Object>();
            childDetail.params().forEach((name, value) -> {
                if (name.startsWith("hyperparameters.")) {
                    params.put(name.substring("hyperparameters.".length()), number(value));
                }
            });
            var score = childDetail.metrics().stream().filter(summary -> !summary.key().equals("valid_curve")).findFirst();
            String trialMetric = score.map(RunPages.MetricSummary::key).orElse("objective");
            trialUpdates.add(new TrialUpdate(new Trial(childDetail.tags().getOrDefault("tune.node", ""), Integer.parseInt(childDetail.tags().get("trial.number")),
                    params, score.map(RunPages.MetricSummary::last).orElse(null), childDetail.tags().getOrDefault("trial.state", "complete")),
                    trialMetric, !io.pipewright.train.Tuner.lowerIsBetter(trialMetric)));
        }
        var run = detail.run();
        double seconds = run.endedAt() == null ? -1 : (run.endedAt().toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0;
        return new Read(run.experiment() + " · run " + run.key(), run.status(), seconds, points, trialUpdates);
    }

    private static Object number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static String duration(double seconds) {
        long whole = Math.round(seconds);
        if (whole < 60) {
            return String.format(Locale.US, "%.1f s", seconds);
        }
        return whole < 3600 ? String.format(Locale.US, "%d min %02d s", whole / 60, whole % 60)
                : String.format(Locale.US, "%d h %02d min", whole / 3600, whole % 3600 / 60);
    }

    // ---- read-only state

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty elapsedProperty() {
        return elapsed.getReadOnlyProperty();
    }

    /** An estimate of the time left, from the nodes' progress; empty when there is none. */
    public ReadOnlyStringProperty remainingProperty() {
        return remaining.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LineChart> learningProperty() {
        return learning.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LineChart> objectiveProperty() {
        return objective.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ParallelCoordinatesChart> parallelProperty() {
        return parallel.getReadOnlyProperty();
    }

    /** What the last run gave, a line per evaluation, tuning and registered model; empty while it runs. */
    public javafx.collections.ObservableList<RunSummary.Line> result() {
        return resultShown;
    }

    /** The trials in words: how many, which were pruned, the best and its hyperparameters. */
    public ReadOnlyStringProperty bestProperty() {
        return best.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LineChart> cpuProperty() {
        return cpu.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LineChart> memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LineChart> gpuProperty() {
        return gpu.getReadOnlyProperty();
    }

    /** Says why there are no GPU charts (empty: a GPU answers), once the machine has been looked at. */
    public void setGpuAbsence(String absence) {
        gpuAbsence.set(absence == null ? "" : absence);
    }

    /** Why there are no GPU charts ("no GPU detected (nvidia-smi was not found)"). */
    public ReadOnlyStringProperty gpuAbsenceProperty() {
        return gpuAbsence.getReadOnlyProperty();
    }
}
