package io.pipewright.ui.shell;

import io.pipewright.home.BuildInfo;
import io.pipewright.home.PipewrightHome;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.Styles;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.ui.home.HomeView;
import io.pipewright.ui.home.HomeViewModel;
import io.pipewright.ui.data.DataView;
import io.pipewright.ui.data.DataViewModel;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.experiments.ExperimentsViewModel;
import io.pipewright.ui.experiments.ExperimentsWorkspace;
import io.pipewright.ui.models.ModelsView;
import io.pipewright.ui.models.ModelsViewModel;
import io.pipewright.track.Store;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.SimpleObjectProperty;
import java.util.function.Consumer;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
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
 * The main window: menu bar, a sidebar with the workspaces that work today, the workspace
 * itself, and the status bar. Dropping files anywhere on it routes them by type.
 */
final class MainWindow {
    private final Stage stage;
    private final BorderPane root = new BorderPane();
    private final StackPane workspace = new StackPane();
    private final HomeView homeView;
    private final DataView dataView;
    private final DropRouter dropRouter;
    private final ToggleGroup workspaces = new ToggleGroup();
    private final ToggleButton homeButton;
    private final ToggleButton dataButton;
    private final ToggleButton pipelinesButton;
    private final ToggleButton trainingButton;
    private final io.pipewright.ui.training.TrainingView trainingView;
    private final io.pipewright.ui.pipeline.PipelinesWorkspace pipelines;
    private final ToggleButton experimentsButton;
    private final ToggleButton modelsButton;
    private final ExperimentsWorkspace experiments;
    private final ExperimentsViewModel experimentsModel;
    private final ModelsView modelsView;
    private final ModelsViewModel modelsModel;
    private final ToggleButton deployButton;
    private final io.pipewright.ui.deploy.DeployView deployView;
    private final io.pipewright.ui.deploy.DeployViewModel deployModel;
    private final ToggleButton qualityButton;
    private final io.pipewright.ui.quality.QualityWorkspace quality;
    private MenuBar menuBar;
    private GettingStartedDialog guide;

