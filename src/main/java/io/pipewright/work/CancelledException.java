package io.pipewright.work;

/** Thrown by work that stopped because the person cancelled it; not an error. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("cancelled", null, false, false);
    }
}
