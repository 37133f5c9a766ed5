package io.pipewright.data;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What a quick pass over a dataset found: its format, size, and where countable, rows and columns. */
public record DatasetSummary(Path path, DatasetFormat format, long sizeBytes, OptionalLong rows, OptionalInt columns) {
}
