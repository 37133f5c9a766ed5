package io.pipewright.ui.data;

import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;

/**
 * The Data workspace: a dataset's profile. It opens the first dataset dropped on the window; the
 * others dropped with it are handed on (in the app: to Home's recent files).
 */
public final class DataWorkspace implements Workspace {
    private final DataViewModel model;
    private final Host host;
    private final DialogService dialogs;
    private final Path samples;
    private final Consumer<Path> others;
    /** Built when the window first asks for it (after the first frame, unless this workspace is the one on screen). */
    private DataView view;

    /** {@code samples}: where the open dialog starts; {@code others}: where further datasets of one drop go. */
    public DataWorkspace(DataViewModel model, Host host, DialogService dialogs, Path samples, Consumer<Path> others) {
        this.model = model;
        this.host = host;
        this.dialogs = dialogs;
        this.samples = samples;
        this.others = others;
    }

    public DataViewModel model() {
        return model;
    }

    /** Shows this workspace and profiles the dataset. */
    public void open(Path file) {
        host.show(this);
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
    public Node view() {
        if (view == null) {
            view = new DataView(model, this::chooseAndOpen,
                    name -> dialogs.chooseFileToSave("Export the profile as HTML", name, "html").ifPresent(model::exportHtml),
                    name -> dialogs.chooseFileToSave("Export the profile as JSON", name, "json").ifPresent(model::exportJson));
        }
        return view;
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
