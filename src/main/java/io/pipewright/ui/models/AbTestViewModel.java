package io.pipewright.ui.models;

import io.pipewright.loop.ab.AbAnalysis;
import io.pipewright.loop.ab.AbData;
import io.pipewright.loop.ab.PlanInputs;
import io.pipewright.loop.ab.SampleSizePlan;
import io.pipewright.loop.ab.ScoredFiles;
import io.pipewright.loop.ab.ServedExperiment;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * State and commands of the Models workspace's A/B test tab: plan an experiment's sample (as
 * {@code pipewright ab plan}) and analyse one a server ran, or two scored files (as
 * {@code pipewright ab analyze}). The fields are text as typed; a mistake is a message naming the field.
 * Both run through the executor, off the FX thread.
 */
public final class AbTestViewModel {
    private final TaskExecutor executor;
    private final ObservableValue<String> model;

    private final StringProperty baseline = new SimpleStringProperty("");
    private final StringProperty mde = new SimpleStringProperty("");
    private final StringProperty alpha = new SimpleStringProperty("0.05");
    private final StringProperty power = new SimpleStringProperty("0.8");
    private final StringProperty planSplit = new SimpleStringProperty("0.5");
    private final StringProperty sd = new SimpleStringProperty("");
    private final StringProperty traffic = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<SampleSizePlan> plan = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper planMessage = new ReadOnlyStringWrapper("");

    private final StringProperty logFolder = new SimpleStringProperty("");
    private final StringProperty fileA = new SimpleStringProperty("");
    private final StringProperty fileB = new SimpleStringProperty("");
    private final StringProperty split = new SimpleStringProperty("0.5");
    private final ReadOnlyObjectWrapper<AbAnalysis> analysis = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper analysisMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper analysing = new ReadOnlyBooleanWrapper(false);

    /** {@code model}: the model chosen in the workspace, whose name the served versions are given (may hold null). */
    public AbTestViewModel(TaskExecutor executor, ObservableValue<String> model) {
        this.executor = executor;
        this.model = model;
    }

    public StringProperty baselineProperty() {
        return baseline;
    }

    public StringProperty mdeProperty() {
        return mde;
    }

    public StringProperty alphaProperty() {
        return alpha;
    }

    public StringProperty powerProperty() {
        return power;
    }

    /** The share of traffic to b that the plan assumes. */
    public StringProperty planSplitProperty() {
        return planSplit;
    }

    /** The standard deviation of one observation: given, the plan is for a mean (Welch). */
    public StringProperty sdProperty() {
        return sd;
    }

    /** Observations a day, both variants together (empty: no duration). */
    public StringProperty trafficProperty() {
        return traffic;
    }

    public ReadOnlyObjectProperty<SampleSizePlan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    /** Why there is no plan (a field's mistake), or empty. */
    public ReadOnlyStringProperty planMessageProperty() {
        return planMessage.getReadOnlyProperty();
    }

    /** A server's --log-requests folder; when empty, the two scored files are analysed. */
    public StringProperty logFolderProperty() {
        return logFolder;
    }

    public StringProperty fileAProperty() {
        return fileA;
    }

    public StringProperty fileBProperty() {
        return fileB;
    }

    /** The share of units the split sent to b (the server's --split). */
    public StringProperty splitProperty() {
        return split;
    }

    public ReadOnlyObjectProperty<AbAnalysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    /** Why there is no analysis (a field's mistake, a malformed line), or empty. */
    public ReadOnlyStringProperty analysisMessageProperty() {
        return analysisMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty analysingProperty() {
        return analysing.getReadOnlyProperty();
    }

    /** Computes the plan of the fields. */
    public void plan() {
        PlanInputs inputs;
        try {
            inputs = new PlanInputs(number("Baseline", baseline.get()), number("MDE", mde.get()), number("Alpha", alpha.get()),
                    number("Power", power.get()), number("Split to b", planSplit.get()), optional("Traffic a day", traffic.get()),
                    optional("SD", sd.get()));
        } catch (IllegalArgumentException e) {
            plan.set(null);
            planMessage.set(fieldNames(e.getMessage()));
            return;
        }
        executor.execute(BackgroundTask.of("Planning an A/B test", progress -> SampleSizePlan.of(inputs)).quiet()
                .onSuccess(result -> {
                    planMessage.set("");
                    plan.set(result);
                })
                .onFailure(error -> {
                    plan.set(null);
                    planMessage.set(fieldNames(error.getMessage()));
                }));
    }

    /** Analyses the log folder, or else the two scored files. */
    public void analyze() {
        AbAnalysis.Settings settings;
        String folder = logFolder.get().strip();
        String a = fileA.get().strip();
        String b = fileB.get().strip();
        try {
            settings = AbAnalysis.Settings.of(number("Split to b", split.get()));
            if (folder.isEmpty() && (a.isEmpty() || b.isEmpty())) {
                throw new IllegalArgumentException("Choose a server's log folder, or a scored file for each of a and b");
            }
        } catch (IllegalArgumentException e) {
            analysis.set(null);
            analysisMessage.set(fieldNames(e.getMessage()));
            return;
        }
        String name = model.getValue();
        analysing.set(true);
        analysisMessage.set("");
        String title = folder.isEmpty() ? "Analysing " + Path.of(a).getFileName() + " against " + Path.of(b).getFileName()
                : "Analysing the A/B test in " + Path.of(folder).getFileName();
        executor.execute(BackgroundTask.of(title, progress -> {
            AbData data = folder.isEmpty() ? ScoredFiles.read(Path.of(a), Path.of(b), null, null, null, null)
                    : ServedExperiment.read(Path.of(folder), name, null, null);
            return AbAnalysis.of(data, settings);
        }).onSuccess(result -> {
            analysing.set(false);
            analysis.set(result);
        }).onFailure(error -> {
            analysing.set(false);
            analysis.set(null);
            analysisMessage.set(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        }));
    }

    /** A plan in one line: each variant's sample, the total, the days and the test. */
    static String describe(SampleSizePlan plan) {
        if (plan == null) {
            return "";
        }
        String test = plan.inputs().mean() ? "Welch's t-test" : "two-proportion z-test";
        String days = plan.days() == null ? "" : String.format(Locale.ROOT, ", %,d day%s", plan.days(), plan.days() == 1 ? "" : "s");
        return String.format(Locale.ROOT, "a %,d and b %,d: %,d in total%s (%s)", plan.perVariantA(), plan.perVariantB(), plan.total(), days, test);
    }

    private static double number(String field, String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(field + ": a number is needed");
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a number");
        }
    }

    private static Double optional(String field, String text) {
        return text == null || text.isBlank() ? null : number(field, text.strip().toLowerCase(Locale.ROOT).replace("/day", ""));
    }

    /** The core's messages name command-line options; here they name the fields. */
    static String fieldNames(String message) {
        if (message == null) {
            return "";
        }
        return message.replace("--baseline", "Baseline").replace("--mde", "MDE").replace("--alpha", "Alpha").replace("--power", "Power")
                .replace("--split", "Split to b").replace("--sd", "SD").replace("--traffic", "Traffic a day")
                .replace(" (a mean needs SD)", " (a mean needs an SD)");
    }
}
