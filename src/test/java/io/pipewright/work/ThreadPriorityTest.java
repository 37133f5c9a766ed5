package io.pipewright.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ThreadPriorityTest {
    /** The calling thread's nice value as Linux reports it (field 19 of /proc/thread-self/stat). */
    private static int niceOfThisThread() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void aLoweredThreadAndTheThreadsItStartsRunAtTheBackgroundNiceValue() throws Exception {
        assumeTrue("Linux".equals(System.getProperty("os.name")) && Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        var seen = new CompletableFuture<int[]>();
        var thread = new Thread(() -> {
            try {
                int before = niceOfThisThread();
                boolean lowered = ThreadPriority.lowerCurrent(ThreadPriority.BACKGROUND);
                int after = niceOfThisThread();
                var child = new CompletableFuture<Integer>();
                var started = new Thread(() -> {
                    try {
                        child.complete(niceOfThisThread());
                    } catch (IOException e) {
                        child.completeExceptionally(e);
                    }
                });
                started.start();
                seen.complete(new int[] {before, lowered ? 1 : 0, after, child.get()});
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        thread.start();
        int[] values = seen.get();
        assertThat(values[1]).as("lowered").isEqualTo(1);
        assertThat(values[2]).as("its nice value after").isEqualTo(Math.max(values[0], ThreadPriority.BACKGROUND));
        assertThat(values[3]).as("a thread it started").isEqualTo(values[2]);
        assertThat(niceOfThisThread()).as("the test's own thread is untouched").isEqualTo(values[0]);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void threadsAreLoweredByNameAsTheWindowLowersTheOptimisingCompiler() throws Exception {
        assumeTrue("Linux".equals(System.getProperty("os.name")) && Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        var nice = new CompletableFuture<Integer>();
        var release = new java.util.concurrent.CountDownLatch(1);
        var lowered = new java.util.concurrent.CountDownLatch(1);
        var running = new java.util.concurrent.CountDownLatch(1);
        var named = new Thread(() -> {
            try {
                // the JVM names the thread for the system as it starts, before this runs
                running.countDown();
                lowered.await();
                nice.complete(niceOfThisThread());
                release.await();
            } catch (Exception e) {
                nice.completeExceptionally(e);
            }
        }, "pw-lower-by-name");
        named.start();
        running.await();
        int before = niceOfThisThread();
        try {
            assertThat(ThreadPriority.lowerThreadsNamed("pw-lower-by", ThreadPriority.BACKGROUND + 2)).isEqualTo(1);
            lowered.countDown();
            assertThat(nice.get()).as("the named thread's nice value").isEqualTo(Math.max(before, ThreadPriority.BACKGROUND + 2));
            assertThat(niceOfThisThread()).as("the others are untouched").isEqualTo(before);
            assertThat(ThreadPriority.lowerThreadsNamed("no such thread", ThreadPriority.BACKGROUND)).isZero();
        } finally {
            lowered.countDown();
            release.countDown();
            named.join(10_000);
        }
    }
}