    MainWindow(Stage stage, PipewrightHome home, BuildInfo build, TaskExecutor executor, Notifications notifications,
               HomeViewModel homeModel, DataViewModel dataModel, ExperimentsViewModel experimentsModel, ModelsViewModel modelsModel,
               Supplier<Optional<Store>> store, DialogService dialogs, ThemeSwitcher themes) {
        this.stage = stage;
        this.experimentsModel = experimentsModel;
        this.modelsModel = modelsModel;
        var palette = new SimpleObjectProperty<>(palette(themes.current()));
        themes.onChange(theme -> palette.set(palette(theme)));
        this.experiments = new ExperimentsWorkspace(experimentsModel, executor, store, notifications, dialogs, palette);
        this.modelsView = new ModelsView(modelsModel, initial -> dialogs.askText("Alias", "Alias (champion, challenger or any name):", initial),
                runKey -> {
                    showExperiments();
                    experiments.openRun(runKey);
                }, this::showDeploy);
        this.deployModel = new io.pipewright.ui.deploy.DeployViewModel(executor, store, notifications,
                io.pipewright.export.BundleValidator.Tools.fromPath());
        this.deployView = new io.pipewright.ui.deploy.DeployView(deployModel, dialogs, folder -> executor.execute(
                io.pipewright.ui.common.BackgroundTask.of("Opening " + folder, progress -> {
                    if (!java.awt.Desktop.isDesktopSupported() || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
                        throw new IllegalStateException("This desktop cannot open folders; the bundle is in " + folder);
                    }
                    java.awt.Desktop.getDesktop().open(folder.toFile());
                    return folder;
                }).quiet().onFailure(error -> notifications.warn(error.getMessage()))));
        var monitors = new io.pipewright.ui.monitors.MonitorsViewModel(executor, store, notifications, opened -> new io.pipewright.loop.MonitorRunner(
                opened, io.pipewright.loop.MonitorDrift.check(), new io.pipewright.loop.PipelineRetrainer(opened,
                        home.create().artifacts(), build.version(), warning -> javafx.application.Platform.runLater(() -> notifications.warn(warning))),
                java.time.Clock.systemUTC()));
        this.quality = new io.pipewright.ui.quality.QualityWorkspace(executor, store, notifications, dialogs, palette, monitors,
                dataModel.profiledFileProperty());
        Consumer<Path> openPath = path -> {
            showData();
            dataModel.open(path);
        };
        homeModel.setOpener(openPath);
        dataModel.setOnProfiled(homeModel::remember);
        Runnable openDataset = () -> dialogs.chooseDatasetToOpen(home.samples()).ifPresent(openPath);
        this.homeView = new HomeView(homeModel, openDataset);
        this.dataView = new DataView(dataModel, openDataset,
                name -> dialogs.chooseFileToSave("Export the profile as HTML", name, "html").ifPresent(dataModel::exportHtml),
                name -> dialogs.chooseFileToSave("Export the profile as JSON", name, "json").ifPresent(dataModel::exportJson));
        var editor = new io.pipewright.ui.pipeline.PipelineEditorViewModel(io.pipewright.pipeline.NodeCatalog.standard(), executor,
                javafx.application.Platform::runLater, store, () -> home.create().artifacts(), build.version(), notifications);
        this.pipelines = new io.pipewright.ui.pipeline.PipelinesWorkspace(editor, dialogs, () -> home.samples().resolve("pipelines"), palette);
        // asked once, off the FX thread: whether this machine has a GPU nvidia-smi reports
        var training = new io.pipewright.ui.training.TrainingViewModel(executor, store, null);
        this.trainingView = new io.pipewright.ui.training.TrainingView(training, palette);
        editor.setRunWatcher(training, name -> {
            training.begin(name, editor::stop);
            showTraining();
        }, training::end);
        experiments.setRunLinks(new io.pipewright.ui.experiments.RunDetailView.RunLinks() {
            @Override
            public void openPipeline(String text, Path folder) {
                if (pipelines.keepOrSaveChanges()) {
                    showPipelines();
                    editor.openText(text, folder);
                }
            }

            @Override
            public void showInTraining(String runKey) {
                showTraining();
                training.load(runKey);
            }
        });
        executor.execute(io.pipewright.ui.common.BackgroundTask.of("Looking for GPUs", progress -> {
            String absence = io.pipewright.system.SystemSampler.GpuProbe.probe().absence();
            return absence == null ? "" : absence;
        }).quiet().onSuccess(training::setGpuAbsence));
        this.dropRouter = new DropRouter(openPath, homeModel::open, this::openPipeline, notifications);
        homeModel.setPipelineOpener(this::openPipeline);

        homeButton = workspaceButton("Home", Icons.HOME, "home", this::showHome);
        dataButton = workspaceButton("Data", Icons.TABLE, "data", this::showData);
        pipelinesButton = workspaceButton("Pipelines", Icons.GRAPH, "pipelines", this::showPipelines);
        trainingButton = workspaceButton("Training", Icons.SPARK, "training", this::showTraining);
        experimentsButton = workspaceButton("Experiments", Icons.CHART, "experiments", this::showExperiments);
        modelsButton = workspaceButton("Models", Icons.CUBE, "models", this::showModels);
        deployButton = workspaceButton("Deploy", Icons.ROCKET, "deploy", () -> showDeploy(null));
        qualityButton = workspaceButton("Quality", Icons.SHIELD, "quality", this::showQuality);
        var mark = new ImageView(ShellResources.appIcon(32));
        var markBox = new StackPane(mark);
        markBox.getStyleClass().add("app-mark");
        var sidebar = new VBox(markBox, homeButton, dataButton, pipelinesButton, trainingButton, experimentsButton, modelsButton, deployButton,
                qualityButton);
        sidebar.getStyleClass().add(Styles.SIDEBAR);
        sidebar.setId("sidebar");

        root.setTop(menuBar(build, home, openDataset, themes, dialogs));
        root.setLeft(sidebar);
        root.setCenter(workspace);
        root.setBottom(new StatusBar(executor, notifications));
        root.setId("main-window");
        showHome();

        var scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(ShellResources.stylesheet());
        installDropHandler(scene);
        stage.setScene(scene);
        stage.setTitle("Pipewright");
        for (int size : new int[] {32, 64, 128, 256}) {
            stage.getIcons().add(ShellResources.appIcon(size));
        }
        stage.setOnCloseRequest(event -> {
            if (!pipelines.keepOrSaveChanges()) {
                event.consume();
            }
        });
        stage.setMinWidth(900);
        stage.setMinHeight(600);
    }

    private ToggleButton workspaceButton(String label, String icon, String id, Runnable show) {
        var button = new ToggleButton(label, Icons.icon(icon, 22));
        button.setId("workspace-" + id);
        button.getStyleClass().add(Styles.SIDEBAR_BUTTON);
        button.setToggleGroup(workspaces);
        button.setTooltip(new Tooltip(label));
        // a workspace button stays selected when clicked again
        button.setOnAction(event -> {
            button.setSelected(true);
            show.run();
        });
        return button;
    }

    /** Opens files as if they were dropped on the window (files named on the command line). */
    void open(java.util.List<Path> files) {
        if (!files.isEmpty()) {
            dropRouter.route(files);
        }
    }

    void showHome() {
        homeButton.setSelected(true);
        show(homeView);
    }

    void showData() {
        dataButton.setSelected(true);
        show(dataView);
    }

    void showPipelines() {
        pipelinesButton.setSelected(true);
        show(pipelines.view());
    }

    void showTraining() {
        trainingButton.setSelected(true);
        show(trainingView);
    }

    /** Opens a pipeline file in the Pipelines workspace. */
    void openPipeline(Path file) {
        showPipelines();
        pipelines.open(file);
    }

