package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.quality.ValidationReport;
import io.pipewright.quality.drift.DriftReport;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The Quality workspace in the real window: a dataset dropped on Validation, a suite generated,
 * tightened and failed with the file's lines; two files dropped on Drift and compared; both files
 * then listed as dataset versions; Monitors says how monitors arrive.
 */
class QualityWindowTest extends AppWindowTest {
    private static final Path CREDIT = Path.of("sample-data/credit/credit.csv").toAbsolutePath();
    private static final Path LATER = Path.of("sample-data/credit/incoming/credit-2027-11.csv").toAbsolutePath();

    @Override
    long waitSeconds() {
        return 60;
    }

    @SuppressWarnings("unchecked")
    @Test
    void validateAndCompareDroppedFilesThenFindThemAsDatasetVersions() throws Exception {
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#workspace-quality");
        TabPane tabs = robot.lookup("#quality-workspace").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(tab -> tab.getText()).containsExactly("Validation", "Drift", "Datasets", "Layers", "Monitors");

        // Validation: drop the file, generate its suite, tighten a bound, validate
        drop("#validation-view", List.of(CREDIT.toFile()));
        waitUntil(() -> text("#validation-dataset-label").equals("credit.csv"));
        robot.clickOn("#validation-generate");
        ListView<String> columns = robot.lookup("#validation-columns").queryAs(ListView.class);
        waitUntil(() -> columns.getItems().size() == 10);
        robot.interact(() -> columns.getSelectionModel().select("age"));
        TextField max = robot.lookup("#suite-max").queryAs(TextField.class);
        robot.doubleClickOn(max).write("60");
        waitUntil(() -> max.getText().equals("60"));
        Button validate = robot.lookup("#validation-validate").queryButton();
        waitUntil(() -> !validate.isDisabled());
        robot.clickOn(validate);
        waitUntil(() -> text("#validation-banner").startsWith("FAILED"));
        TableView<ValidationReport.Result> results = robot.lookup("#validation-results").queryAs(TableView.class);
        assertThat(results.getItems().get(0).id()).isEqualTo("columns.age.max");
        TableView<ValidationReport.Example> examples = robot.lookup("#validation-examples").queryAs(TableView.class);
        waitUntil(() -> !examples.getItems().isEmpty());
        assertThat(examples.getItems().get(0)).as("line 6 of the file holds age 71").isEqualTo(new ValidationReport.Example(6, "71"));

        // Drift: drop the training data and the newer applicants together, compare
        robot.interact(() -> tabs.getSelectionModel().select(1));
        waitUntil(() -> robot.lookup("#drift-view").tryQuery().isPresent());
        drop("#drift-view", List.of(CREDIT.toFile(), LATER.toFile()));
        robot.clickOn("#drift-target").write("default");
        Button run = robot.lookup("#drift-run").queryButton();
        waitUntil(() -> !run.isDisabled());
        robot.clickOn(run);
        TableView<DriftReport.ColumnDrift> drifted = robot.lookup("#drift-columns").queryAs(TableView.class);
        waitUntil(() -> !drifted.getItems().isEmpty());
        assertThat(drifted.getItems().stream().filter(DriftReport.ColumnDrift::drifted).map(DriftReport.ColumnDrift::name))
                .as("the three shifted features, and the target's share of defaults (reported apart)")
                .containsExactlyInAnyOrder("income", "debt_ratio", "purpose", "default");
        assertThat(robot.lookup("#drift-summary").queryAs(Label.class).getText()).contains("3 of 8");
        assertThat(drifted.getItems().get(drifted.getItems().size() - 1).name()).as("the target, listed last, apart").isEqualTo("default");

        // Datasets: both files are versions now (validation and drift recorded them)
        robot.interact(() -> tabs.getSelectionModel().select(2));
        waitUntil(() -> robot.lookup("#datasets-list").tryQuery().isPresent());
        TableView<?> versions = robot.lookup("#datasets-list").queryAs(TableView.class);
        waitUntil(() -> versions.getItems().size() >= 2);
        assertThat(versions.getItems().toString()).contains("credit.csv", "credit-2027-11.csv");

        // Monitors: none evaluated yet, and the view says how they come
        robot.interact(() -> tabs.getSelectionModel().select(4));
        waitUntil(() -> robot.lookup("#monitors-message").tryQuery().isPresent());
        waitUntil(() -> text("#monitors-message").startsWith("No monitor has been evaluated yet"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void driftUnderTheShareIsAmberNamesWhatDriftedAndShowsEachPValueBesideItsThreshold() throws Exception {
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#workspace-quality");
        TabPane tabs = robot.lookup("#quality-workspace").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        waitUntil(() -> robot.lookup("#drift-view").tryQuery().isPresent());
        assertThat(robot.lookup("#drift-view").query().getScene().getWidth()).isEqualTo(1280);
        drop("#drift-view", List.of(CREDIT.toFile(), LATER.toFile()));
        robot.clickOn("#drift-target").write("default");
        Button run = robot.lookup("#drift-run").queryButton();
        waitUntil(() -> !run.isDisabled());
        robot.clickOn(run);
        TableView<DriftReport.ColumnDrift> table = robot.lookup("#drift-columns").queryAs(TableView.class);
        waitUntil(() -> !table.getItems().isEmpty());

        // before: "No dataset drift: 3 of 8 ..." in green
        Label summary = robot.lookup("#drift-summary").queryAs(Label.class);
        assertThat(summary.getText()).isEqualTo("3 of 8 tested columns drifted (income, debt_ratio, purpose), under the 50 % share; "
                + "the target (default) drifted · 1 not tested");
        assertThat(summary.getStyleClass()).contains("warning").doesNotContain("success", "danger");

        // the p-value beside the threshold it is compared with (before: Statistic, Threshold, then p-value)
        assertThat(table.getColumns()).extracting(column -> column.getText())
                .containsExactly("Column", "Test", "Statistic", "p-value", "Threshold", "PSI", "Drifted");
        DriftReport.ColumnDrift income = table.getItems().get(0);
        assertThat(income.name()).isEqualTo("income");
        assertThat(table.getColumns().get(3).getCellData(income)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2e", income.pValue()));
        assertThat(table.getColumns().get(4).getCellData(income)).isEqualTo("p < 0.05");

        // at 1280 × 800 every header and value is whole (before: "0.413 (signif…", "2.67e…")
        waitUntilNothingCut(table);

        // the Datasets tab's headers too (before: "R…", "C…", "S…")
        robot.interact(() -> tabs.getSelectionModel().select(2));
        waitUntil(() -> robot.lookup("#datasets-list").tryQuery().isPresent());
        TableView<?> versions = robot.lookup("#datasets-list").queryAs(TableView.class);
        waitUntil(() -> versions.getItems().size() >= 2);
        waitUntil(() -> ElidedText.under(versions).stream().noneMatch(cut -> !cut.text().contains("/"))); // only paths are cut, at their start
        assertThat(versions.getColumns()).extracting(column -> column.getText())
                .containsExactly("Path", "Version", "Rows", "Columns", "Size", "Recorded", "Runs");
    }

    @SuppressWarnings("unchecked")
    @Test
    void validationAndDriftOfferTheDatasetOpenInDataWithoutAFileDialog() throws Exception {
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#workspace-quality");
        assertThat(robot.lookup("#validation-use-data").queryButton().isVisible()).as("nothing open in Data: nothing offered").isFalse();

        // credit.csv opened (and profiled) in Data
        drop("#main-window", List.of(CREDIT.toFile()));
        waitUntil(() -> robot.lookup("#data-status").tryQuery().isPresent() && text("#data-status").equals("1,000 rows × 10 columns"));
        robot.clickOn("#workspace-quality");
        TabPane tabs = robot.lookup("#quality-workspace").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(0));
        Button use = robot.lookup("#validation-use-data").queryButton();
        waitUntil(use::isVisible);
        assertThat(use.getText()).isEqualTo("Use credit.csv from Data");
        assertThat(text("#validation-dataset-label")).isEqualTo("no dataset");
        // the toolbar, one button longer, reads whole at 1280 × 800 (its message on a line of its own)
        var toolbar = (javafx.scene.Parent) robot.lookup("#validation-view").queryAs(javafx.scene.layout.BorderPane.class).getTop();
        waitUntilNothingCut(toolbar);
        Node generate = robot.lookup("#validation-generate").query();
        Node message = robot.lookup("#validation-message").query();
        assertThat(message.localToScreen(message.getBoundsInLocal()).getMinY())
                .isGreaterThanOrEqualTo(generate.localToScreen(generate.getBoundsInLocal()).getMaxY());

        // one click: the dataset is chosen, and the suite is generated from it
        robot.clickOn(use);
        waitUntil(() -> text("#validation-dataset-label").equals("credit.csv"));
        assertThat(use.isVisible()).as("a dataset is chosen: nothing more to offer").isFalse();
        robot.clickOn("#validation-generate");
        ListView<String> columns = robot.lookup("#validation-columns").queryAs(ListView.class);
        waitUntil(() -> columns.getItems().size() == 10);
        waitUntil(() -> text("#validation-message").startsWith("Generated from 1000 rows"));

        // Drift offers it for either side; once it is the reference, the current side offers nothing (it would compare it with itself)
        robot.interact(() -> tabs.getSelectionModel().select(1));
        waitUntil(() -> robot.lookup("#drift-view").tryQuery().isPresent());
        Button reference = robot.lookup("#drift-reference-use-data").queryButton();
        Button current = robot.lookup("#drift-current-use-data").queryButton();
        assertThat(reference.isVisible()).isTrue();
        assertThat(current.isVisible()).isTrue();
        robot.clickOn(reference);
        waitUntil(() -> robot.lookup("#drift-reference-path").queryAs(TextField.class).getText().equals(CREDIT.toString()));
        assertThat(reference.isVisible()).isFalse();
        assertThat(current.isVisible()).isFalse();

        // a file chosen by the person is never replaced: opening another one in Data offers it for the empty side only
        drop("#main-window", List.of(LATER.toFile()));
        robot.clickOn("#workspace-quality");
        waitUntil(() -> current.isVisible() && current.getText().equals("Use credit-2027-11.csv from Data"));
        assertThat(reference.isVisible()).isFalse();
        assertThat(robot.lookup("#drift-reference-path").queryAs(TextField.class).getText()).isEqualTo(CREDIT.toString());
        robot.clickOn(current);
        Button run = robot.lookup("#drift-run").queryButton();
        waitUntil(() -> !run.isDisabled());
        robot.interact(() -> tabs.getSelectionModel().select(0));
        assertThat(text("#validation-dataset-label")).as("validation keeps the dataset chosen there").isEqualTo("credit.csv");
        assertThat(robot.lookup("#validation-use-data").queryButton().isVisible()).isFalse();
    }
}
