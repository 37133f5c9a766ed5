package io.pipewright.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Takes the stacks of the FX thread and of the renderer's thread every 2 ms, so that a window
 * benchmark can say what each of its longest stalls was: the FX thread's own work, or the FX thread
 * waiting in {@code PaintCollector.waitForRenderingToComplete} while the renderer rasterizes. Taking
 * stacks stops the threads briefly, so a benchmark turns it on only when asked ({@code --stacks}).
 */
final class StallSampler extends Thread {
    private static final int DEPTH = 8;
    private static final int KINDS_SHOWN = 4;

    private record Sample(long at, String thread, Thread.State state, StackTraceElement[] stack) {
    }

    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopping;

    StallSampler() {
        super("stall-sampler");
        setDaemon(true);
    }

    @Override
    public void run() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        while (!stopping) {
            long[] ids = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("JavaFX Application") || thread.getName().startsWith("QuantumRenderer"))
                    .mapToLong(Thread::getId).toArray();
            for (ThreadInfo info : threads.getThreadInfo(ids, DEPTH)) {
                if (info != null) {
                    samples.add(new Sample(System.nanoTime(), info.getThreadName(), info.getThreadState(), info.getStackTrace()));
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void finish() throws InterruptedException {
        stopping = true;
        join();
    }

    /** What each thread was doing between two {@link System#nanoTime} readings: its most frequent stacks (top frames), with their counts. */
    String between(long from, long to) {
        var byThread = new TreeMap<String, Map<String, Integer>>();
        synchronized (samples) {
            for (Sample sample : samples) {
                if (sample.at() >= from && sample.at() <= to) {
                    var frames = new StringBuilder(sample.state().toString());
                    for (StackTraceElement frame : sample.stack()) {
                        frames.append(frames.length() == sample.state().toString().length() ? " " : " < ")
                                .append(frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1)).append('.').append(frame.getMethodName());
                    }
                    byThread.computeIfAbsent(sample.thread(), name -> new HashMap<>()).merge(frames.toString(), 1, Integer::sum);
                }
            }
        }
        var text = new StringBuilder();
        byThread.forEach((thread, stacks) -> {
            text.append("    ").append(thread).append('\n');
            stacks.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(KINDS_SHOWN)
                    .forEach(entry -> text.append(String.format(Locale.US, "      %3d × %s%n", entry.getValue(), entry.getKey())));
        });
        return text.isEmpty() ? "    (no samples: the sampler did not run)\n" : text.toString();
    }
}
