package io.pipewright.ui.deploy;

import io.pipewright.export.Bundle;
import io.pipewright.loop.cost.BundleFacts;
import io.pipewright.loop.cost.BundleFiles;
import io.pipewright.loop.cost.CostEstimator;
import io.pipewright.loop.cost.CostReport;
import io.pipewright.loop.cost.ServerMetrics;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.TaskExecutor;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Deploy workspace's Cost section: what the drafted bundle costs (its pods' requests, the spot share, the monthly cost),
 * and, once a running server has been measured over a window, how much of those requests it uses (utilisation, waste).
 * The bundle is read and the server measured in the background; figures not measured are shown as unknown. Touches no control.
 */
public final class DeployCostViewModel {

    /** One figure as shown: its label, its text, and whether it is unknown. */
    public record Line(String id, String label, String text, boolean unknown) {
    }

    private final TaskExecutor executor;
    private final StringProperty metricsUrl = new SimpleStringProperty("");
    private final StringProperty window = new SimpleStringProperty("30s");
    private final ObservableList<Line> lines = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<CostReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("Cost");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("The cost appears once the bundle is drafted.");
    private final ReadOnlyStringWrapper problemField = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper measuring = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(false);
    private BundleFiles files;
    private CostEstimator.Measurement measurement;
    private TaskExecutor.TaskHandle running;
    private int generation;

    public DeployCostViewModel(TaskExecutor executor) {
        this.executor = executor;
    }

    /** The running server's address (http://host:port, or its /metrics), as typed. */
    public StringProperty metricsUrlProperty() {
        return metricsUrl;
    }

    /** How long to watch the server (30s, 2m), as typed. */
    public StringProperty windowProperty() {
        return window;
    }

    /** The figures, in the order shown. */
    public ObservableList<Line> lines() {
        return lines;
    }

