package io.pipewright.ui.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.DatasetVersions;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Runs;
import io.pipewright.track.SchemaColumn;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import io.pipewright.ui.common.ScriptedDialogs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The Datasets view shows what its model reads: the versions, a version's runs and models, and a model version's chain back to its data. */
class DatasetsViewTest {
    private static final List<SchemaColumn> SCHEMA = List.of(new SchemaColumn("age", "numeric"));
    private final FxRobot robot = new FxRobot();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void choosingAVersionAndAModelVersionShowsTheirLineage() throws Exception {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var version = new DatasetVersions(store).recordRead("/data/credit.csv", "CSV", 1234, "a".repeat(64), 1000, SCHEMA,
                    DatasetVersions.PIPELINE, Instant.parse("2026-11-01T10:00:00Z"));
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.start("credit-risk", "run-1", "credit-risk.yaml", 42L, "e".repeat(64), "name: credit-risk", null);
            runs.dataset(run.id(), "read", "a".repeat(64));
            runs.end(run.id(), Runs.FINISHED, null);
            new ModelRegistry(store, Clock.systemUTC()).register("credit-risk", "run-1", "/models/v1.pwmodel", "d".repeat(64), null, "challenger");

            Stage stage = FxToolkit.registerPrimaryStage();
            var model = new DatasetsViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), new Notifications());
            FxToolkit.setupSceneRoot(() -> new DatasetsView(model, new ScriptedDialogs(List.of())));
            robot.interact(() -> {
                stage.setWidth(1200);
                stage.setHeight(800);
                stage.show();
            });
            robot.clickOn("#datasets-refresh");
            TableView<?> list = robot.lookup("#datasets-list").queryAs(TableView.class);
            assertThat(list.getItems()).hasSize(1);
            assertThat(list.getSelectionModel().getSelectedIndex()).isZero();
            TableView<?> usage = robot.lookup("#datasets-usage").queryAs(TableView.class);
            assertThat(usage.getItems()).hasSize(1);
            assertThat(robot.lookup("#datasets-history").queryAs(TableView.class).getItems()).hasSize(1);
            assertThat(robot.lookup("#datasets-facts").queryAs(Label.class).getText()).startsWith("Version " + version.id() + " of /data/credit.csv")
                    .contains("1,000 rows × 1 columns").contains("no profile");

            @SuppressWarnings("unchecked")
            ComboBox<String> models = robot.lookup("#datasets-model").queryAs(ComboBox.class);
            assertThat(models.getItems()).containsExactly("credit-risk:1");
            robot.interact(() -> models.setValue("credit-risk:1"));
            VBox lineage = robot.lookup("#datasets-lineage").queryAs(VBox.class);
            String shown = robot.lookup("#datasets-lineage .label").queryAllAs(Label.class).stream().map(Label::getText)
                    .reduce("", (a, b) -> a + "\n" + b);
            assertThat(lineage.getChildren()).hasSize(3);
            assertThat(shown).contains("credit-risk:1 (challenger)").contains("run-1 of credit-risk, finished")
                    .contains("version " + version.id() + ", /data/credit.csv, 1,000 rows");
        }
    }
}
