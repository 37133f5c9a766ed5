package io.pipewright.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;

/** Asks the FX thread to run a no-op every 5 ms and keeps how late each one ran: the window benchmarks' stall meter. */
final class FxPinger extends Thread {
    private final long[] delays = new long[200_000];
    /** When each ping was asked, from the start. */
    private final long[] when = new long[200_000];
    private final long start = System.nanoTime();
    private int count;
    private volatile boolean stopping;

    FxPinger() {
        super("fx-pinger");
        setDaemon(true);
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
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(delays[b], delays[a]));
        var text = new StringBuilder();
        for (int i = 0; i < Math.min(n, count); i++) {
            text.append(i == 0 ? "" : ", ").append(String.format(Locale.US, "%.0f ms at %.2f s", delays[order[i]] / 1e6, when[order[i]] / 1e9));
        }
        return text.toString();
    }

    /** Seconds from the start to the last ping. */
    double seconds() {
        return count == 0 ? 0 : when[count - 1] / 1e9;
    }
}
