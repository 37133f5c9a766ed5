package io.pipewright.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder that holds everything Pipewright keeps between runs: the store, model artifacts,
 * logs, preferences and the extracted sample data; and the data folder (the layers' versions and the
 * change logs of captured tables), {@code HOME/data} unless it is pointed elsewhere: a team shares one
 * data folder (a network mount) as it shares one PostgreSQL store, each person keeping a home of their own.
 */
public record PipewrightHome(Path root, Path data) {

    public static final String ENVIRONMENT_VARIABLE = "PIPEWRIGHT_HOME";
    /** Where the data folder is, when it is not the home's {@code data/}. */
    public static final String DATA_ENVIRONMENT_VARIABLE = "PIPEWRIGHT_DATA";

    /** {@code data} null: the home's own {@code data/} folder. */
    public PipewrightHome {
        root = root.toAbsolutePath().normalize();
        data = data == null ? root.resolve("data") : data.toAbsolutePath().normalize();
    }

    /** A home with its data in its own {@code data/} folder. */
    public PipewrightHome(Path root) {
        this(root, null);
    }

    /** {@code --home} wins, then {@code PIPEWRIGHT_HOME}, then {@code ~/.pipewright}; the data folder is {@code PIPEWRIGHT_DATA}, else the home's. */
    public static PipewrightHome resolve(Path option, Map<String, String> environment) {
        return resolve(option, null, environment);
    }

    /** As {@link #resolve(Path, Map)}, with {@code --data} ({@code dataOption}) winning over {@code PIPEWRIGHT_DATA}. */
    public static PipewrightHome resolve(Path option, Path dataOption, Map<String, String> environment) {
        Path data = dataOption != null ? dataOption : nonBlank(environment.get(DATA_ENVIRONMENT_VARIABLE));
        if (option != null) {
            return new PipewrightHome(option, data);
        }
        Path fromEnvironment = nonBlank(environment.get(ENVIRONMENT_VARIABLE));
        if (fromEnvironment != null) {
            return new PipewrightHome(fromEnvironment, data);
        }
        return new PipewrightHome(Path.of(System.getProperty("user.home"), ".pipewright"), data);
    }

    private static Path nonBlank(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** Whether the data folder is somewhere else than the home's {@code data/} (a shared one). */
    public boolean sharedData() {
        return !data.equals(root.resolve("data"));
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
