package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.loop.ab.ServedLogFixture;
import io.pipewright.track.Store;
import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The Models workspace's A/B test tab in the real main window, under Monocle: a plan, a refused plan, and an analysis of a served split. */
class AbTestWindowTest extends AppWindowTest {

    private void launch() throws Exception {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var registry = new io.pipewright.track.ModelRegistry(store, Clock.systemUTC());
            registry.register("credit-risk", null, "/m/v1.pwmodel", "a".repeat(64), "{\"accuracy\": 0.74}", "champion");
            registry.register("credit-risk", null, "/m/v2.pwmodel", "b".repeat(64), "{\"accuracy\": 0.76}", "challenger");
        }
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#workspace-models");
        waitUntil(() -> robot.lookup("#version-table").queryTableView().getItems().size() == 2);
        robot.clickOn("A/B test");
        waitUntil(() -> robot.lookup("#ab-baseline").tryQuery().isPresent());
    }

    private void type(String query, String text) {
        robot.interact(() -> robot.lookup(query).queryAs(TextField.class).setText(text));
    }

    @Test
    void aPlanShowsTheSamplePerVariantAndAnImpossibleOneNamesTheField() throws Exception {
        launch();
        robot.clickOn("#ab-baseline").write("0.715");
        robot.clickOn("#ab-mde").write("0.03");
        robot.clickOn("#ab-traffic").write("2000");
        robot.clickOn("#ab-plan-button");
        waitUntil(() -> !text("#ab-plan-result").isEmpty());
        assertThat(text("#ab-plan-result")).isEqualTo("a 3,437 and b 3,437: 6,874 in total, 4 days (two-proportion z-test)");

        type("#ab-power", "1.5");
        robot.clickOn("#ab-plan-button");
        waitUntil(() -> !text("#ab-plan-message").isEmpty());
        assertThat(text("#ab-plan-message")).isEqualTo("Power must be between 0 and 1 (exclusive), not 1.5");
        assertThat(text("#ab-plan-result")).isEmpty();
    }

    @Test
    void anAnalysisOfAServedSplitShowsTheVerdictAndTheVersionsOfTheChosenModel() throws Exception {
        Path served = ServedLogFixture.write(home.resolve("served"), 1, 4000, 0.5, 0.70, 0.76);
        launch();
        type("#ab-log-folder", served.toString());
        robot.clickOn("#ab-analyze-button");
        waitUntil(() -> !text("#ab-verdict").isEmpty());
        assertThat(text("#ab-verdict")).isEqualTo("Verdict: switch");
        assertThat(text("#ab-reason")).startsWith("b is better on accuracy");
        assertThat(robot.lookup("credit-risk:3").tryQuery()).as("b's version, named by the chosen model").isPresent();
        assertThat(text("#ab-sample-ratio")).contains("passed");
        assertThat(text("#ab-sequential")).startsWith("Sequential (mSPRT, normal mixture, τ 0.1): always-valid p = ");

        // the same log against a split it did not have
        type("#ab-split", "0.3");
        robot.clickOn("#ab-analyze-button");
        waitUntil(() -> text("#ab-verdict").equals("Verdict: invalid: sample ratio mismatch"));
        assertThat(text("#ab-sample-ratio")).contains("mismatch");

        type("#ab-log-folder", home.resolve("nowhere").toString());
        robot.clickOn("#ab-analyze-button");
        waitUntil(() -> !text("#ab-analysis-message").isEmpty());
        assertThat(text("#ab-analysis-message")).startsWith(home.resolve("nowhere") + ": no such folder");
    }
}
