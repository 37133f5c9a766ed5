package io.pipewright.ui.deploy;

import io.pipewright.export.Bundle;
import io.pipewright.export.BundleOptions;
import io.pipewright.export.Validation;
import io.pipewright.ui.common.DialogService;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Deploy workspace: a model version and the export options on the left (each field checked as it
 * is typed), the bundle's file tree and the chosen file's content in the middle, what each validator
 * said and what the bundle costs below (two tabs), and Export, Export as zip and Open folder.
 */
public final class DeployView extends BorderPane {
    private final DeployViewModel model;
    private final Map<String, Node> fields = new HashMap<>();
    private final PauseTransition settle = new PauseTransition(Duration.millis(400));
    private final TreeView<String> tree = new TreeView<>();
    private final ScrollPane content = new ScrollPane();
    private final Map<TreeItem<String>, Bundle.Entry> entries = new HashMap<>();

    public DeployView(DeployViewModel model, DialogService dialogs, Consumer<Path> openFolder) {
        this.model = model;
        getStyleClass().add("deploy-workspace");
        setId("deploy-workspace");
        settle.setOnFinished(event -> model.preview());

        var source = new ComboBox<>(model.sources());
        source.setId("deploy-source");
        source.setPromptText("A registered model version");
        source.setMaxWidth(Double.MAX_VALUE);
        model.sourceProperty().addListener((o, old, chosen) -> source.getSelectionModel().select(chosen));
        source.setOnAction(event -> model.select(source.getValue()));
        var artifact = new Button("Artifact…");
        artifact.setId("deploy-artifact");
        artifact.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the model list gives way, not the button
        artifact.setTooltip(new javafx.scene.control.Tooltip("Export a model artifact (.pwmodel) that is not registered"));
        artifact.setOnAction(event -> dialogs.chooseFileToOpen("Export a model artifact", "pwmodel").ifPresent(model::addArtifact));
        // the button beside the heading, so that the version's name ("credit-risk:3 (challenger)") has the whole width
        var gap = new javafx.scene.layout.Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        var sourceHeading = new HBox(6, new Label("Model"), gap, artifact);
        sourceHeading.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        var form = new VBox(6,
                section("Release", grid(
                        text("Name", "name", model.nameProperty(), "lower case", "The chart's and the release's name, in lower case"),
                        text("Namespace", "namespace", model.namespaceProperty(), null),
                        text("Image repository", "image.repository", model.imageRepositoryProperty(), "the name", "Blank: the name (a local image)"),
                        text("Image tag", "image.tag", model.imageTagProperty(), "version-SHA", "Blank: the version and its SHA-256, never latest"))),
                section("Replicas and rollout", grid(
                        text("Replicas", "replicas", model.replicasProperty(), null),
                        choice("Autoscaling", "autoscaling.mode", model.autoscalingProperty(), BundleOptions.AUTOSCALING_MODES),
                        text("Min replicas", "autoscaling.minReplicas", model.minReplicasProperty(), null),
                        text("Max replicas", "autoscaling.maxReplicas", model.maxReplicasProperty(), null),
                        choice("Strategy", "rollout.strategy", model.strategyProperty(), BundleOptions.STRATEGIES),
                        text("Baseline tag", "rollout.baselineTag", model.baselineTagProperty(), "tag serving now",
                                "Shadow and A/B: the tag of the image serving now"),
                        text("Requests/s", "serving.expectedRequestsPerSecond", model.expectedRpsProperty(), "e.g. 50", "Expected requests per second: sizes the CPU requests"))),
                section("Nodes", grid(
                        check("GPU", "gpu.enabled", model.gpuProperty()),
                        text("GPUs per pod", "gpu.count", model.gpuCountProperty(), null),
                        check("Spot nodes", "spot.enabled", model.spotProperty()),
                        choice("Cloud", "cloud.provider", model.cloudProperty(), BundleOptions.CLOUDS))),
                section("Ingress", grid(
                        check("Ingress", "ingress.enabled", model.ingressProperty()),
                        text("Host", "ingress.host", model.ingressHostProperty(), "model.example.com", "The host name the ingress answers"),
                        text("TLS secret", "ingress.tlsSecret", model.tlsSecretProperty(), null))),
                section("Alerts", grid(
                        text("p99 latency (ms)", "alerts.p99LatencyMs", model.p99MsProperty(), null),
                        text("Error rate (%)", "alerts.errorRatePercent", model.errorPercentProperty(), null),
                        text("Drift PSI", "alerts.driftPsi", model.driftPsiProperty(), null))),
                section("gRPC", grid(
                        check("gRPC port", "grpc.enabled", model.grpcProperty(),
                                "The server also answers the Open Inference Protocol over gRPC (serve --grpc-port)"),
                        enabledBy(model.grpcProperty(), text("Port", "grpc.port", model.grpcPortProperty(), "8081",
                                "The gRPC port: the container's, and the Service's port named grpc (appProtocol: grpc)")))),
                section("Streaming (Kafka)", grid(
                        check("Streaming", "stream.enabled", model.streamProperty(),
                                "Also run pipewright stream from a Kafka topic to another, scaled by KEDA on the consumer lag"),
                        enabledBy(model.streamProperty(), text("Bootstrap", "stream.bootstrap", model.streamBootstrapProperty(), "kafka:9092",
                                "The Kafka brokers to start from, HOST:PORT (several separated by ',')")),
                        enabledBy(model.streamProperty(), text("Input topic", "stream.in", model.streamInProperty(), "records in")),
                        enabledBy(model.streamProperty(), text("Output topic", "stream.out", model.streamOutProperty(), "predictions")),
                        enabledBy(model.streamProperty(), text("DLQ topic", "stream.dlq", model.streamDlqProperty(), "optional",
                                "Records that are not JSON or fail the schema go here, with the reason as a header; blank: logged and counted")),
                        enabledBy(model.streamProperty(), text("Group", "stream.group", model.streamGroupProperty(), "pipewright-NAME",
                                "The consumer group; blank: pipewright- and the model's name")),
                        enabledBy(model.streamProperty(), text("Lag/replica", "stream.lagThreshold", model.streamLagThresholdProperty(), "500",
                                "KEDA adds a replica for each this many records not yet scored")),
                        enabledBy(model.streamProperty(), text("Min replicas", "stream.minReplicas", model.streamMinReplicasProperty(), null,
                                "0 lets KEDA stop the scorer while the topic is idle")),
                        enabledBy(model.streamProperty(), text("Max replicas", "stream.maxReplicas", model.streamMaxReplicasProperty(), null,
                                "At most the input topic's partitions: more would sit idle")))),
                section("Features by entity key", grid(
                        text("Online store", "features.online", model.featuresOnlineProperty(), "jdbc:postgresql://…",
                                "A model trained through a features node reads its features from this PostgreSQL store by each request's entity key "
                                + "(pipewright features materialize fills it); blank for any other model"),
                        text("Login Secret", "features.credentialsSecret", model.featuresSecretProperty(), "optional",
                                "The Kubernetes Secret with the store's user and password (keys user and password); blank: the URL needs no login"))));
        form.getStyleClass().add("deploy-form");
        var problems = new Label();
        problems.setId("deploy-problems");
        problems.getStyleClass().add("deploy-problem");
        problems.setWrapText(true);
        model.problems().addListener((ListChangeListener<BundleOptions.Problem>) change -> showProblems(problems));
        decorateProblems();
        var left = new VBox(8, sourceHeading, source, problems, form);
        left.setPadding(new Insets(12));
        var leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setMinWidth(340);
        leftScroll.setPrefWidth(390);

        tree.setId("deploy-files");
        tree.setShowRoot(true);
        tree.getSelectionModel().selectedItemProperty().addListener((o, old, item) -> showFile(item));
        content.setId("deploy-content");
        content.setFitToWidth(true);
        var placeholder = new Label("The bundle's files appear here once a model is chosen.");
        content.setContent(placeholder);
        model.files().addListener((ListChangeListener<Bundle.Entry>) change -> showTree());
        var preview = new SplitPane(tree, content);
        preview.setDividerPositions(0.25);

        var validation = new ListView<>(model.checks());
        validation.setId("deploy-validation");
        validation.setPlaceholder(new Label("Validation results appear here."));
        validation.setPrefHeight(170);
        validation.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Validation.Check check, boolean empty) {
                super.updateItem(check, empty);
                setText(empty || check == null ? null : DeployViewModel.describe(check));
                getStyleClass().removeAll("check-failed", "check-skipped");
                if (!empty && check != null && check.status() != Validation.Status.PASSED) {
                    getStyleClass().add(check.status() == Validation.Status.FAILED ? "check-failed" : "check-skipped");
                }
            }
        });

        var export = new Button("Export…");
        export.setId("deploy-export");
        export.getStyleClass().add("accent");
        export.disableProperty().bind(model.exportableProperty().not().or(model.busyProperty()));
        export.setOnAction(event -> dialogs.chooseFolder("Export the bundle into").ifPresent(folder -> model.export(folder, false)));
        var zip = new Button("Export as zip…");
        zip.setId("deploy-zip");
        zip.disableProperty().bind(export.disableProperty());
        zip.setOnAction(event -> dialogs.chooseFolder("Write the bundle's zip into").ifPresent(folder -> model.export(folder, true)));
        var open = new Button("Open folder");
        open.setId("deploy-open-folder");
        open.disableProperty().bind(model.writtenProperty().isNull());
        open.setOnAction(event -> {
            Path written = model.writtenProperty().get();
            openFolder.accept(written.toString().endsWith(".zip") ? written.getParent() : written);
        });
        var spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.busyProperty());
        var message = new Label();
        message.setId("deploy-message");
        message.textProperty().bind(model.messageProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        var actions = new HBox(8, spinner, message, export, zip, open);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(8, 12, 8, 12));

        // below the files: what the validators said, and what the bundle costs (its title says the monthly figure)
        var validationTab = new javafx.scene.control.Tab("Validation", validation);
        validationTab.setId("deploy-validation-tab");
        validationTab.setClosable(false);
        var costScroll = new ScrollPane(new DeployCostView(model.cost()));
        costScroll.setFitToWidth(true);
        var costTab = new javafx.scene.control.Tab("Cost", costScroll);
        costTab.setId("deploy-cost-tab");
        costTab.setClosable(false);
        costTab.textProperty().bind(model.cost().headlineProperty());
        var details = new javafx.scene.control.TabPane(validationTab, costTab);
        details.setId("deploy-details");
        var center = new SplitPane(preview, details);
        center.setOrientation(javafx.geometry.Orientation.VERTICAL);
        center.setDividerPositions(0.72);
        var main = new SplitPane(leftScroll, center);
        main.setDividerPositions(0.3);
        setCenter(main);
        setBottom(actions);
    }

    private static TitledPane section(String title, Node body) {
        var pane = new TitledPane(title, body);
        pane.setCollapsible(true);
        return pane;
    }

    private record Row(String label, Node field) {
    }

    private static GridPane grid(Row... rows) {
        var grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        for (int i = 0; i < rows.length; i++) {
            var label = new Label(rows[i].label());
            label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            grid.add(label, 0, i);
            grid.add(rows[i].field(), 1, i);
            GridPane.setHgrow(rows[i].field(), Priority.ALWAYS);
        }
        return grid;
    }

    private Row text(String label, String field, StringProperty property, String prompt) {
        return text(label, field, property, prompt, null);
    }

    /** A text field whose short prompt fits it; {@code hint} (may be null) says more in a tooltip. */
    private Row text(String label, String field, StringProperty property, String prompt, String hint) {
        var text = new TextField();
        text.setId("deploy-field-" + field);
        text.textProperty().bindBidirectional(property);
        if (prompt != null) {
            text.setPromptText(prompt);
        }
        if (hint != null) {
            text.setTooltip(new javafx.scene.control.Tooltip(hint));
        }
        text.textProperty().addListener((o, old, value) -> changed());
        fields.put(field, text);
        return new Row(label, text);
    }

    private Row choice(String label, String field, StringProperty property, List<String> values) {
        var box = new ChoiceBox<String>();
        box.getItems().setAll(values);
        box.setId("deploy-field-" + field);
        box.valueProperty().bindBidirectional(property);
        box.valueProperty().addListener((o, old, value) -> changed());
        fields.put(field, box);
        return new Row(label, box);
    }

    /** A row whose field only means something when {@code enabled} is on (its check box above). */
    private static Row enabledBy(BooleanProperty enabled, Row row) {
        row.field().disableProperty().bind(enabled.not());
        return row;
    }

    private Row check(String label, String field, BooleanProperty property, String hint) {
        Row row = check(label, field, property);
        ((CheckBox) row.field()).setTooltip(new javafx.scene.control.Tooltip(hint));
        return row;
    }

    private Row check(String label, String field, BooleanProperty property) {
        var box = new CheckBox();
        box.setId("deploy-field-" + field);
        box.selectedProperty().bindBidirectional(property);
        box.selectedProperty().addListener((o, old, value) -> changed());
        fields.put(field, box);
        return new Row(label, box);
    }

    /** A change checks the form at once and validates the bundle a moment after the last one. */
    private void changed() {
        model.edited();
        settle.playFromStart();
    }

    private void showProblems(Label label) {
        fields.values().forEach(node -> node.getStyleClass().remove("invalid"));
        var lines = new StringBuilder();
        for (BundleOptions.Problem problem : model.problems()) {
            Node node = fields.get(problem.field());
            if (node != null && !node.getStyleClass().contains("invalid")) {
                node.getStyleClass().add("invalid");
            }
            lines.append(lines.isEmpty() ? "" : "\n").append(problem);
        }
        label.setText(lines.toString());
        label.setVisible(!model.problems().isEmpty());
        label.setManaged(!model.problems().isEmpty());
    }

    /** Each field the view model finds a problem in is decorated with it (its reason as the tooltip); the view model is the only judge. */
    private void decorateProblems() {
        var decorations = new io.pipewright.ui.common.FieldValidation();
        fields.forEach((field, node) -> {
            if (node instanceof javafx.scene.control.Control control) {
                decorations.check(control, () -> problemOf(field));
            }
        });
        model.problems().addListener((ListChangeListener<BundleOptions.Problem>) change -> decorations.revalidate());
    }

    /** What the view model says is wrong with a field (its problems, one per line), or null. */
    private String problemOf(String field) {
        var messages = model.problems().stream().filter(problem -> problem.field().equals(field)).map(BundleOptions.Problem::message).toList();
        return messages.isEmpty() ? null : String.join("\n", messages);
    }

    /** The files as a folder tree; the selection stays on the same path when the bundle is drafted again. */
    private void showTree() {
        String selected = pathOf(tree.getSelectionModel().getSelectedItem());
        entries.clear();
        var root = new TreeItem<>(model.rootProperty().get().isEmpty() ? "bundle" : model.rootProperty().get() + "/");
        root.setExpanded(true);
        Map<String, TreeItem<String>> folders = new HashMap<>();
        TreeItem<String> select = null;
        TreeItem<String> readme = null;
        for (Bundle.Entry entry : model.files()) {
            String[] parts = entry.path().split("/");
            TreeItem<String> parent = root;
            var folder = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                folder.append(parts[i]).append('/');
                TreeItem<String> current = parent;
                String name = parts[i];
                parent = folders.computeIfAbsent(folder.toString(), key -> {
                    var item = new TreeItem<>(name + "/");
                    current.getChildren().add(item);
                    return item;
                });
            }
            var leaf = new TreeItem<>(parts[parts.length - 1]);
            parent.getChildren().add(leaf);
            entries.put(leaf, entry);
            if (entry.path().equals(selected)) {
                select = leaf;
            }
            if (entry.path().equals("README.md")) {
                readme = leaf;
            }
        }
        folders.entrySet().stream().filter(entry -> entry.getKey().split("/").length <= 1).forEach(entry -> entry.getValue().setExpanded(true));
        tree.setRoot(root);
        var chosen = select != null ? select : readme;
        if (chosen != null) {
            tree.getSelectionModel().select(chosen);
        } else {
            showFile(null);
        }
    }

    private String pathOf(TreeItem<String> item) {
        Bundle.Entry entry = item == null ? null : entries.get(item);
        return entry == null ? null : entry.path();
    }

    private void showFile(TreeItem<String> item) {
        Bundle.Entry entry = item == null ? null : entries.get(item);
        if (entry == null) {
            content.setContent(new Label(item == null ? "Choose a file to see it." : "A folder: choose a file in it."));
            return;
        }
        if (!entry.text()) {
            content.setContent(new Label(entry.path() + ": " + io.pipewright.work.ByteSizes.human(entry.size()) + ", copied into the bundle as it is"));
            return;
        }
        content.setContent(CodeView.of(entry.path(), entry.content()));
        content.setVvalue(0);
    }
}
