package io.pipewright.profile;

import io.pipewright.data.Chunk;
import io.pipewright.data.ColumnBatch;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.ColumnType;
import io.pipewright.data.DatasetException;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.Head;
import io.pipewright.data.RecordSource;
import io.pipewright.data.Rows;
import io.pipewright.data.TypeInference;
import io.pipewright.work.Futures;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Profiles a dataset in one streaming pass: the calling thread reads chunks, a pool of workers
 * parses and summarises them, and the calling thread merges the summaries in file order (so the
 * result does not depend on the number of threads). Memory is bounded by the chunks in flight,
 * the sketches and the row sample, whatever the file's size.
 */
public final class Profiler {

    /**
     * @param target     a column whose association with every other column is reported, or null
     * @param sampleRows rows kept (uniformly, by line) for correlations and associations
     * @param types      the person's type for some columns, overriding inference
     * @param threads    threads that parse and summarise chunks; 1 means the calling thread alone
     * @param seed       seed of the row sample
     */
    public record Options(String target, int sampleRows, Map<String, ColumnType> types, int threads, long seed) {
        public static final int DEFAULT_SAMPLE = 50_000;

        public static Options defaults() {
            return new Options(null, DEFAULT_SAMPLE, Map.of(), Runtime.getRuntime().availableProcessors(), 42);
        }

        public Options {
            types = Map.copyOf(types);
            if (sampleRows < 0) {
                throw new IllegalArgumentException("--sample must be at least 0, not " + sampleRows);
            }
            threads = Math.max(1, threads);
        }

        public Options withTarget(String value) {
            return new Options(value, sampleRows, types, threads, seed);
        }

        public Options withSampleRows(int value) {
            return new Options(target, value, types, threads, seed);
        }

        public Options withTypes(Map<String, ColumnType> value) {
            return new Options(target, sampleRows, value, threads, seed);
        }

        public Options withThreads(int value) {
            return new Options(target, sampleRows, types, value, seed);
        }
    }

    /** What a watcher sees while the profile is made. Called on the profiling thread. */
    public interface Listener {
        /** Rows read so far, bytes of the file read, its size, and an estimate of seconds left (NaN at first). */
        default void progress(long rows, long bytesRead, long totalBytes, double secondsLeft) {
        }

        /** A profile of the rows read so far (no correlations), about twice a second; a view may show fewer. */
        default void partial(DatasetProfile profile) {
        }

        /** Whether {@link #partial} is wanted: each one is a whole profile built (sorts, top values), wasted on a watcher that ignores it. */
        default boolean wantsPartials() {
            return true;
        }

        /** The first rows of the file, once, for a preview. */
        default void preview(List<String> columns, List<String[]> rows) {
        }
    }

    public static final int PREVIEW_ROWS = 200;
    /** Rows sampled at least, for the quantiles and histograms of columns too long to keep whole. */
    static final int QUANTILE_SAMPLE = 50_000;
    private static final long PARTIAL_EVERY_NANOS = 500_000_000L;

