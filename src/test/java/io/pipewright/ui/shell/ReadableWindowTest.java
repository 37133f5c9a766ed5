package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every workspace at 1280×800 with something in it (a profile, a pipeline, runs, a registered
 * model, a validation and a drift report): no label, button or column header is drawn cut short,
 * and a cut table cell has a tooltip with its whole value.
 */
class ReadableWindowTest extends AppWindowTest {
    private static final Path CREDIT = Path.of("sample-data/credit/credit.csv").toAbsolutePath();
    private static final Path LATER = Path.of("sample-data/credit/incoming/credit-2027-11.csv").toAbsolutePath();

    private final Map<String, List<ElidedText.Cut>> cuts = new LinkedHashMap<>();

    @Override
    long waitSeconds() {
        return 90;
    }

    @SuppressWarnings("unchecked")
    @Test
    void everyWorkspaceDrawsItsLabelsAndHeadersWholeAt1280x800() throws Exception {
        prepareHome();
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        Stage stage = (Stage) FxToolkit.toolkitContext().getRegisteredStage();
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        checkShown("Home");

        robot.clickOn("#open-sample-credit");
        waitUntil(() -> robot.lookup("#data-status").tryQuery().isPresent() && text("#data-status").equals("1,000 rows × 10 columns"));
        // the column list fills a few cells a pulse
        waitUntil(() -> robot.lookup("#column-list").queryListView().getItems().size() == 10);
        checkShown("Data");

        robot.clickOn("#workspace-home");
        robot.clickOn("#open-sample-pipeline-credit-risk");
        waitUntil(() -> robot.lookup(".pipeline-node").queryAll().size() == 5);
        checkShown("Pipelines");

        robot.clickOn("#workspace-training");
        checkShown("Training");

        robot.clickOn("#workspace-experiments");
        waitUntil(() -> text("#run-count").equals("2 runs"));
        checkShown("Experiments");
        TableView<?> runs = robot.lookup("#runs-table").queryTableView();
        robot.interact(() -> runs.getSelectionModel().selectAll());
        robot.clickOn("#compare-button");
        waitUntil(() -> robot.lookup("#compare-tabs").tryQuery().isPresent()
                && !robot.lookup("#comparison-table").queryTableView().getItems().isEmpty());
        checkShown("Experiments, compared");

        // a recorded run in the training monitor: its curves, trials and result
        robot.clickOn("#workspace-experiments");
        TabPane experimentTabs = robot.lookup("#experiment-tabs").queryAs(TabPane.class);
        robot.interact(() -> experimentTabs.getSelectionModel().select(0));
        robot.interact(() -> runs.getSelectionModel().clearAndSelect(0));
        robot.clickOn("#open-run-button");
        waitUntil(() -> robot.lookup("#show-in-training").tryQuery().isPresent());
        robot.clickOn("#show-in-training");
        waitUntil(() -> robot.lookup("#training-view").queryAs(Node.class).isVisible() && !text("#training-title").isBlank());
        checkShown("Training, a recorded run");

        robot.clickOn("#workspace-models");
        ListView<?> models = robot.lookup("#model-list").queryListView();
        waitUntil(() -> !models.getItems().isEmpty());
        robot.interact(() -> models.getSelectionModel().select(0));
        waitUntil(() -> robot.lookup("#version-table").queryTableView().getItems().size() == 2);
        checkShown("Models");

        robot.clickOn("#workspace-deploy");
        waitUntil(() -> !robot.lookup("#deploy-files").queryAs(Node.class).isDisabled()
                && robot.lookup("#deploy-source").tryQuery().isPresent());
        checkShown("Deploy");

        robot.clickOn("#workspace-quality");
        TabPane tabs = robot.lookup("#quality-workspace").queryAs(TabPane.class);
        drop("#validation-view", List.of(CREDIT.toFile()));
        waitUntil(() -> text("#validation-dataset-label").equals("credit.csv"));
        robot.clickOn("#validation-generate");
        Button validate = robot.lookup("#validation-validate").queryButton();
        waitUntil(() -> !validate.isDisabled());
        robot.clickOn(validate);
        waitUntil(() -> text("#validation-banner").startsWith("PASSED"));
        checkShown("Quality · Validation");

        robot.interact(() -> tabs.getSelectionModel().select(1));
        waitUntil(() -> robot.lookup("#drift-view").tryQuery().isPresent());
        drop("#drift-view", List.of(CREDIT.toFile(), LATER.toFile()));
        Button run = robot.lookup("#drift-run").queryButton();
        waitUntil(() -> !run.isDisabled());
        robot.clickOn(run);
        TableView<?> drifted = robot.lookup("#drift-columns").queryAs(TableView.class);
        waitUntil(() -> !drifted.getItems().isEmpty());
        checkShown("Quality · Drift");

        robot.interact(() -> tabs.getSelectionModel().select(2));
        TableView<?> versions = robot.lookup("#datasets-list").queryAs(TableView.class);
        waitUntil(() -> !versions.getItems().isEmpty());
        robot.interact(() -> versions.getSelectionModel().select(0));
        checkShown("Quality · Datasets");

        robot.interact(() -> tabs.getSelectionModel().select(4));
        waitUntil(() -> robot.lookup("#monitors-view").tryQuery().isPresent());
        checkShown("Quality · Monitors");

        assertThat(cuts).as("text drawn cut short, by workspace").allSatisfy((workspace, found) -> assertThat(found).as(workspace).isEmpty());
    }

    /** Two runs of the credit sample, tuned in 3 trials, its first version the champion, its second the candidate. */
    private void prepareHome() throws Exception {
        Path pipeline = home.resolve("credit-risk.yaml");
        Files.createDirectories(home);
        Files.writeString(pipeline, Files.readString(Path.of("sample-data/pipelines/credit-risk.yaml"))
                .replace("../credit/credit.csv", CREDIT.toString()));
        cli("run", pipeline.toString(), "--set", "train.trials=3");
        // another split's model under an alias of its own: against the challenger it would be judged on rows version 1 trained on
        cli("run", pipeline.toString(), "--set", "train.trials=3", "--seed", "7", "--set", "register.alias=candidate");
        cli("models", "promote", "credit-risk", "1");
    }

    private void cli(String... args) {
        var all = new String[args.length + 1];
        all[0] = "--home=" + home;
        System.arraycopy(args, 0, all, 1, args.length);
        var err = new StringWriter();
        int code = Cli.execute(all, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), Map.of());
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
    }

    /** Records what is cut in the window as it shows a workspace (hidden workspaces are skipped), once it is laid out. */
    private void checkShown(String workspace) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Node root = robot.lookup("#main-window").query();
        cuts.put(workspace, WaitForAsyncUtils.asyncFx(() -> ElidedText.under(root)).get());
    }

}
