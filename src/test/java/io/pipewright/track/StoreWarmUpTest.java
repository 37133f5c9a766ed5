package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.store.fs.FileUtils;
import org.junit.jupiter.api.Test;

class StoreWarmUpTest {
    @Test
    void runsBesideAnotherAndLeavesNoDatabaseBehind() throws Exception {
        var first = CompletableFuture.runAsync(StoreWarmUp::run);
        var second = CompletableFuture.runAsync(StoreWarmUp::run);
        CompletableFuture.allOf(first, second).get(1, TimeUnit.MINUTES);
        assertThat(first).isCompleted().isNotCompletedExceptionally();
        assertThat(second).isCompleted().isNotCompletedExceptionally();
        assertThat(FileUtils.newDirectoryStream("memFS:")).noneMatch(path -> path.contains("pipewright-warm-up"));
    }
}
