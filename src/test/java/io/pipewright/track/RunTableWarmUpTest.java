package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.h2.store.fs.FileUtils;
import org.junit.jupiter.api.Test;

class RunTableWarmUpTest {
    @Test
    void runsTheRunsTablesQueriesOnAStoreInMemoryAndLeavesNothingBehind() throws Exception {
        // every round's pages show runs: the warm-up goes through the table's queries, not around a failure
        long shown = RunTableWarmUp.warm();
        assertThat(shown).isGreaterThan(1_000);
        assertThat(FileUtils.exists("memFS:pipewright-runs-warm-up-1")).isFalse();
        assertThat(FileUtils.newDirectoryStream("memFS:")).noneMatch(path -> path.contains("pipewright-runs-warm-up"));
    }

    @Test
    void twoWarmUpsInOneProcessEachHaveTheirOwnStore() throws Exception {
        var first = new Thread(RunTableWarmUp::run);
        first.start();
        long shown = RunTableWarmUp.warm();
        first.join();
        assertThat(shown).isGreaterThan(1_000);
    }

    @Test
    void theWindowWarmsUpOnlyAStoreOfMoreThanAThousandRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var runs = new Runs(store, java.time.Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                runs.start("e", "run-" + i, null, null, null, null, null);
            }
            runs.flush();
            assertThat(RunTableWarmUp.holdsMoreRunsThan(store, 2)).isTrue();
            assertThat(RunTableWarmUp.holdsMoreRunsThan(store, 3)).isFalse();
            assertThat(RunTableWarmUp.holdsMoreRunsThan(store, RunTableWarmUp.WORTH_IT)).isFalse();
        }
    }
}
