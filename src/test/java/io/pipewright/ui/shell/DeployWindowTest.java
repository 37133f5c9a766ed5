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

    @Test
    void aVersionOpensInDeployPreviewedAndValidated() throws Exception {
        Path artifact = home.resolve("credit-v1.pwmodel");
        Files.copy(ExportFixtures.classifierArtifact(), artifact);
        try (Store store = Store.open(home.resolve("store"), "test")) {
            new ModelRegistry(store, Clock.systemUTC()).register("credit-risk", null, artifact.toString(),
                    io.pipewright.export.ModelFacts.sha256(artifact), "{}", "champion");
        }
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));

        robot.clickOn("#workspace-models");
        waitUntil(() -> robot.lookup("credit-risk").tryQuery().isPresent());
        robot.clickOn("credit-risk");
        javafx.scene.control.TableView<?> versions = robot.lookup("#version-table").queryTableView();
        waitUntil(() -> versions.getItems().size() == 1);
        robot.interact(() -> versions.getSelectionModel().select(0));
        robot.clickOn("#export-bundle-button");

        waitUntil(() -> robot.lookup("#deploy-workspace").query().isVisible());
        ComboBox<?> source = robot.lookup("#deploy-source").queryComboBox();
        waitUntil(() -> source.getValue() != null);
        assertThat(source.getValue().toString()).isEqualTo("credit-risk:1 (champion)");
        ListView<Validation.Check> checks = robot.lookup("#deploy-validation").queryListView();
        waitUntil(() -> checks.getItems().size() >= 8);
        assertThat(checks.getItems()).extracting(Validation.Check::name).contains("helm lint --strict", "helm template + manifest checks",
                "Terraform (HCL)", "Grafana dashboard");
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
        robot.push(KeyCode.CONTROL, KeyCode.A).write("3");
        waitUntil(() -> !export.isDisabled());
        assertThat(robot.lookup("#deploy-field-replicas").query().getStyleClass()).doesNotContain("invalid");
        waitUntil(() -> text("#deploy-message").contains("ready to export"));
    }
}
