package io.pipewright.work;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
