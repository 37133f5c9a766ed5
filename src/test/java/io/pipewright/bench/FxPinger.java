package io.pipewright.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Asks the FX thread to run a no-op every 5 ms and keeps how late each one ran: the window
 * benchmarks' stall meter. It also hears of every garbage collection, so that each long delay
 * can say how much of it the JVM's pauses took, and how much was the FX thread's own work.
 */
final class FxPinger extends Thread {
    /** A collection's pause: start and end in ms of JVM uptime (G1's young and mixed pauses stop every thread). */
    private record Pause(long start, long end, String cause) {
    }

    private final List<Pause> pauses = new CopyOnWriteArrayList<>();
    /** The JVM's uptime in ms when {@link #start} (the pinger's clock's zero) was taken. */
    private final long uptimeAtStart;
    private final long[] delays = new long[200_000];
    /** When each ping was asked, from the start. */
    private final long[] when = new long[200_000];
    private final long start = System.nanoTime();
    private int count;
    private volatile boolean stopping;

    FxPinger() {
        super("fx-pinger");
        setDaemon(true);
        uptimeAtStart = ManagementFactory.getRuntimeMXBean().getUptime();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        // G1's concurrent cycle does not stop the FX thread; its pauses ("G1 Young/Old Generation") do
                        if (!info.getGcName().contains("Concurrent")) {
                            pauses.add(new Pause(info.getGcInfo().getStartTime(), info.getGcInfo().getEndTime(), info.getGcCause()));
                        }
                    }
                }, null, null);
            }
        }
    }

    @Override
    public void run() {
        try {
            while (!stopping && count < delays.length) {
                long asked = System.nanoTime();
                var ran = new CountDownLatch(1);
                long[] at = new long[1];
                Platform.runLater(() -> {
                    at[0] = System.nanoTime();
                    ran.countDown();
                });
                ran.await();
                when[count] = asked - start;
                delays[count++] = at[0] - asked;
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the FX thread has run a no-op every 5 ms without a delay over {@code stallMillis} for
     * {@code quietMillis} in a row (the window's first pulses and warm-up are done, as when a person drops
     * a file on a window that is up), at most {@code maxMillis}; how long it waited, in ms.
     */
    static long awaitQuiet(long quietMillis, long stallMillis, long maxMillis) throws InterruptedException {
        long start = System.nanoTime();
        long quietSince = start;
        while (System.nanoTime() - start < maxMillis * 1_000_000L) {
            long asked = System.nanoTime();
            var ran = new CountDownLatch(1);
            Platform.runLater(ran::countDown);
            ran.await();
            long now = System.nanoTime();
            if (now - asked > stallMillis * 1_000_000L) {
                quietSince = now;
            } else if (now - quietSince >= quietMillis * 1_000_000L) {
                break;
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Stops pinging; the count of pings and the delays' median, p99 and maximum, then {@code floor} (e.g. " (floor: no stall over 100 ms)"). */
    String finish(String floor) throws InterruptedException {
        stopping = true;
        join();
        long[] sorted = Arrays.copyOf(delays, count);
        Arrays.sort(sorted);
        return String.format(Locale.US, "%d pings, FX thread delay median %.1f ms, p99 %.1f ms, max %.1f ms%s",
                count, sorted[count / 2] / 1e6, sorted[(int) (count * 0.99)] / 1e6, sorted[count - 1] / 1e6, floor);
    }

    /** After {@link #finish}: the {@code n} longest delays, each with when it began (seconds from the start), longest first. */
    String longest(int n) {
        var text = new StringBuilder();
        for (int ping : longestFirst(n)) {
            text.append(text.isEmpty() ? "" : ", ").append(String.format(Locale.US, "%.0f ms at %.2f s (GC pauses in it: %d ms)", delays[ping] / 1e6, when[ping] / 1e9,
                    pausedMillis(when[ping], delays[ping])));
        }
        return text.toString();
    }

    /** After {@link #finish}: the {@code n} longest delays as {start, end} in {@link System#nanoTime}'s reading, longest first. */
    long[][] longestSpans(int n) {
        return Arrays.stream(longestFirst(n)).mapToObj(ping -> new long[] {start + when[ping], start + when[ping] + delays[ping]}).toArray(long[][]::new);
    }

    /** The pings of the {@code n} longest delays, longest first. */
    private int[] longestFirst(int n) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(delays[b], delays[a]));
        return Arrays.stream(order).limit(n).mapToInt(Integer::intValue).toArray();
    }

    /** How many ms of garbage-collection pauses fell within a delay that began {@code from} ns after the start and lasted {@code length} ns. */
    private long pausedMillis(long from, long length) {
        long start = uptimeAtStart + from / 1_000_000;
        long end = start + Math.max(1, length / 1_000_000);
        long paused = 0;
        for (Pause pause : pauses) {
            paused += Math.max(0, Math.min(end, pause.end()) - Math.max(start, pause.start()));
        }
        return paused;
    }

    /** After {@link #finish}: the collections' pauses while pinging, their count, total and longest. */
    String pauses() {
        long total = pauses.stream().mapToLong(pause -> pause.end() - pause.start()).sum();
        long longest = pauses.stream().mapToLong(pause -> pause.end() - pause.start()).max().orElse(0);
        return String.format(Locale.US, "%d GC pauses, %d ms in all, the longest %d ms", pauses.size(), total, longest);
    }

    /** Seconds from the start to the last ping. */
    double seconds() {
        return count == 0 ? 0 : when[count - 1] / 1e9;
    }
}
