package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.data.lake.LayerCatalog;
import io.pipewright.data.lake.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.matcher.control.LabeledMatchers;

/**
 * The Layers tab in the real window, on a data folder given with {@code --data}: a Bronze version and a Gold version
 * committed from it are listed by layer, and each one's chain runs across the layers; a step of the chain goes to it.
 */
class LayersWindowTest extends AppWindowTest {
    private static final Path CREDIT = Path.of("sample-data/credit/credit.csv").toAbsolutePath();

    @Override
    long waitSeconds() {
        return 60;
    }

    @SuppressWarnings("unchecked")
    @Test
    void aGoldVersionShowsTheBronzeVersionItCameFromAndTheBronzeOneLeadsToIt() throws Exception {
        Path data = home.resolve("team-data");
        var snapshots = new Snapshots(data);
        snapshots.commit(CREDIT, "bronze", "credit", "applicants as exported", List.of("applicant_id"), CREDIT.toString(), done -> { });
        Path checkedOut = home.resolve("scratch/credit.csv");
        snapshots.checkout(snapshots.resolve("bronze/credit"), checkedOut, done -> { });
        List<String> lines = Files.readAllLines(checkedOut);
        Path owners = Files.write(home.resolve("scratch/owners.csv"), lines.stream().filter(line -> !line.contains(",rent,")).toList());
        snapshots.commit(owners, "gold", "credit", "home owners only", List.of(), "bronze/credit@1", done -> { });

        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home, "--data=" + data);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#workspace-quality");
        TabPane tabs = robot.lookup("#quality-workspace").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(tab -> tab.getText()).containsExactly("Validation", "Drift", "Datasets", "Layers", "Monitors");
        robot.clickOn(robot.lookup(".tab-label").match(LabeledMatchers.hasText("Layers")).<Node>query());
        waitUntil(() -> robot.lookup("#layers-datasets").tryQuery().isPresent());
        assertThat(text("#layers-folder")).isEqualTo("Data folder: " + data);

        TableView<LayerCatalog.Entry> datasets = robot.lookup("#layers-datasets").queryAs(TableView.class);
        waitUntil(() -> datasets.getItems().size() == 2);
        assertThat(datasets.getItems()).extracting(LayerCatalog.Entry::reference).containsExactly("bronze/credit", "gold/credit");
        assertThat(datasets.getColumns()).extracting(column -> (Object) column.getCellData(1)).containsExactly("gold/credit", "1 version",
                String.format(java.util.Locale.ROOT, "%,d", lines.size() - 1 - lines.stream().filter(line -> line.contains(",rent,")).count()), "");

        // the Gold dataset: its version, and its chain back to Bronze
        robot.clickOn(robot.lookup("#layers-datasets .table-cell").match(LabeledMatchers.hasText("gold/credit")).<Node>query());
        TableView<Snapshots.Version> versions = robot.lookup("#layers-versions").queryAs(TableView.class);
        waitUntil(() -> versions.getItems().size() == 1 && versions.getItems().get(0).layer().equals("gold"));
        assertThat(versions.getColumns()).extracting(column -> column.getText())
                .containsExactly("Version", "Created", "Rows", "Columns", "Size", "Stored", "Message", "Source");
        assertThat(versions.getColumns()).extracting(column -> (Object) column.getCellData(0)).element(6).isEqualTo("home owners only");
        assertThat(versions.getColumns().get(7).getCellData(0)).isEqualTo("bronze/credit@1");
        waitUntil(() -> robot.lookup("#layers-chain-title").tryQuery().map(title -> ((Label) title).getText().equals("Lineage of gold/credit@1"))
                .orElse(false));
        assertThat(chainColumns()).containsExactly(
                "Bronze | bronze/credit@1",
                "Silver | –",
                "Gold | gold/credit@1",
                "Runs that read it | no run has read it",
                "Model versions | none registered");
        assertThat(text("#layers-chain-facts")).contains("Source: bronze/credit@1");

        // a click on the Bronze step goes to it: the Gold version made from it is down its chain
        robot.clickOn(robot.lookup("#layers-chain-columns .layers-step").match(node -> texts(node).contains("bronze/credit@1")).<Node>query());
        waitUntil(() -> robot.lookup("#layers-chain-title").tryQuery().map(title -> ((Label) title).getText().equals("Lineage of bronze/credit@1"))
                .orElse(false));
        assertThat(datasets.getSelectionModel().getSelectedItem().reference()).isEqualTo("bronze/credit");
        assertThat(chainColumns()).startsWith("Bronze | bronze/credit@1", "Silver | –", "Gold | gold/credit@1");
        assertThat(versions.getColumns().get(7).getCellData(0)).isEqualTo("credit.csv");

        // at 1280 × 800 the tables' headers and values are whole
        assertThat(robot.lookup("#layers-view").query().getScene().getWidth()).isEqualTo(1280);
        waitUntilNothingCut(datasets);
        waitUntilNothingCut(versions);
    }

    @Test
    void anEmptyDataFolderNamesTheCommandThatKeepsAFirstVersion() throws Exception {
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#workspace-quality");
        TabPane tabs = robot.lookup("#quality-workspace").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(3));
        waitUntil(() -> robot.lookup("#layers-message").tryQuery().map(label -> ((Label) label).getText().contains("pipewright datasets commit"))
                .orElse(false));
        assertThat(text("#layers-message")).startsWith("No dataset in a layer yet. `pipewright datasets commit FILE --name NAME --layer bronze`");
        assertThat(text("#layers-folder")).isEqualTo("Data folder: " + home.resolve("data"));
    }

    /** Each column of the chain as "header | step, step…", the steps by their first line. */
    private List<String> chainColumns() throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> {
            HBox columns = robot.lookup("#layers-chain-columns").queryAs(HBox.class);
            return columns.getChildren().stream().filter(node -> node.getStyleClass().contains("layers-column")).map(column -> {
                var children = ((Pane) column).getChildren();
                String header = ((Label) children.get(0)).getText();
                String steps = children.stream().skip(1).map(step -> step instanceof Label label ? label.getText() : texts(step).get(0))
                        .collect(Collectors.joining(", "));
                return header + " | " + steps;
            }).toList();
        }).get();
    }

    private static List<String> texts(Node node) {
        return node instanceof Pane pane ? pane.getChildren().stream().filter(Label.class::isInstance).map(child -> ((Label) child).getText()).toList()
                : List.of();
    }
}
