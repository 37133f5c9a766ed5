package io.pipewright.ui.shell;

import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Sends each file dropped on the window (or named on the command line) to the workspace that opens
 * its type: each workspace gets its files together, in the order dropped, and decides what to do with
 * more than one (Data profiles the first dataset and lists the others on Home; Pipelines opens one).
 * Anything else gets a message naming the file and what can be opened.
 */
final class DropRouter {
    private final List<Workspace.FileOpener> openers;
    private final Notifications notifications;

    /** {@code openers}: in the order of the workspaces; the first that opens a file gets it. */
    DropRouter(List<Workspace.FileOpener> openers, Notifications notifications) {
        this.openers = List.copyOf(openers);
        this.notifications = notifications;
    }

    /** The file openers of these workspaces, in their order. */
    static DropRouter of(List<Workspace> workspaces, Notifications notifications) {
        return new DropRouter(workspaces.stream().map(Workspace::files).flatMap(Optional::stream).toList(), notifications);
    }

    /** Whether a drag carrying these files should be accepted at all. */
    boolean accepts(List<Path> files) {
        return files.stream().anyMatch(file -> opener(file).isPresent());
    }

    private Optional<Workspace.FileOpener> opener(Path file) {
        return openers.stream().filter(opener -> opener.opens(file)).findFirst();
    }

    /** Routes the files; returns how many were taken. */
    int route(List<Path> files) {
        var byOpener = new LinkedHashMap<Workspace.FileOpener, List<Path>>();
        String refused = null;
        for (Path file : files) {
            Optional<Workspace.FileOpener> opener = opener(file);
            if (opener.isPresent() && !Files.isDirectory(file)) {
                byOpener.computeIfAbsent(opener.get(), any -> new ArrayList<>()).add(file);
            } else if (refused == null) {
                refused = Files.isDirectory(file)
                        ? file.getFileName() + " is a folder: drop the " + opener.map(Workspace.FileOpener::kind).map(kind -> kind + " ").orElse("")
                                + "files inside it"
                        : file.getFileName() + " is not a " + openers.stream().map(Workspace.FileOpener::kind).collect(Collectors.joining(" or "))
                                + " Pipewright can open (" + openers.stream().map(Workspace.FileOpener::formats).collect(Collectors.joining(", ")) + ")";
            }
        }
        int taken = 0;
        for (Map.Entry<Workspace.FileOpener, List<Path>> entry : byOpener.entrySet()) {
            Workspace.Opened opened = entry.getKey().open(List.copyOf(entry.getValue()));
            taken += opened.taken();
            if (refused == null) {
                refused = opened.leftOut();
            }
        }
        if (refused != null) {
            notifications.warn(refused);
        }
        return taken;
    }
}