    public ReadOnlyObjectProperty<CostReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** The section's title: its monthly cost once known. */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "metrics" or "window" when that field cannot be used, else empty. */
    public ReadOnlyStringProperty problemFieldProperty() {
        return problemField.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty measuringProperty() {
        return measuring.getReadOnlyProperty();
    }

    /** True once a bundle has been drafted: there are requests to measure against. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    /** Another model was chosen: nothing to show until its bundle is drafted, and the last server measured was not of it. */
    void clear() {
        generation++;
        files = null;
        measurement = null;
        ready.set(false);
        report.set(null);
        lines.clear();
        headline.set("Cost");
        message.set("The cost appears once the bundle is drafted.");
    }

    /** The bundle was drafted again: its cost is read in the background, with the last measurement (if any) against its requests. */
    void bundle(Bundle bundle) {
        var texts = new LinkedHashMap<String, String>();
        for (Bundle.Entry entry : bundle.entries()) {
            if (entry.text()) {
                texts.put(entry.path(), entry.content());
            }
        }
        var drafted = BundleFiles.of(bundle.root(), texts);
        files = drafted;
        ready.set(true);
        var measured = measurement;
        int mine = ++generation;
        executor.execute(BackgroundTask.of("Costing " + bundle.root(), progress -> CostEstimator.combine(BundleFacts.read(drafted), measured, null, null))
                .quiet().onSuccess(costed -> {
                    if (mine == generation) {
                        show(costed);
                        if (measured == null) {
                            message.set("Known from the bundle; measure a running server for the utilisation and the waste.");
                        }
                    }
                }).onFailure(error -> {
                    if (mine == generation) {
                        report.set(null);
                        lines.clear();
                        message.set(error.getMessage());
                    }
                }));
    }

    /** Measures the server at the address over the window, in the background; a field that cannot be used is named at once. */
    public void measure() {
        if (files == null || measuring.get()) {
            return;
        }
        URI endpoint;
        Duration span;
        try {
            problemField.set("metrics");
            if (metricsUrl.get().isBlank()) {
                throw new IllegalArgumentException("Give the address of a running pipewright serve, such as http://127.0.0.1:8080");
            }
            endpoint = ServerMetrics.endpoint(metricsUrl.get());
            problemField.set("window");
            span = CostEstimator.window(window.get());
            problemField.set("");
        } catch (IllegalArgumentException e) {
            // the same check as the command line's, in the form's words
            message.set(e.getMessage().replaceFirst("^--metrics: ", "").replaceFirst("^--window:? ", "Window: "));
            return;
        }
        var drafted = files;
        int mine = ++generation;
        measuring.set(true);
        message.set("Measuring " + endpoint + " over " + window.get().strip() + "…");
        running = executor.execute(BackgroundTask.of("Measuring " + endpoint, progress -> {
            var facts = BundleFacts.read(drafted);
            var measured = CostEstimator.measure(new ServerMetrics(endpoint), span);
            return new Object[] {measured, CostEstimator.combine(facts, measured, null, null)};
        }).onSuccess(result -> {
            measuring.set(false);
            var measured = (CostEstimator.Measurement) result[0];
            measurement = measured;
            if (mine == generation) {
                show((CostReport) result[1]);
                message.set(measuredText((CostReport) result[1]));
            }
        }).onFailure(error -> {
            measuring.set(false);
            if (mine == generation) {
                message.set(error.getMessage());
            }
        }).onCancelled(() -> {
            measuring.set(false);
            message.set("Measurement stopped.");
        }));
    }

    /** Stops a measurement under way. */
    public void stop() {
        if (running != null && measuring.get()) {
            running.cancel();
        }
    }

    private void show(CostReport costed) {
        report.set(costed);
        lines.setAll(lines(costed));
        headline.set(costed.monthlyUsd() == null ? "Cost" : "Cost: " + money(costed.monthlyUsd()) + " USD a month");
    }

    static List<Line> lines(CostReport report) {
        var shown = new ArrayList<Line>();
        shown.add(report.podsFewest() == null ? unknown(report, "pods", "Pods", "spotShare")
                : new Line("pods", "Pods", (report.podsFewest().equals(report.podsMost()) ? report.podsFewest().toString()
                        : report.podsFewest() + " to " + report.podsMost()) + ", each " + number(report.cpuCoresRequested()) + " CPU, "
                        + number(report.memoryMibRequested()) + " MiB", false));
        shown.add(report.spotShare() == null ? unknown(report, "spot", "Spot share", "spotShare")
                : new Line("spot", "Spot share", percent(report.spotShare() * 100) + " of the pods", false));
        shown.add(report.monthlyUsd() == null ? unknown(report, "monthly", "Monthly", "monthlyUsd")
                : new Line("monthly", "Monthly", money(report.monthlyUsd()) + (report.monthlyUsdMost() != null && !report.monthlyUsdMost().equals(report.monthlyUsd())
                        ? " to " + money(report.monthlyUsdMost()) : "") + " USD at the requests", false));
        shown.add(report.cpuUtilisation() == null ? unknown(report, "cpu", "CPU", "cpuUtilisation")
                : new Line("cpu", "CPU", number(report.cpuCoresUsed()) + " cores used: utilisation " + percent(report.cpuUtilisation() * 100) + ", waste "
                        + percent(report.cpuWastePercent()), false));
        shown.add(report.memoryUtilisation() == null ? unknown(report, "memory", "Memory", "memoryUtilisation")
                : new Line("memory", "Memory", number(report.memoryMibUsed()) + " MiB held: utilisation " + percent(report.memoryUtilisation() * 100)
                        + ", waste " + percent(report.memoryWastePercent()), false));
        shown.add(report.wastePercent() == null ? unknown(report, "waste", "Waste", "wastePercent")
                : new Line("waste", "Waste", percent(report.wastePercent()) + " of the requests (by price) unused", false));
        return shown;
    }

    private static String measuredText(CostReport report) {
        String counted = report.predictions() == null ? "predictions not counted" : String.format(Locale.ROOT, "%,d predictions", report.predictions());
        String per1000 = report.cpuSecondsPer1000() == null ? "" : "; per 1,000: " + number(report.cpuSecondsPer1000()) + " CPU s, "
                + number(report.memoryMibSecondsPer1000()) + " MiB·s";
        return "Measured " + counted + " in " + number(report.windowSeconds()) + " s" + per1000;
    }

    /** An unknown figure, with why in the desktop's words (the command line's options left out). */
    private static Line unknown(CostReport report, String id, String label, String field) {
        String why = report.unknown().getOrDefault(field, "not measured").replaceAll(" \\(--[a-z]+ [A-Z]+\\)", "");
        return new Line(id, label, "unknown: " + why, true);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f %%", value);
    }

    private static String money(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }

    private static String number(double value) {
        if (value == 0) {
            return "0";
        }
        var rounded = new java.math.BigDecimal(value).round(new java.math.MathContext(3));
        return rounded.abs().compareTo(java.math.BigDecimal.valueOf(1000)) >= 0 ? String.format(Locale.ROOT, "%,.0f", value)
                : rounded.stripTrailingZeros().toPlainString();
    }
}