    /** Once the store is open, the workspace on screen reads it. */
    void storeOpened() {
        if (experimentsButton.isSelected()) {
            experimentsModel.refresh();
        } else if (modelsButton.isSelected()) {
            modelsModel.refresh();
        } else if (deployButton.isSelected()) {
            deployModel.refreshSources(null);
        } else if (qualityButton.isSelected()) {
            quality.refresh();
        }
    }

    void showExperiments() {
        experimentsButton.setSelected(true);
        show(experiments.view());
        experimentsModel.refresh();
    }

    /** The Deploy workspace, with a registered version chosen when given. */
    void showDeploy(io.pipewright.track.ModelRegistry.Version version) {
        deployButton.setSelected(true);
        show(deployView);
        deployModel.refreshSources(version);
    }

    /** The Quality workspace: validation suites, drift, dataset versions and lineage, monitors. */
    void showQuality() {
        qualityButton.setSelected(true);
        show(quality.view());
        quality.refresh();
    }

    void showModels() {
        modelsButton.setSelected(true);
        show(modelsView);
        modelsModel.refresh();
    }

    private static Palette palette(Theme theme) {
        return theme == Theme.DARK ? Palette.DARK : Palette.LIGHT;
    }

    /**
     * Every workspace stays in the scene, only the shown one visible: their skins and styles are
     * made once at start-up, not at the moment a dropped file starts being profiled.
     */
    private void show(javafx.scene.Node view) {
        if (workspace.getChildren().isEmpty()) {
            workspace.getChildren().setAll(homeView, dataView, pipelines.view(), trainingView, experiments.view(), modelsView, deployView,
                    quality.view());
        }
        for (javafx.scene.Node child : workspace.getChildren()) {
            child.setVisible(child == view);
        }
    }

    private MenuBar menuBar(BuildInfo build, PipewrightHome home, Runnable openDataset, ThemeSwitcher themes, DialogService dialogs) {
        var open = item("Open Dataset…", "Shortcut+O", openDataset);
        open.setId("menu-open");
        var openPipeline = item("Open Pipeline…", "Shortcut+Shift+O", () -> {
            showPipelines();
            dialogs.choosePipelineToOpen(home.samples().resolve("pipelines")).ifPresent(pipelines::open);
        });
        openPipeline.setId("menu-open-pipeline");
        var quit = item("Quit", "Shortcut+Q", () -> {
            if (pipelines.keepOrSaveChanges()) {
                stage.close();
            }
        });
        quit.setId("menu-quit");
        var file = new Menu("_File", null, open, openPipeline, new SeparatorMenuItem(), quit);

        var goHome = item("Home", "Shortcut+1", this::showHome);
        goHome.setId("menu-home");
        var goData = item("Data", "Shortcut+2", this::showData);
        goData.setId("menu-data");
        var goPipelines = item("Pipelines", "Shortcut+3", this::showPipelines);
        goPipelines.setId("menu-pipelines");
        var goTraining = item("Training", "Shortcut+4", this::showTraining);
        goTraining.setId("menu-training");
        var goExperiments = item("Experiments", "Shortcut+5", this::showExperiments);
        goExperiments.setId("menu-experiments");
        var goModels = item("Models", "Shortcut+6", this::showModels);
        goModels.setId("menu-models");
        var goDeploy = item("Deploy", "Shortcut+7", () -> showDeploy(null));
        goDeploy.setId("menu-deploy");
        var goQuality = item("Quality", "Shortcut+8", this::showQuality);
        goQuality.setId("menu-quality");
        var themeGroup = new ToggleGroup();
        var view = new Menu("_View", null, goHome, goData, goPipelines, goTraining, goExperiments, goModels, goDeploy, goQuality,
                new SeparatorMenuItem());
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

    /** Help → Getting started: opened once, then brought back; it lists the shortcuts of the menu as built. */
    private void showGettingStarted() {
        if (guide == null) {
            guide = new GettingStartedDialog(stage, KeyboardShortcuts.of(menuBar));
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
            if (event.getDragboard().hasFiles() && DropRouter.accepts(paths(event))) {
                event.acceptTransferModes(TransferMode.COPY_OR_MOVE);
                homeView.setAccepting(true);
            } else if (event.getDragboard().hasFiles()) {
                // still take the drop, to say why the file cannot be opened
                event.acceptTransferModes(TransferMode.COPY);
            }
            event.consume();
        });
        scene.setOnDragExited(event -> homeView.setAccepting(false));
        scene.setOnDragDropped(event -> {
            homeView.setAccepting(false);
            boolean taken = event.getDragboard().hasFiles() && dropRouter.route(paths(event)) > 0;
            event.setDropCompleted(taken);
            event.consume();
        });
    }

    private static List<Path> paths(DragEvent event) {
        return event.getDragboard().getFiles().stream().map(File::toPath).toList();
    }
}
