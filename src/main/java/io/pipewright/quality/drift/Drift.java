package io.pipewright.quality.drift;

import io.pipewright.data.Chunk;
import io.pipewright.data.ColumnBatch;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.DatasetException;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.Head;
import io.pipewright.data.RecordSource;
import io.pipewright.data.Rows;
import io.pipewright.data.TypeInference;
import io.pipewright.quality.drift.DriftReport.ColumnDrift;
import io.pipewright.quality.drift.DriftReport.Skipped;
import io.pipewright.work.CancelledException;
import io.pipewright.work.Futures;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Compares a current dataset with a reference one, column by column, in one streaming pass over
 * each (read at the same time): workers parse and summarise chunks into {@link ColumnAggregate}s,
 * each side's reading thread merges them in file order, and the columns are then tested in
 * parallel. The reference's first rows decide how every column is read, on both sides; a current
 * value that does not fit counts as invalid. Memory is bounded by the chunks in flight and the
 * aggregates, whatever the files' sizes.
 */
public final class Drift {
    /** Columns of a request log that are not features. */
    static final String TIME = "_time";
    /** What the serving runtime writes in a request log beside the features: when, the feedback id, the version and A/B variant. */
    private static final Set<String> LOG_FIELDS = Set.of(TIME, "_id", "_version", "_variant");
    static final String PREDICTION = "prediction";
    static final int CATEGORICAL_MAX_DISTINCT = 50;
    static final double CATEGORICAL_MAX_SHARE = 0.05;
    static final double MIXED_TOLERANCE = 0.005;

    private Drift() {
    }

    /**
     * A reader for a side given by a path: a request-log folder (read as the JSON Lines files in it)
     * or a dataset file of any format Pipewright reads.
     */
    public static DatasetReader reader(Path path) {
        if (Files.isDirectory(path)) {
            return DatasetReader.jsonLines(path);
        }
        return DatasetReader.open(path);
    }

    /** Whether a current side is a request log of the serving runtime: a folder, or a requests*.jsonl file. */
    static boolean isRequestLog(Path path) {
        return Files.isDirectory(path) || RequestLogSource.isLogFile(path);
    }

    /** Compares the two datasets; {@code current} may be a request-log folder (see {@link #reader}). */
    public static DriftReport compare(DatasetReader reference, DatasetReader current, DriftOptions options, Progress progress) {
        long started = System.nanoTime();
        boolean log = current.path() != null && isRequestLog(current.path());
        try (RecordSource refSource = reference.source();
             RecordSource curSource = log ? RequestLogSource.open(current.path(), current.options()) : current.source()) {
            return new Comparison(reference, current, refSource, curSource, log, options, progress, started).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read: " + e.getMessage(), e);
        }
    }

    /** One side being read. */
    private static final class Side {
        final String label;
        final DatasetReader reader;
        final RecordSource source;
        final List<String> columns;
        final List<Rows> head = new ArrayList<>();
        /** The first rows, read before the columns are planned. */
        Head first;
        boolean ended;
        long rows;
        /** The reference column each of this side's columns is compared with, or -1. */
        int[] target;
        ColumnPlan[] plans;
        ColumnPlan[] own;
        ColumnAggregate[] merged;
        /** The share of numbers each sketch is fed (1: all), from the rows the file will have, estimated from its head. */
        double sketchShare = 1;

        Side(DatasetReader reader, RecordSource source) {
            this.reader = reader;
            this.source = source;
            this.label = reader.name();
            this.columns = source.columns();
        }

        void readHead(Progress progress) throws IOException {
            first = Head.read(source, progress);
            head.addAll(first.rows());
            ended = first.ended();
            int count = first.count();
            long read = source.bytesRead();
            if (!ended && count > 0 && read > 0) {
                double estimated = (double) source.totalBytes() * count / read;
                if (estimated > 2.0 * ColumnAggregate.SKETCH_SAMPLE) {
                    sketchShare = ColumnAggregate.SKETCH_SAMPLE / estimated;
                }
            }
        }

        ColumnPlan[] infer() {
            var plans = new ColumnPlan[columns.size()];
            for (int c = 0; c < plans.length; c++) {
                plans[c] = TypeInference.infer(first.values(c), null, source.storedKind(c));
            }
            return plans;
        }
    }

    /** One chunk's aggregates per column of its side, and its row count. */
    private record ChunkSummary(ColumnAggregate[] columns, int rows) {
    }

