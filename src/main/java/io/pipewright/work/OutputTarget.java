package io.pipewright.work;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What a file named for a command's output is. A regular file (or none yet) is written whole or not at all: to a
 * temporary file beside it, then moved over it. Something that already exists and is no regular file, such as
 * {@code /dev/stdout}, {@code /dev/null} or a named pipe, is written to as it is: a move would replace the device
 * or the pipe itself with a file (as root, {@code /dev/null} became a regular file).
 */
public final class OutputTarget {
    private OutputTarget() {
    }

    /** True for an existing device, pipe or socket: write to it directly. */
    public static boolean isStream(Path file) {
        return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
    }

    /** Writes text to a file whole or not at all (a temporary file beside it, then a move), or into a device or pipe as it is. */
    public static void writeText(Path file, String content) {
        try {
            if (isStream(file)) {
                Files.writeString(file, content); // /dev/stdout, a named pipe: no file to replace
                return;
            }
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = parent.resolve("." + file.getFileName() + ".part");
            try {
                Files.writeString(temporary, content);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
