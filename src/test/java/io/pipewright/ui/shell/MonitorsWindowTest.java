package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Store;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The Monitors tab of the real window shows what a retraining trained on, the challenger's two scores and what promotion did. */
class MonitorsWindowTest extends AppWindowTest {

    @SuppressWarnings("unchecked")
    @Test
    void aRetrainedCheckShowsItsDataTheChallengersScoresAndThePromotion() throws Exception {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var checks = new MonitorChecks(store);
            var check = checks.record(new MonitorChecks.Check(0, "credit-risk-monthly", "/data/monitors/credit-risk.yaml", Instant.parse("2027-11-30T08:00:00Z"),
                    "credit-risk", 1, "/data/credit/credit.csv", "/data/credit/incoming/credit-2027-11.csv", 800L, true, 0.38, 0.41, "purpose",
                    "accuracy", 0.72, 0.66, 0.083, true, List.of("PSI of purpose is 0.410 (threshold 0.20)"), "retraining", null, null, null), "{}");
            check = checks.finish(check, "retrained", "20271130-080000-abcdef", "credit-risk:2", null, new MonitorChecks.Retraining("reference+new", null,
                    "reference+new: the reference and the new labelled rows (1440 training rows), 0 duplicate rows and 200 test rows left out; holdout 160 of 800 new rows",
                    List.of(new MonitorChecks.DatasetRead("reference", "/data/credit/credit.csv", "a".repeat(64), 1000),
                            new MonitorChecks.DatasetRead("new", "/data/credit/incoming/credit-2027-11.csv", "b".repeat(64), 800)),
                    1440, 160, 800, 0, 200, Map.of("accuracy", 0.7125), 200L, Map.of("accuracy", 0.735)));
            checks.promoted(check, new MonitorChecks.Promotion("manual", "champion", false, "credit-risk:2 is the challenger"));
        }
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#workspace-quality");
        TabPane tabs = robot.lookup("#quality-workspace").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(4));
        waitUntil(() -> robot.lookup("#monitor-history").tryQuery().isPresent());
        TableView<MonitorChecks.Check> table = robot.lookup("#monitor-history").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 1);

        var shown = table.getItems().get(0);
        assertThat(table.getColumns()).extracting(column -> column.getText() + ": " + column.getCellData(shown)).contains(
                "Trained on: reference+new · 1440 rows · 2 files",
                "Challenger scores: accuracy 0.7125 on the new data's holdout (160 rows), 0.7350 on the champion's test data (200 rows)",
                "Promotion: manual (challenger only)");
    }
}
