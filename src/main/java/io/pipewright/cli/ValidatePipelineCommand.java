package io.pipewright.cli;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.Overrides;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate-pipeline", description = "Check a pipeline file without running it: its format, node types, parameters, "
        + "connections, cycles, and that no transform removes or renames a column a node needs as its target. Exit 0 when valid, 2 with "
        + "the problems otherwise.")
final class ValidatePipelineCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE", description = "The pipeline file (.yaml, .yml or .json).")
    private Path file;

    @Option(names = "--set", paramLabel = "NODE.PARAM=VALUE", description = "Check with this parameter changed.")
    private List<String> sets = new ArrayList<>();

    @Override
    public Integer call() {
        Pipeline pipeline = load(file, sets);
        spec.commandLine().getOut().printf("%s: valid (%d nodes: %s)%n", file.getFileName(), pipeline.order().size(),
                String.join(" → ", pipeline.order()));
        return Cli.OK;
    }

    /** Reads, applies --set, and validates; a PipelineException names the file, node and field. */
    static Pipeline load(Path file, List<String> sets) {
        PipelineDocument document = Overrides.apply(PipelineFiles.read(file), sets);
        Path folder = file.toAbsolutePath().getParent();
        return new PipelineValidator(NodeCatalog.standard()).validate(document, folder, file.getFileName().toString());
    }
}
