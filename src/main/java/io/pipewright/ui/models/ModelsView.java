package io.pipewright.ui.models;

import atlantafx.base.theme.Styles;
import io.pipewright.pipeline.gate.GateEvidence;
import io.pipewright.pipeline.gate.GateResult;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.RunPages;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Models workspace: registered models on the left; the chosen model's versions with their
 * source run, metrics and aliases; promote (past the promotion gates, or forced when they refuse) and roll back
 * in one click; the history of every alias move (who, what, when, what the gates said, and the selected move's
 * numbers); and the selected version's lineage back to the data it was trained on, each
 * in a tab below the versions.
 */
public final class ModelsView extends BorderPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final ModelsViewModel model;
    private final TableView<ModelRegistry.Version> versions = new TableView<>();
    private final VBox lineage = new VBox(6);
    private final VBox evidence = new VBox(4);
    private final TabPane details = new TabPane();
    /** The version last selected, selected again when the versions are read again. */
    private ModelRegistry.Version kept;

    /**
     * @param askAlias asks for an alias name, offering the one given; empty when cancelled
     * @param openRun opens a run's detail in the Experiments workspace
     * @param exportVersion opens the Deploy workspace on a version
     */
    public ModelsView(ModelsViewModel model, Function<String, Optional<String>> askAlias, Consumer<String> openRun,
                      Consumer<ModelRegistry.Version> exportVersion) {
        this.model = model;
        setId("models-view");

        var title = new Label("Registered models");
        title.getStyleClass().addAll(Styles.TITLE_4, io.pipewright.ui.common.Styles.SECTION_TITLE);
        var list = new ListView<String>(model.models());
        list.setId("model-list");
        list.getSelectionModel().selectedItemProperty().addListener((o, old, name) -> {
            if (name != null && !name.equals(model.modelProperty().get())) {
                model.select(name);
            }
        });
        model.modelProperty().addListener((o, old, name) -> list.getSelectionModel().select(name));
        // setAll clears the list's selection even when the chosen model is still there
        model.models().addListener((javafx.collections.ListChangeListener<String>) change -> list.getSelectionModel().select(model.modelProperty().get()));
        VBox.setVgrow(list, Priority.ALWAYS);
        var left = new VBox(8, title, list);
        left.setPadding(new Insets(12));
        left.setMinWidth(180);

        var message = new Label();
        message.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        message.setId("models-message");
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        versions.setId("version-table");
        versions.setItems(model.versions());
        versions.setPlaceholder(new Label("No versions."));
        versions.getColumns().setAll(List.of(
                column("Version", 80, v -> String.valueOf(v.version())),
                column("Aliases", 170, v -> String.join(", ", v.aliases())),
                column("Created", 165, v -> WHEN.format(v.createdAt())),
                column("Run", 190, v -> v.runKey() == null ? "" : v.runKey()),
                column("Metrics", 420, v -> metrics(v.metricsJson())),
                column("SHA-256", 120, v -> v.sha256().substring(0, 12) + "…")));
        // each column as wide as its header and values; the metrics take what is left, whole in a tooltip when cut
        io.pipewright.ui.common.FittedColumns.install(versions, versions.getColumns().get(4), 640);
        versions.getSelectionModel().selectedItemProperty().addListener((o, old, version) -> {
            if (version != null) {
                kept = version;
            }
            model.showLineage(version);
        });
        // an action (promote, alias, rollback) reads the versions again: the version that was selected stays selected
        model.versions().addListener((javafx.collections.ListChangeListener<ModelRegistry.Version>) change -> {
            ModelRegistry.Version before = kept;
            if (before != null && versions.getSelectionModel().getSelectedItem() == null) {
                model.versions().stream().filter(v -> v.name().equals(before.name()) && v.version() == before.version()).findFirst()
                        .ifPresent(v -> versions.getSelectionModel().select(v));
            }
        });

        var champion = new Button("Make champion");
        champion.setId("champion-button");
        champion.getStyleClass().add(Styles.ACCENT);
        champion.disableProperty().bind(versions.getSelectionModel().selectedItemProperty().isNull());
        champion.setOnAction(event -> model.promote(versions.getSelectionModel().getSelectedItem(), "champion"));
        var rollbackChampion = new Button("Roll back champion");
        rollbackChampion.setId("rollback-champion-button");
        // offered once the champion has an earlier version to go back to
        rollbackChampion.disableProperty().bind(model.championRollbackProperty().isNull());
        model.championRollbackProperty().addListener((o, old, to) -> rollbackChampion.setTooltip(to == null ? null
                : new javafx.scene.control.Tooltip("Point champion back at version " + to)));
        rollbackChampion.setOnAction(event -> model.rollback(model.modelProperty().get(), "champion"));
        var promote = new Button("Set alias…");
        promote.setId("promote-button");
        promote.disableProperty().bind(versions.getSelectionModel().selectedItemProperty().isNull());
        promote.setOnAction(event -> {
            var version = versions.getSelectionModel().getSelectedItem();
            askAlias.apply("challenger").ifPresent(alias -> model.promote(version, alias));
        });
        var rollback = new Button("Roll back alias…");
        rollback.setId("rollback-button");
        rollback.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.events()));
        rollback.setOnAction(event -> askAlias.apply("challenger").ifPresent(alias -> model.rollback(model.modelProperty().get(), alias)));
        var openRunButton = new Button("Open source run");
        openRunButton.disableProperty().bind(versions.getSelectionModel().selectedItemProperty().isNull());
        openRunButton.setOnAction(event -> {
            var version = versions.getSelectionModel().getSelectedItem();
            if (version != null && version.runKey() != null) {
                openRun.accept(version.runKey());
            }
        });
        var exportButton = new Button("Export bundle…");
        exportButton.setId("export-bundle-button");
        exportButton.disableProperty().bind(versions.getSelectionModel().selectedItemProperty().isNull());
        exportButton.setOnAction(event -> {
            var version = versions.getSelectionModel().getSelectedItem();
            if (version != null) {
                exportVersion.accept(version);
            }
        });
        var actions = new HBox(8, champion, rollbackChampion, promote, rollback, openRunButton, exportButton);
        actions.setAlignment(Pos.CENTER_LEFT);

        // a promotion the gates refused: what failed, and the choice to promote anyway (recorded as forced)
        var refusalText = new Label();
        refusalText.setId("gate-refusal-text");
        refusalText.setWrapText(true);
        refusalText.setMinWidth(0);
        HBox.setHgrow(refusalText, Priority.ALWAYS);
        var force = new Button("Promote anyway");
        force.setId("promote-anyway-button");
        force.getStyleClass().add(Styles.DANGER);
        force.setOnAction(event -> model.promoteAnyway());
        var dismiss = new Button("Keep as is");
        dismiss.setId("dismiss-refusal-button");
        dismiss.setOnAction(event -> model.dismissRefusal());
        var refusal = new HBox(8, refusalText, force, dismiss);
        refusal.setId("gate-refusal");
        refusal.setAlignment(Pos.CENTER_LEFT);
        refusal.setPadding(new Insets(6, 8, 6, 8));
        refusal.getStyleClass().add("gate-refusal");
        refusal.setStyle("-fx-background-color: -color-danger-subtle; -fx-background-radius: 4;");
        refusal.visibleProperty().bind(model.refusalProperty().isNotNull());
        refusal.managedProperty().bind(refusal.visibleProperty());
        model.refusalProperty().addListener((o, old, refused) -> {
            if (refused != null) {
                refusalText.setText(refused.text());
                force.setTooltip(new javafx.scene.control.Tooltip("Point " + refused.alias() + " at " + refused.evidence().candidate()
                        + " although a gate failed: recorded as forced, with the gates' numbers"));
                selectDetails("alias-history-tab");
            }
        });

        var events = new TableView<ModelRegistry.AliasEvent>(model.events());
        events.setId("alias-history");
        events.setPlaceholder(new Label("No alias has been set yet."));
        events.getColumns().setAll(List.of(
                eventColumn("When", 165, e -> WHEN.format(e.at())),
                eventColumn("Alias", 100, ModelRegistry.AliasEvent::alias),
                eventColumn("Action", 80, ModelRegistry.AliasEvent::action),
                eventColumn("From", 60, e -> e.fromVersion() == null ? "–" : String.valueOf(e.fromVersion())),
                eventColumn("To", 60, e -> String.valueOf(e.toVersion())),
                eventColumn("Gates", 190, e -> gates(e, model.evidence(e))),
                eventColumn("Who", 200, ModelRegistry.AliasEvent::actor)));
        io.pipewright.ui.common.FittedColumns.install(events, events.getColumns().get(6), 320);
        // the selected move's evidence: every gate's verdict and numbers, beside the history
        evidence.setId("alias-evidence");
        evidence.setPadding(new Insets(8));
        events.getSelectionModel().selectedItemProperty().addListener((o, old, event) -> showEvidence(event));
        showEvidence(null);
        var evidenceScroll = new javafx.scene.control.ScrollPane(evidence);
        evidenceScroll.setFitToWidth(true);
        var history = new SplitPane(events, evidenceScroll);
        history.setDividerPositions(0.58);

        lineage.setId("lineage");
        model.lineageProperty().addListener((o, old, value) -> showLineage(value));
        showLineage(null);

        // below the versions, one tab per question about the chosen model
        details.setId("model-details");
        details.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        var lineageScroll = new javafx.scene.control.ScrollPane(lineage);
        lineageScroll.setFitToWidth(true);
        lineage.setPadding(new Insets(8));
        details.getTabs().setAll(tab("lineage-tab", "Lineage", lineageScroll), tab("alias-history-tab", "Alias history", history));
        details.getTabs().add(tab("ab-tab", "A/B test", new AbTestPane(model.abTest())));
        details.getTabs().add(tab("health-tab", "Health", new HealthPane(model.health(), versions.getSelectionModel().selectedItemProperty(), model.versions())));
        details.setMinHeight(160);
        versions.setMinHeight(90);
        // the versions above, the details tabs below, the divider where a person wants it (the tabs get the larger share)
        var stacked = new SplitPane(versions, details);
        stacked.setId("models-stack");
        stacked.setOrientation(javafx.geometry.Orientation.VERTICAL);
        stacked.setDividerPositions(0.36);
        VBox.setVgrow(stacked, Priority.ALWAYS);
        var right = new VBox(8, message, actions, refusal, stacked);
        right.setPadding(new Insets(12));

        var split = new SplitPane(left, right);
        split.setDividerPositions(0.18);
        SplitPane.setResizableWithParent(left, false);
        setCenter(split);
    }

    /** A details tab; {@code id} is the tab's id, for tests and for {@link #selectDetails}. */
    static Tab tab(String id, String title, javafx.scene.Node content) {
        var tab = new Tab(title, content);
        tab.setId(id);
        return tab;
    }

    /** Shows the details tab with this id. */
    public void selectDetails(String id) {
        details.getTabs().stream().filter(tab -> id.equals(tab.getId())).findFirst().ifPresent(tab -> details.getSelectionModel().select(tab));
    }

    private void showLineage(ModelsViewModel.Lineage value) {
        if (value == null) {
            var hint = new Label("Select a version to see the run, pipeline and data it came from.");
            hint.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            lineage.getChildren().setAll(hint);
            return;
        }
        var version = value.version();
        lineage.getChildren().setAll(line("Model", version.name() + ":" + version.version() + "  (" + version.artifactPath() + ")"));
        RunPages.RunDetail run = value.run();
        if (run == null) {
            lineage.getChildren().add(line("Run", version.runKey() == null ? "registered without a run" : version.runKey() + " (no longer in the store)"));
            return;
        }
        lineage.getChildren().add(line("Run", run.run().key() + " of " + run.run().experiment() + ", " + run.run().status()
                + ", started " + WHEN.format(run.run().startedAt())));
        lineage.getChildren().add(line("Pipeline", run.run().pipelineSha256() == null ? "not recorded" : "SHA-256 " + run.run().pipelineSha256()));
        if (run.datasets().isEmpty()) {
            lineage.getChildren().add(line("Data", "no dataset recorded"));
        }
        for (RunPages.DatasetUse dataset : run.datasets()) {
            String where = dataset.path() == null ? "" : dataset.path() + ", ";
            String rows = dataset.rows() == null ? "" : String.format(Locale.ROOT, "%,d rows, ", dataset.rows());
            var line = line("Data (" + dataset.nodeId() + ")", where + rows + "fingerprint " + dataset.sha256().substring(0, 16) + "…");
            javafx.scene.control.Tooltip.install(line, new javafx.scene.control.Tooltip("SHA-256 " + dataset.sha256()));
            lineage.getChildren().add(line);
        }
    }

    /** The Gates column: what the gates said about a move ({@code read}: its evidence, read with the history), or that none judged it. */
    static String gates(ModelRegistry.AliasEvent event, GateEvidence read) {
        if (event.evidence() == null) {
            return event.action().equals("rollback") ? "ungated (rollback)" : "ungated";
        }
        if (read == null) {
            return "evidence unreadable";
        }
        String failed = read.gates().stream().filter(GateResult::failed).map(GateResult::name).collect(java.util.stream.Collectors.joining(", "));
        if (!event.moved()) {
            return "refused: " + failed;
        }
        return event.forced() ? "forced past " + failed : "passed";
    }

    private void showEvidence(ModelRegistry.AliasEvent event) {
        if (event == null || event.evidence() == null) {
            var hint = new Label(event == null ? "Select a move to see the gates' numbers." : "No gate judged this move ("
                    + event.action() + ": " + (event.action().equals("rollback") ? "back to a version that held the alias" : "the ungated low-level move")
                    + ").");
            hint.setWrapText(true);
            hint.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            evidence.getChildren().setAll(hint);
            return;
        }
        GateEvidence read = model.evidence(event);
        if (read == null) {
            evidence.getChildren().setAll(new Label("The evidence of this move cannot be read."));
            return;
        }
        String verdict = !event.moved() ? "Refused: " + event.alias() + " stayed on " + (event.fromVersion() == null ? "no version" : "version " + event.fromVersion())
                : event.forced() ? "Forced past a failed gate" : "Every gate passed";
        var title = new Label(verdict + " — " + read.candidate() + (read.holder() == null ? "" : " against " + read.holder()));
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.setWrapText(true);
        evidence.getChildren().setAll(title, line("Judged on", read.metric() + ", " + (read.holdout() == null ? "no holdout"
                : String.format(Locale.ROOT, "%,d rows: %s", read.rows(), read.holdout()))));
        for (GateResult gate : read.gates()) {
            var row = line(gate.name() + " · " + gate.status().name().toLowerCase(Locale.ROOT), gate.message().replaceFirst("^gate \\S+ (passed|failed|skipped): ", ""));
            row.getStyleClass().add("gate-" + gate.status().name().toLowerCase(Locale.ROOT));
            row.setId("gate-" + gate.name());
            evidence.getChildren().add(row);
        }
    }

    private static HBox line(String what, String text) {
        var key = new Label(what);
        key.getStyleClass().add(Styles.TEXT_BOLD);
        key.setMinWidth(120);
        var value = new Label(text);
        value.setWrapText(true);
        value.setMinWidth(0);
        HBox.setHgrow(value, Priority.ALWAYS);
        var box = new HBox(8, key, value);
        box.getStyleClass().add("lineage-line");
        return box;
    }

    /** The version's metrics as {@code name value} pairs, from its JSON. */
    static String metrics(String json) {
        if (json == null || json.isBlank()) {
            return "";
        }
        try {
            var node = JSON.readTree(json);
            var text = new StringBuilder();
            node.fields().forEachRemaining(entry -> {
                if (entry.getValue().isNumber()) {
                    text.append(text.length() == 0 ? "" : "  ").append(entry.getKey()).append(' ')
                            .append(io.pipewright.work.NumberText.precise(entry.getValue().asDouble()));
                }
            });
            return text.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json;
        }
    }

    private static TableColumn<ModelRegistry.Version, String> column(String title, double width, Function<ModelRegistry.Version, String> value) {
        var column = new TableColumn<ModelRegistry.Version, String>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    private static TableColumn<ModelRegistry.AliasEvent, String> eventColumn(String title, double width, Function<ModelRegistry.AliasEvent, String> value) {
        var column = new TableColumn<ModelRegistry.AliasEvent, String>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
