package io.pipewright.ui.deploy;

import io.pipewright.export.Bundle;
import io.pipewright.export.BundleOptions;
import io.pipewright.export.BundleValidator;
import io.pipewright.export.Exporter;
import io.pipewright.export.ModelFacts;
import io.pipewright.export.Validation;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Deploy workspace: the model to export (a registered version or an
 * artifact), the options form with its inline problems, the bundle drafted and validated in the
 * background after each change, and the export itself. Touches no control.
 */
public final class DeployViewModel {

    /** What can be exported: a registered version, or an artifact file. */
    public record Source(String label, Path artifact, String name, String version, String sha256) {
        static Source of(ModelRegistry.Version version) {
            String aliases = version.aliases().isEmpty() ? "" : " (" + String.join(", ", version.aliases()) + ")";
            return new Source(version.name() + ":" + version.version() + aliases, Path.of(version.artifactPath()), version.name(),
                    Integer.toString(version.version()), version.sha256());
        }

        static Source artifact(Path file) {
            return new Source(file.getFileName().toString(), file, null, null, null);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final Notifications notifications;
    private final BundleValidator.Tools tools;
    private final DeployCostViewModel cost;

    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>();
    private ModelFacts facts;

    // the form, as typed: text fields parse when the options are built
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty namespace = new SimpleStringProperty("default");
    private final StringProperty imageRepository = new SimpleStringProperty("");
    private final StringProperty imageTag = new SimpleStringProperty("");
    private final StringProperty replicas = new SimpleStringProperty("2");
    private final StringProperty autoscaling = new SimpleStringProperty("none");
    private final StringProperty minReplicas = new SimpleStringProperty("2");
    private final StringProperty maxReplicas = new SimpleStringProperty("10");
    private final StringProperty strategy = new SimpleStringProperty("rolling");
    private final StringProperty baselineTag = new SimpleStringProperty("");
    private final BooleanProperty gpu = new SimpleBooleanProperty(false);
    private final StringProperty gpuCount = new SimpleStringProperty("1");
    private final BooleanProperty spot = new SimpleBooleanProperty(false);
    private final StringProperty cloud = new SimpleStringProperty("aws");
    private final BooleanProperty ingress = new SimpleBooleanProperty(false);
    private final StringProperty ingressHost = new SimpleStringProperty("");
    private final StringProperty tlsSecret = new SimpleStringProperty("");
    private final StringProperty p99Ms = new SimpleStringProperty("200");
    private final StringProperty errorPercent = new SimpleStringProperty("1");
    private final StringProperty driftPsi = new SimpleStringProperty("0.2");
    private final StringProperty expectedRps = new SimpleStringProperty("50");
    private final BooleanProperty grpc = new SimpleBooleanProperty(false);
    private final StringProperty grpcPort = new SimpleStringProperty("8081");
    private final BooleanProperty stream = new SimpleBooleanProperty(false);
    private final StringProperty streamBootstrap = new SimpleStringProperty("");
    private final StringProperty streamIn = new SimpleStringProperty("");
    private final StringProperty streamOut = new SimpleStringProperty("");
    private final StringProperty streamDlq = new SimpleStringProperty("");
    private final StringProperty featuresOnline = new SimpleStringProperty("");
    private final StringProperty featuresSecret = new SimpleStringProperty("");
    private final StringProperty streamGroup = new SimpleStringProperty("");
    private final StringProperty streamLagThreshold = new SimpleStringProperty("500");
    private final StringProperty streamMinReplicas = new SimpleStringProperty("1");
    private final StringProperty streamMaxReplicas = new SimpleStringProperty("10");

    private final ObservableList<BundleOptions.Problem> problems = FXCollections.observableArrayList();
    private final ObservableList<Bundle.Entry> files = FXCollections.observableArrayList();
    private final ObservableList<Validation.Check> checks = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Choose a model version to export.");
    private final ReadOnlyBooleanWrapper exportable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Path> written = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper root = new ReadOnlyStringWrapper("");
    private Exporter.Result validated;
    /** What the preview in flight drafts (null when none is), and what the bundle shown was drafted from. */
    private Previewed inFlight;
    private Previewed shown;
    private TaskExecutor.TaskHandle running;
    private int generation;

    public DeployViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications, BundleValidator.Tools tools) {
        this.executor = executor;
        this.store = store;
        this.notifications = notifications;
        this.tools = tools;
        this.cost = new DeployCostViewModel(executor);
    }

