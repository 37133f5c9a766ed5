package io.pipewright.ui.data;

import io.pipewright.data.DatasetFormat;
import io.pipewright.ui.common.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Dataset files dropped on the window: the first is opened (profiled), the others are handed on (listed). */
public record DatasetFiles(Consumer<Path> openFirst, Consumer<Path> others) implements Workspace.FileOpener {

    @Override
    public String kind() {
        return "dataset";
    }

    @Override
    public String formats() {
        return DatasetFormat.supportedList();
    }

    @Override
    public boolean opens(Path file) {
        return DatasetFormat.detect(file).isPresent();
    }

    @Override
    public Workspace.Opened open(List<Path> files) {
        openFirst.accept(files.get(0));
        files.stream().skip(1).forEach(others);
        return new Workspace.Opened(files.size(), null);
    }
}
