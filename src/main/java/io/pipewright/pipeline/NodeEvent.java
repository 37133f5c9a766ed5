package io.pipewright.pipeline;

import java.util.Locale;

/** What happened to a node while a pipeline ran. */
public record NodeEvent(String nodeId, Status status, double progress, String message, double seconds, long peakMemoryBytes) {

    public enum Status {
        QUEUED, RUNNING, DONE, CACHED, FAILED, CANCELLED, SKIPPED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static NodeEvent queued(String nodeId) {
        return new NodeEvent(nodeId, Status.QUEUED, 0, null, 0, 0);
    }

    public static NodeEvent running(String nodeId, double progress, String message) {
        return new NodeEvent(nodeId, Status.RUNNING, progress, message, 0, 0);
    }

    public static NodeEvent done(String nodeId, double seconds, long peakMemoryBytes) {
        return new NodeEvent(nodeId, Status.DONE, 1, null, seconds, peakMemoryBytes);
    }

    public static NodeEvent cached(String nodeId) {
        return new NodeEvent(nodeId, Status.CACHED, 1, null, 0, 0);
    }

    public static NodeEvent failed(String nodeId, String message, double seconds) {
        return new NodeEvent(nodeId, Status.FAILED, 0, message, seconds, 0);
    }

    public static NodeEvent cancelled(String nodeId) {
        return new NodeEvent(nodeId, Status.CANCELLED, 0, null, 0, 0);
    }

    public static NodeEvent skipped(String nodeId, String message) {
        return new NodeEvent(nodeId, Status.SKIPPED, 0, message, 0, 0);
    }
}