    private static final class Comparison {
        final Side ref;
        final Side cur;
        final boolean log;
        final DriftOptions options;
        final Progress progress;
        final long started;
        final Object progressLock = new Object();
        final AtomicLongArray bytes = new AtomicLongArray(2);
        /** Reference columns whose levels passed the limit: workers then only count them. */
        AtomicIntegerArray levelsFull;
        /**
         * Reference columns with more distinct numbers than the limit: the union of both sides is then
         * past it too, so workers stop counting distinct numbers of that column on either side.
         */
        AtomicIntegerArray distinctFull;
        volatile boolean referenceFailed;
        volatile boolean currentFailed;

        Comparison(DatasetReader reference, DatasetReader current, RecordSource refSource, RecordSource curSource, boolean log,
                   DriftOptions options, Progress progress, long started) {
            this.ref = new Side(reference, refSource);
            this.cur = new Side(current, curSource);
            this.log = log;
            this.options = options;
            this.progress = progress;
            this.started = started;
        }

        DriftReport run() throws IOException {
            if (options.target() != null && !ref.columns.contains(options.target())) {
                throw new DatasetException(ref.label + ": --target '" + options.target() + "' is not a column (columns: "
                        + String.join(", ", ref.columns.subList(0, Math.min(20, ref.columns.size()))) + (ref.columns.size() > 20 ? ", …" : "") + ")");
            }
            ref.readHead(progress);
            cur.readHead(progress);
            ref.plans = ref.infer();
            ref.own = ref.plans;
            cur.own = cur.infer();
            ref.first = null; // planned: the head's blocks stay only in the list that is processed, then cleared
            cur.first = null;
            levelsFull = new AtomicIntegerArray(ref.columns.size());
            distinctFull = new AtomicIntegerArray(ref.columns.size());
            ref.target = new int[ref.columns.size()];
            for (int c = 0; c < ref.target.length; c++) {
                ref.target[c] = c;
            }
            Map<String, Integer> refIndex = new HashMap<>();
            for (int c = 0; c < ref.columns.size(); c++) {
                refIndex.put(ref.columns.get(c), c);
            }
            cur.target = new int[cur.columns.size()];
            cur.plans = new ColumnPlan[cur.columns.size()];
            for (int c = 0; c < cur.columns.size(); c++) {
                Integer r = refIndex.get(cur.columns.get(c));
                cur.target[c] = r == null ? -1 : r;
                cur.plans[c] = r == null ? ColumnPlan.text() : ref.plans[r];
            }

            int threads = options.threads();
            var counter = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1, runnable -> {
                var thread = new Thread(runnable, "pipewright-drift-" + counter.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            try {
                // the current side is read by a thread of its own, the reference by this one
                Future<?> currentRead = pool.submit(() -> {
                    try {
                        stream(cur, 1, pool, threads);
                    } catch (RuntimeException | Error e) {
                        currentFailed = true;
                        throw e;
                    }
                    return null;
                });
                try {
                    stream(ref, 0, pool, threads);
                } catch (CancelledException e) {
                    if (currentFailed) {
                        Futures.await(currentRead); // the current side's own error, not the stop it caused here
                    }
                    currentRead.cancel(true);
                    throw e;
                } catch (RuntimeException | Error e) {
                    referenceFailed = true;
                    currentRead.cancel(true);
                    throw e;
                }
                Futures.await(currentRead);
                ref.source.next(); // a source finishes its fingerprint when asked past its end
                cur.source.next();
                if (ref.rows == 0) {
                    throw new DatasetException(ref.label + ": no rows to compare (the reference data is empty)");
                }
                if (cur.rows == 0) {
                    throw new DatasetException(cur.label + ": no rows to compare (the current data is empty)");
                }
                return assemble(pool);
            } finally {
                pool.shutdownNow();
                try {
                    // the current side's reader stops before its source is closed by the caller
                    pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void stream(Side side, int which, ExecutorService pool, int threads) throws IOException {
            side.merged = new ColumnAggregate[side.columns.size()];
            for (int c = 0; c < side.merged.length; c++) {
                side.merged[c] = aggregateFor(side, c);
            }
            var inFlight = new ArrayDeque<Future<ChunkSummary>>();
            for (Rows rows : side.head) {
                inFlight.add(pool.submit(() -> summarise(side, ColumnBatch.of(rows, side.plans))));
            }
            side.head.clear();
            try {
                while (!side.ended) {
                    checkCancelled();
                    Chunk chunk = side.source.next();
                    if (chunk == null) {
                        break;
                    }
                    boolean[] skip = unread(side);
                    inFlight.add(pool.submit(() -> summarise(side, chunk.parseColumns(side.plans, skip))));
                    while (inFlight.size() > threads * 2) {
                        absorb(side, inFlight.poll());
                        report(side, which);
                    }
                }
                while (!inFlight.isEmpty()) {
                    checkCancelled();
                    absorb(side, inFlight.poll());
                }
                report(side, which);
            } finally {
                inFlight.forEach(future -> future.cancel(true));
            }
        }

        private void checkCancelled() {
            if (referenceFailed || currentFailed || Thread.currentThread().isInterrupted()) {
                throw new CancelledException();
            }
            progress.checkCancelled();
        }

        private void report(Side side, int which) {
            bytes.set(which, side.source.bytesRead());
            long total = ref.source.totalBytes() + cur.source.totalBytes();
            synchronized (progressLock) {
                progress.update(bytes.get(0) + bytes.get(1), total, "Reading " + ref.label + " and " + cur.label);
            }
        }

        private ColumnAggregate aggregateFor(Side side, int column) {
            if (side.target[column] < 0) {
                return new ColumnAggregate(ColumnAggregate.Kind.COUNT_ONLY);
            }
            return new ColumnAggregate(switch (side.plans[column].kind()) {
                case NUMBER -> ColumnAggregate.Kind.NUMBER;
                case BOOLEAN, STRING -> ColumnAggregate.Kind.LEVELS;
                case DATETIME -> ColumnAggregate.Kind.COUNT_ONLY;
            });
        }

        /**
         * The side's columns whose values are not looked at: columns the other side lacks, text columns past the
         * level limit (only counted from then on), and date-times after the first rows (not tested: only counted;
         * a date that does not read is then not told apart, past the rows that decided the types). The parser then
         * spares reading them.
         */
        private boolean[] unread(Side side) {
            var skip = new boolean[side.columns.size()];
            for (int c = 0; c < skip.length; c++) {
                ColumnPlan.Kind kind = side.plans[c].kind();
                skip[c] = side.target[c] < 0 || kind == ColumnPlan.Kind.DATETIME
                        || kind == ColumnPlan.Kind.STRING && levelsFull.get(side.target[c]) != 0;
            }
            return skip;
        }

        private ChunkSummary summarise(Side side, ColumnBatch batch) {
            var out = new ColumnAggregate[side.columns.size()];
            double[] scratch = new double[batch.size];
            for (int c = 0; c < out.length; c++) {
                out[c] = aggregateFor(side, c);
                if (side.target[c] < 0) {
                    continue;
                }
                boolean full = levelsFull.get(side.target[c]) != 0;
                if (distinctFull.get(side.target[c]) != 0 && out[c].distinct != null) {
                    out[c].distinct.markFull();
                }
                long seed = (batch.size == 0 ? 0 : batch.lines[0]) * 0x9E3779B97F4A7C15L + c;
                addColumn(out[c], side.plans[c].kind(), batch, c, scratch, full, side.sketchShare, seed);
            }
            return new ChunkSummary(out, batch.size);
        }

        private void absorb(Side side, Future<ChunkSummary> future) {
            ChunkSummary summary = Futures.await(future);
            ColumnAggregate[] chunk = summary.columns();
            for (int c = 0; c < chunk.length; c++) {
                side.merged[c].merge(chunk[c]);
                if (side == ref && side.merged[c].overflowed) {
                    levelsFull.set(c, 1);
                }
                if (side == ref && side.merged[c].distinct != null && side.merged[c].distinct.full()) {
                    distinctFull.set(c, 1);
                }
            }
            side.rows += summary.rows();
        }

        private DriftReport assemble(ExecutorService pool) {
            Map<String, ColumnAggregate> refByName = new LinkedHashMap<>();
            Map<String, String> refTypes = new LinkedHashMap<>();
            for (int c = 0; c < ref.columns.size(); c++) {
                refByName.put(ref.columns.get(c), ref.merged[c]);
                refTypes.put(ref.columns.get(c), typeOf(ref.plans[c].kind(), ref.merged[c]));
            }
            Map<String, ColumnAggregate> curByName = new LinkedHashMap<>();
            Map<String, String> curTypes = new LinkedHashMap<>();
            for (int c = 0; c < cur.columns.size(); c++) {
                String name = cur.columns.get(c);
                if (log && LOG_FIELDS.contains(name)) {
                    continue;
                }
                curByName.put(name, cur.merged[c]);
                String refType = refTypes.get(name);
                boolean sameKind = cur.target[c] >= 0 && ref.plans[cur.target[c]].kind() == cur.own[c].kind();
                curTypes.put(name, sameKind ? refType : kindName(cur.own[c].kind()));
            }
            var sides = new Sides(ref.reader, ref.source, ref.rows, refTypes, refByName, cur.reader, cur.source, cur.rows, curTypes, curByName,
                    log);
            return Drift.assemble(sides, options, pool, started);
        }
    }

    /** Adds one column of a parsed chunk; the loop lives in a small method of its own, as in the profiler, for the JIT. */
    private static void addColumn(ColumnAggregate aggregate, ColumnPlan.Kind kind, ColumnBatch batch, int c, double[] scratch, boolean levelsFull,
                                  double sketchShare, long seed) {
        byte[] state = batch.state[c];
        int size = batch.size;
        switch (kind) {
            case NUMBER -> {
                double[] numbers = batch.numbers[c];
                int n = 0;
                for (int i = 0; i < size; i++) {
                    byte s = state[i];
                    if (s == ColumnBatch.PRESENT) {
                        scratch[n++] = numbers[i];
                    } else if (s == ColumnBatch.MISSING) {
                        aggregate.missing++;
                    } else {
                        aggregate.invalid++;
                    }
                }
                aggregate.addNumbers(scratch, n, sketchShare, seed);
            }
            case BOOLEAN -> {
                double[] numbers = batch.numbers[c];
                for (int i = 0; i < size; i++) {
                    byte s = state[i];
                    if (s == ColumnBatch.PRESENT) {
                        aggregate.addLevel(numbers[i] == 1 ? "true" : "false");
                    } else if (s == ColumnBatch.MISSING) {
                        aggregate.missing++;
                    } else {
                        aggregate.invalid++;
                    }
                }
            }
            case STRING -> {
                String[] strings = batch.strings[c];
                for (int i = 0; i < size; i++) {
                    byte s = state[i];
                    if (s == ColumnBatch.MISSING) {
                        aggregate.missing++;
                    } else if (levelsFull) {
                        aggregate.count++;
                        aggregate.other++;
                        aggregate.overflowed = true;
                    } else {
                        aggregate.addLevel(strings[i]);
                    }
                }
            }
            case DATETIME -> {
                for (int i = 0; i < size; i++) {
                    byte s = state[i];
                    if (s == ColumnBatch.PRESENT) {
                        aggregate.count++;
                    } else if (s == ColumnBatch.MISSING) {
                        aggregate.missing++;
                    } else {
                        aggregate.invalid++;
                    }
                }
            }
        }
    }


    static String kindName(ColumnPlan.Kind kind) {
        return switch (kind) {
            case NUMBER -> "numeric";
            case BOOLEAN -> "boolean";
            case DATETIME -> "datetime";
            case STRING -> "text";
        };
    }

    /** The reference column's type: by how it is read, and for text by its distinct count (as the profiler decides). */
    static String typeOf(ColumnPlan.Kind kind, ColumnAggregate aggregate) {
        if (kind != ColumnPlan.Kind.STRING) {
            return kindName(kind);
        }
        return levelType(aggregate);
    }

    static String levelType(ColumnAggregate aggregate) {
        if (aggregate.overflowed) {
            // past the level limit: an identifier when none of the levels kept ever repeated
            return aggregate.levels.values().stream().allMatch(count -> count[0] == 1) ? "identifier" : "text";
        }
        long distinct = aggregate.levels.size();
        if (distinct <= CATEGORICAL_MAX_DISTINCT || distinct <= CATEGORICAL_MAX_SHARE * aggregate.count) {
            return "categorical";
        }
        return distinct == aggregate.count ? "identifier" : "text";
    }

    /** Both sides' aggregates and descriptions, by column name, however they were made (files or tables). */
    record Sides(DatasetReader refReader, RecordSource refSource, long refRows, Map<String, String> refTypes, Map<String, ColumnAggregate> refColumns,
                 DatasetReader curReader, RecordSource curSource, long curRows, Map<String, String> curTypes, Map<String, ColumnAggregate> curColumns,
                 boolean requestLog, DriftReport.Source refDescription, DriftReport.Source curDescription) {
        Sides(DatasetReader refReader, RecordSource refSource, long refRows, Map<String, String> refTypes, Map<String, ColumnAggregate> refColumns,
              DatasetReader curReader, RecordSource curSource, long curRows, Map<String, String> curTypes, Map<String, ColumnAggregate> curColumns,
              boolean requestLog) {
            this(refReader, refSource, refRows, refTypes, refColumns, curReader, curSource, curRows, curTypes, curColumns, requestLog,
                    describe(refReader, refSource, refRows, refTypes), describe(curReader, curSource, curRows, curTypes));
        }
    }

    private static DriftReport.Source describe(DatasetReader reader, RecordSource source, long rows, Map<String, String> types) {
        var columns = new ArrayList<DriftReport.Column>();
        types.forEach((name, type) -> columns.add(new DriftReport.Column(name, type)));
        return new DriftReport.Source(reader.path() == null ? reader.location() : reader.path().toAbsolutePath().normalize().toString(), reader.formatLabel(),
                source.sizeBytes(), source.sha256(),
                rows, columns);
    }

    /** Tests every column both sides share (in parallel), and puts the report together. */
    static DriftReport assemble(Sides sides, DriftOptions options, ExecutorService pool, long started) {
        var onlyInReference = new ArrayList<String>();
        var onlyInCurrent = new ArrayList<String>();
        var mismatches = new ArrayList<DriftReport.TypeMismatch>();
        var skipped = new ArrayList<Skipped>();
        var tested = new ArrayList<String>();
        Set<String> skip = Set.copyOf(options.skip());
        for (String name : sides.refColumns().keySet()) {
            if (!sides.curColumns().containsKey(name)) {
                onlyInReference.add(name);
            }
        }
        for (String name : sides.curColumns().keySet()) {
            if (sides.refColumns().containsKey(name)) {
                continue;
            }
            if (sides.requestLog() && name.equals(PREDICTION)) {
                skipped.add(new Skipped(name, "model output (the prediction the serving runtime logged), not a feature"));
            } else {
                onlyInCurrent.add(name);
            }
        }
        for (var entry : sides.refColumns().entrySet()) {
            String name = entry.getKey();
            ColumnAggregate cur = sides.curColumns().get(name);
            if (cur == null) {
                continue;
            }
            String refType = sides.refTypes().get(name);
            String curType = sides.curTypes().get(name);
            double invalidShare = cur.invalid == 0 ? 0 : (double) cur.invalid / (cur.count + cur.invalid);
            if (!refType.equals(curType) && !(isLevels(refType) && isLevels(curType))) {
                mismatches.add(new DriftReport.TypeMismatch(name, refType, curType, invalidShare));
            } else if (invalidShare > MIXED_TOLERANCE) {
                mismatches.add(new DriftReport.TypeMismatch(name, refType, "mixed", invalidShare));
            }
            if (skip.contains(name)) {
                skipped.add(new Skipped(name, "left out by the options"));
            } else if (refType.equals("datetime")) {
                skipped.add(new Skipped(name, "datetime column (drift is tested on numeric, categorical and boolean columns, as Evidently does)"));
            } else if (refType.equals("text") || refType.equals("identifier")) {
                skipped.add(new Skipped(name, refType + " column (" + describeDistinct(entry.getValue()) + ")"));
            } else {
                tested.add(name);
            }
        }
        var futures = new ArrayList<Future<ColumnTester.Outcome>>();
        for (String name : tested) {
            String type = sides.refTypes().get(name);
            ColumnAggregate r = sides.refColumns().get(name);
            ColumnAggregate c = sides.curColumns().get(name);
            futures.add(pool.submit(() -> ColumnTester.test(name, type, r, c, options)));
        }
        var columns = new ArrayList<ColumnDrift>();
        ColumnDrift target = null;
        for (int i = 0; i < tested.size(); i++) {
            ColumnTester.Outcome outcome = Futures.await(futures.get(i));
            if (outcome.skipped() != null) {
                skipped.add(outcome.skipped());
            } else if (tested.get(i).equals(options.target())) {
                target = outcome.drift();
            } else {
                columns.add(outcome.drift());
            }
        }
        int drifted = (int) columns.stream().filter(ColumnDrift::drifted).count();
        boolean datasetDrift = !columns.isEmpty() && (double) drifted / columns.size() >= options.driftShare();
        double seconds = Math.round((System.nanoTime() - started) / 1e6) / 1e3;
        return new DriftReport(datasetDrift, options.driftShare(), drifted, columns.size(), sides.refDescription(), sides.curDescription(),
                new DriftReport.Schema(onlyInReference, onlyInCurrent, mismatches), columns, skipped, target, seconds);
    }

    private static boolean isLevels(String type) {
        return type.equals("categorical") || type.equals("text") || type.equals("identifier");
    }

    private static String describeDistinct(ColumnAggregate aggregate) {
        if (aggregate.kind != ColumnAggregate.Kind.LEVELS) {
            return String.format(java.util.Locale.ROOT, "%,d values", aggregate.count);
        }
        if (aggregate.overflowed) {
            return String.format(java.util.Locale.ROOT, "more than %,d distinct values in %,d", ColumnAggregate.LEVEL_LIMIT, aggregate.count);
        }
        return String.format(java.util.Locale.ROOT, "%,d distinct values in %,d", aggregate.levels.size(), aggregate.count);
    }
}