    public DatasetProfile profile(DatasetReader reader, Options options, Listener listener, Progress progress) {
        try (RecordSource source = reader.source()) {
            return run(reader, source, options, listener, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(reader.name() + ": cannot read: " + e.getMessage(), e);
        }
    }

    private DatasetProfile run(DatasetReader reader, RecordSource source, Options options, Listener listener, Progress progress)
            throws IOException {
        List<String> columns = source.columns();
        checkNames(reader, columns, options);
        long started = System.nanoTime();

        // the first rows decide how each column is read
        Head first = Head.read(source, progress);
        List<Rows> head = first.rows();
        boolean ended = first.ended();
        ColumnPlan[] plans = plan(columns, first, options, source);
        var preview = new ArrayList<String[]>();
        for (Rows rows : head) {
            for (int i = 0; i < rows.size() && preview.size() < PREVIEW_ROWS; i++) {
                preview.add(rows.values()[i]);
            }
        }
        listener.preview(columns, preview);

        var sketched = new Sketched(plans.length);
        var merged = new ChunkSummary(plans, sketched);
        var kinds = new ColumnPlan.Kind[plans.length];
        for (int c = 0; c < plans.length; c++) {
            kinds[c] = plans[c].kind();
        }
        long expectedRows = expectedRows(source, first);
        var sample = new RowSample(Math.max(options.sampleRows(), QUANTILE_SAMPLE), kinds, expectedRows);
        var duplicates = new DuplicateCounter(expectedRows);
        var builder = new ProfileBuilder(reader, source, columns, plans, options);
        int threads = options.threads();
        var counter = new AtomicInteger();
        // one thread means the calling thread alone: no pool (the window asks for that on a 2-core machine)
        ExecutorService pool = threads == 1 ? new SameThreadExecutor() : Executors.newFixedThreadPool(threads, runnable -> {
            var thread = new Thread(runnable, "pipewright-profile-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        var inFlight = new ArrayDeque<Future<ChunkSummary>>();
        long lastPartial = System.nanoTime();
        try {
            for (Rows rows : head) {
                inFlight.add(pool.submit(() -> summarise(plans, sketched, ColumnBatch.of(rows, plans), sample, duplicates, options.seed())));
            }
            // the head's rows (a String per cell) are the tasks' now: not kept for the whole run
            head = null;
            first = null;
            preview = null;
            while (!ended) {
                progress.checkCancelled();
                Chunk chunk = source.next();
                if (chunk == null) {
                    break;
                }
                boolean[] hashOnly = hashOnly(plans, sketched);
                inFlight.add(pool.submit(() -> {
                    ColumnBatch batch = chunk.parseColumns(plans, null, hashOnly);
                    ChunkSummary summary = summarise(plans, sketched, batch, sample, duplicates, options.seed());
                    chunk.release(); // its bytes are all read: the source may fill the buffer again
                    return summary;
                }));
                while (inFlight.size() > threads * 2) {
                    absorb(inFlight.poll(), merged, sample, sketched);
                    report(listener, merged, source, started);
                    if (listener.wantsPartials() && System.nanoTime() - lastPartial > PARTIAL_EVERY_NANOS) {
                        lastPartial = System.nanoTime();
                        listener.partial(builder.build(merged, duplicates, List.of(), false));
                    }
                }
            }
            while (!inFlight.isEmpty()) {
                progress.checkCancelled();
                absorb(inFlight.poll(), merged, sample, sketched);
                report(listener, merged, source, started);
            }
        } finally {
            pool.shutdownNow();
        }
        source.next(); // a source finishes its fingerprint when asked past its end
        return builder.build(merged, duplicates, sample.rows(), true);
    }

    /**
     * Text columns whose counts went past the exact limit with no top values worth keeping (identifiers,
     * free text): their values are needed only as hash codes (distinct count, duplicate rows) and lengths,
     * so a chunk reads them without a String per cell. Null when there is none. Counts never go back.
     */
    private static boolean[] hashOnly(ColumnPlan[] plans, Sketched sketched) {
        boolean[] columns = null;
        for (int c = 0; c < plans.length; c++) {
            if (plans[c].kind() == ColumnPlan.Kind.STRING && sketched.texts.get(c) == ValueCounts.SKETCHED_WITHOUT_TOP) {
                if (columns == null) {
                    columns = new boolean[plans.length];
                }
                columns[c] = true;
            }
        }
        return columns;
    }

    private static void checkNames(DatasetReader reader, List<String> columns, Options options) {
        String file = reader.name();
        if (options.target() != null && !columns.contains(options.target())) {
            throw new DatasetException(file + ": --target '" + options.target() + "' is not a column (columns: "
                    + String.join(", ", columns.subList(0, Math.min(columns.size(), 20))) + (columns.size() > 20 ? ", …" : "") + ")");
        }
        for (String name : options.types().keySet()) {
            if (!columns.contains(name)) {
                throw new DatasetException(file + ": cannot set the type of '" + name + "': no such column");
            }
        }
    }

    private static ColumnPlan[] plan(List<String> columns, Head head, Options options, RecordSource source) {
        var plans = new ColumnPlan[columns.size()];
        for (int c = 0; c < plans.length; c++) {
            plans[c] = TypeInference.infer(head.values(c), options.types().get(columns.get(c)), source.storedKind(c));
        }
        return plans;
    }

    private static ChunkSummary summarise(ColumnPlan[] plans, Sketched sketched, ColumnBatch batch, RowSample sample,
                                          DuplicateCounter duplicates, long seed) {
        var summary = new ChunkSummary(plans, sketched);
        int size = batch.size;
        long[] hashes = new long[size];
        java.util.Arrays.fill(hashes, 0x2545F4914F6CDD1DL);
        for (int c = 0; c < plans.length; c++) {
            summary.columns[c].addColumn(batch, c);
            hashColumn(plans[c].kind(), batch, c, hashes);
        }
        duplicates.addAll(hashes);
        sample(batch, sample, seed, summary);
        summary.rows = size;
        summary.batch = batch;
        return summary;
    }

    /*
     * The loops over a chunk's rows live in small methods of their own (this one, hashColumn,
     * ColumnAccumulator.addColumn): a loop in summarise itself would make the JIT compile it with
     * everything it calls inlined, a compilation that alone cost a 1-million-row run half a second
     * of a core.
     */
    private static void sample(ColumnBatch batch, RowSample sample, long seed, ChunkSummary summary) {
        int[] rows = null;
        long[] priorities = null;
        int n = 0;
        for (int i = 0; i < batch.size; i++) {
            long priority = RowSample.priority(batch.lines[i], seed);
            if (sample.mayTake(priority)) {
                if (rows == null || n == rows.length) {
                    int length = rows == null ? 64 : n * 2;
                    rows = rows == null ? new int[length] : java.util.Arrays.copyOf(rows, length);
                    priorities = priorities == null ? new long[length] : java.util.Arrays.copyOf(priorities, length);
                }
                rows[n] = i;
                priorities[n] = priority;
                n++;
            }
        }
        // the columns read by hash get their Strings now, for the sampled rows alone, while the chunk's bytes are still here
        for (int c = 0; c < batch.textHashes.length && n > 0; c++) {
            if (batch.textHashes[c] != null) {
                for (int k = 0; k < n; k++) {
                    if (batch.state[c][rows[k]] == ColumnBatch.PRESENT) {
                        batch.strings[c][rows[k]] = batch.text(c, rows[k]);
                    }
                }
            }
        }
        summary.sampledRows = rows;
        summary.sampledPriorities = priorities;
        summary.sampledCount = n;
    }

    /**
     * Mixes each cell of a column into its row's hash (for duplicate rows). Each kind has a loop of its own, for
     * the compiler to optimise once, rather than one loop recompiled as each column kind first reaches it.
     */
    private static void hashColumn(ColumnPlan.Kind kind, ColumnBatch batch, int c, long[] hashes) {
        switch (kind) {
            case STRING -> hashTexts(batch, c, hashes);
            case DATETIME -> hashDates(batch, c, hashes);
            default -> hashNumbers(batch, c, hashes);
        }
    }

    private static final long MISSING_CELL = 0x9E3779B97F4A7C15L;
    private static final long CELL_MIX = 0xC2B2AE3D27D4EB4FL;

    private static void hashTexts(ColumnBatch batch, int c, long[] hashes) {
        byte[] state = batch.state[c];
        for (int i = 0; i < batch.size; i++) {
            mix(hashes, i, state[i] == ColumnBatch.MISSING ? MISSING_CELL : textCell(batch, c, i));
        }
    }

    private static void hashDates(ColumnBatch batch, int c, long[] hashes) {
        byte[] state = batch.state[c];
        long[] dates = batch.dates[c];
        for (int i = 0; i < batch.size; i++) {
            byte cell = state[i];
            mix(hashes, i, cell == ColumnBatch.MISSING ? MISSING_CELL : cell == ColumnBatch.INVALID ? textCell(batch, c, i) : dates[i] * CELL_MIX);
        }
    }

    private static void hashNumbers(ColumnBatch batch, int c, long[] hashes) {
        byte[] state = batch.state[c];
        double[] numbers = batch.numbers[c];
        for (int i = 0; i < batch.size; i++) {
            byte cell = state[i];
            double value = numbers[i];
            mix(hashes, i, cell == ColumnBatch.MISSING ? MISSING_CELL
                    : cell == ColumnBatch.INVALID ? textCell(batch, c, i) : Double.doubleToLongBits(value == 0.0 ? 0.0 : value) * CELL_MIX);
        }
    }

    /** A text cell's share of its row's hash: from its String, or from its hash and length where it was read by hash. */
    private static long textCell(ColumnBatch batch, int c, int i) {
        String value = batch.strings[c][i];
        return value != null ? value.hashCode() * CELL_MIX + value.length() : batch.textHashes[c][i] * CELL_MIX + batch.textLengths[c][i];
    }

    private static void mix(long[] hashes, int i, long cell) {
        long hash = (hashes[i] ^ cell) * 0x100000001B3L;
        hashes[i] = hash ^ (hash >>> 29);
    }

    private static void absorb(Future<ChunkSummary> future, ChunkSummary merged, RowSample sample, Sketched sketched) {
        ChunkSummary summary = Futures.await(future);
        merged.merge(summary);
        sketched.update(merged);
        ColumnBatch batch = summary.batch;
        for (int k = 0; k < summary.sampledCount; k++) {
            sample.offer(summary.sampledPriorities[k], batch, summary.sampledRows[k]);
        }
        batch.recycle(); // nothing reads it any more: its arrays go to the next chunk
    }

    /** Rows the file may hold, from the bytes per row of the head (0 when unknown): sizes the duplicate counter up front. */
    private static long expectedRows(RecordSource source, Head head) {
        long rows = 0;
        for (Rows block : head.rows()) {
            rows += block.size();
        }
        long read = source.bytesRead();
        long total = source.totalBytes();
        if (rows == 0 || read <= 0 || total <= 0 || head.ended()) {
            return rows;
        }
        // what was read may hold more than the head (a source reads ahead): then the table grows once, by doubling
        return (long) (total * ((double) rows / read));
    }

    private static void report(Listener listener, ChunkSummary merged, RecordSource source, long started) {
        long read = source.bytesRead();
        long total = source.totalBytes();
        double elapsed = (System.nanoTime() - started) / 1e9;
        double left = read <= 0 || elapsed < 0.2 ? Double.NaN : elapsed * (total - read) / read;
        listener.progress(merged.rows, read, total, left);
    }

    /** Runs each task at once on the submitting thread. */
    private static final class SameThreadExecutor extends java.util.concurrent.AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
            return true;
        }
    }

    /** Which columns' merged counts went past the exact limit, for workers to start new chunks as sketches. */
    static final class Sketched {
        final java.util.concurrent.atomic.AtomicIntegerArray texts;
        final java.util.concurrent.atomic.AtomicIntegerArray keys;
        final java.util.concurrent.atomic.AtomicIntegerArray quantiles;
        /** Distinct values merged so far, capped at a chunk's size: how big to make a chunk's map. */
        final java.util.concurrent.atomic.AtomicIntegerArray distinct;

        Sketched(int columns) {
            distinct = new java.util.concurrent.atomic.AtomicIntegerArray(columns);
            texts = new java.util.concurrent.atomic.AtomicIntegerArray(columns);
            keys = new java.util.concurrent.atomic.AtomicIntegerArray(columns);
            quantiles = new java.util.concurrent.atomic.AtomicIntegerArray(columns);
        }

        void update(ChunkSummary merged) {
            for (int c = 0; c < merged.columns.length; c++) {
                ColumnAccumulator column = merged.columns[c];
                texts.set(c, column.texts.mode());
                if (column.keys != null) {
                    keys.set(c, column.keys.mode());
                }
                if (column.orderedCount > 0 && column.exactValues == null) {
                    quantiles.set(c, 1);
                }
                ValueCounts counts = column.keys != null ? column.keys : column.texts;
                distinct.set(c, counts.exact() ? (int) Math.min(16_384, counts.distinct()) : 0);
            }
        }
    }

    /** One chunk's summary, or the merge of many. */
    static final class ChunkSummary {
        final ColumnAccumulator[] columns;
        long rows;
        /** The chunk's batch, until the merge has taken the sampled rows from it. */
        ColumnBatch batch;
        /** Rows of the batch that may enter the sample, and their priorities. */
        int[] sampledRows;
        long[] sampledPriorities;
        int sampledCount;

        ChunkSummary(ColumnPlan[] plans, Sketched sketched) {
            columns = new ColumnAccumulator[plans.length];
            for (int c = 0; c < plans.length; c++) {
                columns[c] = new ColumnAccumulator(plans[c], sketched.texts.get(c), sketched.keys.get(c), sketched.quantiles.get(c) != 0,
                        sketched.distinct.get(c));
            }
        }

        void merge(ChunkSummary other) {
            rows += other.rows;
            for (int c = 0; c < columns.length; c++) {
                columns[c].merge(other.columns[c]);
            }
        }
    }
}
