package io.pipewright.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder that holds everything Pipewright keeps between runs: the store, model artifacts,
 * logs, preferences and the extracted sample data.
 */
public record PipewrightHome(Path root) {

    public static final String ENVIRONMENT_VARIABLE = "PIPEWRIGHT_HOME";

    public PipewrightHome {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code --home} wins, then {@code PIPEWRIGHT_HOME}, then {@code ~/.pipewright}. */
    public static PipewrightHome resolve(Path option, Map<String, String> environment) {
        if (option != null) {
            return new PipewrightHome(option);
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new PipewrightHome(Path.of(fromEnvironment));
        }
        return new PipewrightHome(Path.of(System.getProperty("user.home"), ".pipewright"));
    }

    public Path store() {
        return root.resolve("store");
    }

    public Path artifacts() {
        return root.resolve("artifacts");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path samples() {
        return root.resolve("samples");
    }

    /** Datasets kept by Pipewright: the layers of captured tables ({@code cdc/NAME}). */
    public Path data() {
        return root.resolve("data");
    }

    public Path preferencesFile() {
        return root.resolve("preferences.json");
    }

    /** Database credentials by name ({@code NAME.user}, {@code NAME.password}), read where a source names them; never written by Pipewright. */
    public Path secretsFile() {
        return root.resolve("secrets.properties");
    }

    /** Creates the folders that are missing; says which path could not be made a folder. */
    public PipewrightHome create() {
        for (Path dir : new Path[] {root, store(), artifacts(), logs()}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create folder " + dir + ": " + e.getMessage(), e);
            }
        }
        return this;
    }
}
