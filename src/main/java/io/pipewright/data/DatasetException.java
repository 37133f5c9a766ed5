package io.pipewright.data;

/** A dataset could not be read; the message names the file and, where known, the line. */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
