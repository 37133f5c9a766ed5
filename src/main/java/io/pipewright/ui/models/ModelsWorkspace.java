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
    private final ModelsView view;

    /** {@code openRun}: where a version's run opens (its key); {@code exportVersion}: where Export bundle… leads. */
    public ModelsWorkspace(ModelsViewModel model, DialogService dialogs, Consumer<String> openRun, Consumer<ModelRegistry.Version> exportVersion) {
        this.model = model;
        this.view = new ModelsView(model, initial -> dialogs.askText("Alias", "Alias (champion, challenger or any name):", initial),
                openRun, exportVersion);
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
        return view;
    }
}
