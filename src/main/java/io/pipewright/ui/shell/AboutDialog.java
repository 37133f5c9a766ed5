package io.pipewright.ui.shell;

import atlantafx.base.theme.Styles;
import io.pipewright.home.BuildInfo;
import io.pipewright.home.PipewrightHome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Versions of Pipewright, Java, JavaFX and the main libraries, with a button to copy them for a bug report. */
final class AboutDialog extends Dialog<Void> {

    AboutDialog(Window owner, BuildInfo build, PipewrightHome home) {
        initOwner(owner);
        setTitle("About Pipewright");
        setHeaderText("Pipewright " + build.version());
        getDialogPane().setId("about-dialog");
        var icon = new ImageView(ShellResources.appIcon(64));
        setGraphic(icon);

        Map<String, String> versions = versions(build);
        var grid = new GridPane();
        grid.getStyleClass().add("about-grid");
        grid.setHgap(18);
        int row = 0;
        for (var entry : versions.entrySet()) {
            var name = new Label(entry.getKey());
            name.getStyleClass().add(Styles.TEXT_MUTED);
            var value = new Label(entry.getValue());
            value.setId("version-" + entry.getKey().toLowerCase().replaceAll("[^a-z0-9]+", "-"));
            grid.addRow(row++, name, value);
        }
        var homeLabel = new Label("Home folder: " + home.root());
        homeLabel.getStyleClass().add(Styles.TEXT_SMALL);
        var blurb = new Label("A desktop workbench for tabular machine learning.");
        getDialogPane().setContent(new VBox(14, blurb, grid, homeLabel));

        var copy = new ButtonType("Copy versions", ButtonBar.ButtonData.LEFT);
        getDialogPane().getButtonTypes().addAll(copy, ButtonType.CLOSE);
        getDialogPane().lookupButton(copy).addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            var content = new ClipboardContent();
            content.putString(versions.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")));
            Clipboard.getSystemClipboard().setContent(content);
            event.consume(); // keep the dialog open
        });
    }

    static Map<String, String> versions(BuildInfo build) {
        var versions = new LinkedHashMap<>(build.components());
        var withDesktop = new LinkedHashMap<String, String>();
        versions.forEach((key, value) -> {
            withDesktop.put(key, value);
            if (key.equals("Java")) {
                withDesktop.put("JavaFX", System.getProperty("javafx.runtime.version", build.property("javafx.build")));
                withDesktop.put("AtlantaFX", build.property("atlantafx"));
                withDesktop.put("ControlsFX", build.property("controlsfx"));
            }
        });
        return withDesktop;
    }
}
