package io.pipewright.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Groups the rows of concurrent requests into one prediction. Each worker takes the oldest waiting
 * request and every request queued behind it, up to {@code maxBatch} rows. It waits for more only
 * when requests are arriving together (its previous batch held more than one request), and never
 * past {@code maxLatency} after the oldest one came: under light load a request is predicted at
 * once, under heavy load batches fill by themselves. A request larger than the batch is predicted alone.
 */
final class MicroBatcher implements AutoCloseable {
    private record Pending(Predictor.Rows rows, CompletableFuture<Predictor.Prediction> answer, long queuedAt) {
    }

    private static final Pending STOP = new Pending(new Predictor.Rows(new Object[0][]), null, 0);

    private final Function<Predictor.Rows, Predictor.Prediction> predict;
    private final int maxBatch;
    private final long maxLatencyNanos;
    private final BlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
    private final List<Thread> workers = new ArrayList<>();

    /** {@code maxBatch} and {@code maxLatency} as {@link ModelServer#batching} checked them. */
    MicroBatcher(Function<Predictor.Rows, Predictor.Prediction> predict, int maxBatch, Duration maxLatency, int workers) {
        this.predict = predict;
        this.maxBatch = maxBatch;
        this.maxLatencyNanos = maxLatency.toNanos();
        for (int i = 0; i < workers; i++) {
            var thread = new Thread(this::work, "pipewright-batch-" + i);
            thread.setDaemon(true);
            thread.start();
            this.workers.add(thread);
        }
    }

    /** Predicts a request's rows in the next batch; waits for the answer. */
    Predictor.Prediction predict(Predictor.Rows rows) {
        var pending = new Pending(rows, new CompletableFuture<>(), System.nanoTime());
        queue.add(pending);
        try {
            return pending.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Requests queued and not yet taken into a batch. */
    int waiting() {
        return (int) queue.stream().filter(pending -> pending != STOP).count();
    }

    private void work() {
        boolean busy = false;
        var batch = new ArrayList<Pending>();
        while (true) {
            batch.clear();
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (first == STOP) {
                return;
            }
            batch.add(first);
            int rows = first.rows().size();
            long deadline = first.queuedAt() + maxLatencyNanos;
            while (rows < maxBatch) {
                long wait = busy ? deadline - System.nanoTime() : 0;
                Pending next;
                try {
                    next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (next == null) {
                    break;
                }
                if (next == STOP || rows + next.rows().size() > maxBatch) {
                    queue.addFirst(next); // the next batch starts with it, in its turn
                    break;
                }
                batch.add(next);
                rows += next.rows().size();
            }
            busy = batch.size() > 1;
            answer(batch);
        }
    }

    private void answer(List<Pending> batch) {
        try {
            Predictor.Prediction all = predict.apply(batch.size() == 1 ? batch.get(0).rows()
                    : Predictor.Rows.concat(batch.stream().map(Pending::rows).toList()));
            int at = 0;
            for (Pending pending : batch) {
                int n = pending.rows().size();
                pending.answer().complete(new Predictor.Prediction(all.predictions().subList(at, at + n),
                        all.probabilities() == null ? null : Arrays.copyOfRange(all.probabilities(), at, at + n)));
                at += n;
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(pending -> pending.answer().completeExceptionally(e));
        }
    }

    /** Answers what is queued, then stops the workers. */
    @Override
    public void close() {
        workers.forEach(worker -> queue.add(STOP));
        for (Thread worker : workers) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
