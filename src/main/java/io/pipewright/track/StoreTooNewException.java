package io.pipewright.track;

/** The store was written by a newer Pipewright; it was left untouched. */
public final class StoreTooNewException extends StoreException {
    private final String storeVersion;
    private final String knownVersion;

    public StoreTooNewException(String message, String storeVersion, String knownVersion) {
        super(message);
        this.storeVersion = storeVersion;
        this.knownVersion = knownVersion;
    }

    public String storeVersion() {
        return storeVersion;
    }

    public String knownVersion() {
        return knownVersion;
    }
}
