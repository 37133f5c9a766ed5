package io.pipewright.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Groups the rows of concurrent requests into one prediction, on the requests' own threads. A request
 * joins the queue; if a model copy is free, its thread takes the oldest waiting request and every
 * request queued behind it, up to {@code maxBatch} rows, predicts them and answers them all; otherwise it
 * waits, and is answered by the thread that takes it into a batch (or takes the next batch itself when a
 * copy comes free). So a request that finds nothing queued is predicted at once on its own thread, with
 * no hand-off to another thread, and under load batches fill with the requests that came while the
 * model was busy. A batch waits for more only while other requests are on their way to the queue
 * (counted from {@link #expect}), and never past {@code maxLatency} after its oldest request came.
 * A request larger than the batch is predicted alone.
 */
final class MicroBatcher implements AutoCloseable {
    /** A request's rows and, once its batch is predicted, its answer or the failure. */
    private static final class Pending {
        final Predictor.Rows rows;
        final Thread caller = Thread.currentThread();
        final long queuedAt = System.nanoTime();
        Predictor.Prediction answer;
        Throwable failure;
        volatile boolean done;

        Pending(Predictor.Rows rows) {
            this.rows = rows;
        }
    }

    /** A waiting request looks again this often at the latest, whatever wakes it. */
    private static final long RECHECK_NANOS = 10_000_000;

    private final Function<Predictor.Rows, Predictor.Prediction> predict;
    private final int maxBatch;
    private final long maxLatencyNanos;
    private final ConcurrentLinkedDeque<Pending> queue = new ConcurrentLinkedDeque<>();
    /** One permit per model copy: how many batches can be predicted at once. */
    private final Semaphore models;
    /** Requests between {@link #expect} and the queue. */
    private final AtomicInteger arriving = new AtomicInteger();
    /** Threads holding a batch open for a request on its way. */
    private final java.util.Queue<Thread> gathering = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** {@code maxBatch} and {@code maxLatency} as {@link ModelServer#batching} checked them; {@code parallel} batches at once. */
    MicroBatcher(Function<Predictor.Rows, Predictor.Prediction> predict, int maxBatch, Duration maxLatency, int parallel) {
        this.predict = predict;
        this.maxBatch = maxBatch;
        this.maxLatencyNanos = maxLatency.toNanos();
        this.models = new Semaphore(Math.max(1, parallel));
    }

    /** A request is on its way (its rows are being checked): a batch may wait for it. Every call is followed by {@link #predict} or {@link #cancel}. */
    void expect() {
        arriving.incrementAndGet();
    }

    /** A request announced by {@link #expect} will not come (its rows were refused). */
    void cancel() {
        arriving.decrementAndGet();
        for (Thread leader : gathering) {
            LockSupport.unpark(leader);
        }
    }

    /** Predicts a request's rows in the next batch (after {@link #expect}); waits for the answer. */
    Predictor.Prediction predict(Predictor.Rows rows) {
        var mine = new Pending(rows);
        queue.addLast(mine);
        arriving.decrementAndGet();
        for (Thread leader : gathering) {
            LockSupport.unpark(leader);
        }
        while (!mine.done) {
            if (models.tryAcquire()) {
                try {
                    lead(mine);
                } finally {
                    models.release();
                }
                Pending next = queue.peekFirst();
                if (next != null) {
                    LockSupport.unpark(next.caller); // a copy is free: the oldest waiting request takes the next batch
                }
            } else if (!mine.done) {
                LockSupport.parkNanos(this, RECHECK_NANOS);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    if (queue.remove(mine)) {
                        throw new IllegalStateException("interrupted while waiting for the batch");
                    }
                    // already taken into a batch: its answer comes
                    while (!mine.done) {
                        Thread.onSpinWait();
                    }
                }
            }
        }
        if (mine.failure instanceof RuntimeException failure) {
            throw failure;
        }
        if (mine.failure instanceof Error error) {
            throw error;
        }
        return mine.answer;
    }

    /** With a copy of the model held: predicts batches from the queue, oldest first, until {@code mine} is answered or nothing is left. */
    private void lead(Pending mine) {
        var batch = new ArrayList<Pending>();
        while (!mine.done) {
            batch.clear();
            Pending first = queue.pollFirst();
            if (first == null) {
                return; // another thread took it into its batch
            }
            batch.add(first);
            int rows = first.rows.size();
            long deadline = first.queuedAt + maxLatencyNanos;
            while (rows < maxBatch) {
                Pending next = queue.pollFirst();
                if (next == null) {
                    long left = deadline - System.nanoTime();
                    if (arriving.get() > 0 && left > 0) {
                        // a request is being checked and will join: wait for it without holding a core (it wakes this thread as it comes)
                        gathering.add(Thread.currentThread());
                        if (arriving.get() > 0 && queue.isEmpty()) {
                            LockSupport.parkNanos(this, left);
                        }
                        gathering.remove(Thread.currentThread());
                        continue;
                    }
                    break;
                }
                if (rows + next.rows.size() > maxBatch) {
                    queue.addFirst(next); // the next batch starts with it, in its turn
                    break;
                }
                batch.add(next);
                rows += next.rows.size();
            }
            answer(batch);
        }
    }

    /** Requests queued and not yet taken into a batch. */
    int waiting() {
        return queue.size();
    }

    private void answer(List<Pending> batch) {
        try {
            Predictor.Prediction all = predict.apply(batch.size() == 1 ? batch.get(0).rows
                    : Predictor.Rows.concat(batch.stream().map(pending -> pending.rows).toList()));
            if (batch.size() == 1) {
                batch.get(0).answer = all;
            } else {
                int at = 0;
                for (Pending pending : batch) {
                    int n = pending.rows.size();
                    pending.answer = new Predictor.Prediction(all.predictions().subList(at, at + n),
                            all.probabilities() == null ? null : Arrays.copyOfRange(all.probabilities(), at, at + n));
                    at += n;
                }
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(pending -> pending.failure = e);
        }
        Thread self = Thread.currentThread();
        for (Pending pending : batch) {
            pending.done = true;
            if (pending.caller != self) {
                LockSupport.unpark(pending.caller);
            }
        }
    }

    /** Nothing to stop: batches run on the requests' threads, and every request queued is answered by one of them. */
    @Override
    public void close() {
    }
}
