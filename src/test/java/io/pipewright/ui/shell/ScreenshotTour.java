package io.pipewright.ui.shell;

import java.awt.image.BufferedImage;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.PixelFormat;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Walks the running app through its workspaces and saves a snapshot of the window at each stop,
 * for the README: {@code ScreenshotTour HOME OUT_DIR [EXPERIMENT]}, with HOME holding runs and registered models
 * (made with {@code pipewright run}); the Deploy workspace opens on its newest registered version. Run it under Xvfb for the platform's fonts, or under Monocle.
 */
public final class ScreenshotTour {
    private ScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        FxToolkit.registerPrimaryStage();
        var app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + args[0]);
        Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        Scene scene = stage.getScene();
        waitFor(() -> !find(scene, "#store-status", javafx.scene.control.Label.class).getText().isEmpty());

        on(() -> find(scene, "#workspace-experiments", ToggleButton.class).fire());
        TableView<?> table = find(scene, "#runs-table", TableView.class);
        waitFor(() -> table.getItems().size() > 0);
        if (args.length > 2) {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ListView<io.pipewright.track.RunPages.Experiment> experiments = find(scene, "#experiment-list",
                    javafx.scene.control.ListView.class);
            on(() -> experiments.getItems().stream().filter(e -> e.name().equals(args[2])).findFirst()
                    .ifPresent(e -> experiments.getSelectionModel().select(e)));
            waitFor(() -> table.getItems().size() > 2);
        }
        Thread.sleep(1500);
        save(scene, out.resolve("experiments.png"));

        on(() -> table.getSelectionModel().selectAll());
        on(() -> find(scene, "#compare-button", Button.class).fire());
        waitFor(() -> scene.lookup("#compare-tabs") != null);
        TabPane compareTabs = find(scene, "#compare-tabs", TabPane.class);
        on(() -> compareTabs.getSelectionModel().select(1));
        Thread.sleep(2500);
        on(() -> ((javafx.scene.control.ComboBox<String>) find(scene, "#group-by", javafx.scene.control.ComboBox.class))
                .setValue("train.hyperparameters.max_depth"));
        Thread.sleep(1500);
        save(scene, out.resolve("compare-curves.png"));
        on(() -> compareTabs.getSelectionModel().select(2));
        Thread.sleep(1500);
        save(scene, out.resolve("compare-parallel.png"));
        on(() -> compareTabs.getSelectionModel().select(5));
        Thread.sleep(1500);
        save(scene, out.resolve("compare-evaluation.png"));
        on(() -> compareTabs.getSelectionModel().select(0));
        Thread.sleep(1000);
        save(scene, out.resolve("compare-table.png"));

        on(() -> find(scene, "#workspace-models", ToggleButton.class).fire());
        TableView<?> versions = find(scene, "#version-table", TableView.class);
        waitFor(() -> versions.getItems().size() > 0);
        on(() -> versions.getSelectionModel().select(0));
        Thread.sleep(1500);
        save(scene, out.resolve("models.png"));
        // the details tabs below the versions: the chosen version's scorecard, and an A/B test planned
        javafx.scene.control.TabPane details = find(scene, "#model-details", javafx.scene.control.TabPane.class);
        on(() -> details.getTabs().stream().filter(tab -> "health-tab".equals(tab.getId())).findFirst().ifPresent(tab -> details.getSelectionModel().select(tab)));
        Thread.sleep(2500);
        save(scene, out.resolve("models-health.png"));
        on(() -> details.getTabs().stream().filter(tab -> "ab-tab".equals(tab.getId())).findFirst().ifPresent(tab -> details.getSelectionModel().select(tab)));
        on(() -> {
            find(scene, "#ab-baseline", javafx.scene.control.TextField.class).setText("0.73");
            find(scene, "#ab-mde", javafx.scene.control.TextField.class).setText("0.05");
            find(scene, "#ab-traffic", javafx.scene.control.TextField.class).setText("2000");
        });
        on(() -> find(scene, "#ab-plan-button", Button.class).fire());
        Thread.sleep(2000);
        save(scene, out.resolve("models-ab.png"));

        // the Deploy workspace, opened on that version, with a chart template shown
        on(() -> find(scene, "#export-bundle-button", Button.class).fire());
        javafx.scene.control.ListView<?> checks = find(scene, "#deploy-validation", javafx.scene.control.ListView.class);
        waitFor(() -> checks.getItems().size() >= 8);
        @SuppressWarnings("unchecked")
        javafx.scene.control.TreeView<String> files = find(scene, "#deploy-files", javafx.scene.control.TreeView.class);
        on(() -> {
            var helm = files.getRoot().getChildren().stream().filter(item -> item.getValue().equals("helm/")).findFirst().orElseThrow();
            helm.setExpanded(true);
            var chart = helm.getChildren().get(0);
            chart.setExpanded(true);
            var templates = chart.getChildren().stream().filter(item -> item.getValue().equals("templates/")).findFirst().orElseThrow();
            templates.setExpanded(true);
            templates.getChildren().stream().filter(item -> item.getValue().equals("deployment.yaml")).findFirst()
                    .ifPresent(item -> files.getSelectionModel().select(item));
        });
        Thread.sleep(1500);
        save(scene, out.resolve("deploy.png"));
        javafx.scene.control.TabPane deployDetails = find(scene, "#deploy-details", javafx.scene.control.TabPane.class);
        on(() -> deployDetails.getTabs().stream().filter(tab -> "deploy-cost-tab".equals(tab.getId())).findFirst()
                .ifPresent(tab -> deployDetails.getSelectionModel().select(tab)));
        Thread.sleep(1500);
        save(scene, out.resolve("deploy-cost.png"));
        FxToolkit.cleanupApplication(app);
        Platform.exit();
        System.exit(0);
    }

    private static <T> T find(Scene scene, String query, Class<T> type) {
        Node node = scene.lookup(query);
        if (node == null) {
            throw new IllegalStateException("nothing on screen matches " + query);
        }
        return type.cast(node);
    }

    static void on(Runnable action) throws Exception {
        WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    static void save(Scene scene, Path file) throws Exception {
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), IntBuffer.wrap(argb), width);
        var buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        buffered.setRGB(0, 0, width, height, argb, 0, width);
        ImageIO.write(buffered, "png", file.toFile());
        System.out.println("saved " + file);
    }
}
