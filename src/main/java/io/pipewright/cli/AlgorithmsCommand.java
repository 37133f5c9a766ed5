package io.pipewright.cli;

import io.pipewright.train.Algorithm;
import io.pipewright.train.Algorithms;
import io.pipewright.train.Hyperparameter;
import io.pipewright.train.Task;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "algorithms", description = "List the algorithms a train node can use, with their hyperparameters, defaults and bounds.")
final class AlgorithmsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Algorithm algorithm : Algorithms.all()) {
            out.printf("%s — %s (%s)%n", algorithm.name(), algorithm.description(),
                    algorithm.tasks().stream().map(Task::id).sorted().collect(Collectors.joining(", ")));
            for (Hyperparameter parameter : algorithm.hyperparameters()) {
                String range = switch (parameter.kind()) {
                    case CHOICE -> String.join("|", parameter.choices());
                    case BOOLEAN -> "true|false";
                    default -> bound(parameter.min()) + ".." + bound(parameter.max());
                };
                out.printf(Locale.US, "    %-22s %-6s default %-8s %-16s %s%n", parameter.name(), parameter.kind().id(),
                        parameter.defaultValue(), range, parameter.description());
            }
        }
        return Cli.OK;
    }

    private static String bound(Double value) {
        return value == null ? "" : value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue()) : value.toString();
    }
}
