package io.pipewright.ui.shell;

import io.pipewright.track.Store;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Workspace;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

/**
 * A workspace that exists only in the tests: a page of notes that says what it has heard from the
 * window. It proves that a workspace plugs in with one class and one line.
 */
final class NotesWorkspace implements Workspace {
    private final Label store = new Label("The store is not open yet.");
    private final Label shown = new Label("Not shown yet.");
    private final VBox view;
    private int storeOpenings;
    private int showings;

    NotesWorkspace(WorkspaceContext context) {
        store.setId("notes-store");
        shown.setId("notes-shown");
        view = new VBox(8, new Label("Notes"), store, shown, new TextArea());
        view.setId("notes-view");
    }

    @Override
    public String id() {
        return "notes";
    }

    @Override
    public String title() {
        return "Notes";
    }

    @Override
    public String icon() {
        return Icons.CUBE;
    }

    @Override
    public String shortcut() {
        return "Shortcut+9";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void shown() {
        shown.setText("Shown " + ++showings + " time(s).");
    }

    @Override
    public void storeOpened(Store opened) {
        store.setText("Store opened " + ++storeOpenings + " time(s): schema version " + opened.schemaVersion() + ".");
    }

    @Override
    public List<Keys> keys() {
        return List.of(new Keys("start a new note", "Ctrl+Enter"));
    }
}
