package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.ChartCanvas;
import io.pipewright.ui.chart.LineChart;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The Experiments and Models workspaces in the real main window, under Monocle, used as a person would. */
class ExperimentsWindowTest extends AppWindowTest {

    /** 300 runs of "sweep": depth = i % 5, a loss history of 30 steps, an AUC; seeds 1..3. */
    private void fillStore() {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            Instant t0 = Instant.parse("2026-06-01T08:00:00Z");
            for (int i = 0; i < 300; i++) {
                var run = runs.record("sweep", String.format("s%03d", i), null, Runs.FINISHED, t0.plusSeconds(60L * i), t0.plusSeconds(60L * i + 30), null);
                runs.params(run.id(), Map.of("train.algorithm", "xgboost", "train.hyperparameters.max_depth", String.valueOf(i % 5)));
                for (int step = 0; step < 30; step++) {
                    runs.metric(run.id(), "train.valid_log_loss", step, 1.0 / (step + 1) + (i % 5) / 50.0, t0.plusSeconds(60L * i + step));
                }
                runs.metric(run.id(), "eval.roc_auc", 0, 0.6 + i / 1000.0, t0);
            }
            runs.flush();
        }
    }

    private void launch(String... extra) throws Exception {
        var args = new java.util.ArrayList<String>();
        args.add("--home=" + home);
        args.addAll(java.util.List.of(extra));
        app = FxToolkit.setupApplication(PipewrightApp.class, args.toArray(String[]::new));
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
    }

    private Node row(int index) {
        return robot.lookup("#runs-table .table-row-cell").nth(index).query();
    }

    @Test
    void runsAreFilteredComparedAndOpened() throws Exception {
        fillStore();
        launch();
        robot.clickOn("#workspace-experiments");
        waitUntil(() -> text("#run-count").equals("300 runs"));
        TableView<?> table = robot.lookup("#runs-table").queryTableView();
        waitUntil(() -> robot.lookup("s299").tryQuery().isPresent());
        assertThat(table.getColumns()).extracting(column -> column.getText())
                .contains("metrics.eval.roc_auc", "metrics.train.valid_log_loss", "params.train.algorithm");

        robot.clickOn("#run-filter").write("metrics.eval.roc_auc > and").type(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#filter-error").queryAs(Label.class).isVisible());
        assertThat(text("#filter-error")).isEqualTo("expected a number but found 'and' at position 24");
        assertThat(text("#run-count")).as("a refused filter leaves the table as it was").isEqualTo("300 runs");

        robot.doubleClickOn("#run-filter").push(KeyCode.CONTROL, KeyCode.A).write("params.train.hyperparameters.max_depth = '2'").type(KeyCode.ENTER);
        waitUntil(() -> text("#run-count").equals("60 runs"));
        assertThat(robot.lookup("#filter-error").queryAs(Label.class).isVisible()).isFalse();
        waitUntil(() -> robot.lookup("s297").tryQuery().isPresent());

        robot.clickOn(row(0));
        robot.press(KeyCode.SHIFT).clickOn(row(3)).release(KeyCode.SHIFT);
        waitUntil(() -> robot.lookup("Compare 4").tryQuery().isPresent());
        robot.clickOn("#compare-button");
        waitUntil(() -> robot.lookup("#compare-tabs").tryQuery().isPresent());
        robot.clickOn("Curves");
        waitUntil(() -> robot.lookup("#chart-curves").queryAs(ChartCanvas.class).getChart() != null);
        var curves = (LineChart) robot.lookup("#chart-curves").queryAs(ChartCanvas.class).getChart();
        assertThat(curves.series()).extracting(LineChart.Series::name).containsExactly("s297", "s292", "s287", "s282");
        assertThat(curves.series().get(0).x()).hasSize(30);

        robot.clickOn("Parallel coordinates");
        waitUntil(() -> robot.lookup("#chart-parallel-coordinates").queryAs(ChartCanvas.class).getChart() != null);
        robot.clickOn("Table");
        robot.clickOn("#differences-only");
        waitUntil(() -> robot.lookup("#comparison-table").queryTableView().getItems().size() == 1);

        robot.clickOn("Runs");
        robot.doubleClickOn("s297", MouseButton.PRIMARY);
        waitUntil(() -> robot.lookup("#run-detail-s297").tryQuery().isPresent());
        robot.clickOn("Params (2)");
        waitUntil(() -> robot.lookup("train.hyperparameters.max_depth").tryQuery().isPresent());
        TabPane tabs = robot.lookup("#experiment-tabs").query();
        assertThat(tabs.getTabs()).extracting(tab -> tab.getText()).containsExactly("Runs", "Compare 4 runs", "Run s297");
    }

    /** Two runs of one pipeline, a minute apart, as pipewright run names them, each with an evaluation (ROC and PR curves). */
    private void twoRunsOfOnePipeline() throws Exception {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            Instant t0 = Instant.parse("2026-12-05T23:10:45Z");
            String[] keys = {"20261205-231045-3fe0b5", "20261205-231112-3fd9a1"};
            for (int i = 0; i < 2; i++) {
                var run = runs.record("credit-risk", keys[i], "credit-risk.yaml", Runs.FINISHED, t0.plusSeconds(27L * i), t0.plusSeconds(27L * i + 20), null);
                runs.params(run.id(), Map.of("train.hyperparameters.max_depth", String.valueOf(3 + i)));
                var evaluation = new io.pipewright.pipeline.Evaluation("classification", Map.of("roc_auc", 0.8123 + i / 100.0, "pr_auc", 0.6547 + i / 100.0),
                        Map.of(), java.util.List.of("good", "bad"), new long[][] {{120, 20}, {25, 35}}, 200, Map.of("bad",
                        new io.pipewright.pipeline.Evaluation.Curves(
                                new io.pipewright.train.Metrics.Curve(new double[] {0, 0.2, 1}, new double[] {0, 0.7, 1}, new double[] {1, 0.5, 0}),
                                new io.pipewright.train.Metrics.Curve(new double[] {0, 0.7, 1}, new double[] {1, 0.8, 0.3}, new double[] {1, 0.5, 0}))));
                java.nio.file.Path file = java.nio.file.Files.createDirectories(home.resolve("artifacts/" + keys[i])).resolve("eval.evaluation.json");
                java.nio.file.Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(evaluation));
                runs.artifact(run.id(), file.toString(), "evaluation", java.nio.file.Files.size(file), "0".repeat(64));
            }
            runs.flush();
        }
    }

    /** The texts a chart draws at the size it is shown. */
    private static java.util.List<String> drawnTexts(ChartCanvas canvas) {
        var svg = new io.pipewright.ui.chart.SvgSurface(canvas.getWidth(), canvas.getHeight());
        canvas.getChart().draw(svg, io.pipewright.ui.chart.Palette.LIGHT);
        var texts = new java.util.ArrayList<String>();
        var matcher = java.util.regex.Pattern.compile(">([^<]*)</text>").matcher(svg.toSvg());
        while (matcher.find()) {
            texts.add(matcher.group(1));
        }
        return texts;
    }

    @Test
    void comparedRunsAreToldApartInTheTableAndTheLegends() throws Exception {
        twoRunsOfOnePipeline();
        launch();
        robot.clickOn("#workspace-experiments");
        waitUntil(() -> text("#run-count").equals("2 runs"));
        TableView<?> runsTable = robot.lookup("#runs-table").queryTableView();
        robot.interact(() -> runsTable.getSelectionModel().selectAll());
        robot.clickOn("#compare-button");
        waitUntil(() -> robot.lookup("#compare-tabs").tryQuery().isPresent());
        TableView<?> table = robot.lookup("#comparison-table").queryTableView();
        waitUntil(() -> table.getColumns().size() == 4 && !table.getItems().isEmpty());

        // before: both headers cut to "20261205-231…"
        waitUntil(() -> robot.lookup("#run-header-1").tryQuery().isPresent());
        Label first = robot.lookup("#run-header-0").queryAs(Label.class);
        Label second = robot.lookup("#run-header-1").queryAs(Label.class);
        assertThat(java.util.Set.of(first.getText(), second.getText())).containsExactlyInAnyOrder("231045", "231112");
        assertThat(first.getTooltip().getText()).startsWith("20261205-");
        waitUntilNothingCut(table);

        // before: the legends cut to "20261205-231045-3f…", hiding AUC and AP
        robot.clickOn("Evaluation");
        waitUntil(() -> robot.lookup(".chart-canvas").queryAll().size() >= 4);
        var charts = robot.lookup(".chart-canvas").queryAllAs(ChartCanvas.class).stream().filter(canvas -> canvas.getChart() instanceof LineChart)
                .toList();
        assertThat(charts).hasSize(2);
        var drawn = new java.util.ArrayList<String>();
        robot.interact(() -> charts.forEach(canvas -> drawn.addAll(drawnTexts(canvas))));
        String space = "\u00a0";
        assertThat(drawn).anyMatch(line -> line.contains("AUC" + space + "0.8123")).anyMatch(line -> line.contains("AUC" + space + "0.8223"))
                .anyMatch(line -> line.contains("AP" + space + "0.6547")).anyMatch(line -> line.contains("AP" + space + "0.6647"))
                .anyMatch(line -> line.startsWith("231045")).anyMatch(line -> line.startsWith("231112"))
                .noneMatch(line -> line.contains("…"));
    }

    @Test
    void chosenColumnsAreRememberedForTheExperiment() throws Exception {
        fillStore();
        launch();
        robot.clickOn("#workspace-experiments");
        waitUntil(() -> text("#run-count").equals("300 runs"));
        robot.clickOn("#columns-button");
        // the menu is built as it opens; choose Metrics › train.valid_log_loss › Minimum in it
        javafx.scene.control.MenuButton button = robot.lookup("#columns-button").query();
        robot.interact(() -> {
            var metrics = (javafx.scene.control.Menu) button.getItems().stream().filter(item -> "Metrics".equals(item.getText())).findFirst().orElseThrow();
            var loss = (javafx.scene.control.Menu) metrics.getItems().stream().filter(item -> "train.valid_log_loss".equals(item.getText())).findFirst()
                    .orElseThrow();
            var minimum = (javafx.scene.control.CheckMenuItem) loss.getItems().stream().filter(item -> "Minimum".equals(item.getText())).findFirst()
                    .orElseThrow();
            minimum.setSelected(true);
            minimum.fire();
            button.hide();
        });
        TableView<?> table = robot.lookup("#runs-table").queryTableView();
        waitUntil(() -> table.getColumns().stream().anyMatch(column -> column.getText().equals("min(metrics.train.valid_log_loss)")));

        closeAppAndWaitForTheStore();
        launch();
        robot.clickOn("#workspace-experiments");
        waitUntil(() -> text("#run-count").equals("300 runs"));
        TableView<?> again = robot.lookup("#runs-table").queryTableView();
        waitUntil(() -> again.getColumns().stream().anyMatch(column -> column.getText().equals("min(metrics.train.valid_log_loss)")));
    }

    @Test
    void anUnreachableSharedStoreLeavesTheAppOnTheEmbeddedStore() throws Exception {
        launch("--store=jdbc:postgresql://127.0.0.1:1/team?user=ml&password=secret");
        assertThat(text("#store-location")).isEqualTo(home.resolve("store").toString());
        waitUntil(() -> text("#status-message").contains("embedded store"));
        assertThat(text("#status-message")).contains("cannot open the store").contains("127.0.0.1:1").doesNotContain("secret");
        robot.clickOn("#workspace-experiments");
        waitUntil(() -> text("#experiments-message").startsWith("No runs yet"));
    }

    /** Versions of credit-risk with what their pipeline kept for the gates: {@code signal[v]} a model of the signal, else of noise. */
    private java.util.List<java.nio.file.Path> registerVersions(boolean... signal) throws java.io.IOException {
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(home.resolve("models"));
        var good = io.pipewright.pipeline.gate.GateFixtures.model(java.util.List.of("x"), 1);
        var files = new java.util.ArrayList<java.nio.file.Path>();
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var registry = new io.pipewright.track.ModelRegistry(store, Clock.systemUTC());
            for (boolean s : signal) {
                var model = s ? good : io.pipewright.pipeline.gate.GateFixtures.model(java.util.List.of("noise"), 2);
                int v = io.pipewright.pipeline.gate.GateFixtures.registerKept(registry, folder, "credit-risk", model,
                        io.pipewright.pipeline.gate.GateFixtures.rows(300, 9), io.pipewright.pipeline.gate.GateSettings.DEFAULTS);
                files.add(folder.resolve("credit-risk-v" + v + ".pwmodel"));
            }
            registry.setAlias("credit-risk", "challenger", signal.length, "register");
        }
        return files;
    }

    @Test
    void theModelsWorkspacePromotesAVersionInOneClick() throws Exception {
        var files = registerVersions(true, true);
        launch();
        robot.clickOn("#workspace-models");
        waitUntil(() -> robot.lookup("#version-table").queryTableView().getItems().size() == 2);
        robot.clickOn("challenger");
        waitUntil(() -> robot.lookup("credit-risk:2  (" + files.get(1) + ")").tryQuery().isPresent());
        robot.clickOn("#champion-button");
        waitUntil(() -> robot.lookup("challenger, champion").tryQuery().isPresent());
        assertThat(robot.lookup("#alias-history").queryTableView().getItems()).hasSize(2);
        assertThat(text("#status-message")).isEqualTo("credit-risk@champion is now version 2");

        TableView<?> versions = robot.lookup("#version-table").queryTableView();
        robot.interact(() -> versions.getSelectionModel().select(1));
        waitUntil(() -> robot.lookup("credit-risk:1  (" + files.get(0) + ")").tryQuery().isPresent());
        robot.clickOn("#promote-button");
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.clickOn(".dialog-pane .text-field").push(KeyCode.CONTROL, KeyCode.A).write("staging").type(KeyCode.ENTER);
        waitUntil(() -> text("#status-message").equals("credit-risk@staging is now version 1"));
        assertThat(robot.lookup("#rollback-champion-button").queryButton().isDisabled()).as("champion was set once: nothing to go back to").isTrue();
    }

    @Test
    void aPromotionTheGatesRefuseShowsItsEvidenceInAliasHistoryAndCanBeForced() throws Exception {
        registerVersions(true, false);
        try (Store store = Store.open(home.resolve("store"), "test")) {
            new io.pipewright.track.ModelRegistry(store, Clock.systemUTC()).setAlias("credit-risk", "champion", 1, "promote");
        }
        launch();
        robot.clickOn("#workspace-models");
        TableView<io.pipewright.track.ModelRegistry.Version> versions = robot.lookup("#version-table").queryTableView();
        waitUntil(() -> versions.getItems().size() == 2);
        robot.interact(() -> versions.getSelectionModel().select(0));
        robot.clickOn("#champion-button");

        // the version 2 model guesses from noise: the gates refuse it, the champion stays on 1
        waitUntil(() -> robot.lookup("#gate-refusal").query().isVisible());
        assertThat(text("#gate-refusal-text")).startsWith("gate baseline failed: accuracy ").contains(" does not beat majority ")
                .endsWith("credit-risk:2 stays registered without alias champion");
        assertThat(versions.getItems().get(1).aliases()).containsExactly("champion");
        TableView<io.pipewright.track.ModelRegistry.AliasEvent> history = robot.lookup("#alias-history").queryTableView();
        waitUntil(() -> history.getItems().size() == 3);
        assertThat(history.getItems().get(0).action()).isEqualTo("refused");
        // the history's cells are drawn at the next pulse after its rows arrive
        waitUntil(() -> robot.lookup("refused: baseline, regression").tryQuery().isPresent());

        robot.interact(() -> history.getSelectionModel().select(0));
        waitUntil(() -> robot.lookup("#gate-baseline").tryQuery().isPresent());
        assertThat(labels("#gate-baseline")).contains("baseline · failed").anySatisfy(line -> assertThat(line).contains("does not beat majority"));
        assertThat(labels("#gate-regression")).anySatisfy(line -> assertThat(line).contains("vs credit-risk:1").contains("95% CI"));
        assertThat(labels("#alias-evidence")).anySatisfy(line -> assertThat(line).startsWith("Refused: champion stayed on version 1"));

        robot.clickOn("#promote-anyway-button");
        waitUntil(() -> text("#status-message").startsWith("credit-risk@champion is now version 2 (forced past: gate baseline failed"));
        waitUntil(() -> history.getItems().size() == 4);
        waitUntil(() -> robot.lookup("forced past baseline, regression").tryQuery().isPresent());
        assertThat(robot.lookup("#gate-refusal").query().isVisible()).isFalse();
        assertThat(history.getItems().get(0).forced()).isTrue();
    }

    /** The texts of the labels under a node. */
    private java.util.List<String> labels(String query) {
        return robot.lookup(query).queryAll().stream().flatMap(node -> node instanceof javafx.scene.Parent parent
                ? parent.lookupAll(".label").stream() : java.util.stream.Stream.of(node)).filter(node -> node instanceof Label)
                .map(node -> ((Label) node).getText()).toList();
    }

    @Test
    void rollBackChampionWaitsForAnEarlierChampionAndActionsKeepTheSelection() throws Exception {
        registerVersions(true, true);
        launch();
        robot.clickOn("#workspace-models");
        TableView<io.pipewright.track.ModelRegistry.Version> versions = robot.lookup("#version-table").queryTableView();
        waitUntil(() -> versions.getItems().size() == 2);
        javafx.scene.control.Button rollback = robot.lookup("#rollback-champion-button").queryButton();
        // before: enabled with no champion at all
        assertThat(rollback.isDisabled()).isTrue();

        robot.clickOn("challenger");
        robot.clickOn("#champion-button");
        waitUntil(() -> robot.lookup("challenger, champion").tryQuery().isPresent());
        // before: the selection was gone after every action
        waitUntil(() -> versions.getSelectionModel().getSelectedItem() != null);
        assertThat(versions.getSelectionModel().getSelectedItem().version()).isEqualTo(2);
        assertThat(rollback.isDisabled()).isTrue();

        // the table reloads after an action (keeping the selection): select version 1 once that has settled
        waitUntil(() -> {
            robot.interact(() -> versions.getSelectionModel().select(versions.getItems().stream().filter(v -> v.version() == 1).findFirst().orElse(null)));
            org.testfx.util.WaitForAsyncUtils.sleep(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            var chosen = versions.getSelectionModel().getSelectedItem();
            return chosen != null && chosen.version() == 1;
        });
        robot.clickOn("#champion-button");
        waitUntil(() -> text("#status-message").equals("credit-risk@champion is now version 1"));
        waitUntil(() -> !rollback.isDisabled());
        assertThat(versions.getSelectionModel().getSelectedItem().version()).isEqualTo(1);
        assertThat(rollback.getTooltip().getText()).isEqualTo("Point champion back at version 2");

        robot.clickOn(rollback);
        waitUntil(() -> text("#status-message").equals("credit-risk@champion rolled back to version 2"));
        waitUntil(() -> versions.getItems().get(0).aliases().contains("champion"));
        assertThat(versions.getSelectionModel().getSelectedItem().version()).isEqualTo(1);
    }
}
