package io.pipewright.track;

import java.time.Instant;

/**
 * A dataset as it was when Pipewright read it: where, how big, its fingerprint and shape; when it
 * was profiled (null: read, never profiled), what read it first (profile, validation, drift,
 * pipeline; null before that was recorded) and how many runs read the same content.
 */
public record DatasetVersion(long id, String path, String format, long sizeBytes, String sha256, long rows, int columns,
                             Instant createdAt, Instant profiledAt, String readBy, int runs) {

    public boolean hasProfile() {
        return profiledAt != null;
    }
}
