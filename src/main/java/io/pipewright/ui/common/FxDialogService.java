package io.pipewright.ui.common;

import io.pipewright.data.DatasetFormat;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Dialogs owned by the main window; every file and folder dialog starts where {@link ChooserFolder} says. */
public final class FxDialogService implements DialogService {
    private final Window owner;
    private final ChooserFolder folders;

    public FxDialogService(Window owner) {
        this(owner, ChooserFolder.forSession());
    }

    public FxDialogService(Window owner, ChooserFolder folders) {
        this.owner = owner;
        this.folders = folders;
    }

    private Optional<Path> opened(FileChooser chooser, Path suggested) {
        folders.initial(suggested).ifPresent(folder -> chooser.setInitialDirectory(folder.toFile()));
        Optional<Path> chosen = Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
        chosen.ifPresent(folders::chosenFile);
        return chosen;
    }

    @Override
    public void showError(String title, String message) {
        var alert = new Alert(Alert.AlertType.ERROR, message);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.showAndWait();
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String suggestedName, String extension) {
        var chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension.toUpperCase(java.util.Locale.ROOT) + " files", "*." + extension));
        folders.initial(null).ifPresent(folder -> chooser.setInitialDirectory(folder.toFile()));
        Optional<Path> chosen = Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
        chosen.ifPresent(folders::chosenFile);
        return chosen;
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        var chooser = new javafx.stage.DirectoryChooser();
        chooser.setTitle(title);
        folders.initial(null).ifPresent(folder -> chooser.setInitialDirectory(folder.toFile()));
        Optional<Path> chosen = Optional.ofNullable(chooser.showDialog(owner)).map(File::toPath);
        chosen.ifPresent(folders::chosenFolder);
        return chosen;
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, String extension) {
        var chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension.toUpperCase(java.util.Locale.ROOT) + " files", "*." + extension));
        return opened(chooser, null);
    }

    @Override
    public Optional<Path> chooseFile(String title, Path initialFolder) {
        var chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
        // the folder of the file named now comes before the last folder used: the person is changing that file
        Path start = initialFolder != null && java.nio.file.Files.isDirectory(initialFolder) ? initialFolder : folders.initial(null).orElse(null);
        if (start != null) {
            chooser.setInitialDirectory(start.toFile());
        }
        Optional<Path> chosen = Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
        chosen.ifPresent(folders::chosenFile);
        return chosen;
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initial) {
        var dialog = new javafx.scene.control.TextInputDialog(initial);
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        dialog.setContentText(prompt);
        return dialog.showAndWait().map(String::trim).filter(text -> !text.isEmpty());
    }

    @Override
    public Optional<Path> chooseDatasetToOpen(Path initialFolder) {
        var chooser = new FileChooser();
        chooser.setTitle("Open dataset");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (" + DatasetFormat.supportedList() + ")",
                        "*.csv", "*.tsv", "*.tab", "*.json", "*.jsonl", "*.ndjson", "*.parquet", "*.pq", "*.arff",
                        "*.csv.gz", "*.tsv.gz", "*.json.gz", "*.jsonl.gz", "*.arff.gz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return opened(chooser, initialFolder);
    }

    @Override
    public Optional<Path> choosePipelineToOpen(Path initialFolder) {
        var chooser = new FileChooser();
        chooser.setTitle("Open pipeline");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Pipelines", "*.yaml", "*.yml", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        return opened(chooser, initialFolder);
    }

    @Override
    public Unsaved askToSave(String name) {
        var save = new javafx.scene.control.ButtonType("Save", javafx.scene.control.ButtonBar.ButtonData.YES);
        var discard = new javafx.scene.control.ButtonType("Don't save", javafx.scene.control.ButtonBar.ButtonData.NO);
        var alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION, "Save the changes to " + name + "?", save, discard,
                javafx.scene.control.ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle("Unsaved changes");
        alert.setHeaderText(name + " has changes that are not saved.");
        var answer = alert.showAndWait().orElse(javafx.scene.control.ButtonType.CANCEL);
        return answer == save ? Unsaved.SAVE : answer == discard ? Unsaved.DISCARD : Unsaved.CANCEL;
    }
}
