package io.pipewright.ui.shell;

import io.pipewright.data.SampleDatasets;
import io.pipewright.home.BuildInfo;
import io.pipewright.home.PipewrightHome;
import io.pipewright.home.Preferences;
import io.pipewright.pipeline.SamplePipelines;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * What the window reads before it can be built: the home, the preferences, the build's version and
 * the bundled samples' indexes. The launcher starts these reads on a thread of their own while
 * JavaFX starts (on two cores, the one does not wait for the other); the app takes them when it
 * starts, or reads them itself when nothing was started for its home (an app launched directly).
 */
record StartupReads(PipewrightHome home, Preferences preferences, ShellPreferences shell, BuildInfo build, SampleDatasets sampleDatasets,
                    SamplePipelines samplePipelines) {

    private static volatile Started started;

    private record Started(Path root, CompletableFuture<StartupReads> reads) {
    }

    /** Reads everything now, on the calling thread. */
    static StartupReads read(PipewrightHome home) {
        PipewrightHome created = home.create();
        Preferences preferences = Preferences.load(created.preferencesFile());
        return new StartupReads(created, preferences, ShellPreferences.read(preferences), BuildInfo.load(), SampleDatasets.bundled(),
                SamplePipelines.bundled());
    }

    /** Starts the reads for {@code home} through {@code starter} (a thread of their own), for {@link #take} to collect. */
    static void begin(PipewrightHome home, Executor starter) {
        var reads = new CompletableFuture<StartupReads>();
        started = new Started(home.root(), reads);
        starter.execute(() -> {
            try {
                reads.complete(read(home));
            } catch (RuntimeException | Error e) {
                reads.completeExceptionally(e);
            }
        });
    }

    /** The reads begun for {@code home}, waited for; else read now. A failure of the begun reads is thrown here, as if read now. */
    static StartupReads take(PipewrightHome home) {
        Started begun = started;
        started = null;
        if (begun == null || !begun.root().equals(home.root())) {
            return read(home);
        }
        try {
            return begun.reads().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return read(home);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
