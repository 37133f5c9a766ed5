package io.pipewright.pipeline;

/** A pipeline that cannot be read or run as written: the message names the file, node and field. */
public final class PipelineException extends RuntimeException {
    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
