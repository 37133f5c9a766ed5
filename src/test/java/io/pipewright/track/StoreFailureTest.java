package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store whose disk fills up or turns read-only, and a server that cannot be reached: one clear line, nothing half-written. */
class StoreFailureTest {
    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void restoreTheDisk() {
        FaultyDisk.reset();
    }

    /** Run r1 finished with params and a metric history; r2 still running with a param and three points. */
    private static void recordTwoRuns(Store store) {
        var runs = new Runs(store, Clock.systemUTC());
        var first = runs.start("exp", "r1", null, 1L, null, null, null);
        runs.params(first.id(), Map.of("a", "1", "b", "2"));
        for (int step = 0; step < 100; step++) {
            runs.metric(first.id(), "loss", step, 1.0 / (step + 1));
        }
        runs.end(first.id(), Runs.FINISHED, null);
        var second = runs.start("exp", "r2", null, 2L, null, null, null);
        runs.params(second.id(), Map.of("a", "3"));
        for (int step = 0; step < 3; step++) {
            runs.metric(second.id(), "loss", step, step);
        }
        runs.flush();
    }

    private static Map<String, String> manyParams() {
        var params = new HashMap<String, String>();
        for (int i = 0; i < 200; i++) {
            params.put("p" + i, "x".repeat(1000));
        }
        return params;
    }

    /** Every write the failing disk refused is absent; everything before it is there. */
    private static void assertOnlyTheEarlierWritesAreThere(Store store) {
        var runs = new Runs(store, Clock.systemUTC());
        var first = runs.find("r1").orElseThrow();
        assertThat(first.status()).isEqualTo(Runs.FINISHED);
        assertThat(runs.params(first.id())).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(runs.history(first.id(), "loss")).hasSize(100);
        assertThat(runs.latestMetrics(first.id())).isEqualTo(Map.of("loss", 1.0 / 100));
        var second = runs.find("r2").orElseThrow();
        assertThat(runs.params(second.id())).as("no part of the refused parameters").isEqualTo(Map.of("a", "3"));
        assertThat(runs.history(second.id(), "loss")).as("no point of the refused batch").hasSize(3);
        assertThat(runs.latestMetrics(second.id())).isEqualTo(Map.of("loss", 2.0));
        assertThat(runs.find("r3")).as("the run the disk refused").isEmpty();
        assertThat(runs.all("exp")).hasSize(2);
    }

    @Test
    void aFullDiskFailsTheWriteInWordsAndLeavesNothingHalfWritten() {
        Path folder = dir.resolve("store");
        try (Store store = Store.open(folder, "test", FaultyDisk.SCHEME)) {
            recordTwoRuns(store);
            var runs = new Runs(store, Clock.systemUTC());
            long second = runs.find("r2").orElseThrow().id();
            FaultyDisk.fillUpAfter(4096);

            assertThat(catchThrowable(() -> runs.params(second, manyParams()))).isInstanceOf(StoreException.class)
                    .hasMessage("cannot record the run's parameters: the store's disk is full: free some space, then try again");
            for (int step = 3; step < 400; step++) {
                runs.metric(second, "loss", step, step);
            }
            assertThat(catchThrowable(runs::flush)).isInstanceOf(StoreException.class)
                    .hasMessage("cannot record the run's metrics: the store's disk is full: free some space, then try again");
            assertThat(catchThrowable(() -> runs.start("exp", "r3", null, 3L, null, null, null))).isInstanceOf(StoreException.class)
                    .hasMessage("cannot record a run of exp in the store: the store's disk is full: free some space, then try again");
        }
        FaultyDisk.reset();
        try (Store store = Store.open(folder, "test", FaultyDisk.SCHEME)) {
            assertOnlyTheEarlierWritesAreThere(store);
            assertThat(new Runs(store, Clock.systemUTC()).find("r2").orElseThrow().status()).as("its process is gone").isEqualTo(Runs.KILLED);
        }
    }

    @Test
    void aStoreThatTurnsReadOnlyFailsTheWriteInWordsAndLeavesNothingHalfWritten() {
        Path folder = dir.resolve("store");
        try (Store store = Store.open(folder, "test", FaultyDisk.SCHEME)) {
            recordTwoRuns(store);
            var runs = new Runs(store, Clock.systemUTC());
            long second = runs.find("r2").orElseThrow().id();
            FaultyDisk.makeReadOnly();
            assertThat(catchThrowable(() -> runs.params(second, manyParams()))).isInstanceOf(StoreException.class)
                    .hasMessage("cannot record the run's parameters: the store is read-only (cannot write " + folder.resolve("pipewright.mv.db")
                            + "): make it writable, or use another store");
            assertThat(catchThrowable(() -> runs.start("exp", "r3", null, 3L, null, null, null)))
                    .hasMessageStartingWith("cannot record a run of exp in the store: the store is read-only");
        }
        FaultyDisk.reset();
        try (Store store = Store.open(folder, "test", FaultyDisk.SCHEME)) {
            assertOnlyTheEarlierWritesAreThere(store);
        }
    }

    @Test
    void aReadOnlyStoreIsRefusedAtOpenInOneLineAndLeftAsItWas() {
        Path folder = dir.resolve("store");
        try (Store store = Store.open(folder, "test", FaultyDisk.SCHEME)) {
            recordTwoRuns(store);
        }
        FaultyDisk.makeReadOnly();
        assertThat(catchThrowable(() -> Store.open(folder, "test", FaultyDisk.SCHEME))).isInstanceOf(StoreException.class)
                .hasMessage("the store " + folder + " is read-only (" + folder.resolve("pipewright.mv.db")
                        + " cannot be written): make it writable, or start with --home pointing to another folder");
        FaultyDisk.reset();
        try (Store store = Store.open(folder, "test", FaultyDisk.SCHEME)) {
            var runs = new Runs(store, Clock.systemUTC());
            assertThat(runs.params(runs.find("r1").orElseThrow().id())).isEqualTo(Map.of("a", "1", "b", "2"));
        }
    }

    @Test
    void aDiskTooFullToCreateTheStoreIsOneLine() {
        FaultyDisk.fillUpAfter(0);
        Path folder = dir.resolve("fresh");
        assertThat(catchThrowable(() -> Store.open(folder, "test", FaultyDisk.SCHEME))).isInstanceOf(StoreException.class)
                .hasMessage("cannot open the store " + folder + ": the store's disk is full: free some space, then try again");
    }

    @Test
    void anUnreachablePostgresServerIsOneLineNamingHostAndPortAtOnce() {
        long started = System.nanoTime();
        Throwable thrown = catchThrowable(() -> Store.openUrl("jdbc:postgresql://127.0.0.1:1/x?user=x&password=secret", "test"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(thrown).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open the store jdbc:postgresql://127.0.0.1:1/x?user=x&password=…: Connection to 127.0.0.1:1 refused")
                .hasMessageNotContaining("secret")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
    }
}
