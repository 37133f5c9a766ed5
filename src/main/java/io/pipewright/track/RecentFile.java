package io.pipewright.track;

import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A file the person opened, with what a quick look at it found. */
public record RecentFile(Path path, String kind, String format, long sizeBytes, OptionalLong rows,
                         OptionalInt columns, Instant openedAt) {

    public static final String DATASET = "dataset";

    public String fileName() {
        return path.getFileName().toString();
    }
}
