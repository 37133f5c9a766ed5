package io.pipewright.features;

/** A feature view, or what was asked of one, is wrong: one line naming the file, view or field (bad input, exit code 2). */
public final class FeatureException extends IllegalArgumentException {
    public FeatureException(String message) {
        super(message);
    }

    public FeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
