package io.pipewright.ui.quality;

import io.pipewright.track.Store;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.ui.common.Workspace;
import io.pipewright.ui.datasets.DatasetsView;
import io.pipewright.ui.datasets.DatasetsViewModel;
import io.pipewright.ui.datasets.LayersView;
import io.pipewright.ui.datasets.LayersViewModel;
import io.pipewright.ui.drift.DriftView;
import io.pipewright.ui.drift.DriftViewModel;
import io.pipewright.ui.monitors.MonitorsView;
import io.pipewright.ui.monitors.MonitorsViewModel;
import io.pipewright.ui.validation.ValidationView;
import io.pipewright.ui.validation.ValidationViewModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The Quality workspace: data quality and model health over time, one tab each for validation
 * suites, drift reports, dataset versions with their lineage, the data folder's layers with each version's chain
 * across them, and monitors with their history.
 * Validation and Drift offer the dataset open in the Data workspace.
 * A tab reads the store when it is shown.
 */
public final class QualityWorkspace implements Workspace {
    private final TabPane tabs = new TabPane();
    private final DatasetsViewModel datasets;
    private final MonitorsViewModel monitors;
    private final Tab validationTab = tab("Validation", "quality-tab-validation");
    private final Tab driftTab = tab("Drift", "quality-tab-drift");
    private final Tab datasetsTab = tab("Datasets", "quality-tab-datasets");
    private final LayersViewModel layers;
    private final Tab layersTab = tab("Layers", "quality-tab-layers");
    private final Tab monitorsTab = tab("Monitors", "quality-tab-monitors");
    /** Builds the tabs' views when the window first asks for the workspace (after the first frame, unless it is the one on screen). */
    private Runnable buildViews;

    /**
     * {@code openInData}: the dataset open in the Data workspace (or null), which Validation and Drift offer
     * in one click where no file is chosen yet; {@code dataRoot}: the data folder whose layers the Layers tab shows.
     */
    public QualityWorkspace(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications, DialogService dialogs,
                            ObservableValue<Palette> palette, MonitorsViewModel monitors, ObservableValue<Path> openInData, Supplier<Path> dataRoot) {
        this.datasets = new DatasetsViewModel(executor, store, notifications);
        this.layers = new LayersViewModel(executor, store, dataRoot, notifications);
        this.monitors = monitors;
        buildViews = () -> {
            // a validation or a drift records the files it read after showing its result: the Datasets tab then reads them
            var validation = new ValidationViewModel(executor, store, notifications);
            validation.onRecorded(this::refresh);
            var drift = new DriftViewModel(executor, store, notifications);
            drift.onRecorded(this::refresh);
            validationTab.setContent(new ValidationView(validation, dialogs, openInData));
            driftTab.setContent(new DriftView(drift, dialogs, openInData));
            datasetsTab.setContent(new DatasetsView(datasets, dialogs));
            layersTab.setContent(new LayersView(layers));
            monitorsTab.setContent(new MonitorsView(monitors, dialogs, palette));
        };
        tabs.getTabs().setAll(validationTab, driftTab, datasetsTab, layersTab, monitorsTab);
        tabs.setId("quality-workspace");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, old, tab) -> refresh());
    }

    private static Tab tab(String title, String id) {
        var tab = new Tab(title);
        tab.setId(id);
        return tab;
    }

    @Override
    public TabPane view() {
        if (buildViews != null) {
            Runnable build = buildViews;
            buildViews = null;
            build.run();
        }
        return tabs;
    }

    @Override
    public String id() {
        return "quality";
    }

    @Override
    public String title() {
        return "Quality";
    }

    @Override
    public String icon() {
        return Icons.SHIELD;
    }

    @Override
    public String shortcut() {
        return "Shortcut+8";
    }

    @Override
    public void shown() {
        refresh();
    }

    /** Reads the store again for the tab on screen (the workspace was shown, or the store just opened). */
    public void refresh() {
        Tab shown = tabs.getSelectionModel().getSelectedItem();
        if (shown == datasetsTab) {
            datasets.refresh();
        } else if (shown == layersTab) {
            layers.refresh();
        } else if (shown == monitorsTab) {
            monitors.refresh();
        }
    }

    /** Shows one tab by its id. */
    public void show(String tabId) {
        tabs.getTabs().stream().filter(tab -> tabId.equals(tab.getId())).findFirst().ifPresent(tab -> tabs.getSelectionModel().select(tab));
    }
}
