package io.pipewright;

import io.pipewright.cli.Cli;

/**
 * Entry point of the runnable jar. It must not extend {@code javafx.application.Application}:
 * launched from the classpath, the JDK's launcher would then refuse to start ("JavaFX runtime
 * components are missing"). No arguments open the desktop app; arguments are the command line.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(args));
    }
}