    /** The Cost section: what the bundle shown costs, and what a running server of it uses. */
    public DeployCostViewModel cost() {
        return cost;
    }

    // the form's fields, which the view binds both ways: text as typed, parsed when the options are built
    public StringProperty nameProperty() { return name; }
    public StringProperty namespaceProperty() { return namespace; }
    public StringProperty imageRepositoryProperty() { return imageRepository; }
    public StringProperty imageTagProperty() { return imageTag; }
    public StringProperty replicasProperty() { return replicas; }
    public StringProperty autoscalingProperty() { return autoscaling; }
    public StringProperty minReplicasProperty() { return minReplicas; }
    public StringProperty maxReplicasProperty() { return maxReplicas; }
    public StringProperty strategyProperty() { return strategy; }
    public StringProperty baselineTagProperty() { return baselineTag; }
    public BooleanProperty gpuProperty() { return gpu; }
    public StringProperty gpuCountProperty() { return gpuCount; }
    public BooleanProperty spotProperty() { return spot; }
    public StringProperty cloudProperty() { return cloud; }
    public BooleanProperty ingressProperty() { return ingress; }
    public StringProperty ingressHostProperty() { return ingressHost; }
    public StringProperty tlsSecretProperty() { return tlsSecret; }
    public StringProperty p99MsProperty() { return p99Ms; }
    public StringProperty errorPercentProperty() { return errorPercent; }
    public StringProperty driftPsiProperty() { return driftPsi; }
    public StringProperty expectedRpsProperty() { return expectedRps; }
    public BooleanProperty grpcProperty() { return grpc; }
    public StringProperty grpcPortProperty() { return grpcPort; }
    public BooleanProperty streamProperty() { return stream; }
    public StringProperty streamBootstrapProperty() { return streamBootstrap; }
    public StringProperty streamInProperty() { return streamIn; }
    public StringProperty streamOutProperty() { return streamOut; }
    public StringProperty streamDlqProperty() { return streamDlq; }
    public StringProperty featuresOnlineProperty() { return featuresOnline; }
    public StringProperty featuresSecretProperty() { return featuresSecret; }
    public StringProperty streamGroupProperty() { return streamGroup; }
    public StringProperty streamLagThresholdProperty() { return streamLagThreshold; }
    public StringProperty streamMinReplicasProperty() { return streamMinReplicas; }
    public StringProperty streamMaxReplicasProperty() { return streamMaxReplicas; }

    public ObservableList<Source> sources() {
        return sources;
    }

    public ReadOnlyObjectProperty<Source> sourceProperty() {
        return source;
    }

    public ObservableList<BundleOptions.Problem> problems() {
        return problems;
    }

    /** The bundle's files as last drafted (and, once validated, with its README and alert files). */
    public ObservableList<Bundle.Entry> files() {
        return files;
    }

