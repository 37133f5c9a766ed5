package io.pipewright.features;

import io.pipewright.data.Chunk;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.NumberParser;
import io.pipewright.data.Rows;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Joins feature views onto an entity table point-in-time correctly: for each entity row, each view's latest feature
 * values at or before the row's timestamp (the entity table's column named as the view's timestamp), and only while
 * they are younger than the view's TTL; never a value from after the row's time. Of feature rows with the same key
 * and time, the one later in the view's source wins.
 *
 * <p>Memory stays bounded on large tables: both sides are split by entity key into partitions on disk, each
 * partition is joined in memory (feature rows grouped by key and ordered by time, each entity row found by binary
 * search), and the results are stitched back in the entity table's row order. The output keeps every entity row, in
 * order, with its columns as written, followed by each view's features (empty where no value applies).
 */
public final class PointInTimeJoin {
    /** Source bytes per partition: a partition's feature rows, held in memory at once, stay around this size. */
    static final long PARTITION_BYTES = 96L << 20;
    private static final int MAX_PARTITIONS = 512;
    private static final int PARSERS = 2;
    private static final String NO_KEY = "\u0000";
    private static final byte MATCHED = 0;
    private static final byte NO_VALUE = 1;
    private static final byte EXPIRED = 2;

    private PointInTimeJoin() {
    }

    /** Where the join is: a share of the work done (0–1) and what it is doing. */
    @FunctionalInterface
    public interface Progress {
        void update(double done, String message);
    }

    /**
     * What one view gave: rows with values ({@code matched}), rows whose latest values were older than the TTL
     * ({@code expired}), rows without any value at or before their time ({@code missing}: the entity unknown then or
     * ever), and the view's feature rows read.
     */
    public record ViewResult(String view, List<String> features, List<String> kinds, long featureRows, long matched, long expired, long missing) {
    }

    /** The joined table's rows and columns, and each view's counts. */
    public record Result(Path out, long rows, List<String> columns, List<ViewResult> views) {
    }

    /**
     * Joins {@code views} onto {@code entities} into the CSV file {@code out} (written whole, then moved into place);
     * {@code dataRoot} and {@code credentials} let the views read layers and databases; {@code scratch} holds the
     * partitions while the join runs.
     */
    public static Result join(DatasetReader entities, List<FeatureView> views, Path dataRoot, DatabaseCredentials credentials, Path out, Path scratch,
                              Progress progress) {
        return join(entities, views, dataRoot, credentials, out, scratch, progress, PARTITION_BYTES);
    }

    /** As above, splitting each view's source into partitions of about {@code partitionBytes} (tests use small ones). */
    static Result join(DatasetReader entities, List<FeatureView> views, Path dataRoot, DatabaseCredentials credentials, Path out, Path scratch,
                       Progress progress, long partitionBytes) {
        if (views.isEmpty()) {
            throw new FeatureException("name at least one feature view to join");
        }
        var names = new HashSet<String>();
        for (FeatureView view : views) {
            if (!names.add(view.name())) {
                throw new FeatureException("view " + view.name() + " is named twice");
            }
        }
        Path work;
        try {
            Files.createDirectories(scratch);
            work = Files.createTempDirectory(scratch, "join-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make scratch space in " + scratch + ": " + e.getMessage(), e);
        }
        try (TypedSource first = TypedSource.open(entities)) {
            var plans = new ArrayList<ViewPlan>();
            List<String> columns = new ArrayList<>(first.columns());
            var taken = new HashSet<>(columns);
            for (FeatureView view : views) {
                for (String feature : view.featureNames()) {
                    if (!taken.add(feature)) {
                        throw new FeatureException("view " + view.name() + ": feature " + feature + " is already a column of " + first.name()
                                + " or a feature of another view; rename it in the view ({" + view.name() + "_" + feature + ": " + feature + "})");
                    }
                    columns.add(feature);
                }
                plans.add(new ViewPlan(view, first));
            }
            int totalViews = views.size();
            var results = new ArrayList<ViewResult>();
            for (int v = 0; v < totalViews; v++) {
                ViewPlan plan = plans.get(v);
                double base = (double) v / totalViews;
                double share = 0.9 / totalViews;
                results.add(plan.run(dataRoot, credentials, work.resolve("v" + v), first, v == 0, partitionBytes,
                        (done, message) -> progress.update(base * 0.9 + done * share, message)));
            }
            progress.update(0.9, "writing " + out.getFileName());
            long rows = stitch(entities, plans, columns, out, work);
            progress.update(1, rows + " rows joined");
            return new Result(out, rows, List.copyOf(columns), List.copyOf(results));
        } finally {
            io.pipewright.work.ScratchFolders.delete(work);
        }
    }

