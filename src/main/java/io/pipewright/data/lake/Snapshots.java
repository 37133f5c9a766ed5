package io.pipewright.data.lake;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.data.DatasetException;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.RecordSource;
import io.pipewright.data.TypeInference;
import java.io.BufferedInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Versions of datasets, by layer and name: each commit keeps a file's bytes as content-defined chunks in the
 * {@link ObjectStore} (a chunk already kept by any version is not kept again; a changed chunk is kept as the lines
 * it changed against the chunk it replaced) and a manifest, {@code datasets/LAYER/NAME/vN.json}, listing them.
 * A checkout rebuilds the file byte for byte, checked against the SHA-256 recorded at commit.
 */
public final class Snapshots {
    public static final List<String> LAYERS = List.of(LayerReference.BRONZE, LayerReference.SILVER, LayerReference.GOLD);
    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.json");
    private static final int SAMPLE_ROWS = 1_000;
    /** Where a commit reads its file's rows and column types, beside the thread that stores its chunks. */
    private static final java.util.concurrent.ExecutorService SCHEMA_READERS = java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
        var thread = new Thread(runnable, "snapshot-schema");
        thread.setDaemon(true);
        return thread;
    });

    private final Path dataRoot;
    private final ObjectStore objects;

    public Snapshots(Path dataRoot) {
        this.dataRoot = dataRoot;
        this.objects = new ObjectStore(dataRoot.resolve("objects"));
    }

    public ObjectStore objects() {
        return objects;
    }

    /** A chunk of a version: its name and its length in the file. */
    public record ChunkRef(String hash, long bytes) {
    }

    /** A column of a version and the kind its values read as ({@code NUMBER}, {@code BOOLEAN}, {@code DATETIME}, {@code STRING}). */
    public record Column(String name, String kind) {
    }

    /**
     * A version: where it came from ({@code source}: the file, the database, or the layer reference committed, such as
     * {@code silver/orders} or {@code bronze/orders@3}), its file's name, size and SHA-256, its rows and columns, the key
     * its rows are told apart by (may be empty), the chunks that rebuild it, the bytes this commit added to the store
     * ({@code storedBytes}: what it did not share with earlier versions), the key of the pipeline run that made it
     * ({@code run}; null for a commit from the command line) and the layer references its rows were made from
     * ({@code upstream}: the versions a pipeline read before publishing it). Manifests written before {@code run} and
     * {@code upstream} existed read with null and an empty list.
     */
    public record Version(String layer, String name, int version, Integer parent, String message, String created, String source, String file,
                          long bytes, String sha256, long rows, List<Column> columns, List<String> key, long storedBytes, List<ChunkRef> chunks,
                          String run, List<String> upstream) {

        public Version {
            upstream = upstream == null ? List.of() : List.copyOf(upstream);
        }

        public String reference() {
            return layer + "/" + name + "@" + version;
        }

        /** The layer references this version was made from: {@code upstream}, and its source where that names a layer. */
        public List<String> derivedFrom() {
            var from = new ArrayList<>(upstream);
            if (LayerReference.looksLikeOne(source) && !from.contains(source)) {
                from.add(0, source);
            }
            return from;
        }
    }

    /**
     * Where a commit's rows came from: {@code source} (a file's path, a database, a layer reference), the pipeline run that
     * made them (null: none) and the layer references read upstream of it (resolved: {@code gold/x@2}; a captured table's
     * live layer: {@code silver/orders}).
     */
    public record Provenance(String source, String run, List<String> upstream) {
        public Provenance {
            upstream = upstream == null ? List.of() : List.copyOf(upstream);
        }

        /** A commit of {@code source}: from a layer when it names one, else from a file or a database. */
        public static Provenance of(String source) {
            return new Provenance(source, null, LayerReference.looksLikeOne(source) ? List.of(source) : List.of());
        }
    }

    /** Checks a layer name: bronze, silver or gold. */
    public static String checkLayer(String layer) {
        if (!LAYERS.contains(layer)) {
            throw new IllegalArgumentException("--layer " + layer + ": one of bronze, silver, gold");
        }
        return layer;
    }

    private Path folder(String layer, String name) {
        return dataRoot.resolve("datasets").resolve(layer).resolve(name);
    }

    /**
     * Commits {@code file} as the next version of {@code layer/name}. {@code progress} hears the bytes read. Nothing
     * is half-written: chunks are kept before the manifest that names them, and a manifest appears whole or not at all.
     */
    public Version commit(Path file, String layer, String name, String message, List<String> key, String source, LongConsumer progress) {
        return commit(file, layer, name, message, key, Provenance.of(source), progress);
    }

    /** As {@link #commit(Path, String, String, String, List, String, LongConsumer)}, recording where the rows came from. */
    public Version commit(Path file, String layer, String name, String message, List<String> key, Provenance provenance, LongConsumer progress) {
        checkLayer(layer);
        LayerReference.checkName(name);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": no such file");
        }
        List<Version> earlier = log(layer, name);
        Version parent = earlier.isEmpty() ? null : earlier.get(earlier.size() - 1);
        if (key.isEmpty() && parent != null) {
            key = parent.key(); // a dataset keeps its key from version to version unless a commit names another
        }
        checkKey(file, key);
        // the rows and column types are read on a second thread while this one cuts, hashes and stores the chunks
        var stopped = new java.util.concurrent.atomic.AtomicBoolean();
        var reading = SCHEMA_READERS.submit(() -> schema(file, stopped::get));
        long[] parentOffsets = parent == null ? new long[0] : offsets(parent);
        var chunks = new ArrayList<ChunkRef>();
        long stored = 0;
        MessageDigest digest = sha256();
        long offset = 0;
        // where this file's bytes stand against the parent's: moved by rows added or removed before them, learnt from
        // each chunk that matched the parent's whole or through a delta
        long shift = 0;
        Map<String, Integer> parentIndex = new HashMap<>();
        if (parent != null) {
            for (int i = 0; i < parent.chunks().size(); i++) {
                parentIndex.putIfAbsent(parent.chunks().get(i).hash(), i);
            }
        }
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20), digest)) {
            var chunker = new Chunker(in);
            for (byte[] chunk = chunker.next(); chunk != null; chunk = chunker.next()) {
                if (reading.isDone() && failed(reading)) {
                    break; // the rows cannot be read: said below, before a manifest names any chunk
                }
                List<String> bases = parent == null ? List.of() : basesAt(parent, parentOffsets, offset - shift, chunk.length);
                ObjectStore.Put put = objects.put(chunk, bases);
                Integer same = parentIndex.get(put.hash());
                if (same != null) {
                    shift = offset - parentOffsets[same];
                } else if (put.base() != null && parentIndex.containsKey(put.base())) {
                    shift = offset + put.targetAt() - (parentOffsets[parentIndex.get(put.base())] + put.baseAt());
                }
                stored += put.storedBytes();
                chunks.add(new ChunkRef(put.hash(), chunk.length));
                offset += chunk.length;
                progress.accept(offset);
            }
        } catch (IOException e) {
            stopped.set(true);
            throw new UncheckedIOException("cannot commit " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            stopped.set(true);
            throw e;
        }
        Schema schema;
        try {
            schema = reading.get();
        } catch (InterruptedException e) {
            stopped.set(true);
            Thread.currentThread().interrupt();
            throw new DatasetException("the commit of " + file + " was interrupted; nothing was written");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        for (int number = parent == null ? 1 : parent.version() + 1; ; number++) {
            var version = new Version(layer, name, number, parent == null ? null : parent.version(), message, Instant.now().toString(),
                    provenance.source(), file.getFileName().toString(), offset, sha, schema.rows(), schema.columns(), List.copyOf(key), stored,
                    List.copyOf(chunks), provenance.run(), provenance.upstream());
            if (writeNew(folder(layer, name).resolve("v" + number + ".json"), version)) {
                return version;
            }
            // another commit took this number first: the next one
        }
    }

    private record Schema(long rows, List<Column> columns) {
    }

    /** Whether a finished task failed (its failure is said where its result is taken). */
    private static boolean failed(java.util.concurrent.Future<?> done) {
        try {
            done.get();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** A key column the file does not have is refused before anything is stored. */
    private static void checkKey(Path file, List<String> key) {
        if (key.isEmpty()) {
            return;
        }
        try (RecordSource source = DatasetReader.open(file).source()) {
            List<String> names = source.columns();
            for (String column : key) {
                if (!names.contains(column)) {
                    throw new DatasetException("--key " + column + ": " + file.getFileName() + " has no such column (it has " + String.join(", ", names) + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's rows and column types (null once {@code stopped} says the commit gave up). */
    private static Schema schema(Path file, java.util.function.BooleanSupplier stopped) {
        try (RecordSource source = DatasetReader.open(file).source()) {
            List<String> names = source.columns();
            var samples = new ArrayList<List<String>>();
            for (int c = 0; c < names.size(); c++) {
                samples.add(new ArrayList<>());
            }
            long rows = 0;
            for (var chunk = source.next(); chunk != null; chunk = source.next()) {
                if (stopped.getAsBoolean()) {
                    chunk.release();
                    return null;
                }
                var parsed = chunk.parse();
                for (int i = 0; i < parsed.size(); i++) {
                    if (rows + i < SAMPLE_ROWS) {
                        for (int c = 0; c < names.size(); c++) {
                            String value = c < parsed.values()[i].length ? parsed.values()[i][c] : null;
                            if (value != null) {
                                samples.get(c).add(value);
                            }
                        }
                    }
                }
                rows += parsed.size();
                chunk.release();
            }
            var columns = new ArrayList<Column>();
            for (int c = 0; c < names.size(); c++) {
                columns.add(new Column(names.get(c), TypeInference.infer(samples.get(c), null, source.storedKind(c)).kind().name()));
            }
            return new Schema(rows, columns);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long[] offsets(Version version) {
        long[] offsets = new long[version.chunks().size() + 1];
        for (int i = 0; i < version.chunks().size(); i++) {
            offsets[i + 1] = offsets[i] + version.chunks().get(i).bytes();
        }
        return offsets;
    }

    /**
     * The parent's chunks that held the bytes at {@code position} (this chunk's start, moved by the shift learnt so far):
     * the one most of this chunk's length falls in first, then its neighbours; the likeliest to share its lines.
     */
    private static List<String> basesAt(Version parent, long[] offsets, long position, int length) {
        int count = parent.chunks().size();
        if (count == 0) {
            return List.of();
        }
        long middle = Math.max(0, position + length / 2);
        int found = Arrays.binarySearch(offsets, middle);
        int index = Math.max(0, Math.min(found >= 0 ? found : -found - 2, count - 1));
        var bases = new ArrayList<String>(3);
        for (int i : new int[] {index, index - 1, index + 1}) {
            if (i >= 0 && i < count && !bases.contains(parent.chunks().get(i).hash())) {
                bases.add(parent.chunks().get(i).hash());
            }
        }
        return bases;
    }

    /** The versions of {@code layer/name}, oldest first. */
    public List<Version> log(String layer, String name) {
        Path folder = folder(layer, name);
        var versions = new ArrayList<Version>();
        if (!Files.isDirectory(folder)) {
            return versions;
        }
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                if (VERSION_FILE.matcher(file.getFileName().toString()).matches()) {
                    versions.add(read(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        versions.sort(Comparator.comparingInt(Version::version));
        return versions;
    }

    /** Every dataset that has a version: "layer/name", in order. */
    public List<String> datasets() {
        var names = new ArrayList<String>();
        for (String layer : LAYERS) {
            Path folder = dataRoot.resolve("datasets").resolve(layer);
            if (Files.isDirectory(folder)) {
                try (var children = Files.list(folder)) {
                    children.filter(Files::isDirectory).map(child -> layer + "/" + child.getFileName()).sorted().forEach(names::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
                }
            }
        }
        return names;
    }

    /**
     * The version {@code reference} names: {@code [LAYER/]NAME[@VERSION]} (the newest without a version; the layer may
     * be left out where only one layer has the name). A missing one is a one-line message naming what there is.
     */
    public Version resolve(String reference) {
        String text = reference;
        Integer number = null;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            try {
                number = Integer.parseInt(text.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(reference + ": a version is a number (NAME@3)");
            }
            text = text.substring(0, at);
        }
        String layer;
        String name;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            layer = checkLayer(text.substring(0, slash));
            name = LayerReference.checkName(text.substring(slash + 1));
        } else {
            name = LayerReference.checkName(text);
            List<String> layers = LAYERS.stream().filter(l -> !log(l, name).isEmpty()).toList();
            if (layers.size() > 1) {
                throw new IllegalArgumentException(reference + ": " + name + " is in several layers (" + String.join(", ", layers)
                        + "); write LAYER/" + name);
            }
            layer = layers.isEmpty() ? null : layers.get(0);
        }
        List<Version> versions = layer == null ? List.of() : log(layer, name);
        if (versions.isEmpty()) {
            throw new DatasetException(reference + ": no such dataset (datasets with versions: "
                    + (datasets().isEmpty() ? "none" : String.join(", ", datasets())) + ")");
        }
        if (number == null) {
            return versions.get(versions.size() - 1);
        }
        int wanted = number;
        return versions.stream().filter(v -> v.version() == wanted).findFirst().orElseThrow(() -> new DatasetException(reference
                + ": no such version (" + versions.get(0).layer() + "/" + name + " has " + versions.stream().map(v -> "@" + v.version()).toList() + ")"));
    }

    /**
     * Writes {@code version}'s file to {@code out}, byte for byte. A missing or damaged chunk is refused naming it, and
     * {@code out} is then left as it was: the file is written beside it and moved over it only once its SHA-256 matches.
     */
    public void checkout(Version version, Path out, LongConsumer progress) {
        Path target = out.toAbsolutePath();
        Path temporary = target.resolveSibling(target.getFileName() + ".pipewright-checkout.tmp");
        MessageDigest digest = sha256();
        long written = 0;
        try {
            Files.createDirectories(target.getParent());
            try (var stream = new FileOutputStream(temporary.toFile())) {
                for (ChunkRef chunk : version.chunks()) {
                    byte[] bytes = objects.get(chunk.hash());
                    digest.update(bytes);
                    stream.write(bytes);
                    written += bytes.length;
                    progress.accept(written);
                }
                stream.getFD().sync();
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            if (!sha.equals(version.sha256())) {
                throw new DatasetException(version.reference() + ": the rebuilt file's SHA-256 is " + sha + ", not the " + version.sha256()
                        + " recorded at commit");
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    /** What two versions differ by: columns, row counts, and rows by key (or, without a key, rows in one and not the other). */
    public record Diff(Version a, Version b, List<String> addedColumns, List<String> removedColumns, Map<String, String> changedKinds, List<String> key,
                       long added, long removed, long changed, long unchanged, List<String> addedKeys, List<String> removedKeys, List<String> changedKeys) {
    }

    private static final int EXAMPLES = 10;

    /** Compares two versions; their rows are read from their chunks (two files written to {@code scratch} and deleted after). */
    public Diff diff(Version a, Version b, List<String> keyOverride, Path scratch) {
        List<String> key = keyOverride != null && !keyOverride.isEmpty() ? keyOverride : !b.key().isEmpty() ? b.key() : a.key();
        var aNames = a.columns().stream().map(Column::name).toList();
        var bNames = b.columns().stream().map(Column::name).toList();
        var addedColumns = bNames.stream().filter(n -> !aNames.contains(n)).toList();
        var removedColumns = aNames.stream().filter(n -> !bNames.contains(n)).toList();
        var changedKinds = new LinkedHashMap<String, String>();
        for (Column column : b.columns()) {
            a.columns().stream().filter(old -> old.name().equals(column.name()) && !old.kind().equals(column.kind())).findFirst()
                    .ifPresent(old -> changedKinds.put(column.name(), old.kind() + " → " + column.kind()));
        }
        for (String column : key) {
            if (!aNames.contains(column) || !bNames.contains(column)) {
                throw new DatasetException("key " + column + ": not a column of both " + a.reference() + " and " + b.reference());
            }
        }
        Path fileA = scratch.resolve("a-" + a.file());
        Path fileB = scratch.resolve("b-" + b.file());
        try {
            checkout(a, fileA, done -> { });
            checkout(b, fileB, done -> { });
            List<String> shared = bNames.stream().filter(aNames::contains).toList();
            Map<String, Long> before = rowHashes(fileA, key, shared);
            var addedKeys = new ArrayList<String>();
            var changedKeys = new ArrayList<String>();
            long[] counts = new long[3]; // added, changed, unchanged
            var seen = new HashSet<String>();
            forEachRow(fileB, key, shared, row -> {
                Long old = key.isEmpty() ? takeOne(before, row.key()) : before.get(row.key());
                if (!key.isEmpty()) {
                    seen.add(row.key());
                }
                if (old == null) {
                    counts[0]++;
                    example(addedKeys, row.key(), key);
                } else if (key.isEmpty() || old == row.hash()) {
                    counts[2]++;
                } else {
                    counts[1]++;
                    example(changedKeys, row.key(), key);
                }
            });
            long added = counts[0];
            long changed = counts[1];
            long unchanged = counts[2];
            var removedKeys = new ArrayList<String>();
            long removed = 0;
            for (var entry : before.entrySet()) {
                if (key.isEmpty()) {
                    removed += entry.getValue();
                } else if (!seen.contains(entry.getKey())) {
                    removed++;
                    example(removedKeys, entry.getKey(), key);
                }
            }
            return new Diff(a, b, addedColumns, removedColumns, changedKinds, key, added, removed, changed, unchanged, addedKeys, removedKeys, changedKeys);
        } finally {
            deleteQuietly(fileA);
            deleteQuietly(fileB);
        }
    }

    private static void example(List<String> examples, String key, List<String> keyColumns) {
        if (!keyColumns.isEmpty() && examples.size() < EXAMPLES) {
            examples.add(key.replace('\u001f', ','));
        }
    }

    /** Without a key the "before" map counts each whole row; one occurrence is taken per matching row of the other. */
    private static Long takeOne(Map<String, Long> counts, String row) {
        Long count = counts.get(row);
        if (count == null) {
            return null;
        }
        if (count == 1) {
            counts.remove(row);
        } else {
            counts.put(row, count - 1);
        }
        return count;
    }

    private record KeyedRow(String key, long hash) {
    }

    /** Key → hash of the shared columns (with a key), or row text → count (without). */
    private static Map<String, Long> rowHashes(Path file, List<String> key, List<String> shared) {
        var map = new HashMap<String, Long>();
        forEachRow(file, key, shared, row -> {
            if (key.isEmpty()) {
                map.merge(row.key(), 1L, Long::sum);
            } else {
                map.put(row.key(), row.hash());
            }
        });
        return map;
    }

    /** Reads {@code file} row by row: each row's key (or, without a key, its whole text) and the hash of its shared columns. */
    private static void forEachRow(Path file, List<String> key, List<String> shared, java.util.function.Consumer<KeyedRow> action) {
        try (RecordSource source = DatasetReader.open(file).source()) {
            List<String> names = source.columns();
            int[] keyAt = key.stream().mapToInt(names::indexOf).toArray();
            int[] sharedAt = shared.stream().mapToInt(names::indexOf).toArray();
            for (var chunk = source.next(); chunk != null; chunk = source.next()) {
                var parsed = chunk.parse();
                for (int i = 0; i < parsed.size(); i++) {
                    String[] values = parsed.values()[i];
                    var text = new StringBuilder();
                    long hash = 1125899906842597L;
                    for (int c : sharedAt) {
                        String value = c < values.length ? values[c] : null;
                        String cell = value == null ? "\u0000" : value;
                        for (int k = 0; k < cell.length(); k++) {
                            hash = 31 * hash + cell.charAt(k);
                        }
                        hash = 31 * hash + 0x1f;
                        if (key.isEmpty()) {
                            text.append(cell).append('\u001f');
                        }
                    }
                    if (!key.isEmpty()) {
                        for (int c : keyAt) {
                            text.append(c < values.length ? values[c] : null).append('\u001f');
                        }
                        text.setLength(text.length() - 1);
                    }
                    action.accept(new KeyedRow(text.toString(), hash));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** What a garbage collection removed. */
    public record Collected(int versions, int chunks, long bytes) {
    }

    /**
     * Keeps the newest {@code keep} versions of each dataset and deletes the older manifests, then the chunks no kept
     * version needs (directly, or as the base of a chunk it needs). Chunks written within {@code grace} are spared: they
     * may belong to a commit still being written.
     */
    public Collected gc(int keep, Duration grace) {
        if (keep < 1) {
            throw new IllegalArgumentException("--keep " + keep + ": keep at least the newest version (1 or more)");
        }
        int versionsRemoved = 0;
        var live = new HashSet<String>();
        try {
            for (String dataset : datasets()) {
                String[] parts = dataset.split("/", 2);
                List<Version> versions = log(parts[0], parts[1]);
                for (int i = 0; i < versions.size(); i++) {
                    Version version = versions.get(i);
                    if (i < versions.size() - keep) {
                        Files.deleteIfExists(folder(parts[0], parts[1]).resolve("v" + version.version() + ".json"));
                        versionsRemoved++;
                    } else {
                        version.chunks().forEach(chunk -> live.add(chunk.hash()));
                    }
                }
            }
            // a kept chunk's bases are kept with it
            var bases = new ArrayList<>(live);
            while (!bases.isEmpty()) {
                String base = objects.baseOf(bases.remove(bases.size() - 1));
                if (base != null && live.add(base)) {
                    bases.add(base);
                }
            }
            int chunksRemoved = 0;
            long freed = 0;
            Instant cutoff = Instant.now().minus(grace);
            for (String hash : objects.all()) {
                if (!live.contains(hash) && objects.written(hash).isBefore(cutoff)) {
                    freed += objects.delete(hash);
                    chunksRemoved++;
                }
            }
            return new Collected(versionsRemoved, chunksRemoved, freed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot collect garbage in " + dataRoot + ": " + e.getMessage(), e);
        }
    }

    /** The bytes every chunk in the store takes on disk. */
    public long storedBytes() {
        try {
            long total = 0;
            for (String hash : objects.all()) {
                total += Files.size(objects.path(hash));
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Version read(Path file) {
        try {
            return ChangeLog.JSON.readValue(file.toFile(), Version.class);
        } catch (IOException e) {
            throw new DatasetException(file + ": not a dataset version's manifest: " + DatasetException.whatWentWrong(e), e);
        }
    }

    /** Writes a manifest under its final name only if no other has that name (a hard link does not replace). */
    private static boolean writeNew(Path target, Version version) {
        try {
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try (var out = new FileOutputStream(temporary.toFile())) {
                out.write(ChangeLog.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(version).getBytes(StandardCharsets.UTF_8));
                out.getFD().sync();
            }
            try {
                Files.createLink(target, temporary);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a scratch file
        }
    }
}
