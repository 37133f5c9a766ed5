package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.ParamSpec;
import io.pipewright.ui.common.DialogService;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Browse… button of a file parameter (a read node's path, a validate node's suite: every parameter of kind
 * {@link ParamSpec.Kind#PATH}): a file dialog that starts in the folder of the file named now, and the chosen file
 * written as the sample pipelines write theirs, relative to the pipeline file's folder when it lies under it (or beside
 * it, one folder up), else absolute (a pipeline not saved yet has no folder to be relative to). Setting it is one undoable edit, as typing it is.
 */
final class FileParamChooser {
    /** What was chosen: the text set in the parameter, and its problem (as typing it would say), or null. */
    record Chosen(String text, String problem) {
    }

    private final PipelineEditorViewModel model;
    private final DialogService dialogs;

    FileParamChooser(PipelineEditorViewModel model, DialogService dialogs) {
        this.model = model;
        this.dialogs = dialogs;
    }

    /** Asks for the file and sets it; empty when the person cancels. */
    Optional<Chosen> browse(String nodeId, ParamSpec spec) {
        Object value = model.document().node(nodeId).map(node -> node.params().get(spec.name())).orElse(null);
        Path folder = pipelineFolder();
        return dialogs.chooseFile("Choose the " + spec.name() + " of " + nodeId, startFolder(value instanceof String text ? text : null, folder))
                .map(file -> {
                    String text = written(file, folder);
                    return new Chosen(text, model.setParam(nodeId, spec, text));
                });
    }

    /** The folder relative file parameters are written against: the pipeline file's, or null before it is saved. */
    private Path pipelineFolder() {
        Path file = model.fileProperty().get();
        return file == null ? null : file.toAbsolutePath().normalize().getParent();
    }

    /** The folder of the file named now (read from where a run reads it), else the pipeline's folder, else null (the last folder used). */
    private Path startFolder(String value, Path pipelineFolder) {
        if (value != null && !value.isBlank()) {
            try {
                Path named = Path.of(value.strip());
                Path parent = (named.isAbsolute() ? named : model.runFolder().resolve(named)).normalize().getParent();
                if (parent != null && Files.isDirectory(parent)) {
                    return parent;
                }
            } catch (InvalidPathException e) {
                // typed by hand and not a path here: start where the pipeline is
            }
        }
        return pipelineFolder;
    }

    /**
     * The file as the parameter names it, with forward slashes as in the samples: relative to the pipeline's folder when it
     * lies under that folder, or under the folder above it (the samples' {@code ../credit/credit.csv}: data beside the
     * pipelines folder) unless that is the file system's root or the person's home folder, where a relative path would tie
     * unrelated folders together; else absolute.
     */
    static String written(Path chosen, Path pipelineFolder) {
        Path file = chosen.toAbsolutePath().normalize();
        if (pipelineFolder == null) {
            return file.toString();
        }
        Path above = pipelineFolder.getParent();
        String home = System.getProperty("user.home");
        boolean besideIt = above != null && above.getParent() != null && (home == null || !above.equals(Path.of(home).toAbsolutePath().normalize()));
        if (file.startsWith(pipelineFolder) && !file.equals(pipelineFolder) || besideIt && file.startsWith(above) && !file.equals(above)) {
            return pipelineFolder.relativize(file).toString().replace(File.separatorChar, '/');
        }
        return file.toString();
    }
}
