package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pipewright.profile.DatasetProfile;
import io.pipewright.ui.data.CorrelationHeatmap;
import io.pipewright.ui.data.CountHistogram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Data workspace in the real window at 1280 × 800 with the credit sample: a failed open after a
 * good one, the target's associations, nothing cut off, and the charts' axes, values and tooltips.
 */
class DataWindowTest extends AppWindowTest {
    private static final Path CREDIT = Path.of("sample-data/credit/credit.csv").toAbsolutePath();

    @Override
    long waitSeconds() {
        return 60;
    }

    private void openCredit(Stage stage) throws Exception {
        drop(stage.getScene().getRoot(), List.of(CREDIT.toFile()));
        waitUntil(() -> robot.lookup("#data-status").tryQuery().isPresent() && text("#data-status").equals("1,000 rows × 10 columns")
                && text("#overview-rows").equals("1,000") && columnList().getItems().size() == 10);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The profile the window should show: the same file and settings through the profiler (exact below 50,000 rows). */
    private static DatasetProfile expected(String target) {
        return new io.pipewright.profile.Profiler().profile(io.pipewright.data.DatasetReader.open(CREDIT),
                io.pipewright.profile.Profiler.Options.defaults().withTarget(target), new io.pipewright.profile.Profiler.Listener() {
                }, io.pipewright.work.Progress.NONE);
    }

    @SuppressWarnings("unchecked")
    private ListView<io.pipewright.profile.ColumnProfile> columnList() {
        return robot.lookup("#column-list").queryAs(ListView.class);
    }

    @Test
    void aFileThatCannotBeReadReplacesTheProfileWithItsErrorAndDisablesItsActions() throws Exception {
        Stage stage = launchAt1280x800();
        openCredit(stage);
        Button html = robot.lookup("#export-html").queryButton();
        assertThat(html.isDisabled()).isFalse();

        Path ragged = Files.writeString(home.resolve("ragged.csv"), "a,b\n1,2\n3,4,5\n");
        drop(stage.getScene().getRoot(), List.of(ragged.toFile()));
        waitUntil(() -> robot.lookup("#data-error").tryQuery().map(DataWindowTest::isShowing).orElse(false));
        assertFailureShown("ragged.csv", "ragged.csv: line 3: expected 2 fields, found 3 (a delimiter inside an unquoted value?)");

        openCredit(stage);
        assertThat(isShowing(robot.lookup("#data-error").query())).as("a good file clears the error").isFalse();
        assertThat(isShowing(columnList())).isTrue();
        Path parquet = home.resolve("broken.parquet");
        Files.write(parquet, "PAR1 not a footer at all PAR1".getBytes(StandardCharsets.US_ASCII));
        drop(stage.getScene().getRoot(), List.of(parquet.toFile()));
        waitUntil(() -> robot.lookup("#data-error").tryQuery().map(DataWindowTest::isShowing).orElse(false));
        assertThat(text("#data-error")).startsWith("broken.parquet: not a valid Parquet file");
        assertFailureShown("broken.parquet", text("#data-error"));
    }

    private void assertFailureShown(String file, String message) {
        assertThat(text("#data-file")).isEqualTo(file);
        assertThat(columnList().getItems()).as("nothing of the previous file").isEmpty();
        assertThat(robot.lookup("#export-html").queryButton().isDisabled()).as("nothing to export").isTrue();
        assertThat(robot.lookup("#export-json").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#target").query().isDisabled()).as("no columns to choose a target from").isTrue();
        assertThat(text("#data-error")).isEqualTo(message);
        assertThat(text("#data-error-title")).isEqualTo("Could not profile " + file);
        assertThat(isShowing(columnList())).as("the error stands where the profile was").isFalse();
        assertThat(text("#overview-rows")).isEqualTo("–");
        assertThat(robot.lookup("#detail-name").tryQuery().map(Node::isVisible).orElse(false)).isFalse();
    }

    private static ScrollPane enclosingScrollPane(Node node) {
        Node parent = node.getParent();
        while (!(parent instanceof ScrollPane)) {
            parent = parent.getParent();
        }
        return (ScrollPane) parent;
    }

    private static boolean isShowing(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    @SuppressWarnings("unchecked")
    void choosingATargetShowsHowStronglyEveryColumnGoesWithIt() throws Exception {
        Stage stage = launchAt1280x800();
        openCredit(stage);

        ComboBox<String> target = robot.lookup("#target").queryComboBox();
        robot.clickOn(target);
        robot.clickOn(robot.lookup(".list-cell").match((Labeled cell) -> "default".equals(cell.getText())).queryAs(Node.class));

        DatasetProfile profile = expected("default");
        TabPane tabs = robot.lookup("#data-tabs").queryAs(TabPane.class);
        waitUntil(() -> tabs.getSelectionModel().getSelectedItem().getText().equals("Target"));
        TableView<DatasetProfile.Association> table = robot.lookup("#target-associations").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == profile.target().associations().size() && !table.getItems().isEmpty());
        assertThat(text("#target-note")).startsWith("How strongly each column goes with default, strongest first");
        var first = profile.target().associations().get(0);
        assertThat(table.getItems().get(0)).isEqualTo(first);
        assertThat(visibleTexts("#target-associations")).contains(first.column(), String.format(Locale.US, "%.2f", first.value()),
                "late_payments", "correlation ratio η");
        assertThat(table.getItems()).extracting(DatasetProfile.Association::column).doesNotContain("default");
        assertNothingElided();

        // the column's own view names its association too
        robot.clickOn("#tab-column");
        robot.clickOn(robot.from(robot.lookup("#column-list").queryAll()).lookup("late_payments").queryAs(Node.class));
        waitUntil(() -> text("#detail-name").equals("late_payments"));
        var association = profile.target().associations().stream().filter(a -> a.column().equals("late_payments")).findFirst().orElseThrow();
        assertThat(text("#stat-with-default")).isEqualTo(String.format(Locale.US, "%.2f (correlation ratio η)", association.value()));
    }

    @Test
    void at1280x800NothingIsCutAndTheChartsHaveAxesValuesAndTooltips() throws Exception {
        Stage stage = launchAt1280x800();
        openCredit(stage);
        DatasetProfile profile = expected(null);

        // the column list shows every name and distinct count whole
        assertNothingElided();
        assertThat(visibleTexts("#column-list")).contains("8.1 % missing · 919 distinct", "employment_years");

        // the histogram: in view without scrolling, with a count axis and a tooltip per bar
        robot.clickOn(robot.from(robot.lookup("#column-list").queryAll()).lookup("income").queryAs(Node.class));
        waitUntil(() -> text("#detail-name").equals("income") && robot.lookup("#detail-histogram").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        CountHistogram histogram = robot.lookup("#detail-histogram").queryAs(CountHistogram.class);
        ScrollPane detail = enclosingScrollPane(histogram);
        Bounds view = detail.localToScene(detail.getLayoutBounds());
        Bounds chart = histogram.localToScene(histogram.getLayoutBounds());
        assertThat(detail.getVvalue()).isZero();
        assertThat(chart.getMaxY()).as("the histogram's bottom is within the tab at 1280 × 800").isLessThanOrEqualTo(view.getMaxY());
        assertThat(chart.getMaxX()).isLessThanOrEqualTo(view.getMaxX());
        assertThat(chart.getMinY()).isGreaterThanOrEqualTo(view.getMinY());
        long[] counts = profile.column("income").histogram().counts();
        long peak = java.util.Arrays.stream(counts).max().orElseThrow();
        assertThat(histogram.ticks()).startsWith(0L).last().satisfies(top -> assertThat(top).isGreaterThanOrEqualTo(peak));
        assertNothingElided();
        int bin = 5;
        double[] edges = profile.column("income").histogram().edges();
        String barText = String.format(Locale.US, "%s to %s: %,d rows", io.pipewright.work.NumberText.of(edges[bin]),
                io.pipewright.work.NumberText.of(edges[bin + 1]), counts[bin]);
        robot.moveTo(histogram.localToScreen(histogram.barCentre(bin)));
        waitUntil(() -> histogram.tooltip().isShowing() && histogram.tooltip().getText().startsWith(barText));

        // the heatmap: the yes/no target included, values in the cells, a tooltip per cell, a colour scale
        robot.clickOn("#tab-correlations");
        CorrelationHeatmap heatmap = robot.lookup("#correlation-heatmap").queryAs(CorrelationHeatmap.class);
        waitUntil(() -> heatmap.getWidth() > 0 && heatmap.valuesShown());
        ScrollPane correlationsView = enclosingScrollPane(heatmap);
        Bounds shown = correlationsView.localToScene(correlationsView.getLayoutBounds());
        assertThat(heatmap.localToScene(heatmap.getLayoutBounds()).getMaxY()).as("the matrix and its scale in view at 1280 × 800")
                .isLessThanOrEqualTo(shown.getMaxY());
        var correlations = profile.correlations();
        assertThat(heatmap.columns()).isEqualTo(correlations.columns()).contains("default", "age", "income");
        assertThat(heatmap.valuesShown()).as("a value in each cell").isTrue();
        int age = correlations.columns().indexOf("age");
        int defaults = correlations.columns().indexOf("default");
        double r = correlations.matrix()[age][defaults];
        robot.moveTo(heatmap.localToScreen(heatmap.cellCentre("age", "default")));
        waitUntil(() -> heatmap.tooltip().isShowing()
                && heatmap.tooltip().getText().startsWith(String.format(Locale.US, "age and default: r = %.3f", r)));
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> heatmap.snapshot(null, null)).get();
        // the scale runs from blue (+1) at the top to red (−1) at the bottom, as the cells are coloured
        Color none = Color.web("#eaeef2");
        assertColour(image, heatmap.scalePoint(0.9), none.interpolate(Color.web("#1f6feb"), 0.15 + 0.85 * 0.9));
        assertColour(image, heatmap.scalePoint(-0.9), none.interpolate(Color.web("#d1242f"), 0.15 + 0.85 * 0.9));
        assertColour(image, heatmap.scalePoint(0.3), none.interpolate(Color.web("#1f6feb"), 0.15 + 0.85 * 0.3));
        assertNothingElided();
    }

    private static void assertColour(WritableImage image, Point2D at, Color expected) {
        Color actual = image.getPixelReader().getColor((int) at.getX(), (int) at.getY());
        assertThat(actual.getRed()).as("red at %s", at).isCloseTo(expected.getRed(), within(0.08));
        assertThat(actual.getGreen()).as("green at %s", at).isCloseTo(expected.getGreen(), within(0.08));
        assertThat(actual.getBlue()).as("blue at %s", at).isCloseTo(expected.getBlue(), within(0.08));
    }

    /** Every label and header on show in the Data workspace is drawn whole: none ends in an ellipsis. */
    private void assertNothingElided() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        List<ElidedText.Cut> cut = WaitForAsyncUtils.asyncFx(() -> ElidedText.under(robot.lookup("#data-view").query())).get();
        assertThat(cut).as("labels drawn cut off").isEmpty();
    }

    private List<String> visibleTexts(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            var texts = new ArrayList<String>();
            collectTexts(robot.lookup(query).query(), texts);
            return texts;
        }).get();
    }

    private static void collectTexts(Node node, List<String> texts) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Text text) {
            texts.add(text.getText());
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collectTexts(child, texts));
        }
    }

    /** Delivers a drag-and-drop of a file from outside the app, as the window system would. */
}
