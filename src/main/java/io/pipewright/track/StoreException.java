package io.pipewright.track;

/** The store could not be opened or used; the message is one line meant for a person. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
