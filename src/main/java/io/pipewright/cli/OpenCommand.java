package io.pipewright.cli;

import io.pipewright.ui.shell.DesktopLauncher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "open", description = "Start the desktop app, opening the given files (what the file associations call).")
final class OpenCommand implements Callable<Integer>, StartNeeds {
    /** The window starts Tablesaw once its first frame is shown (its readers would, at the latest): not before it. */
    @Override
    public boolean readsTables() {
        return false;
    }

    @ParentCommand
    private PipewrightCommand root;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Datasets to profile in the Data workspace, and a pipeline (.yaml or .yml) to open in the Pipelines workspace.")
    private List<Path> files = List.of();

    @Override
    public Integer call() {
        DesktopLauncher.launch(root.home(), root.storeUrl(), files);
        return Cli.OK;
    }
}
