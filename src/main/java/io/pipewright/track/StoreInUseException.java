package io.pipewright.track;

import java.util.Optional;

/** Another process holds the store's file lock. */
public final class StoreInUseException extends StoreException {
    private final transient StoreOwner owner;

    public StoreInUseException(String message, StoreOwner owner, Throwable cause) {
        super(message, cause);
        this.owner = owner;
    }

    /** The process that holds the store, when it said who it is. */
    public Optional<StoreOwner> owner() {
        return Optional.ofNullable(owner);
    }
}
