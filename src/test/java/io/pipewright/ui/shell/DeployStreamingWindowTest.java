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
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The Deploy workspace in the real window offers the streaming mode and the gRPC port: checked as typed, previewed, validated. */
class DeployStreamingWindowTest extends AppWindowTest {

    @Override
    long waitSeconds() {
        return 60;
    }

    /** A field of the form by its option's path (the id holds a '.', which a CSS selector would read as a class). */
    private javafx.scene.Node field(String option) {
        String id = "deploy-field-" + option;
        return robot.lookup((javafx.scene.Node node) -> id.equals(node.getId())).query();
    }

    private void type(String option, String text) {
        click(option);
        robot.push(KeyCode.CONTROL, KeyCode.A).write(text);
    }

    /** Scrolls the form until the field is in view (the new sections are at its end), then clicks it as a person would. */
    private void click(String option) {
        javafx.scene.Node node = field(option);
        robot.interact(() -> {
            javafx.scene.Parent parent = node.getParent();
            while (!(parent instanceof javafx.scene.control.ScrollPane)) {
                parent = parent.getParent();
            }
            var pane = (javafx.scene.control.ScrollPane) parent;
            double top = pane.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
            double scrollable = pane.getContent().getBoundsInLocal().getHeight() - pane.getViewportBounds().getHeight();
            pane.setVvalue(scrollable <= 0 ? 0 : Math.max(0, Math.min(1, (top - 40) / scrollable)));
        });
        robot.clickOn(node);
    }

    private static String shown(TextFlow flow) {
        return flow.getChildren().stream().map(node -> ((Text) node).getText()).reduce("", String::concat);
    }

    private static boolean holds(TreeItem<String> item, String name) {
        return item.getValue().equals(name) || item.getChildren().stream().anyMatch(child -> holds(child, name));
    }

    @Test
    void streamingAndGrpcAreChosenInTheFormAndShownInThePreview() throws Exception {
        Path artifact = home.resolve("credit-v1.pwmodel");
        Files.copy(ExportFixtures.classifierArtifact(), artifact);
        try (Store store = Store.open(home.resolve("store"), "test")) {
            new ModelRegistry(store, Clock.systemUTC()).register("credit-risk", null, artifact.toString(),
                    io.pipewright.export.ModelFacts.sha256(artifact), "{}", "champion");
        }
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        openBundleOf("credit-risk");
        waitUntil(() -> text("#deploy-message").contains("ready to export"));
        Button export = robot.lookup("#deploy-export").queryButton();

        // the streaming fields mean nothing until streaming is chosen
        TextField bootstrap = (TextField) field("stream.bootstrap");
        assertThat(bootstrap.isDisabled()).isTrue();
        click("stream.enabled");
        waitUntil(() -> !bootstrap.isDisabled());
        waitUntil(() -> text("#deploy-problems").startsWith("stream.bootstrap: the streaming mode needs the Kafka brokers"));
        waitUntil(export::isDisabled);
        assertThat(bootstrap.getStyleClass()).contains("invalid");

        type("stream.bootstrap", "kafka:9092");
        type("stream.in", "loans");
        type("stream.out", "loan-scores");
        type("stream.dlq", "loans-dlq");
        click("grpc.enabled");
        type("grpc.port", "8080");
        waitUntil(() -> text("#deploy-problems").equals("grpc.port: must differ from the HTTP port 8080"));
        type("grpc.port", "9000");
        waitUntil(() -> !export.isDisabled());
        // an edit disables Export in the same pulse, before any preview of the new form can have run
        // (checked inside one FX runnable: a check after the robot's typing could come after the preview)
        TextField grpcPort = (TextField) field("grpc.port");
        boolean[] disabledAtOnce = new boolean[1];
        robot.interact(() -> {
            grpcPort.setText("9001");
            disabledAtOnce[0] = export.isDisabled();
        });
        assertThat(disabledAtOnce[0]).as("the bundle shown is not the form's until the preview has run").isTrue();
        waitUntil(() -> !export.isDisabled());
        assertThat(text("#deploy-message")).contains("ready to export");

        // the README shown (the file chosen stays chosen) describes both modes as typed
        ScrollPane content = robot.lookup("#deploy-content").query();
        waitUntil(() -> content.getContent() instanceof TextFlow flow && shown(flow).contains("the Open Inference Protocol on port 9001"));
        assertThat(shown((TextFlow) content.getContent())).contains("| streaming | `pipewright stream` from `loans` to `loan-scores` (DLQ `loans-dlq`)",
                "## Streaming", "## gRPC");

        // the preview holds the scorer's template and runbook; the validation says the alerts read its metrics
        TreeView<String> tree = robot.lookup("#deploy-files").query();
        waitUntil(() -> holds(tree.getRoot(), "streaming.md") && holds(tree.getRoot(), "stream.yaml"));
        ListView<Validation.Check> checks = robot.lookup("#deploy-validation").queryListView();
        assertThat(checks.getItems()).filteredOn(check -> check.name().equals("alert rules")).singleElement()
                .satisfies(check -> assertThat(check.summary()).contains("streaming scorer"));
        assertThat(checks.getItems()).noneMatch(check -> check.status() == Validation.Status.FAILED);

        // at 1280 × 800 the new sections are whole: no label or placeholder cut
        var form = (javafx.scene.Parent) robot.lookup(".deploy-form").query();
        waitUntilNothingCut(form);
        for (javafx.scene.Node node : form.lookupAll(".text-field")) {
            var field = (TextField) node;
            if (field.getPromptText() != null && !field.getPromptText().isEmpty() && field.isVisible()) {
                double room = field.getWidth() - field.snappedLeftInset() - field.snappedRightInset();
                var prompt = new javafx.scene.text.Text(field.getPromptText());
                prompt.setFont(field.getFont());
                assertThat(prompt.getLayoutBounds().getWidth()).as(field.getId() + ": " + field.getPromptText()).isLessThanOrEqualTo(room);
            }
        }
    }
}
