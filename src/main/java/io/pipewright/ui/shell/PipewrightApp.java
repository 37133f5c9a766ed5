package io.pipewright.ui.shell;

import io.pipewright.home.BuildInfo;
import io.pipewright.data.SampleDatasets;
import io.pipewright.home.PipewrightHome;
import io.pipewright.home.Preferences;
import io.pipewright.pipeline.SamplePipelines;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.FxDialogService;
import io.pipewright.ui.common.FxTaskExecutor;
import io.pipewright.ui.common.Notifications;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop application. Parameters: {@code --home=DIR} and files to open. The store opens in
 * the background after the window shows, so a slow disk or a migration never freezes the window.
 */
public class PipewrightApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(PipewrightApp.class);

    private final List<Workspaces.Factory> extraWorkspaces;

    private PipewrightHome home;
    private Preferences preferences;
    private ShellPreferences shellPreferences;
    private List<Path> filesToOpen;
    private BuildInfo build;
    private SampleDatasets sampleDatasets;
    private SamplePipelines samplePipelines;
    private FxTaskExecutor executor;
    private Stage stage;
    private volatile Store store;
    /** Done once the store has opened or failed to; set when the opening begins. */
    private final java.util.concurrent.CompletableFuture<Void> storeSettled = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean storeOpening;

    /** The app with the standard workspaces. */
    public PipewrightApp() {
        this(List.of());
    }

    /** The app with more workspaces after the standard ones, in the sidebar's order. */
    protected PipewrightApp(List<Workspaces.Factory> extraWorkspaces) {
        this.extraWorkspaces = List.copyOf(extraWorkspaces);
    }

    /**
     * Starts reading what the window needs before it can be built, on a thread of its own, before
     * JavaFX starts (there is no task executor yet): {@link #init} takes the result.
     */
    static void beginStartupReads(PipewrightHome home) {
        StartupReads.begin(home, reads -> {
            var thread = new Thread(reads, "pipewright-startup-reads");
            thread.setDaemon(true);
            thread.start();
        });
    }

    @Override
    public void init() {
        // runs on the launcher thread, not the FX thread: the small reads belong here
        Map<String, String> named = getParameters().getNamed();
        Path homeOption = named.containsKey("home") ? Path.of(named.get("home")) : null;
        Path dataOption = named.containsKey("data") ? Path.of(named.get("data")) : null;
        filesToOpen = getParameters().getUnnamed().stream().map(Path::of).toList();
        var reads = StartupReads.take(PipewrightHome.resolve(homeOption, dataOption, System.getenv()));
        home = reads.home();
        preferences = reads.preferences();
        shellPreferences = reads.shell();
        build = reads.build();
        sampleDatasets = reads.sampleDatasets();
        samplePipelines = reads.samplePipelines();
    }

    @Override
    public void start(Stage primaryStage) {
        stage = primaryStage;
        executor = new FxTaskExecutor(3);
        var notifications = new Notifications();
        var themes = new ThemeSwitcher(shellPreferences.theme());
        themes.onChange(theme -> {
            shellPreferences = shellPreferences.withTheme(theme);
            save(shellPreferences);
        });
        var window = new MainWindow(stage, home, build, preferences, sampleDatasets, samplePipelines, executor, notifications,
                this::currentStore, new FxDialogService(stage, chooserFolder()), themes,
                context -> Workspaces.with(context, extraWorkspaces));
        restoreBounds(stage, shellPreferences.window());
        // the store opens once the first frame is on screen: opening it (H2, migrations) took the CPU the first frame needed
        storeOpening = true;
        FirstFrame.report(stage.getScene(), "the window (Home workspace)", executor, () -> {
            window.firstFrameShown();
            openStore(window, notifications);
            warmUpTrainingCharts();
        });
        stage.show();
        preferences.problem().ifPresent(notifications::warn);
        window.open(filesToOpen);
    }

    /**
     * Readies the live charts' code before a run starts (see {@link io.pipewright.ui.training.ChartWarmUp}), on a
     * thread of its own below the background work's priority: a second of CPU that the person's work goes before.
     */
    private static void warmUpTrainingCharts() {
        var thread = new Thread(() -> {
            io.pipewright.work.ThreadPriority.lowerCurrent(io.pipewright.work.ThreadPriority.BACKGROUND + 5);
            LOG.debug("training charts warmed up in {} ms", io.pipewright.ui.training.ChartWarmUp.run());
        }, "pipewright-charts-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void openStore(MainWindow window, Notifications notifications) {
        // Tablesaw's Table class, initialised without its class-path scan before anything reads a table (the command
        // line leaves it to the window, so that it is not in the first frame's way)
        executor.execute(BackgroundTask.of("Starting Tablesaw", progress -> {
            io.pipewright.data.TablesawStartup.initialise();
            return null;
        }).quiet());
        String sharedUrl = sharedStoreUrl();
        executor.execute(BackgroundTask.of("Opening the store", progress -> {
                    try {
                        preferences.prepareBinding();
                        Store opened = openStore(sharedUrl, notifications);
                        store = opened;
                        return opened;
                    } finally {
                        storeSettled.complete(null);
                    }
                })
                .onSuccess(opened -> {
                    window.storeOpened(opened);
                    if (opened.directory() != null) {
                        // the embedded store: ready H2's query code for the runs table before a person opens it
                        io.pipewright.track.RunTableWarmUp.startFor(opened);
                    }
                })
                .onFailure(error -> {
                    LOG.warn("store unavailable: {}", error.getMessage());
                    window.storeUnavailable(error.getMessage());
                    notifications.warn(error.getMessage());
                }));
    }

    /**
     * The store. Work off the FX thread that asks while the store is still opening (or waits for the
     * first frame to start opening) waits for it, so that a run started at once, before the store is
     * ready, is still recorded; the FX thread never waits and gets the store only once it is open.
     */
    private java.util.Optional<Store> currentStore() {
        if (storeOpening && !storeSettled.isDone() && !javafx.application.Platform.isFxApplicationThread()) {
            try {
                storeSettled.get(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("the store did not open in time: {}", e.toString());
            }
        }
        return java.util.Optional.ofNullable(store);
    }

    /** A shared store's URL: the {@code --store=URL} parameter, else {@code $PIPEWRIGHT_STORE}; null for the embedded store. */
    private String sharedStoreUrl() {
        String url = getParameters().getNamed().get("store");
        if (url == null || url.isBlank()) {
            url = System.getenv("PIPEWRIGHT_STORE");
        }
        return url == null || url.isBlank() ? null : url.trim();
    }

    /**
     * Opens the shared store when one is named; when it cannot be reached, says so and opens the
     * embedded store instead, so the window is never left without one. Runs on a worker thread.
     */
    private Store openStore(String sharedUrl, Notifications notifications) {
        if (sharedUrl != null) {
            try {
                return Store.openUrl(sharedUrl, build.version());
            } catch (io.pipewright.track.StoreException e) {
                String message = e.getMessage() + "; using the embedded store in " + home.store() + " instead";
                LOG.warn("{}", message);
                javafx.application.Platform.runLater(() -> notifications.warn(message));
            }
        }
        return Store.open(home.store(), build.version());
    }

    /**
     * Where file dialogs start: the folder of the last file chosen, remembered in the preferences
     * (written off the FX thread) so that the next session starts there too.
     */
    private io.pipewright.ui.common.ChooserFolder chooserFolder() {
        String userHome = System.getProperty("user.home");
        return new io.pipewright.ui.common.ChooserFolder(lastFolder(shellPreferences.lastFolder()),
                userHome == null ? null : Path.of(userHome), folder -> {
                    shellPreferences = shellPreferences.withLastFolder(folder.toString());
                    save(shellPreferences);
                });
    }

    private static Path lastFolder(String remembered) {
        try {
            return remembered == null || remembered.isBlank() ? null : Path.of(remembered);
        } catch (java.nio.file.InvalidPathException e) {
            LOG.warn("preferences: last folder '{}' ignored: {}", remembered, e.getMessage());
            return null;
        }
    }

    private void save(ShellPreferences value) {
        executor.execute(BackgroundTask.of("Saving preferences", progress -> {
            preferences.put(ShellPreferences.SECTION, value);
            return value;
        }).quiet());
    }

    private static void restoreBounds(Stage stage, ShellPreferences.WindowBounds bounds) {
        if (bounds == null || bounds.width() < 200 || bounds.height() < 150) {
            stage.setWidth(1280);
            stage.setHeight(800);
            stage.centerOnScreen();
            return;
        }
        // only where some screen still shows the window's top-left corner: monitors come and go
        boolean visible = Screen.getScreensForRectangle(new Rectangle2D(bounds.x(), bounds.y(), 80, 40)).size() > 0;
        stage.setWidth(bounds.width());
        stage.setHeight(bounds.height());
        if (visible) {
            stage.setX(bounds.x());
            stage.setY(bounds.y());
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(bounds.maximized());
    }

    @Override
    public void stop() {
        ShellPreferences last = shellPreferences;
        if (stage != null) {
            last = last.withWindow(new ShellPreferences.WindowBounds(stage.getX(), stage.getY(), stage.getWidth(),
                    stage.getHeight(), stage.isMaximized()));
        }
        if (executor != null) {
            executor.shutdown();
        }
        ShellPreferences toSave = last;
        Store toClose = store;
        // the window is gone; a non-daemon thread finishes the writes before the JVM exits
        var shutdown = new Thread(() -> {
            preferences.put(ShellPreferences.SECTION, toSave);
            if (toClose != null) {
                toClose.close();
            }
        }, "pipewright-shutdown");
        shutdown.start();
    }
}
