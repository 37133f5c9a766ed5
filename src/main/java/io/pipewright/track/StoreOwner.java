package io.pipewright.track;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

/**
 * Who holds the store: written next to the database by the process that opened it, so that a
 * second opener can say which process to close. The file lock itself is H2's; this file only
 * explains it, and a stale one (left by a killed process) is simply overwritten.
 */
public record StoreOwner(long pid, Instant since, String version) {

    static final String FILE_NAME = "owner.properties";

    static StoreOwner current(String version) {
        return new StoreOwner(ProcessHandle.current().pid(), Instant.now(), version);
    }

    void write(Path storeDirectory) throws IOException {
        var properties = new Properties();
        properties.setProperty("pid", Long.toString(pid));
        properties.setProperty("since", since.toString());
        properties.setProperty("version", version);
        try (Writer out = Files.newBufferedWriter(storeDirectory.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            properties.store(out, "the Pipewright process that has this store open");
        }
    }

    static Optional<StoreOwner> read(Path storeDirectory) {
        Path file = storeDirectory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
            return Optional.of(new StoreOwner(
                    Long.parseLong(properties.getProperty("pid", "-1")),
                    Instant.parse(properties.getProperty("since", Instant.EPOCH.toString())),
                    properties.getProperty("version", "?")));
        } catch (IOException | NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static void remove(Path storeDirectory, long pid) {
        read(storeDirectory).filter(owner -> owner.pid() == pid).ifPresent(owner -> {
            try {
                Files.deleteIfExists(storeDirectory.resolve(FILE_NAME));
            } catch (IOException ignored) {
                // a stale owner file is harmless: the next opener overwrites it
            }
        });
    }
}
