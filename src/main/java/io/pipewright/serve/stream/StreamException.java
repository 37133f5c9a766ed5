package io.pipewright.serve.stream;

/**
 * The stream cannot start or go on: the brokers do not answer, or a topic is missing. {@link #badInput()}
 * tells a mistake in what was asked (a topic that does not exist) from a failure of the surroundings (no
 * broker answering), which the command line reports with different exit codes.
 */
public final class StreamException extends RuntimeException {
    private final boolean badInput;

    public StreamException(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    public StreamException(String message, Throwable cause) {
        super(message, cause);
        this.badInput = false;
    }

    public boolean badInput() {
        return badInput;
    }
}
