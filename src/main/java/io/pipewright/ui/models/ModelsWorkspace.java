package io.pipewright.ui.models;

import io.pipewright.track.ModelRegistry;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Workspace;
import java.util.function.Consumer;
import javafx.scene.Node;

/** The Models workspace: the registry's versions and aliases. It reads the registry each time it is shown. */
public final class ModelsWorkspace implements Workspace {
    private final ModelsViewModel model;
    private final DialogService dialogs;
    private final Consumer<String> openRun;
    private final Consumer<ModelRegistry.Version> exportVersion;
    /** Built when the window first asks for it (after the first frame, unless this workspace is the one on screen). */
    private ModelsView view;

    /** {@code openRun}: where a version's run opens (its key); {@code exportVersion}: where Export bundle… leads. */
    public ModelsWorkspace(ModelsViewModel model, DialogService dialogs, Consumer<String> openRun, Consumer<ModelRegistry.Version> exportVersion) {
        this.model = model;
        this.dialogs = dialogs;
        this.openRun = openRun;
        this.exportVersion = exportVersion;
    }

    public ModelsViewModel model() {
        return model;
    }

    @Override
    public void shown() {
        model.refresh();
    }

    @Override
    public String id() {
        return "models";
    }

    @Override
    public String title() {
        return "Models";
    }

    @Override
    public String icon() {
        return Icons.CUBE;
    }

    @Override
    public String shortcut() {
        return "Shortcut+6";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new ModelsView(model, initial -> dialogs.askText("Alias", "Alias (champion, challenger or any name):", initial),
                    openRun, exportVersion);
        }
        return view;
    }
}
