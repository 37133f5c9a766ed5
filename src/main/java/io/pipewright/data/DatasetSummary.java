package io.pipewright.data;

import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What one pass over a dataset found: its format, size, rows and columns (for listing a file). */
public record DatasetSummary(Path path, DatasetFormat format, long sizeBytes, OptionalLong rows, OptionalInt columns) {

    /** Reads the whole dataset once with its reader, counting rows; reports progress by bytes and stops when cancelled. */
    public static DatasetSummary read(DatasetReader reader, Progress progress) {
        String name = reader.name();
        try (RecordSource source = reader.source()) {
            long rows = 0;
            Chunk chunk;
            while ((chunk = source.next()) != null) {
                progress.checkCancelled();
                rows += chunk.parse().size();
                progress.update(source.bytesRead(), source.totalBytes(), name);
            }
            return new DatasetSummary(reader.path(), reader.format(), source.sizeBytes(), OptionalLong.of(rows),
                    OptionalInt.of(source.columns().size()));
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read: " + e.getMessage(), e);
        }
    }
}
