package io.pipewright.ui.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Dialogs answered without a window: each file, folder or save dialog takes the next of the given files; the rest are cancelled. */
public final class ScriptedDialogs implements DialogService {
    private final List<Path> files;

    private final List<Unsaved> answers = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();
    private final List<Path> startFolders = new ArrayList<>();

    public ScriptedDialogs(List<Path> files) {
        this.files = new ArrayList<>(files);
    }

    /** The answers to "save the changes?", in order; when they run out, Cancel. */
    public ScriptedDialogs answering(Unsaved... next) {
        answers.addAll(List.of(next));
        return this;
    }

    /** What was asked about unsaved changes (the names). */
    public List<String> asked() {
        return asked;
    }

    @Override
    public synchronized Optional<Path> choosePipelineToOpen(Path initialFolder) {
        return files.isEmpty() ? Optional.empty() : Optional.of(files.remove(0));
    }

    @Override
    public synchronized Unsaved askToSave(String name) {
        asked.add(name);
        return answers.isEmpty() ? Unsaved.CANCEL : answers.remove(0);
    }

    @Override
    public void showError(String title, String message) {
    }

    @Override
    public Optional<Path> chooseDatasetToOpen(Path initialFolder) {
        return Optional.empty();
    }

    @Override
    public synchronized Optional<Path> chooseFolder(String title) {
        return files.isEmpty() ? Optional.empty() : Optional.of(files.remove(0));
    }

    @Override
    public synchronized Optional<Path> chooseFileToOpen(String title, String extension) {
        return files.isEmpty() ? Optional.empty() : Optional.of(files.remove(0));
    }

    @Override
    public synchronized Optional<Path> chooseFileToSave(String title, String suggestedName, String extension) {
        return files.isEmpty() ? Optional.empty() : Optional.of(files.remove(0));
    }

    /** The folders the file dialogs for any file were asked to start in, in order (null: none suggested). */
    public List<Path> startFolders() {
        return startFolders;
    }

    @Override
    public synchronized Optional<Path> chooseFile(String title, Path initialFolder) {
        startFolders.add(initialFolder);
        return files.isEmpty() ? Optional.empty() : Optional.of(files.remove(0));
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initial) {
        return Optional.empty();
    }
}