    /** One view's part of the join: how keys and times are read on both sides, its partitions and its counts. */
    private static final class ViewPlan {
        final FeatureView view;
        final int[] entityKeys;
        final int entityTime;
        final ColumnPlan[] entityKeyPlans;
        final ColumnPlan entityTimePlan;
        boolean[] numericKey;
        /** Keys as exact numbers (one key column read as numbers on both sides), else as text. */
        boolean byNumber;
        ColumnPlan.Kind[] kinds;
        int partitions;
        Path folder;

        ViewPlan(FeatureView view, TypedSource entities) {
            this.view = view;
            entityKeys = new int[view.entities().size()];
            entityKeyPlans = new ColumnPlan[entityKeys.length];
            for (int k = 0; k < entityKeys.length; k++) {
                entityKeys[k] = entities.column(view.entities().get(k), "view " + view.name() + "'s entity");
                entityKeyPlans[k] = entities.plan(entityKeys[k]);
            }
            entityTime = entities.column(view.timestamp(), "view " + view.name() + "'s timestamp: each entity row's point in time");
            entityTimePlan = entities.plan(entityTime);
            if (entityTimePlan.kind() != ColumnPlan.Kind.DATETIME) {
                throw new FeatureException(entities.name() + ": column " + view.timestamp() + " (view " + view.name()
                        + "'s timestamp) does not read as date-times");
            }
        }

        ViewResult run(Path dataRoot, DatabaseCredentials credentials, Path folder, TypedSource entities, boolean entitiesUnread, long partitionBytes,
                       Progress progress) {
            this.folder = folder;
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long featureRows;
            try (TypedSource source = TypedSource.open(view.source().reader(dataRoot, credentials))) {
                numericKey = new boolean[entityKeys.length];
                for (int k = 0; k < entityKeys.length; k++) {
                    int column = source.column(view.entities().get(k), "view " + view.name() + "'s entity");
                    numericKey[k] = entityKeyPlans[k].kind() == ColumnPlan.Kind.NUMBER && source.plan(column).kind() == ColumnPlan.Kind.NUMBER;
                }
                var rows = new ViewRows(view, source, numericKey);
                kinds = rows.kinds();
                byNumber = rows.numberKeys();
                long total = source.totalBytes();
                partitions = total <= 0 ? 16 : (int) Math.max(1, Math.min(MAX_PARTITIONS, (total + partitionBytes - 1) / partitionBytes));
                featureRows = spillFeatures(rows, progress);
            }
            spillEntities(entities, entitiesUnread);
            long matched = 0;
            long expired = 0;
            long missing = 0;
            // partitions are joined two at a time: each is its own files and memory
            ExecutorService joiners = Executors.newFixedThreadPool(Math.min(PARSERS, partitions), runnable -> {
                Thread thread = new Thread(runnable, "feature-join");
                thread.setDaemon(true);
                return thread;
            });
            try {
                var parts = new ArrayList<Future<long[]>>();
                for (int p = 0; p < partitions; p++) {
                    int partition = p;
                    parts.add(joiners.submit(() -> joinPartition(partition)));
                }
                for (int p = 0; p < partitions; p++) {
                    checkCancelled();
                    long[] counts = take(parts.get(p));
                    progress.update(0.6 + 0.4 * (p + 1) / partitions, "joining " + view.name() + " (part " + (p + 1) + " of " + partitions + ")");
                    matched += counts[0];
                    expired += counts[1];
                    missing += counts[2];
                }
            } finally {
                joiners.shutdownNow();
            }
            return new ViewResult(view.name(), view.featureNames(), ViewRows.names(kinds), featureRows, matched, expired, missing);
        }

