package io.pipewright.ui.shell;

import io.pipewright.ui.common.Workspace;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The keyboard shortcuts the Getting started guide lists: the menu's accelerators, read from the
 * menu items themselves (so the guide cannot disagree with the menu), then the keys that
 * workspaces handle on their own, as each workspace lists them. The README's table lists the same rows.
 */
final class KeyboardShortcuts {

    /** One row: what it does ("File → Open Dataset…") and the keys ("Ctrl+O"). */
    record Shortcut(String action, String keys) {
    }

    private KeyboardShortcuts() {
    }

    /** The menu bar's accelerators, in menu order. */
    static List<Shortcut> of(MenuBar bar) {
        var rows = new ArrayList<Shortcut>();
        for (Menu menu : bar.getMenus()) {
            collect(menu.getText().replace("_", ""), menu.getItems(), rows);
        }
        return rows;
    }

    /** Every shortcut: the menu bar's accelerators in menu order, then the keys each workspace handles itself ("Pipelines: …"). */
    static List<Shortcut> of(MenuBar bar, List<Workspace> workspaces) {
        var rows = new ArrayList<>(of(bar));
        for (Workspace workspace : workspaces) {
            workspace.keys().forEach(keys -> rows.add(new Shortcut(workspace.title() + ": " + keys.action(), keys.keys())));
        }
        return rows;
    }

    private static void collect(String path, List<MenuItem> items, List<Shortcut> rows) {
        for (MenuItem item : items) {
            if (item.getText() == null) {
                continue; // a separator
            }
            String name = path + " → " + item.getText().replace("_", "");
            if (item instanceof Menu submenu) {
                collect(name, submenu.getItems(), rows);
            } else if (item.getAccelerator() != null) {
                rows.add(new Shortcut(name, keys(item.getAccelerator())));
            }
        }
    }

    /**
     * "Ctrl+Shift+O": modifiers in the order people write them (JavaFX's own display text puts
     * Shift before Ctrl on Linux), Cmd for the shortcut key on a Mac.
     */
    static String keys(KeyCombination combination) {
        var text = new StringBuilder();
        boolean mac = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("mac");
        if (combination.getShortcut() == KeyCombination.ModifierValue.DOWN) {
            text.append(mac ? "Cmd+" : "Ctrl+");
        }
        if (combination.getControl() == KeyCombination.ModifierValue.DOWN) {
            text.append("Ctrl+");
        }
        if (combination.getAlt() == KeyCombination.ModifierValue.DOWN) {
            text.append("Alt+");
        }
        if (combination.getShift() == KeyCombination.ModifierValue.DOWN) {
            text.append("Shift+");
        }
        if (combination.getMeta() == KeyCombination.ModifierValue.DOWN) {
            text.append("Meta+");
        }
        String key = combination instanceof KeyCodeCombination code ? code.getCode().getName() : combination.getName().replaceAll("^.*\\+", "");
        return text.append(key).toString();
    }
}
