package io.pipewright.cli;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "nodes", description = "List the node types of pipelines, with their ports and parameters.")
final class NodesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (NodeType type : NodeCatalog.standard().all()) {
            out.printf("%s [%s] — %s%n", type.name(), type.stage(), type.description());
            out.printf("    inputs:  %s%n", ports(type.inputs()));
            out.printf("    outputs: %s%n", ports(type.outputs()));
            for (ParamSpec param : type.params()) {
                String detail = param.kind() == ParamSpec.Kind.CHOICE ? String.join("|", param.choices()) : param.kind().id();
                out.printf("    %-16s %-30s %s%s%n", param.name(), detail, param.required() ? "(required) " : param.defaultValue() == null ? ""
                        : "(default " + param.defaultValue() + ") ", param.description());
            }
        }
        return Cli.OK;
    }

    private static String ports(java.util.List<PortSpec> ports) {
        return ports.isEmpty() ? "none" : ports.stream().map(port -> port.name() + " (" + port.type().id() + (port.optional() ? ", optional" : "") + ")")
                .collect(Collectors.joining(", "));
    }
}
