package io.pipewright.ui.home;

import io.pipewright.track.Store;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Workspace;
import java.util.List;
import javafx.scene.Node;

/** The Home workspace: the drop target (lit while files that open are dragged over the window), recent files, the store, the samples. */
public final class HomeWorkspace implements Workspace {
    private final HomeViewModel model;
    private final HomeView view;

    /** {@code openDataset}: the Open Dataset… dialog, which the drop target's button opens. */
    public HomeWorkspace(HomeViewModel model, Runnable openDataset) {
        this.model = model;
        this.view = new HomeView(model, openDataset);
    }

    public HomeViewModel model() {
        return model;
    }

    @Override
    public String id() {
        return "home";
    }

    @Override
    public String title() {
        return "Home";
    }

    @Override
    public String icon() {
        return Icons.HOME;
    }

    @Override
    public String shortcut() {
        return "Shortcut+1";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void storeOpened(Store store) {
        model.storeOpened(store);
    }

    @Override
    public void storeUnavailable(String reason) {
        model.storeUnavailable(reason);
    }

    @Override
    public void filesDragged(boolean acceptable) {
        view.setAccepting(acceptable);
    }

    @Override
    public List<Keys> keys() {
        return List.of(new Keys("profile a recent file again / remove it from the list", "Enter / Delete"));
    }
}
