package io.pipewright.ui.common;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.input.TransferMode;

/**
 * Files dropped on a part of a workspace go to that part (a dataset to validate, two files to
 * compare) instead of the window's own routing, which opens datasets in the Data workspace.
 */
public final class FileDrops {
    private FileDrops() {
    }

    /** Takes drops of files that {@code accepts} says yes to; others fall through to the window. */
    public static void install(Node target, Predicate<List<Path>> accepts, Consumer<List<Path>> dropped) {
        target.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles() && accepts.test(paths(event.getDragboard().getFiles()))) {
                event.acceptTransferModes(TransferMode.COPY);
                event.consume();
            }
        });
        target.setOnDragDropped(event -> {
            if (event.getDragboard().hasFiles() && accepts.test(paths(event.getDragboard().getFiles()))) {
                dropped.accept(paths(event.getDragboard().getFiles()));
                event.setDropCompleted(true);
                event.consume();
            }
        });
    }

    private static List<Path> paths(List<File> files) {
        return files.stream().map(File::toPath).toList();
    }

    /** Whether every file is a dataset Pipewright reads, by its name. */
    public static boolean datasets(List<Path> files) {
        return !files.isEmpty() && files.stream().allMatch(file -> io.pipewright.data.DatasetFormat.detect(file).isPresent());
    }
}
