package io.pipewright.cli;

import io.pipewright.profile.DatasetProfile;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.Store;
import io.pipewright.track.StoreException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Records a profiled file as a dataset version. The store opens on a thread of its own while the
 * file is profiled; a store that cannot be opened costs a warning, not the profile.
 */
final class DatasetVersionRecorder {
    private final CompletableFuture<Store> store;

    private DatasetVersionRecorder(CompletableFuture<Store> store) {
        this.store = store;
    }

    static DatasetVersionRecorder start(java.util.function.Supplier<Store> opener) {
        return new DatasetVersionRecorder(CompletableFuture.supplyAsync(() -> {
            Store opened = opener.get();
            DatasetVersions.prepare(); // its JSON mapper loads here too, not after the profile
            return opened;
        }));
    }

    /**
     * Records the profile (as {@code profileJson}) on the store's thread while {@code meanwhile} runs on this one
     * (the command's own reports), then waits for the record; a store that failed costs a warning after them.
     */
    void recordWhile(DatasetProfile profile, String profileJson, Runnable meanwhile, PrintWriter err) {
        CompletableFuture<Void> recorded = store.thenAcceptAsync(opened -> {
            try (opened) {
                new DatasetVersions(opened).record(profile.source().path(), profile.source().format(), profile.source().bytes(),
                        profile.source().sha256(), profile.rows(), profile.columns().size(), profileJson, Instant.now());
            }
        });
        try {
            meanwhile.run();
        } finally {
            try {
                recorded.join();
            } catch (CompletionException e) {
                warn(e.getCause(), err);
            }
        }
    }

    /** Records what a command read (a validated file, drifted files) in the store; a store that cannot be used costs a warning. */
    static void recordReads(PipewrightCommand root, java.util.function.Consumer<Store> record, PrintWriter err) {
        try (Store opened = root.openStore()) {
            record.accept(opened);
        } catch (StoreException e) {
            err.println("pipewright: warning: the dataset versions were not recorded: " + Cli.oneLine(e.getMessage()));
        }
    }

    /** The profile failed: close the store (once it is open) without recording anything. */
    void abandon() {
        try {
            store.join().close();
        } catch (CompletionException e) {
            // the store could not be opened either; the profile's error is the one to report
        }
    }

    private static void warn(Throwable e, PrintWriter err) {
        if (!(e instanceof StoreException)) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        err.println("pipewright: warning: the dataset version was not recorded: " + Cli.oneLine(e.getMessage()));
    }
}
