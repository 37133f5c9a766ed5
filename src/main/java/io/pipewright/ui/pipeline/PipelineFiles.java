package io.pipewright.ui.pipeline;

import io.pipewright.ui.common.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Pipeline files dropped on the window: YAML (a JSON file is taken for a dataset), one at a time. */
public record PipelineFiles(Consumer<Path> open) implements Workspace.FileOpener {

    @Override
    public String kind() {
        return "pipeline";
    }

    @Override
    public String formats() {
        return "pipelines .yaml";
    }

    @Override
    public boolean opens(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    @Override
    public Workspace.Opened open(List<Path> files) {
        open.accept(files.get(0));
        return new Workspace.Opened(1, files.size() == 1 ? null : "one pipeline at a time: " + files.get(1).getFileName() + " was not opened");
    }
}