        /** Reads the view's rows into the partitions: chunks parsed on two threads, written in the source's order. */
        private long spillFeatures(ViewRows rows, Progress progress) {
            var outs = new DataOutputStream[partitions];
            long count = 0;
            ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, runnable -> {
                Thread thread = new Thread(runnable, "feature-join-parse");
                thread.setDaemon(true);
                return thread;
            });
            try {
                for (int p = 0; p < partitions; p++) {
                    outs[p] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(folder.resolve("f" + p)), 1 << 16));
                }
                TypedSource source = rows.source();
                long total = Math.max(1, source.totalBytes());
                var pending = new ArrayDeque<Future<ViewRows.Block>>();
                boolean more = true;
                while (more || !pending.isEmpty()) {
                    checkCancelled();
                    if (more && pending.size() < 2 * PARSERS) {
                        Chunk chunk = source.nextChunk();
                        if (chunk == null) {
                            more = false;
                        } else {
                            pending.add(parsers.submit(() -> rows.read(chunk)));
                        }
                        continue;
                    }
                    ViewRows.Block block = take(pending.poll());
                    for (int i = 0; i < block.size; i++) {
                        DataOutputStream out;
                        if (byNumber) {
                            long key = block.numberKeys[i];
                            out = outs[partition(key)];
                            out.writeLong(key);
                        } else {
                            String key = block.keys[i];
                            out = outs[partition(key)];
                            out.writeUTF(key);
                        }
                        out.writeLong(block.times[i]);
                        for (int f = 0; f < kinds.length; f++) {
                            if (kinds[f] == ColumnPlan.Kind.STRING) {
                                writeText(out, block.texts[f][i]);
                            } else {
                                out.writeDouble(block.numbers[f][i]);
                            }
                        }
                    }
                    count += block.size;
                    progress.update(0.6 * Math.min(1, (double) source.bytesRead() / total), "reading " + view.name() + ": " + count + " rows");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the join's partitions in " + folder + ": " + e.getMessage(), e);
            } finally {
                parsers.shutdownNow();
                closeAll(outs);
            }
            return count;
        }

        private void spillEntities(TypedSource entities, boolean unread) {
            var outs = new DataOutputStream[partitions];
            try {
                for (int p = 0; p < partitions; p++) {
                    outs[p] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(folder.resolve("e" + p)), 1 << 16));
                }
                var keyer = new EntityKeys(this);
                int row = 0;
                // the entity table is read once per view: the first view takes the rows already opened, the others reopen it
                try (TypedSource again = unread ? null : entities.reopen()) {
                    TypedSource source = unread ? entities : again;
                    for (Rows rows = source.nextRows(); rows != null; rows = source.nextRows()) {
                        checkCancelled();
                        for (int i = 0; i < rows.size(); i++) {
                            String[] cells = rows.values()[i];
                            DataOutputStream out;
                            if (byNumber) {
                                long key = keyer.numberKey(cells);
                                out = outs[partition(key)];
                                out.writeInt(row++);
                                out.writeLong(key);
                            } else {
                                String key = keyer.key(cells);
                                out = outs[partition(key)];
                                out.writeInt(row++);
                                out.writeUTF(key);
                            }
                            out.writeLong(keyer.time(cells));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the join's partitions in " + folder + ": " + e.getMessage(), e);
            } finally {
                closeAll(outs);
            }
        }

        int partition(String key) {
            return partitions == 1 ? 0 : Math.floorMod(key.hashCode(), partitions);
        }

        int partition(long key) {
            return partitions == 1 ? 0 : (int) Long.remainderUnsigned(mix(key), partitions);
        }

        /** The partition of an entity row's results. */
        int partition(EntityKeys keyer, String[] cells) {
            return byNumber ? partition(keyer.numberKey(cells)) : partition(keyer.key(cells));
        }

        /** Joins one partition; returns its matched, expired and missing counts. */
        private long[] joinPartition(int p) {
            int features = kinds.length;
            Path featureFile = folder.resolve("f" + p);
            // the partition's feature rows, grouped by key and ordered by time within a key
            var ids = new HashMap<String, Integer>();
            var numberIds = new LongIds();
            var keyOf = new IntList();
            var times = new LongList();
            var numbers = new DoubleList[features];
            var texts = new ArrayList<List<String>>();
            for (int f = 0; f < features; f++) {
                numbers[f] = kinds[f] == ColumnPlan.Kind.STRING ? null : new DoubleList();
                texts.add(kinds[f] == ColumnPlan.Kind.STRING ? new ArrayList<>() : null);
            }
            try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(featureFile), 1 << 16))) {
                while (true) {
                    int id;
                    try {
                        if (byNumber) {
                            id = numberIds.idOf(in.readLong());
                        } else {
                            String key = in.readUTF();
                            Integer known = ids.get(key);
                            if (known == null) {
                                known = ids.size();
                                ids.put(key, known);
                            }
                            id = known;
                        }
                    } catch (EOFException end) {
                        break;
                    }
                    keyOf.add(id);
                    times.add(in.readLong());
                    for (int f = 0; f < features; f++) {
                        if (numbers[f] != null) {
                            numbers[f].add(in.readDouble());
                        } else {
                            texts.get(f).add(readText(in));
                        }
                    }
                }
                Files.delete(featureFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the join's partition " + featureFile + ": " + e.getMessage(), e);
            }
            int n = keyOf.size;
            int keys = byNumber ? numberIds.size() : ids.size();
            var start = new int[keys + 1];
            for (int i = 0; i < n; i++) {
                start[keyOf.values[i] + 1]++;
            }
            for (int k = 0; k < keys; k++) {
                start[k + 1] += start[k];
            }
            var order = new int[n];
            var fill = start.clone();
            for (int i = 0; i < n; i++) {
                order[fill[keyOf.values[i]]++] = i;
            }
            long[] time = times.values;
            var buffer = new int[0];
            for (int k = 0; k < keys; k++) {
                int from = start[k];
                int to = start[k + 1];
                boolean sorted = true;
                for (int i = from + 1; i < to && sorted; i++) {
                    sorted = time[order[i - 1]] <= time[order[i]];
                }
                if (!sorted) {
                    if (buffer.length < to - from) {
                        buffer = new int[to - from];
                    }
                    mergeSort(order, from, to, time, buffer);
                }
            }
            long ttl = view.ttl() == null ? Long.MAX_VALUE : view.ttl().toMillis();
            long matched = 0;
            long expired = 0;
            long missing = 0;
            Path entityFile = folder.resolve("e" + p);
            Path resultFile = folder.resolve("r" + p);
            try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(entityFile), 1 << 16));
                 var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(resultFile), 1 << 16))) {
                while (true) {
                    try {
                        in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    Integer id;
                    if (byNumber) {
                        int known = numberIds.find(in.readLong());
                        id = known < 0 ? null : known;
                    } else {
                        id = ids.get(in.readUTF());
                    }
                    long at = in.readLong();
                    if (at == Long.MIN_VALUE) {
                        id = null;
                    }
                    int found = -1;
                    if (id != null) {
                        // the last of the key's rows at or before the entity row's time (of equal times: the last read)
                        int low = start[id];
                        int high = start[id + 1];
                        while (low < high) {
                            int middle = (low + high) >>> 1;
                            if (time[order[middle]] <= at) {
                                low = middle + 1;
                            } else {
                                high = middle;
                            }
                        }
                        found = low - 1 >= start[id] ? order[low - 1] : -1;
                    }
                    if (found < 0) {
                        out.writeByte(NO_VALUE);
                        missing++;
                    } else if (at - time[found] > ttl) {
                        out.writeByte(EXPIRED);
                        expired++;
                    } else {
                        out.writeByte(MATCHED);
                        matched++;
                        for (int f = 0; f < features; f++) {
                            if (numbers[f] != null) {
                                out.writeDouble(numbers[f].values[found]);
                            } else {
                                writeText(out, texts.get(f).get(found));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot join the partition " + entityFile + ": " + e.getMessage(), e);
            }
            try {
                Files.delete(entityFile);
            } catch (IOException ignored) {
                // scratch space, deleted with its folder
            }
            return new long[] {matched, expired, missing};
        }
    }

    /** Reads an entity row's key and time as its view's plan says. */
    private static final class EntityKeys {
        private final ViewPlan plan;
        private final NumberParser parser;
        private final StringBuilder builder = new StringBuilder();

        EntityKeys(ViewPlan plan) {
            this.plan = plan;
            this.parser = new NumberParser(false);
        }

        String key(String[] cells) {
            int[] columns = plan.entityKeys;
            if (columns.length == 1) {
                String part = ViewRows.part(cells[columns[0]], plan.entityKeyPlans[0], plan.numericKey[0], parserFor(0));
                return part == null ? NO_KEY : part;
            }
            builder.setLength(0);
            for (int k = 0; k < columns.length; k++) {
                String part = ViewRows.part(cells[columns[k]], plan.entityKeyPlans[k], plan.numericKey[k], parserFor(k));
                if (part == null) {
                    return NO_KEY;
                }
                if (k > 0) {
                    builder.append(ViewRows.KEY_SEPARATOR);
                }
                builder.append(part);
            }
            return builder.toString();
        }

        /** The key of a view with one key column read as numbers. */
        long numberKey(String[] cells) {
            String cell = cells[plan.entityKeys[0]];
            NumberParser numbers = parserFor(0);
            return cell != null && numbers.parse(cell) ? ViewRows.numberKey(numbers.value) : ViewRows.NO_NUMBER_KEY;
        }

        private NumberParser parserFor(int k) {
            return plan.entityKeyPlans[k].grouped() ? new NumberParser(true) : parser;
        }

        long time(String[] cells) {
            String cell = cells[plan.entityTime];
            if (cell == null) {
                return Long.MIN_VALUE;
            }
            return plan.entityTimePlan.dateFormat().epochMillis(cell);
        }
    }

    /** Writes the joined table: each entity row as read, then each view's values from its partitions' results. */
    private static long stitch(DatasetReader entities, List<ViewPlan> plans, List<String> columns, Path out, Path work) {
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        long count = 0;
        int views = plans.size();
        var readers = new DataInputStream[views][];
        var keyers = new EntityKeys[views];
        try (TypedSource source = TypedSource.open(entities)) {
            for (int v = 0; v < views; v++) {
                ViewPlan plan = plans.get(v);
                keyers[v] = new EntityKeys(plan);
                readers[v] = new DataInputStream[plan.partitions];
                for (int p = 0; p < plan.partitions; p++) {
                    readers[v][p] = new DataInputStream(new BufferedInputStream(Files.newInputStream(plan.folder.resolve("r" + p)), 1 << 16));
                }
            }
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (var writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(partial), StandardCharsets.UTF_8), 1 << 16)) {
                String[] line = new String[columns.size()];
                io.pipewright.data.lake.CsvCopy.line(writer, columns.toArray(String[]::new));
                int width = source.columns().size();
                for (Rows rows = source.nextRows(); rows != null; rows = source.nextRows()) {
                    checkCancelled();
                    for (int i = 0; i < rows.size(); i++) {
                        String[] cells = rows.values()[i];
                        System.arraycopy(cells, 0, line, 0, width);
                        int at = width;
                        for (int v = 0; v < views; v++) {
                            ViewPlan plan = plans.get(v);
                            DataInputStream in = readers[v][plan.partition(keyers[v], cells)];
                            byte status = in.readByte();
                            for (int f = 0; f < plan.kinds.length; f++) {
                                if (status != MATCHED) {
                                    line[at++] = null;
                                } else if (plan.kinds[f] == ColumnPlan.Kind.STRING) {
                                    line[at++] = readText(in);
                                } else {
                                    line[at++] = ViewRows.cell(plan.kinds[f], in.readDouble(), null);
                                }
                            }
                        }
                        io.pipewright.data.lake.CsvCopy.line(writer, line);
                        count++;
                    }
                }
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            for (DataInputStream[] ins : readers) {
                closeAll(ins);
            }
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // left for the person to remove; the output itself is whole or absent
            }
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            out.writeUTF(text.length() > 16_000 ? text.substring(0, 16_000) : text);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** Sorts {@code order[from, to)} by {@code time}, keeping the order of equal times (the later row stays later). */
    static void mergeSort(int[] order, int from, int to, long[] time, int[] buffer) {
        if (to - from <= 24) {
            for (int i = from + 1; i < to; i++) {
                int item = order[i];
                int j = i - 1;
                while (j >= from && time[order[j]] > time[item]) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = item;
            }
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, from, middle, time, buffer);
        mergeSort(order, middle, to, time, buffer);
        if (time[order[middle - 1]] <= time[order[middle]]) {
            return;
        }
        System.arraycopy(order, from, buffer, 0, middle - from);
        int i = 0;
        int left = middle - from;
        int j = middle;
        int k = from;
        while (i < left && j < to) {
            order[k++] = time[order[j]] < time[buffer[i]] ? order[j++] : buffer[i++];
        }
        while (i < left) {
            order[k++] = buffer[i++];
        }
    }

    /**
     * Spreads a key's bits over all 64 (MurmurHash3's finalizer): a number key's bits are a double's, whose low bits are
     * all zero for whole numbers, so taking any bits of them as they are would crowd a few slots.
     */
    static long mix(long key) {
        long x = key ^ (key >>> 33);
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }

    private static <T> T take(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the join was cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("the join was cancelled");
        }
    }

    private static void closeAll(java.io.Closeable[] closeables) {
        if (closeables == null) {
            return;
        }
        for (var closeable : closeables) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (IOException ignored) {
                    // scratch files
                }
            }
        }
    }

    /**
     * Number keys to dense ids (0, 1, 2, … in order of first sight): an open-addressing table of longs, each key beside
     * its id (one cache line a probe), an empty slot marked by a NaN's bits (no number key is NaN: NaN is missing).
     */
    private static final class LongIds {
        private static final long EMPTY = ViewRows.NO_NUMBER_KEY;
        private long[] slots = emptySlots(1 << 16);
        private int size;

        private static long[] emptySlots(int capacity) {
            long[] slots = new long[capacity * 2];
            for (int i = 0; i < slots.length; i += 2) {
                slots[i] = EMPTY;
            }
            return slots;
        }

        int size() {
            return size;
        }

        int idOf(long key) {
            int slot = slot(slots, key);
            if (slots[slot] == key) {
                return (int) slots[slot + 1];
            }
            slots[slot] = key;
            slots[slot + 1] = size;
            if (++size * 4 > slots.length) {
                grow();
            }
            return size - 1;
        }

        /** The key's id, or -1. */
        int find(long key) {
            if (key == EMPTY) {
                return -1;
            }
            int slot = slot(slots, key);
            return slots[slot] == key ? (int) slots[slot + 1] : -1;
        }

        /** The slot (an even index) holding the key, or the empty one where it would go. */
        private static int slot(long[] slots, long key) {
            int mask = (slots.length >> 1) - 1;
            int slot = (int) mix(key) & mask;
            while (slots[slot << 1] != EMPTY && slots[slot << 1] != key) {
                slot = (slot + 1) & mask;
            }
            return slot << 1;
        }

        private void grow() {
            long[] old = slots;
            slots = emptySlots(old.length);
            for (int i = 0; i < old.length; i += 2) {
                if (old[i] != EMPTY) {
                    int slot = slot(slots, old[i]);
                    slots[slot] = old[i];
                    slots[slot + 1] = old[i + 1];
                }
            }
        }
    }

    private static final class IntList {
        int[] values = new int[1024];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }

    private static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }

    private static final class DoubleList {
        double[] values = new double[1024];
        int size;

        void add(double value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
