package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.export.ExportFixtures;
import io.pipewright.export.Validation;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The Deploy workspace in the real window: opened from a registered version, previewed, validated, checked as typed. */
class DeployWindowTest extends AppWindowTest {

    @Override
    long waitSeconds() {
        return 60;
    }

    /** A registered version, opened in Deploy from the Models workspace. */
    private void openDeployOnAVersion() throws Exception {
        Path artifact = home.resolve("credit-v1.pwmodel");
        Files.copy(ExportFixtures.classifierArtifact(), artifact);
        try (Store store = Store.open(home.resolve("store"), "test")) {
            new ModelRegistry(store, Clock.systemUTC()).register("credit-risk", null, artifact.toString(),
                    io.pipewright.export.ModelFacts.sha256(artifact), "{}", "champion");
        }
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));

        openBundleOf("credit-risk");
    }

    @Test
    void aVersionOpensInDeployPreviewedAndValidated() throws Exception {
        openDeployOnAVersion();
        ComboBox<?> source = robot.lookup("#deploy-source").queryComboBox();
        waitUntil(() -> source.getValue() != null);
        assertThat(source.getValue().toString()).isEqualTo("credit-risk:1 (champion)");
        ListView<Validation.Check> checks = robot.lookup("#deploy-validation").queryListView();
        waitUntil(() -> checks.getItems().size() >= 8);
        assertThat(checks.getItems()).extracting(Validation.Check::name).contains("helm lint --strict", "helm template + manifest checks",
                "terraform fmt", "Grafana dashboard");
        assertThat(checks.getItems()).noneMatch(check -> check.status() == Validation.Status.FAILED);
        assertThat(text("#deploy-message")).contains("ready to export");
        Button export = robot.lookup("#deploy-export").queryButton();
        assertThat(export.isDisabled()).isFalse();

        // the tree shows the bundle; README.md is shown first, coloured
        TreeView<String> tree = robot.lookup("#deploy-files").query();
        assertThat(tree.getRoot().getValue()).isEqualTo("credit-risk-bundle/");
        assertThat(tree.getRoot().getChildren()).extracting(item -> item.getValue()).contains("helm/", "terraform/", "runbooks/", "README.md",
                "Dockerfile");
        ScrollPane content = robot.lookup("#deploy-content").query();
        waitUntil(() -> content.getContent() instanceof TextFlow);
        String shown = ((TextFlow) content.getContent()).getChildren().stream().map(node -> ((Text) node).getText()).reduce("", String::concat);
        assertThat(shown).startsWith("# credit-risk 1: deployment bundle");

        // a value that cannot be read is named at once and blocks the export until fixed
        robot.doubleClickOn("#deploy-field-replicas").push(KeyCode.CONTROL, KeyCode.A).write("two");
        waitUntil(() -> text("#deploy-problems").equals("replicas: must be a whole number, not 'two'"));
        waitUntil(export::isDisabled);
        assertThat(robot.lookup("#deploy-field-replicas").query().getStyleClass()).contains("invalid");
        // decorated as the view model says: the theme's danger state, the reason as the field's tooltip
        javafx.scene.control.TextField replicas = robot.lookup("#deploy-field-replicas").queryAs(javafx.scene.control.TextField.class);
        waitUntil(() -> replicas.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("danger")));
        assertThat(replicas.getTooltip().getText()).isEqualTo("must be a whole number, not 'two'");
        robot.push(KeyCode.CONTROL, KeyCode.A).write("3");
        waitUntil(() -> !export.isDisabled());
        assertThat(robot.lookup("#deploy-field-replicas").query().getStyleClass()).doesNotContain("invalid");
        waitUntil(() -> !replicas.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("danger")));
        assertThat(replicas.getTooltip()).as("no reason left to show").isNull();
        waitUntil(() -> text("#deploy-message").contains("ready to export"));
    }

    @Test
    void theReadmePreviewIsDrawnInOneFontAndTheFormIsReadWhole() throws Exception {
        openDeployOnAVersion();
        ScrollPane content = robot.lookup("#deploy-content").query();
        waitUntil(() -> content.getContent() instanceof TextFlow flow && !flow.getChildren().isEmpty());
        TextFlow readme = (TextFlow) content.getContent();
        waitUntil(() -> ((Text) readme.getChildren().get(0)).getText().startsWith("# credit-risk 1"));
        var runs = readme.getChildren().stream().map(Text.class::cast).toList();
        // the preview's font comes from the stylesheet, applied on the pulse after the text is set
        waitUntil(() -> !runs.get(0).getFont().getFamily().equals(javafx.scene.text.Font.getDefault().getFamily()));
        // before: a bare newline in the window's font after each line, and an empty run for each empty line, made the
        // first character after an empty line ("T" of "The model", "#" of "## What is inside") a different font and colour
        assertThat(runs).allMatch(run -> !run.getText().isEmpty(), "no empty run");
        assertThat(runs.stream().map(Text::getFont).distinct().toList()).as("one font for every run, newlines included").hasSize(1);
        assertThat(runs.get(0).getFont().getFamily()).isNotEqualTo(javafx.scene.text.Font.getDefault().getFamily());
        // a fenced block is code throughout, its indented lines too
        Text fenceStart = runs.stream().filter(run -> run.getText().equals("```\n")).findFirst().orElseThrow();
        Text treeLine = runs.get(runs.indexOf(fenceStart) + 1);
        Text indented = runs.get(runs.indexOf(fenceStart) + 2);
        assertThat(treeLine.getStyleClass()).contains("code-string");
        assertThat(indented.getText()).startsWith("  ");
        assertThat(indented.getStyleClass()).contains("code-string");

        // at 1280 × 800 the form's button and its placeholders are whole (before: "A…", "Blank: version an")
        var form = (javafx.scene.Parent) robot.lookup("#deploy-artifact").query().getParent().getParent();
        assertThat(robot.lookup("#deploy-artifact").query().getScene().getWidth()).isEqualTo(1280);
        waitUntilNothingCut(form);
        for (javafx.scene.Node node : form.lookupAll(".text-field")) {
            var field = (javafx.scene.control.TextField) node;
            if (field.getPromptText() != null && !field.getPromptText().isEmpty() && field.isVisible()) {
                double room = field.getWidth() - field.snappedLeftInset() - field.snappedRightInset();
                var prompt = new Text(field.getPromptText());
                prompt.setFont(field.getFont());
                assertThat(prompt.getLayoutBounds().getWidth()).as(field.getId() + ": " + field.getPromptText()).isLessThanOrEqualTo(room);
            }
        }
    }
}
