package io.pipewright.ui.common;

import io.pipewright.track.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.MenuItem;

/**
 * One workspace of the main window (Home, Data, Pipelines, …). The window builds everything a
 * workspace has in common with the others from this: its sidebar button ({@code #workspace-<id>}),
 * its View menu item ({@code #menu-<id>}) with its shortcut, its rows in Help → Getting started, its
 * File menu items, where dropped files go, and who may veto closing the window. The hooks tell it
 * what happened: it came on screen, the store opened (or could not), a pipeline run started.
 * Adding a workspace is one class like this and one line in the window's list of workspaces.
 */
public interface Workspace {

    /** Short and stable: ids of the sidebar button and the menu item are made from it. */
    String id();

    /** The name on the sidebar button and in the View menu. */
    String title();

    /** The sidebar icon: an SVG path on a 24×24 grid (one of {@link Icons}). */
    String icon();

    /** The View menu item's accelerator ({@code "Shortcut+1"}), or null for none. */
    String shortcut();

    /**
     * The node the workspace shows. The window asks once: for the workspace on screen when it is
     * built, for the others one per pulse after its first frame (so build the view here, not in the
     * constructor, and the first frame does not wait for it). It keeps every workspace in the scene
     * (only the one on screen visible): skins and styles are made at start-up, not at the moment a
     * dropped file starts being profiled. Build anything heavier on demand.
     */
    Node view();

    /** It came on screen: from the sidebar, the menu, its shortcut, or another workspace leading here. */
    default void shown() {
    }

    /**
     * The store opened (this runs on the FX thread). Every workspace hears of it; then the one on
     * screen is {@link #shown() shown} again, so a workspace that reads the store when shown reads it now.
     */
    default void storeOpened(Store store) {
    }

    /** The store could not be opened: {@code reason} says why, in a sentence. */
    default void storeUnavailable(String reason) {
    }

    /**
     * A pipeline run started. {@code stop} stops it. Returns true when this workspace is where the
     * run is watched: the first one that says so comes on screen.
     */
    default boolean runStarted(String pipeline, Runnable stop) {
        return false;
    }

    /** Whether the window may close: a workspace with unsaved work asks about it first. */
    default boolean mayClose() {
        return true;
    }

    /** Items this workspace adds to the File menu, above Quit, with their ids and accelerators. */
    default List<MenuItem> fileMenuItems() {
        return List.of();
    }

    /** Keys the workspace handles itself, which no menu item carries; Getting started lists them after the menu's. */
    default List<Keys> keys() {
        return List.of();
    }

    /** The files this workspace opens when they are dropped on the window or named on the command line. */
    default Optional<FileOpener> files() {
        return Optional.empty();
    }

    /** Files are being dragged over the window ({@code acceptable}: some workspace opens one of them), or the drag left or ended (false). */
    default void filesDragged(boolean acceptable) {
    }

    /** A key a workspace handles: what it does ("run / run to the selected node") and the keys ("F5 / Shift+F5"). */
    record Keys(String action, String keys) {
    }

    /** What a workspace may ask of the window it is in. */
    interface Host {
        /** Brings the workspace on screen. */
        void show(Workspace workspace);

        /** Tells every workspace that a pipeline run started (see {@link Workspace#runStarted}). */
        void runStarted(String pipeline, Runnable stop);

        /** A host that does nothing: for a workspace shown on its own, as in a test. */
        Host NONE = new Host() {
            @Override
            public void show(Workspace workspace) {
            }

            @Override
            public void runStarted(String pipeline, Runnable stop) {
            }
        };
    }

    /** Files of one kind that a workspace opens. */
    interface FileOpener {
        /** What the files are, in the words of a sentence: "dataset". */
        String kind();

        /** The formats, for the message about a file nothing opens: "CSV, TSV, …". */
        String formats();

        /** Whether a file is one of these (by its name: the file may not be read yet). */
        boolean opens(Path file);

        /** Opens files it {@link #opens(Path) opens}, given in the order they were dropped. */
        Opened open(List<Path> files);
    }

    /** What became of files handed to a {@link FileOpener}: how many it took, and why it left one, or null. */
    record Opened(int taken, String leftOut) {
    }
}
