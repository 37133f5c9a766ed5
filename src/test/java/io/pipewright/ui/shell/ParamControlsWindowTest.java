package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.PipelineFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The node form's column controls in the real main window, under Monocle, on a table of 200 columns:
 * a list parameter checked in a checkable list, a column picked by typing a part of its name, a
 * refused value decorated with the reason, and the controls drawn in the dark theme's colours.
 */
class ParamControlsWindowTest extends AppWindowTest {
    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

    @TempDir
    Path project;

    @Override
    long waitSeconds() {
        return 60; // a profile of 200 columns again, on a machine shared with other builds
    }

    /** A CSV of 200 numeric columns col_000 … col_199 and 40 rows (seeded), and a pipeline that reads it into a select and a split. */
    private Path widePipeline() throws Exception {
        var random = new Random(19);
        var text = new StringBuilder();
        for (int column = 0; column < 200; column++) {
            text.append(column == 0 ? "" : ",").append(String.format(Locale.ROOT, "col_%03d", column));
        }
        text.append('\n');
        for (int row = 0; row < 40; row++) {
            for (int column = 0; column < 200; column++) {
                text.append(column == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", random.nextGaussian()));
            }
            text.append('\n');
        }
        Files.writeString(project.resolve("wide.csv"), text);
        return Files.writeString(project.resolve("wide.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: wide
                nodes:
                  - id: read
                    type: read
                    params: {path: wide.csv}
                  - id: select
                    type: select
                    inputs: {table: read.table}
                  - id: split
                    type: split
                    inputs: {table: select.table}
                """);
    }

    private Path openWide() throws Exception {
        Path file = widePipeline();
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home, file.toString());
        waitUntil(() -> robot.lookup("#pipeline-title").tryQuery().isPresent() && text("#pipeline-title").equals("wide.yaml"));
        robot.interact(() -> {
            var stage = FxToolkit.toolkitContext().getRegisteredStage();
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        return file;
    }

    /** Selects a node on the canvas and waits for its form to list the columns that reach it. */
    private void selectNode(String id, String control) throws Exception {
        robot.clickOn("#node-" + id);
        waitUntil(() -> robot.lookup(control).tryQuery().isPresent());
    }

    /** The cell showing {@code text} in the list found by {@code query}. */
    private Node cell(String query, String text) {
        return robot.from(robot.lookup(query).queryAll()).lookup(".list-cell")
                .match((ListCell<?> cell) -> text.equals(cell.getText())).query();
    }

    private String saved(Path file) throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        waitUntil(() -> text("#pipeline-title").equals(file.getFileName().toString()));
        return Files.readString(file);
    }

    @Test
    void checkingTwoColumnsWritesTheirListAndUndoTakesItBack() throws Exception {
        Path file = openWide();
        selectNode("select", "#param-keep-list");
        ListView<String> keep = robot.lookup("#param-keep-list").queryListView();
        assertThat(keep.getItems()).as("the columns that reach select").hasSize(200).startsWith("col_000", "col_001");

        // a filter narrows 200 columns; two are checked, the second first: written in the order checked
        robot.clickOn("#param-keep-filter").write("col_01");
        waitUntil(() -> keep.getItems().size() == 10);
        assertThat(keep.getItems()).allMatch(name -> name.startsWith("col_01"));
        robot.clickOn(robot.from(cell("#param-keep-list", "col_015")).lookup(".check-box").queryAs(CheckBox.class));
        robot.clickOn(robot.from(cell("#param-keep-list", "col_012")).lookup(".check-box").queryAs(CheckBox.class));
        waitUntil(() -> text("#pipeline-title").equals("wide.yaml •"));
        assertThat(text("#param-keep-summary")).isEqualTo("2 of 200 checked, in this order: col_015, col_012");
        String written = saved(file);
        assertThat(written).contains("    keep:\n    - col_015\n    - col_012\n");
        assertThat(PipelineFiles.read(file).node("select").orElseThrow().params()).containsEntry("keep", List.of("col_015", "col_012"));

        // undo: the last check is taken back, in the file and in the list
        robot.clickOn("#pipeline-undo");
        waitUntil(() -> robot.lookup("#param-keep-summary").tryQuery().isPresent()
                && text("#param-keep-summary").equals("1 of 200 checked, in this order: col_015"));
        assertThat(saved(file)).contains("    keep:\n    - col_015\n");
        robot.clickOn("#pipeline-undo");
        waitUntil(() -> text("#param-keep-summary").equals("None checked: the parameter's default."));
        assertThat(PipelineFiles.read(file).node("select").orElseThrow().params()).containsEntry("keep", List.of("col_015"));
        assertThat(saved(file)).doesNotContain("keep:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void typingInTheColumnPickerNarrowsTheListAndPickingSetsTheParameter() throws Exception {
        Path file = openWide();
        selectNode("split", "#param-target");
        ComboBox<String> target = robot.lookup("#param-target").queryComboBox();
        assertThat(target.getItems()).as("no column, then the 200 columns").hasSize(201);

        robot.clickOn(target).write("col_19");
        ListView<String> shown = robot.lookup(".combo-box-popup .list-view").match(Node::isVisible).queryAs(ListView.class);
        waitUntil(() -> shown.getItems().size() == 10);
        assertThat(shown.getItems()).containsExactly("col_190", "col_191", "col_192", "col_193", "col_194", "col_195", "col_196", "col_197",
                "col_198", "col_199");
        robot.clickOn(robot.from(shown).lookup(".list-cell").match((ListCell<?> cell) -> "col_195".equals(cell.getText())).queryAs(Node.class));
        waitUntil(() -> text("#pipeline-title").equals("wide.yaml •"));
        assertThat(target.getValue()).isEqualTo("col_195");
        assertThat(saved(file)).contains("target: col_195");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDataTargetIsPickedFromAWideTableByTypingAPartOfItsName() throws Exception {
        openWide();
        var stage = FxToolkit.toolkitContext().getRegisteredStage();
        drop(stage.getScene().getRoot(), List.of(project.resolve("wide.csv").toFile()));
        waitUntil(() -> robot.lookup("#data-status").tryQuery().isPresent() && text("#data-status").equals("40 rows × 200 columns"));
        ComboBox<String> target = robot.lookup("#target").queryComboBox();
        waitUntil(() -> target.getItems().size() == 201);

        robot.clickOn(target).write("col_07");
        ListView<String> shown = robot.lookup(".combo-box-popup .list-view").match(Node::isVisible).queryAs(ListView.class);
        waitUntil(() -> shown.getItems().size() == 10);
        assertThat(shown.getItems()).allMatch(name -> name.startsWith("col_07"));
        robot.clickOn(robot.from(shown).lookup(".list-cell").match((ListCell<?> cell) -> "col_073".equals(cell.getText())).queryAs(Node.class));
        var tabs = robot.lookup("#data-tabs").queryAs(javafx.scene.control.TabPane.class);
        waitUntil(() -> tabs.getSelectionModel().getSelectedItem().getText().equals("Target"));
        assertThat(target.getValue()).isEqualTo("col_073");
        waitUntil(() -> text("#target-note").startsWith("How strongly each column goes with col_073"));
    }

    @Test
    void aRefusedValueIsDecoratedWithTheReason() throws Exception {
        openWide();
        selectNode("split", "#param-test");
        TextField test = robot.lookup("#param-test").queryAs(TextField.class);
        robot.doubleClickOn(test).push(KeyCode.CONTROL, KeyCode.A).write("2");
        String reason = "test must be between 0 and 0.95, not 2";
        waitUntil(() -> test.getPseudoClassStates().contains(DANGER));
        assertThat(test.getTooltip()).as("the reason as the field's tooltip").isNotNull();
        assertThat(test.getTooltip().getText()).isEqualTo(reason);
        assertThat(robot.lookup(".param-error").match(Node::isVisible).queryAs(Labeled.class).getText()).isEqualTo(reason);

        robot.push(KeyCode.CONTROL, KeyCode.A).write("0.3");
        waitUntil(() -> !test.getPseudoClassStates().contains(DANGER));
        assertThat(test.getTooltip()).isNull();
    }

    @Test
    void theDarkThemeDrawsTheNewControlsInItsColours() throws Exception {
        openWide();
        robot.clickOn("View").clickOn("Dark theme");
        selectNode("select", "#param-keep-list");
        WaitForAsyncUtils.waitForFxEvents();
        ListView<String> keep = robot.lookup("#param-keep-list").queryListView();
        Color cell = (Color) ((Region) cell("#param-keep-list", "col_000")).getBackground().getFills().get(0).getFill();
        assertThat(cell.getBrightness()).as("a list cell's background is the dark theme's, not white: " + cell).isLessThan(0.3);
        assertThat(((Labeled) cell("#param-keep-list", "col_000")).getTextFill()).isInstanceOfSatisfying(Color.class,
                fill -> assertThat(fill.getBrightness()).as("its text is light").isGreaterThan(0.6));
        assertThat(keep.getBorder().getStrokes().get(0).getTopStroke()).isInstanceOfSatisfying(Color.class,
                stroke -> assertThat(stroke.getBrightness()).as("its border is the theme's, not Modena's grey").isLessThan(0.5));

        selectNode("split", "#param-target");
        robot.clickOn("#param-target").write("col");
        TextField search = robot.lookup(".searchable-combo-box .custom-text-field").match(Node::isVisible).queryAs(TextField.class);
        WaitForAsyncUtils.waitForFxEvents();
        Color field = (Color) search.getBackground().getFills().get(search.getBackground().getFills().size() - 1).getFill();
        assertThat(field.getBrightness()).as("the search field's background is the dark theme's: " + field).isLessThan(0.3);
        robot.type(KeyCode.ESCAPE);
    }
}
