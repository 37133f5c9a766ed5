package io.pipewright.quality;

import io.pipewright.data.Chunk;
import io.pipewright.data.ColumnBatch;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.ColumnType;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.Head;
import io.pipewright.data.RecordSource;
import io.pipewright.data.Rows;
import io.pipewright.data.TypeInference;
import io.pipewright.work.CancelledException;
import io.pipewright.work.Futures;
import io.pipewright.work.Progress;
import io.pipewright.work.Suggestions;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Validates a dataset against a suite in one streaming pass, the way the {@link io.pipewright.profile.Profiler} reads:
 * the calling thread reads chunks, a pool parses and checks them (each chunk's values are read straight into typed
 * columns, so a number costs no String), and the calling thread merges the chunks' results in file order, so the
 * examples are the first failing rows whatever the number of threads. Uniqueness is checked on the reading thread,
 * in file order, by 64-bit hashes of the values. Memory is bounded by the chunks in flight plus 8 bytes per value of a
 * column that must be unique (8 to 16 bytes a value, up to {@link ValidationOptions#uniqueLimit()} values).
 */
public final class Validator {

    private Validator() {
    }

    /**
     * Validates the file. A column or rule that does not fit the file (a column it lacks, a rule comparing text with a
     * number) is a failed table-level result saying why. Throws {@link SuiteException} for a suite that was not checked
     * ({@link Suite#problems()}: a rule that does not parse), {@link io.pipewright.data.DatasetException} for a file that
     * cannot be read, {@link CancelledException} when {@code progress} asks it to stop.
     */
    public static ValidationReport validate(DatasetReader reader, Suite suite, ValidationOptions options, Progress progress) {
        refuseEmpty(suite);
        try (RecordSource source = reader.source()) {
            return validate(source, reader.location(), reader.formatLabel(), suite, options, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(reader.name() + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A suite that checks nothing would pass any data: it is refused before the data is read. */
    private static void refuseEmpty(Suite suite) {
        if (suite.expectsNothing()) {
            throw new SuiteException(Suite.EXPECTS_NOTHING);
        }
    }

    /** Validates what a source gives; {@code path} and {@code format} describe it in the report. */
    public static ValidationReport validate(RecordSource source, String path, String format, Suite suite, ValidationOptions options,
                                            Progress progress) throws IOException {
        refuseEmpty(suite);
        long started = System.nanoTime();
        List<String> names = source.columns();

        // the first rows decide how columns the suite gives no type are read
        Head first = Head.read(source, progress);
        List<Rows> head = first.rows();
        boolean ended = first.ended();
        ColumnPlan[] plans = plan(names, first, suite, source);
        var checks = new Checks(suite, names, plans);

        var merger = new Merger(checks, options);
        int threads = options.threads();
        var counter = new AtomicInteger();
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            var thread = new Thread(runnable, "pipewright-validate-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        var inFlight = new ArrayDeque<Future<ChunkResult>>();
        int examples = options.examples();
        try {
            for (Rows rows : head) {
                if (pool == null) {
                    merger.absorb(ChunkResult.check(checks, ColumnBatch.of(rows, plans), examples));
                } else {
                    inFlight.add(pool.submit(() -> ChunkResult.check(checks, ColumnBatch.of(rows, plans), examples)));
                }
            }
            head.clear();
            while (!ended) {
                progress.checkCancelled();
                Chunk chunk = source.next();
                if (chunk == null) {
                    break;
                }
                if (pool == null) {
                    merger.absorb(ChunkResult.check(checks, chunk.parseColumns(plans), examples));
                    progress.update(source.bytesRead(), source.totalBytes(), rowsText(merger.rows));
                    continue;
                }
                inFlight.add(pool.submit(() -> ChunkResult.check(checks, chunk.parseColumns(plans), examples)));
                while (inFlight.size() > threads * 2) {
                    merger.absorb(Futures.await(inFlight.poll()));
                    progress.update(source.bytesRead(), source.totalBytes(), rowsText(merger.rows));
                }
            }
            while (!inFlight.isEmpty()) {
                progress.checkCancelled();
                merger.absorb(Futures.await(inFlight.poll()));
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        source.next(); // a source finishes its fingerprint when asked past its end
        progress.update(source.totalBytes(), source.totalBytes(), rowsText(merger.rows));

        var columns = new ArrayList<ValidationReport.Column>();
        for (int c = 0; c < names.size(); c++) {
            Suite.ColumnExpectations spec = suite.columns().get(names.get(c));
            ColumnType declared = spec == null || spec.type() == null ? null : spec.columnType();
            columns.add(new ValidationReport.Column(names.get(c), declared != null ? declared.id() : switch (plans[c].kind()) {
                case NUMBER -> "numeric";
                case BOOLEAN -> "boolean";
                case DATETIME -> "datetime";
                case STRING -> "text";
            }));
        }
        var dataset = new ValidationReport.Dataset(path, format, source.totalBytes(), source.sha256(), merger.rows, columns);
        double threshold = options.threshold() != null ? options.threshold() : suite.thresholdOrDefault();
        List<ValidationReport.Result> results = merger.results(suite);
        boolean tableFailed = results.stream().anyMatch(result -> !result.passed() && result.scope() == ValidationReport.Scope.TABLE);
        double issueFraction = merger.rows == 0 ? 0 : (double) merger.failingRows / merger.rows;
        boolean passed = !tableFailed && issueFraction <= threshold;
        String name = suite.suite() != null ? suite.suite() : "suite";
        return new ValidationReport(name, dataset, passed, issueFraction, threshold, merger.failingRows, results,
                (System.nanoTime() - started) / 1e9);
    }

    private static String rowsText(long rows) {
        return String.format(java.util.Locale.US, "%,d rows checked", rows);
    }


    /** Declared types read as declared; other columns as the first rows say (as the profiler reads them). */
    private static ColumnPlan[] plan(List<String> names, Head head, Suite suite, RecordSource source) {
        var plans = new ColumnPlan[names.size()];
        for (int c = 0; c < plans.length; c++) {
            List<String> values = head.values(c);
            Suite.ColumnExpectations spec = suite.columns().get(names.get(c));
            ColumnType declared = spec == null || spec.type() == null ? null : spec.columnType();
            plans[c] = TypeInference.infer(values, declared, source.storedKind(c));
        }
        return plans;
    }

    /** Merges chunk results in file order and runs the uniqueness checks, which need every value seen before. */
    private static final class Merger {
        final Checks checks;
        final ValidationOptions options;
        final long[] failing;
        final List<List<ValidationReport.Example>> examples = new ArrayList<>();
        final ChunkResult.ColumnStats[] stats;
        final LongOpenHashSet[] seen;
        final long[] uniqueChecked;
        final boolean[] uniqueFull;
        long rows;
        long failingRows;

        Merger(Checks checks, ValidationOptions options) {
            this.checks = checks;
            this.options = options;
            failing = new long[checks.slots];
            for (int s = 0; s < checks.slots; s++) {
                examples.add(new ArrayList<>());
            }
            stats = new ChunkResult.ColumnStats[checks.columns.size()];
            for (int k = 0; k < stats.length; k++) {
                stats[k] = new ChunkResult.ColumnStats();
            }
            int unique = (int) checks.columns.stream().filter(column -> column.uniqueSlot >= 0).count();
            seen = new LongOpenHashSet[unique];
            for (int u = 0; u < unique; u++) {
                seen[u] = new LongOpenHashSet();
            }
            uniqueChecked = new long[unique];
            uniqueFull = new boolean[unique];
        }

        void absorb(ChunkResult chunk) {
            int unique = 0;
            for (int k = 0; k < checks.columns.size(); k++) {
                Checks.ColumnCheck column = checks.columns.get(k);
                stats[k].merge(chunk.stats[k]);
                if (column.uniqueSlot >= 0) {
                    unique(chunk, column, unique, chunk.uniqueHashes[unique]);
                    unique++;
                }
            }
            for (int s = 0; s < failing.length; s++) {
                failing[s] += chunk.failing[s];
                List<ValidationReport.Example> kept = examples.get(s);
                for (ValidationReport.Example example : chunk.examples.get(s)) {
                    if (kept.size() >= options.examples()) {
                        break;
                    }
                    kept.add(example);
                }
            }
            long failed = 0;
            for (boolean row : chunk.rowFailed) {
                if (row) {
                    failed++;
                }
            }
            failingRows += failed;
            rows += chunk.size;
        }

        private void unique(ChunkResult chunk, Checks.ColumnCheck column, int u, long[] hashes) {
            LongOpenHashSet set = seen[u];
            int slot = column.uniqueSlot;
            List<ValidationReport.Example> kept = examples.get(slot);
            for (int i = 0; i < hashes.length; i++) {
                long hash = hashes[i];
                if (hash == 0 || uniqueFull[u]) {
                    continue;
                }
                uniqueChecked[u]++;
                if (!set.add(hash)) {
                    failing[slot]++;
                    chunk.rowFailed[i] = true;
                    if (kept.size() < options.examples()) {
                        kept.add(new ValidationReport.Example(chunk.batch.lines[i], valueText(chunk.batch, column, i)));
                    }
                } else if (set.size() >= options.uniqueLimit()) {
                    uniqueFull[u] = true;
                }
            }
        }

        private static String valueText(ColumnBatch batch, Checks.ColumnCheck column, int row) {
            int c = column.index;
            return switch (column.kind) {
                case NUMBER, BOOLEAN -> ChunkResult.Values.number(batch.numbers[c][row], column.kind);
                case DATETIME -> ChunkResult.Values.date(batch.dates[c][row]);
                case STRING -> batch.strings[c][row];
            };
        }

        List<ValidationReport.Result> results(Suite suite) {
            var results = new ArrayList<ValidationReport.Result>();
            Map<String, Integer> columnIndex = new LinkedHashMap<>();
            for (int k = 0; k < checks.columns.size(); k++) {
                columnIndex.put(checks.columns.get(k).name, k);
            }
            for (Checks.Expectation expectation : checks.expectations) {
                results.add(result(suite, expectation, columnIndex));
            }
            return results;
        }

        private double fraction(long count) {
            return rows == 0 ? 0 : (double) count / rows;
        }

        private ValidationReport.Result rowResult(Checks.Expectation expectation, Object observed, String message) {
            long count = failing[expectation.slot()];
            return new ValidationReport.Result(expectation.id(), expectation.column(), expectation.name(), expectation.scope(), expectation.expected(),
                    count == 0, count, fraction(count), observed, message, examples.get(expectation.slot()));
        }

        private ValidationReport.Result tableResult(Checks.Expectation expectation, boolean passed, long count, Object observed, String message) {
            return new ValidationReport.Result(expectation.id(), expectation.column(), expectation.name(), expectation.scope(), expectation.expected(),
                    passed, count, fraction(count), observed, message, List.of());
        }

        private ValidationReport.Result result(Suite suite, Checks.Expectation expectation, Map<String, Integer> columnIndex) {
            switch (expectation.id()) {
                case "table.rows" -> {
                    boolean passed = suite.table().rows().contains(rows);
                    return tableResult(expectation, passed, passed ? 0 : 1, rows, passed ? null
                            : String.format(java.util.Locale.US, "the file has %,d rows", rows));
                }
                case "table.columns" -> {
                    return columnsResult(suite, expectation);
                }
                default -> {
                }
            }
            if (expectation.name().equals("rule")) {
                String unusable = checks.unusableRules.get(expectation.id());
                return unusable != null ? tableResult(expectation, false, 1, null, unusable) : rowResult(expectation, failing[expectation.slot()], null);
            }
            if (expectation.name().equals("exists")) {
                String message = "column '" + expectation.column() + "' is not in the file" + Suggestions.didYouMean(expectation.column(), checks.names)
                        + "; its other expectations were not checked";
                return tableResult(expectation, false, 1, null, message);
            }
            int k = columnIndex.get(expectation.column());
            Checks.ColumnCheck column = checks.columns.get(k);
            ChunkResult.ColumnStats stat = stats[k];
            Suite.ColumnExpectations spec = column.spec;
            boolean text = column.kind == ColumnPlan.Kind.STRING;
            return switch (expectation.name()) {
                case "type" -> rowResult(expectation, stat.invalid == 0 ? column.declared.id() : String.format(java.util.Locale.US, "%,d values not %s",
                        stat.invalid, column.declared.id()), null);
                case "notNull" -> rowResult(expectation, stat.missing, null);
                case "maxMissing" -> {
                    double share = fraction(stat.missing);
                    boolean passed = share <= spec.maxMissing();
                    yield tableResult(expectation, passed, stat.missing, share, null);
                }
                case "unique" -> {
                    int u = uniqueIndex(column);
                    String how = "checked by 64-bit hashes of " + (uniqueFull[u]
                            ? String.format(java.util.Locale.US, "the first %,d values only (the limit of remembered values)", uniqueChecked[u])
                            : String.format(java.util.Locale.US, "all %,d values", uniqueChecked[u]));
                    yield rowResult(expectation, failing[expectation.slot()], how);
                }
                case "min" -> text ? textColumn(expectation) : Double.isNaN(column.min) ? boundOfOtherKind(expectation, spec.min(), column)
                        : rowResult(expectation, observed(column, stat.min, stat.present > 0), null);
                case "max" -> text ? textColumn(expectation) : Double.isNaN(column.max) ? boundOfOtherKind(expectation, spec.max(), column)
                        : rowResult(expectation, observed(column, stat.max, stat.present > 0), null);
                case "mean" -> {
                    if (text) {
                        yield textColumn(expectation);
                    }
                    Double mean = stat.n == 0 ? null : stat.mean;
                    boolean passed = mean != null && spec.mean().contains(mean);
                    yield tableResult(expectation, passed, passed ? 0 : 1, mean, mean == null ? "no values to average" : null);
                }
                case "stddev" -> {
                    if (text) {
                        yield textColumn(expectation);
                    }
                    Double stddev = stat.stddev();
                    boolean passed = stddev != null && spec.stddev().contains(stddev);
                    yield tableResult(expectation, passed, passed ? 0 : 1, stddev, stddev == null ? "fewer than 2 values" : null);
                }
                case "allowed", "regex" -> rowResult(expectation, failing[expectation.slot()], null);
                case "length" -> rowResult(expectation, stat.lengthMin <= stat.lengthMax
                        ? lengths(stat) : null, null);
                default -> throw new IllegalStateException(expectation.id());
            };
        }

        private static Map<String, Integer> lengths(ChunkResult.ColumnStats stat) {
            var lengths = new LinkedHashMap<String, Integer>();
            lengths.put("min", stat.lengthMin);
            lengths.put("max", stat.lengthMax);
            return lengths;
        }

        /** A bound that is not of the column's kind (a date for numbers, a number for dates) checks nothing: a failure saying so, not a pass. */
        private ValidationReport.Result boundOfOtherKind(Checks.Expectation expectation, Object bound, Checks.ColumnCheck column) {
            String kind = column.kind == ColumnPlan.Kind.DATETIME ? "a date such as 2024-01-31" : "a number";
            return new ValidationReport.Result(expectation.id(), expectation.column(), expectation.name(), ValidationReport.Scope.TABLE,
                    expectation.expected(), false, 1, 1, null, "column '" + expectation.column() + "' is read as "
                    + (column.kind == ColumnPlan.Kind.DATETIME ? "dates" : "numbers") + ", so its " + expectation.name() + " must be " + kind
                    + ", not '" + bound + "'; nothing was checked", List.of());
        }

        private ValidationReport.Result textColumn(Checks.Expectation expectation) {
            return new ValidationReport.Result(expectation.id(), expectation.column(), expectation.name(), ValidationReport.Scope.TABLE,
                    expectation.expected(), false, 1, 1, null, "column '" + expectation.column()
                    + "' is read as text; give it type numeric or datetime to check its " + expectation.name(), List.of());
        }

        private int uniqueIndex(Checks.ColumnCheck column) {
            int u = 0;
            for (Checks.ColumnCheck other : checks.columns) {
                if (other == column) {
                    return u;
                }
                if (other.uniqueSlot >= 0) {
                    u++;
                }
            }
            throw new IllegalStateException();
        }

        private static Object observed(Checks.ColumnCheck column, double value, boolean any) {
            if (!any) {
                return null;
            }
            if (column.kind == ColumnPlan.Kind.DATETIME) {
                return ChunkResult.Values.date((long) value);
            }
            if (!Double.isFinite(value)) {
                return Double.toString(value);
            }
            return Numbers.tidy(value);
        }

        private ValidationReport.Result columnsResult(Suite suite, Checks.Expectation expectation) {
            Suite.ColumnSet set = suite.table().columns();
            var actual = new HashSet<>(checks.names);
            boolean exact = set.exact() != null;
            List<String> listed = exact ? set.exact() : set.superset();
            var missing = listed.stream().filter(name -> !actual.contains(name)).toList();
            var extra = exact ? checks.names.stream().filter(name -> !new HashSet<>(listed).contains(name)).toList() : List.<String>of();
            boolean passed = missing.isEmpty() && extra.isEmpty();
            var message = new StringBuilder();
            if (!missing.isEmpty()) {
                message.append("missing: ").append(String.join(", ", missing));
            }
            if (!extra.isEmpty()) {
                message.append(message.isEmpty() ? "" : "; ").append("not expected: ").append(String.join(", ", extra));
            }
            return tableResult(expectation, passed, passed ? 0 : 1, checks.names, passed ? null : message.toString());
        }
    }
}
