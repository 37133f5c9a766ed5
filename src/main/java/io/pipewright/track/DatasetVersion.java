package io.pipewright.track;

import java.time.Instant;

/** A dataset as it was when Pipewright read it: where, how big, its fingerprint and shape. */
public record DatasetVersion(long id, String path, String format, long sizeBytes, String sha256, long rows, int columns,
                             Instant createdAt, Instant profiledAt) {
}
