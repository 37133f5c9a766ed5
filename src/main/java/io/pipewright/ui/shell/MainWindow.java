package io.pipewright.ui.shell;

import io.pipewright.data.SampleDatasets;
import io.pipewright.home.BuildInfo;
import io.pipewright.home.PipewrightHome;
import io.pipewright.home.Preferences;
import io.pipewright.pipeline.SamplePipelines;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.Styles;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.ui.common.Workspace;
import java.io.File;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The main window: menu bar, a sidebar with one button per workspace, the workspace itself, and
 * the status bar. It is built from a list of {@link Workspace}s: each one's sidebar button, View
 * menu item and shortcut, File menu items, rows in Getting started, dropped files and close veto
 * come from the list. Dropping files anywhere on it routes them by type.
 */
final class MainWindow implements Workspace.Host {
    private final Stage stage;
    private final BorderPane root = new BorderPane();
    private final StackPane stack = new StackPane();
    private final ToggleGroup sidebarGroup = new ToggleGroup();
    private final List<Workspace> workspaces;
    private final Map<Workspace, ToggleButton> buttons = new LinkedHashMap<>();
    private final Map<Workspace, Node> views = new LinkedHashMap<>();
    private final DropRouter dropRouter;
    private Workspace onScreen;
    private MenuBar menuBar;
    private GettingStartedDialog guide;

    /** {@code workspaces}: builds the workspaces, in sidebar order, from what the window shares with them. */
    MainWindow(Stage stage, PipewrightHome home, BuildInfo build, Preferences preferences, SampleDatasets sampleDatasets,
               SamplePipelines samplePipelines, TaskExecutor executor, Notifications notifications, Supplier<Optional<Store>> store,
               DialogService dialogs, ThemeSwitcher themes, Function<WorkspaceContext, List<Workspace>> workspaces) {
        this.stage = stage;
        var palette = new SimpleObjectProperty<>(palette(themes.current()));
        themes.onChange(theme -> palette.set(palette(theme)));
        this.workspaces = List.copyOf(workspaces.apply(new WorkspaceContext(home, build, preferences, sampleDatasets, samplePipelines,
                executor, notifications, store, dialogs, palette, this)));
        var ids = new HashSet<String>();
        for (Workspace workspace : this.workspaces) {
            if (!ids.add(workspace.id())) {
                throw new IllegalArgumentException("two workspaces have the id " + workspace.id());
            }
            buttons.put(workspace, sidebarButton(workspace));
        }
        this.dropRouter = DropRouter.of(this.workspaces, notifications);

        var mark = new ImageView(ShellResources.appIcon(32));
        var markBox = new StackPane(mark);
        markBox.getStyleClass().add("app-mark");
        var sidebar = new VBox(markBox);
        sidebar.getChildren().addAll(buttons.values());
        sidebar.getStyleClass().add(Styles.SIDEBAR);
        sidebar.setId("sidebar");

        root.setTop(menuBar(build, home, themes));
        root.setLeft(sidebar);
        root.setCenter(stack);
        root.setBottom(new StatusBar(executor, notifications));
        root.setId("main-window");
        show(this.workspaces.get(0));

        var scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(ShellResources.stylesheet());
        attachHiddenViewsAfterFirstFrame(scene);
        installDropHandler(scene);
        stage.setScene(scene);
        stage.setTitle("Pipewright");
        stage.setOnCloseRequest(event -> {
            if (!mayClose()) {
                event.consume();
            }
        });
        stage.setMinWidth(900);
        stage.setMinHeight(600);
    }

    private ToggleButton sidebarButton(Workspace workspace) {
        var button = new ToggleButton(workspace.title(), Icons.icon(workspace.icon(), 22));
        button.setId("workspace-" + workspace.id());
        button.getStyleClass().add(Styles.SIDEBAR_BUTTON);
        button.setToggleGroup(sidebarGroup);
        // a workspace button stays selected when clicked again
        button.setOnAction(event -> {
            button.setSelected(true);
            show(workspace);
        });
        return button;
    }