    public ObservableList<Validation.Check> checks() {
        return checks;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rootProperty() {
        return root.getReadOnlyProperty();
    }

    /** True once the shown bundle passed validation with the form as it is. */
    public ReadOnlyBooleanProperty exportableProperty() {
        return exportable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Where the last export went. */
    public ReadOnlyObjectProperty<Path> writtenProperty() {
        return written.getReadOnlyProperty();
    }

    /** Reads the registered versions (newest first per model), then selects {@code preselect} when given. */
    public void refreshSources(ModelRegistry.Version preselect) {
        executor.execute(BackgroundTask.of("Reading the model registry", progress -> {
            var found = new ArrayList<Source>();
            store.get().ifPresent(opened -> {
                var registry = new ModelRegistry(opened, Clock.systemUTC());
                for (String model : registry.names()) {
                    registry.versions(model).forEach(version -> found.add(Source.of(version)));
                }
            });
            return found;
        }).quiet().onSuccess(found -> {
            var extra = sources.stream().filter(candidate -> candidate.name() == null).toList();
            sources.setAll(found);
            sources.addAll(extra);
            if (preselect != null) {
                found.stream().filter(candidate -> candidate.name().equals(preselect.name()) && candidate.version().equals(Integer.toString(preselect.version())))
                        .findFirst().ifPresent(this::select);
            }
        }));
    }

    /** Adds an artifact file as a source and selects it. */
    public void addArtifact(Path file) {
        var added = Source.artifact(file);
        sources.add(added);
        select(added);
    }

    /** Chooses the model to export: it is read and measured in the background, then the bundle is drafted. */
    public void select(Source chosen) {
        if (chosen == null || chosen.equals(source.get()) && facts != null) {
            return;
        }
        source.set(chosen);
        facts = null;
        files.clear();
        checks.clear();
        cost.clear();
        exportable.set(false);
        message.set("Measuring " + chosen.label() + "…");
        busy.set(true);
        stopPreview();
        int mine = generation;
        executor.execute(BackgroundTask.of("Measuring " + chosen.label(), progress -> ModelFacts.measure(chosen.artifact(), chosen.name(), chosen.version(),
                chosen.sha256())).onSuccess(measured -> {
                    if (mine == generation || source.get() == chosen) {
                        facts = measured;
                        if (name.get().isBlank()) {
                            name.set(measured.chartName());
                        }
                        preview();
                    }
                }).onFailure(error -> {
                    busy.set(false);
                    message.set(error.getMessage());
                }));
    }

    /**
     * The form changed: it is checked at once, and the bundle shown no longer matches it, so it cannot be exported until the
     * next preview (before, Export stayed enabled between a keystroke and the preview, for the bundle of the form as it was).
     */
    public void edited() {
        exportable.set(false);
        options();
    }

    /** The options the form says, or empty with {@link #problems()} naming each field that cannot be read or used. */
    public Optional<BundleOptions> options() {
        var found = new ArrayList<BundleOptions.Problem>();
        Integer replicasValue = whole("replicas", replicas.get(), found);
        Integer min = whole("autoscaling.minReplicas", minReplicas.get(), found);
        Integer max = whole("autoscaling.maxReplicas", maxReplicas.get(), found);
        Integer gpus = whole("gpu.count", gpuCount.get(), found);
        Double p99 = number("alerts.p99LatencyMs", p99Ms.get(), found);
        Double errors = number("alerts.errorRatePercent", errorPercent.get(), found);
        Double psi = number("alerts.driftPsi", driftPsi.get(), found);
        Double rps = number("serving.expectedRequestsPerSecond", expectedRps.get(), found);
        Integer grpcPortValue = whole("grpc.port", grpcPort.get(), found);
        Integer lag = whole("stream.lagThreshold", streamLagThreshold.get(), found);
        Integer streamMin = whole("stream.minReplicas", streamMinReplicas.get(), found);
        Integer streamMax = whole("stream.maxReplicas", streamMaxReplicas.get(), found);
        if (!found.isEmpty()) {
            problems.setAll(found);
            return Optional.empty();
        }
        var options = new BundleOptions(name.get(), namespace.get(), new BundleOptions.Image(imageRepository.get(), imageTag.get()), replicasValue,
                new BundleOptions.Autoscaling(autoscaling.get(), min, max, null, null, null), new BundleOptions.Gpu(gpu.get(), gpus, null),
                new BundleOptions.Spot(spot.get()), new BundleOptions.Cloud(cloud.get(), null, null, null, null),
                new BundleOptions.Rollout(strategy.get(), null, null, null, null, baselineTag.get(), null, null, null, null),
                new BundleOptions.Ingress(ingress.get(), ingressHost.get(), tlsSecret.get(), null), new BundleOptions.Alerts(p99, errors, psi, null),
                new BundleOptions.Serving(null, null, null, null, rps), null, null, null, null,
                new BundleOptions.Stream(stream.get(), streamBootstrap.get(), streamIn.get(), streamOut.get(), streamDlq.get(), streamGroup.get(), lag,
                        streamMin, streamMax),
                new BundleOptions.Grpc(grpc.get(), grpcPortValue), new BundleOptions.Features(featuresOnline.get(), featuresSecret.get()));
        // what the model needs too, once it is measured (a model trained through a features node needs its online store)
        var measured = facts;
        problems.setAll(measured == null ? options.problems() : options.problems(measured.manifest()));
        return problems.isEmpty() ? Optional.of(options) : Optional.empty();
    }

    private static Integer whole(String field, String text, List<BundleOptions.Problem> problems) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            problems.add(new BundleOptions.Problem(field, "must be a whole number, not '" + text.strip() + "'"));
            return null;
        }
    }

