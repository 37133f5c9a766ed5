package io.pipewright;

import io.pipewright.cli.Cli;
import java.util.List;

/**
 * Entry point of {@code pipewright-server.jar}, the server distribution: the commands a container runs
 * (serving, streaming and batch scoring, monitoring, a cluster's {@code run --node} tasks) and nothing that
 * needs the window, JavaFX or the export validators' Helm, whose libraries that jar leaves out.
 */
public final class ServerMain {
    /** The top-level commands of the server jar, as {@code pipewright --help} names them. */
    public static final List<String> COMMANDS = List.of("serve", "stream", "score", "monitor", "run", "models", "info");

    private ServerMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(args, COMMANDS));
    }
}
