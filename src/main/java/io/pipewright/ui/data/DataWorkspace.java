package io.pipewright.ui.data;

import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Workspace;
import io.pipewright.ui.features.FeaturesView;
import io.pipewright.ui.features.FeaturesViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;

/**
 * The Data workspace, in two tabs: Profile, a dataset's profile, and Features, a folder's feature views with the
 * online store and point-in-time joins. It opens the first dataset dropped on the window in Profile; the
 * others dropped with it are handed on (in the app: to Home's recent files).
 */
public final class DataWorkspace implements Workspace {
    private final DataViewModel model;
    private final Host host;
    private final DialogService dialogs;
    private final Path samples;
    private final Consumer<Path> others;
    private final Supplier<FeaturesViewModel> featuresModel;
    private final TabPane tabs = new TabPane();
    private final Tab profileTab = tab("Profile", "data-tab-profile");
    private final Tab featuresTab = tab("Features", "data-tab-features");
    /** Built when the window first asks for it (after the first frame, unless this workspace is the one on screen). */
    private DataView view;
    /** Made when the Features tab is first selected: nothing of it costs the window's first frame. */
    private FeaturesViewModel features;

    /**
     * {@code samples}: where the open dialog starts; {@code others}: where further datasets of one drop go;
     * {@code featuresModel}: makes the Features tab's model, the first time the tab is selected.
     */
    public DataWorkspace(DataViewModel model, Host host, DialogService dialogs, Path samples, Consumer<Path> others,
                         Supplier<FeaturesViewModel> featuresModel) {
        this.model = model;
        this.host = host;
        this.dialogs = dialogs;
        this.samples = samples;
        this.others = others;
        this.featuresModel = featuresModel;
        tabs.setId("data-workspace");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().setAll(profileTab, featuresTab);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, old, tab) -> {
            if (tab == featuresTab) {
                showFeatures();
            }
        });
    }

    private static Tab tab(String title, String id) {
        var tab = new Tab(title);
        tab.setId(id);
        return tab;
    }

    /** Builds the Features tab the first time it shows, and reads its folder each time. */
    private void showFeatures() {
        if (features == null) {
            features = featuresModel.get();
            featuresTab.setContent(new FeaturesView(features, dialogs));
        }
        features.refresh();
    }

    /** Shows one tab by its id ({@code data-tab-profile}, {@code data-tab-features}). */
    public void show(String tabId) {
        tabs.getTabs().stream().filter(tab -> tabId.equals(tab.getId())).findFirst().ifPresent(tab -> tabs.getSelectionModel().select(tab));
    }

    @Override
    public void shown() {
        if (tabs.getSelectionModel().getSelectedItem() == featuresTab && features != null) {
            features.refresh();
        }
    }

    public DataViewModel model() {
        return model;
    }

    /** Shows this workspace and profiles the dataset. */
    public void open(Path file) {
        host.show(this);
        tabs.getSelectionModel().select(profileTab);
        model.open(file);
    }

    /** Asks for a dataset (the dialog starts in the samples folder) and opens it. */
    public void chooseAndOpen() {
        dialogs.chooseDatasetToOpen(samples).ifPresent(this::open);
    }

    @Override
    public String id() {
        return "data";
    }

    @Override
    public String title() {
        return "Data";
    }

    @Override
    public String icon() {
        return Icons.TABLE;
    }

    @Override
    public String shortcut() {
        return "Shortcut+2";
    }

    @Override
    public TabPane view() {
        if (view == null) {
            view = new DataView(model, this::chooseAndOpen,
                    name -> dialogs.chooseFileToSave("Export the profile as HTML", name, "html").ifPresent(model::exportHtml),
                    name -> dialogs.chooseFileToSave("Export the profile as JSON", name, "json").ifPresent(model::exportJson));
            profileTab.setContent(view);
        }
        return tabs;
    }

    @Override
    public List<MenuItem> fileMenuItems() {
        var open = new MenuItem("Open Dataset…");
        open.setId("menu-open");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(event -> chooseAndOpen());
        return List.of(open);
    }

    /** The first dataset of a drop opens here; the others go where this workspace was told. */
    @Override
    public Optional<FileOpener> files() {
        return Optional.of(new DatasetFiles(this::open, others));
    }
}
