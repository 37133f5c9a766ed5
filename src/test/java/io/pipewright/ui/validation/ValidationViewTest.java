package io.pipewright.ui.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.quality.ValidationReport;
import io.pipewright.ui.common.FxTaskExecutor;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.ScriptedDialogs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Validation view driven like a person: generate a suite, tighten a bound, validate, read the banner and examples. */
class ValidationViewTest {
    private final FxRobot robot = new FxRobot();
    private FxTaskExecutor executor;
    private ValidationViewModel model;

    @BeforeEach
    void show() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        executor = new FxTaskExecutor(2);
        model = new ValidationViewModel(executor, Optional::empty, new Notifications());
        FxToolkit.setupSceneRoot(() -> new ValidationView(model, new ScriptedDialogs(List.of())));
        robot.interact(() -> {
            stage.getScene().getWindow().setWidth(1400);
            stage.getScene().getWindow().setHeight(900);
            stage.show();
        });
    }

    @AfterEach
    void stop() throws Exception {
        executor.shutdown();
        FxToolkit.cleanupStages();
    }

    @SuppressWarnings("unchecked")
    @Test
    void generateTightenValidateAndSeeTheFailingLines() throws Exception {
        robot.interact(() -> model.datasetProperty().set(Path.of("sample-data/credit/credit.csv")));
        assertThat(robot.lookup("#validation-dataset-label").queryAs(Label.class).getText()).isEqualTo("credit.csv");

        robot.clickOn("#validation-generate");
        ListView<String> columns = robot.lookup("#validation-columns").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> columns.getItems().size() == 10 && !model.busyProperty().get());

        robot.interact(() -> columns.getSelectionModel().select("age"));
        TextField max = robot.lookup("#suite-max").queryAs(TextField.class);
        assertThat(max.getText()).isEqualTo("78");
        robot.interact(() -> max.setText("60"));

        Button validate = robot.lookup("#validation-validate").queryAs(Button.class);
        assertThat(validate.isDisabled()).isFalse();
        robot.clickOn(validate);
        Label banner = robot.lookup("#validation-banner").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !banner.getText().isEmpty() && !model.busyProperty().get());
        assertThat(banner.getText()).startsWith("FAILED");

        TableView<ValidationReport.Result> results = robot.lookup("#validation-results").queryAs(TableView.class);
        assertThat(results.getItems().get(0).id()).isEqualTo("columns.age.max");
        TableView<ValidationReport.Example> examples = robot.lookup("#validation-examples").queryAs(TableView.class);
        assertThat(examples.getItems().get(0)).isEqualTo(new ValidationReport.Example(6, "71"));

        robot.interact(() -> columns.getSelectionModel().select("purpose"));
        robot.interact(() -> robot.lookup("#suite-regex").queryAs(TextField.class).setText("[a-"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#problem-regex").queryAs(Label.class).getText()).isEqualTo("Illegal character range at position 4");
        assertThat(validate.isDisabled()).isTrue();
    }

    @SuppressWarnings("unchecked")
    @Test
    void aSuiteThatExpectsNothingIsRefusedAndAChangedSuiteClearsTheVerdict() throws Exception {
        Path empty = java.nio.file.Files.writeString(java.nio.file.Files.createTempDirectory("suite").resolve("empty.suite.yaml"), "suite: empty\n");
        robot.interact(() -> model.datasetProperty().set(Path.of("sample-data/credit/credit.csv")));
        robot.interact(() -> model.open(empty));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !model.busyProperty().get() && model.suiteFileProperty().get() != null);

        Button validate = robot.lookup("#validation-validate").queryAs(Button.class);
        robot.clickOn(validate);
        WaitForAsyncUtils.waitForFxEvents();
        Label banner = robot.lookup("#validation-banner").queryAs(Label.class);
        // before: a green "PASSED — issue fraction 0.00 % ≤ threshold 0.10 %; 0 of 0 expectations failed"
        assertThat(banner.getText()).isEqualTo("Not validated: the suite has no expectations, so nothing would be checked: add one (a column's type, "
                + "range or allowed values, the row count, a rule) before validating.");
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getStyleClass()).contains("danger").doesNotContain("success");
        assertThat(banner.getHeight()).as("the refusal wraps, whole").isGreaterThanOrEqualTo(banner.prefHeight(banner.getWidth()) - 0.5);
        assertThat(robot.lookup("#validation-save-json").queryAs(Button.class).isDisabled()).isTrue();

        // one expectation: the file has at least one row; it passes
        robot.clickOn("#suite-rows-min").write("1");
        robot.clickOn(validate);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> banner.getText().startsWith("PASSED") && !model.busyProperty().get());
        TableView<ValidationReport.Result> results = robot.lookup("#validation-results").queryAs(TableView.class);
        assertThat(results.getItems()).extracting(ValidationReport.Result::id).containsExactly("table.rows");

        // the suite changes: the verdict about the old one goes (before: PASSED stayed on screen under a suite asking for 5,000 rows)
        robot.doubleClickOn("#suite-rows-min").write("5000");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(banner.getText()).isEmpty();
        assertThat(banner.isVisible()).isFalse();
        assertThat(results.getItems()).isEmpty();
        assertThat(robot.lookup("#validation-save-json").queryAs(Button.class).isDisabled()).isTrue();
    }
}
