package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.export.ExportFixtures;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import org.junit.jupiter.api.Test;

/**
 * The Deploy workspace in the real window, for a model trained through a features node: the form names the online store
 * it needs, and once a PostgreSQL store is typed the bundle is previewed with it and can be exported.
 */
class DeployFeaturesWindowTest extends AppWindowTest {

    @Override
    long waitSeconds() {
        return 60;
    }

    private TextField field(String option) {
        String id = "deploy-field-" + option;
        return (TextField) robot.lookup((javafx.scene.Node node) -> id.equals(node.getId())).query();
    }

    private static boolean holds(TreeItem<String> item, String name) {
        return item.getValue().equals(name) || item.getChildren().stream().anyMatch(child -> holds(child, name));
    }

    @Test
    void theFormAsksForTheOnlineStoreAndPreviewsTheBundleWithIt() throws Exception {
        Path artifact = home.resolve("churn-v2.pwmodel");
        Files.copy(ExportFixtures.featuresModel().artifact(), artifact);
        try (Store store = Store.open(home.resolve("store"), "test")) {
            new ModelRegistry(store, Clock.systemUTC()).register("churn", null, artifact.toString(),
                    io.pipewright.export.ModelFacts.sha256(artifact), "{}", "champion");
        }
        launchAt1280x800();
        openBundleOf("churn");

        // the model reads a feature view by entity key: the store is named above the form, its field marked, Export off
        waitUntil(() -> text("#deploy-problems").startsWith("features.online: model churn reads feature view customer_stats by entity key"));
        TextField online = field("features.online");
        assertThat(online.getStyleClass()).contains("invalid");
        Button export = robot.lookup("#deploy-export").queryButton();
        assertThat(export.isDisabled()).isTrue();
        assertThat(text("#deploy-message")).startsWith("Fix the options marked in the form: features.online:");

        robot.interact(() -> {
            online.setText("jdbc:postgresql://features-db:5432/features");
            field("features.credentialsSecret").setText("feature-store-login");
        });
        waitUntil(() -> !export.isDisabled());
        assertThat(online.getStyleClass()).doesNotContain("invalid");
        assertThat(text("#deploy-message")).contains("ready to export");
        TreeView<String> tree = robot.lookup("#deploy-files").query();
        assertThat(holds(tree.getRoot(), "values.yaml")).isTrue();

        // the section is whole at 1280 × 800, scrolled into view as a person would find it
        robot.interact(() -> {
            javafx.scene.Parent parent = online.getParent();
            while (!(parent instanceof ScrollPane)) {
                parent = parent.getParent();
            }
            ((ScrollPane) parent).setVvalue(1);
        });
        waitUntilNothingCut((javafx.scene.Parent) robot.lookup(".deploy-form").query());
        String shot = System.getProperty("pipewright.screenshot");
        if (shot != null) {
            var image = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> online.getScene().snapshot(null)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png", Path.of(shot).toFile());
        }
    }
}
