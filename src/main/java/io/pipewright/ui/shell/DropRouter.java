package io.pipewright.ui.shell;

import io.pipewright.data.DatasetFormat;
import io.pipewright.ui.common.Notifications;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends each file dropped on the window to the place that handles its type: the first dataset
 * opens in the Data workspace, further ones join the Home view's recent files; anything else gets
 * a message naming the file and what can be opened.
 */
final class DropRouter {
    private final Consumer<Path> openDataset;
    private final Consumer<Path> listDataset;
    private final Consumer<Path> openPipeline;
    private final Notifications notifications;

    DropRouter(Consumer<Path> openDataset, Consumer<Path> listDataset, Consumer<Path> openPipeline, Notifications notifications) {
        this.openDataset = openDataset;
        this.listDataset = listDataset;
        this.openPipeline = openPipeline;
        this.notifications = notifications;
    }

    /** Whether a drag carrying these files should be accepted at all. */
    static boolean accepts(List<Path> files) {
        return files.stream().anyMatch(file -> DatasetFormat.detect(file).isPresent() || isPipeline(file));
    }

    /** A pipeline file: YAML (a JSON file is taken for a dataset). */
    static boolean isPipeline(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Routes the files; returns how many were taken. */
    int route(List<Path> files) {
        int taken = 0;
        String refused = null;
        boolean pipelineOpened = false;
        for (Path file : files) {
            if (isPipeline(file) && !Files.isDirectory(file)) {
                if (!pipelineOpened) {
                    openPipeline.accept(file);
                    pipelineOpened = true;
                    taken++;
                } else if (refused == null) {
                    refused = "one pipeline at a time: " + file.getFileName() + " was not opened";
                }
            } else if (DatasetFormat.detect(file).isPresent() && !Files.isDirectory(file)) {
                (taken == (pipelineOpened ? 1 : 0) ? openDataset : listDataset).accept(file);
                taken++;
            } else if (refused == null) {
                refused = Files.isDirectory(file)
                        ? file.getFileName() + " is a folder: drop the dataset files inside it"
                        : file.getFileName() + " is not a dataset or pipeline Pipewright can open (" + DatasetFormat.supportedList() + ", pipelines .yaml)";
            }
        }
        if (refused != null) {
            notifications.warn(refused);
        }
        return taken;
    }
}