    /**
     * Every workspace stays in the scene, only the one on screen visible, so that their skins and
     * styles are made once at start-up, not at the moment a dropped file starts being profiled. But
     * the first frame only has the workspace on screen: building the others' views and their first
     * CSS pass (every table, chart and form of the window) held it back by seconds. They are built
     * and join the scene after it, one per pulse, so that the window answers between them.
     */
    private void attachHiddenViewsAfterFirstFrame(Scene scene) {
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (scene.getWindow() == null || !scene.getWindow().isShowing()) {
                return;
            }
            var hidden = workspaces.stream().filter(workspace -> !views.containsKey(workspace)).findFirst();
            if (hidden.isEmpty()) {
                scene.removePostLayoutPulseListener(listener[0]);
                return;
            }
            // outside the pulse: a child added during it would only be laid out in the next one anyway
            javafx.application.Platform.runLater(() -> {
                if (!views.containsKey(hidden.get())) {
                    Node view = viewOf(hidden.get());
                    view.setVisible(false);
                    stack.getChildren().add(view);
                }
            });
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    /**
     * What the window adds once its first frame is on screen: the sidebar's tooltips (each one a
     * popup window of its own, shown only after the pointer rests on a button) and the window's
     * icons in their four sizes (decoding them held the first frame back).
     */
    void firstFrameShown() {
        buttons.forEach((workspace, button) -> button.setTooltip(new Tooltip(workspace.title())));
        var icons = new java.util.ArrayList<javafx.scene.image.Image>();
        for (int size : new int[] {32, 64, 128, 256}) {
            icons.add(ShellResources.appIcon(size));
        }
        stage.getIcons().setAll(icons);
    }

    /** The workspace's view, asked for once (building it, for most workspaces). */
    private Node viewOf(Workspace workspace) {
        return views.computeIfAbsent(workspace, Workspace::view);
    }

    /** Opens files as if they were dropped on the window (files named on the command line). */
    void open(List<Path> files) {
        if (!files.isEmpty()) {
            dropRouter.route(files);
        }
    }

    @Override
    public void show(Workspace workspace) {
        ToggleButton button = buttons.get(workspace);
        if (button == null) {
            throw new IllegalArgumentException("not a workspace of this window: " + workspace.id());
        }
        button.setSelected(true);
        boolean attached = views.containsKey(workspace);
        Node view = viewOf(workspace);
        if (!attached) {
            // joins hidden, so that coming on screen is a change its view hears (as when it was built at start-up)
            view.setVisible(false);
            stack.getChildren().add(view);
        }
        for (Node child : stack.getChildren()) {
            child.setVisible(child == view);
        }
        onScreen = workspace;
        workspace.shown();
    }

    @Override
    public void runStarted(String pipeline, Runnable stop) {
        Workspace watching = null;
        for (Workspace workspace : workspaces) {
            if (workspace.runStarted(pipeline, stop) && watching == null) {
                watching = workspace;
            }
        }
        if (watching != null) {
            show(watching);
        }
    }

    /** Every workspace hears that the store is open; the one on screen is shown again, so it reads the store. */
    void storeOpened(Store store) {
        workspaces.forEach(workspace -> workspace.storeOpened(store));
        if (onScreen != null) {
            onScreen.shown();
        }
    }

    void storeUnavailable(String reason) {
        workspaces.forEach(workspace -> workspace.storeUnavailable(reason));
    }

    /** Whether every workspace lets the window close (one with unsaved work asks first). */
    private boolean mayClose() {
        return workspaces.stream().allMatch(Workspace::mayClose);
    }

    private static Palette palette(Theme theme) {
        return theme == Theme.DARK ? Palette.DARK : Palette.LIGHT;
    }

    private MenuBar menuBar(BuildInfo build, PipewrightHome home, ThemeSwitcher themes) {
        var file = new Menu("_File");
        workspaces.forEach(workspace -> file.getItems().addAll(workspace.fileMenuItems()));
        var quit = item("Quit", "Shortcut+Q", () -> {
            if (mayClose()) {
                stage.close();
            }
        });
        quit.setId("menu-quit");
        file.getItems().addAll(new SeparatorMenuItem(), quit);

        var view = new Menu("_View");
        for (Workspace workspace : workspaces) {
            var go = item(workspace.title(), workspace.shortcut(), () -> show(workspace));
            go.setId("menu-" + workspace.id());
            view.getItems().add(go);
        }
        view.getItems().add(new SeparatorMenuItem());
        var themeGroup = new ToggleGroup();
        for (Theme theme : Theme.values()) {
            var item = new RadioMenuItem(theme.label());
            item.setId("menu-theme-" + theme.name().toLowerCase());
            item.setToggleGroup(themeGroup);
            item.setAccelerator(KeyCombination.keyCombination(theme == Theme.DARK ? "Shortcut+Shift+D" : "Shortcut+Shift+L"));
            item.setSelected(themes.current() == theme);
            item.setOnAction(event -> {
                item.setSelected(true);
                themes.switchTo(theme);
            });
            themes.onChange(current -> item.setSelected(current == theme));
            view.getItems().add(item);
        }

        var gettingStarted = item("Getting started", "F1", this::showGettingStarted);
        gettingStarted.setId("menu-getting-started");
        var about = item("About Pipewright", null, () -> new AboutDialog(stage, build, home).showAndWait());
        about.setId("menu-about");
        var help = new Menu("_Help", null, gettingStarted, new SeparatorMenuItem(), about);

        menuBar = new MenuBar(file, view, help);
        menuBar.setId("menu-bar");
        return menuBar;
    }

    /** Help → Getting started: opened once, then brought back; it lists the shortcuts of the menu as built, then the workspaces' own. */
    private void showGettingStarted() {
        if (guide == null) {
            guide = new GettingStartedDialog(stage, KeyboardShortcuts.of(menuBar, workspaces));
        }
        if (guide.isShowing()) {
            ((Stage) guide.getDialogPane().getScene().getWindow()).toFront();
        } else {
            guide.show();
        }
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        var item = new MenuItem(text);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(event -> action.run());
        return item;
    }

    private void installDropHandler(Scene scene) {
        scene.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles() && dropRouter.accepts(paths(event))) {
                event.acceptTransferModes(TransferMode.COPY_OR_MOVE);
                dragged(true);
            } else if (event.getDragboard().hasFiles()) {
                // still take the drop, to say why the file cannot be opened
                event.acceptTransferModes(TransferMode.COPY);
            }
            event.consume();
        });
        scene.setOnDragExited(event -> dragged(false));
        scene.setOnDragDropped(event -> {
            dragged(false);
            boolean taken = event.getDragboard().hasFiles() && dropRouter.route(paths(event)) > 0;
            event.setDropCompleted(taken);
            event.consume();
        });
    }

    private void dragged(boolean acceptable) {
        workspaces.forEach(workspace -> workspace.filesDragged(acceptable));
    }

    private static List<Path> paths(DragEvent event) {
        return event.getDragboard().getFiles().stream().map(File::toPath).toList();
    }
}