    private static Double number(String field, String text, List<BundleOptions.Problem> problems) {
        try {
            return Double.valueOf(text.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            problems.add(new BundleOptions.Problem(field, "must be a number, not '" + text.strip() + "'"));
            return null;
        }
    }

    /**
     * Drafts and validates the bundle with the form as it is, in the background; a newer change cancels
     * an older preview. The view calls it a moment after the last keystroke.
     */
    public void preview() {
        exportable.set(false);
        var chosen = options();
        if (facts == null) {
            return;
        }
        if (chosen.isEmpty()) {
            // a preview still in flight is for a form that is no longer there: it must not enable Export when it ends
            stopPreview();
            message.set("Fix the options marked in the form: " + problems.get(0));
            busy.set(false);
            return;
        }
        var measured = facts;
        var options = chosen.get();
        var asked = new Previewed(measured, options);
        if (asked.sameAs(inFlight)) {
            return; // the preview running is of this very bundle: its end shows it
        }
        if (inFlight == null && asked.sameAs(shown) && validated != null) {
            show(validated); // the form came back to the bundle shown (the name filled in after measuring, an edit undone)
            return;
        }
        stopPreview();
        int mine = generation;
        inFlight = asked;
        busy.set(true);
        message.set("Validating the bundle…");
        running = executor.execute(BackgroundTask.of("Validating the " + measured.chartName() + " bundle", progress -> {
            var draft = Exporter.draft(measured, options, Exporter.runningJar());
            return Exporter.validate(draft, tools, progress::isCancelled);
        }).quiet().onSuccess(result -> {
            if (mine != generation) {
                return;
            }
            inFlight = null;
            busy.set(false);
            validated = result;
            shown = asked;
            root.set(result.bundle().root());
            files.setAll(result.bundle().entries());
            checks.setAll(result.validation().checks());
            cost.bundle(result.bundle());
            show(result);
        }).onFailure(error -> {
            if (mine == generation) {
                inFlight = null;
                busy.set(false);
                message.set(error.getMessage());
            }
        }));
    }

    /** Cancels the preview in flight, if any; whatever it still delivers is dropped. */
    private void stopPreview() {
        if (running != null) {
            running.cancel();
            running = null;
        }
        generation++;
        inFlight = null;
    }

    /** Export's state and the message for a validated bundle. */
    private void show(Exporter.Result result) {
        exportable.set(result.validation().passed());
        long failed = result.validation().checks().stream().filter(check -> check.status() == Validation.Status.FAILED).count();
        message.set(failed == 0 ? result.bundle().entries().size() + " files, every validator passed or was skipped: ready to export"
                : failed + " validator" + (failed > 1 ? "s" : "") + " failed: " + result.validation().problems().get(0));
    }

    /** The model and options a preview drafts the bundle of. */
    private record Previewed(ModelFacts facts, BundleOptions options) {
        boolean sameAs(Previewed other) {
            return other != null && facts == other.facts && options.equals(other.options);
        }
    }

    /** Writes the validated bundle into {@code folder} (a folder, or a zip), in the background. */
    public void export(Path folder, boolean zip) {
        var result = validated;
        if (result == null || !exportable.get()) {
            return;
        }
        busy.set(true);
        executor.execute(BackgroundTask.of("Exporting " + result.bundle().root() + (zip ? ".zip" : ""), progress -> Exporter.write(result, folder, zip).written())
                .onSuccess(path -> {
                    busy.set(false);
                    written.set(path);
                    message.set("Exported to " + path);
                    notifications.info("Exported the deployment bundle to " + path);
                }).onFailure(error -> {
                    busy.set(false);
                    message.set(error.getMessage());
                }));
    }

    static String describe(Validation.Check check) {
        String mark = switch (check.status()) {
            case PASSED -> "✓";
            case FAILED -> "✗";
            case SKIPPED -> "–";
        };
        return mark + " " + check.name() + " — " + check.status().name().toLowerCase(Locale.ROOT) + ": " + check.summary()
                + (check.problems().isEmpty() ? "" : "\n    " + String.join("\n    ", check.problems().stream().limit(5).toList()));
    }
}
