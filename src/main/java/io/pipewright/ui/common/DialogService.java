package io.pipewright.ui.common;

import java.nio.file.Path;
import java.util.Optional;

/** Dialogs a view model may need; tests give it a stub that answers without a window. */
public interface DialogService {

    void showError(String title, String message);

    /** Asks for a dataset file to open; empty when the person cancels. */
    Optional<Path> chooseDatasetToOpen(Path initialFolder);

    /** Asks where to save a file, suggesting a name; empty when the person cancels. */
    Optional<Path> chooseFileToSave(String title, String suggestedName, String extension);

    /** Asks for a folder (where to export into); empty when the person cancels. */
    Optional<Path> chooseFolder(String title);

    /** Asks for an existing file of one extension (a model artifact); empty when the person cancels. */
    Optional<Path> chooseFileToOpen(String title, String extension);

    /**
     * Asks for an existing file of any kind (a node's file parameter), starting in {@code initialFolder}
     * when it is a folder that exists, else where the last dialog left off; empty when the person cancels.
     */
    Optional<Path> chooseFile(String title, Path initialFolder);

    /** Asks for one line of text (a name, a number); empty when the person cancels. */
    Optional<String> askText(String title, String prompt, String initial);

    /** What to do with unsaved changes. */
    enum Unsaved { SAVE, DISCARD, CANCEL }

    /** Asks for a pipeline file to open; empty when the person cancels. */
    Optional<Path> choosePipelineToOpen(Path initialFolder);

    /** Asks whether to save the changes to something before it is closed or replaced. */
    Unsaved askToSave(String name);
}
