package io.pipewright.data.lake;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.DatasetException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The change log of one captured table, on disk: its Bronze layer (every change event, append-only, in
 * segments of JSON lines) and its Silver layer (the table's current rows by primary key: the last base
 * written, plus the Bronze events after it, merged on read).
 *
 * <p>A manifest lists the segments, the Silver base, and the source's offset that the listed events end at.
 * Each batch writes its segment and then swaps the manifest in with one atomic rename, so the events and the
 * offset that a restart resumes from change together: a process killed at any point leaves the manifest of
 * the batch before, and files it does not list, which the next writer deletes. Readers read the manifest
 * once and the files it lists, so they never see half a batch.
 */
public final class ChangeLog {
    static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final String MANIFEST = "manifest.json";
    private static final int FORMAT = 1;
    /** Segments smaller than this are merged into one when the log is compacted. */
    private static final long SMALL_SEGMENT_BYTES = 8L << 20;

    /** A column of the captured table, and the kind its database type stores ({@code NUMBER}, {@code DATETIME}…; null: the values decide). */
    public record Column(String name, String kind) {
    }

    /** A file of Bronze events, {@code first} to {@code last} by sequence number. */
    public record Segment(String file, long first, long last, long bytes) {
    }

    /** A Silver base: the rows as they stood after event {@code through}. */
    public record Base(String file, long through, long rows) {
    }

    /**
     * What the log holds. {@code offset} is the source's position after the last listed event, as the capturing
     * connector reads it back on a restart; {@code snapshotDone} says the first full read of the table finished.
     */
    public record Manifest(int format, String name, String source, String credentials, String table, List<String> key, List<Column> columns,
                           String slot, boolean snapshotDone, Map<String, Object> offset, long events, List<Segment> segments,
                           Base silver, String lastCommit, String updated) {

        public long rows() {
            return silver == null ? 0 : silver.rows();
        }
    }

    private final Path dir;
    private Manifest manifest;

    private ChangeLog(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /** The log in {@code dir}, or an empty one (no manifest yet) when the folder holds none. */
    public static ChangeLog open(Path dir) {
        return new ChangeLog(dir, readManifest(dir));
    }

    /** Whether a log has been started in this folder. */
    public boolean exists() {
        return manifest != null;
    }

    public Path directory() {
        return dir;
    }

    public synchronized Manifest manifest() {
        if (manifest == null) {
            throw new DatasetException(dir + ": no change log here");
        }
        return manifest;
    }

    /** The folder held for one writer; closing it lets the next one in. */
    public static final class WriteLock implements AutoCloseable {
        private final FileLock lock;

        private WriteLock(FileLock lock) {
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                lock.channel().close();
            } catch (IOException e) {
                // the operating system drops it with the process anyway
                org.slf4j.LoggerFactory.getLogger(ChangeLog.class).debug("releasing the lock of a change log", e);
            }
        }
    }

    /**
     * Takes the folder for one writer: a second ingester of the same log is refused while this one lives. The
     * operating system drops the lock with the process, however it ends.
     */
    public WriteLock lockForWriting() {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new DatasetException(dir.getFileName() + ": another ingester is writing this change log; stop it first");
            }
            return new WriteLock(lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Starts a new log (or starts this one again from nothing: its files are deleted first). */
    public synchronized void start(String name, String source, String credentials, String table, List<String> key, List<Column> columns, String slot) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException(table + ": a change log needs a key to keep the current rows by");
        }
        deleteData(Set.of());
        write(new Manifest(FORMAT, name, source, credentials, table, List.copyOf(key), List.copyOf(columns), slot, false, null, 0, List.of(), null, null,
                Instant.now().toString()));
    }

    /**
     * Appends one batch of events (numbered here, after the last) and the offset the source stands at after them,
     * in one step: after a crash either all of the batch and its offset are in the log, or none.
     */
    public synchronized void append(List<ChangeEvent> events, Map<String, Object> offset, boolean snapshotDone, List<Column> columns) {
        Manifest m = manifest();
        var segments = new ArrayList<>(m.segments());
        long seq = m.events();
        String lastCommit = m.lastCommit();
        if (!events.isEmpty()) {
            long first = seq + 1;
            String file = "bronze/" + String.format("%012d", first) + ".jsonl";
            Path path = dir.resolve(file);
            long bytes;
            try {
                Files.createDirectories(path.getParent());
                Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
                // a stream, not a channel: an interrupt (the engine stopping) must not close the file under a batch being written
                try (var stream = new FileOutputStream(temporary.toFile());
                     var out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
                    for (ChangeEvent event : events) {
                        seq++;
                        writeEvent(out, event.withSeq(seq));
                        if (event.commitTime() != null) {
                            lastCommit = event.commitTime();
                        }
                    }
                    out.flush();
                    stream.getFD().sync();
                }
                bytes = Files.size(temporary);
                move(temporary, path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
            segments.add(new Segment(file, first, seq, bytes));
        }
        write(new Manifest(FORMAT, m.name(), m.source(), m.credentials(), m.table(), m.key(), List.copyOf(columns), m.slot(), snapshotDone || m.snapshotDone(),
                offset, seq, List.copyOf(segments), m.silver(), lastCommit, Instant.now().toString()));
    }

    /** Events written since the Silver base: how much a read of Silver merges. */
    public synchronized long eventsSinceBase() {
        Manifest m = manifest();
        return m.events() - (m.silver() == null ? 0 : m.silver().through());
    }

    /**
     * Writes the current rows as a new Silver base and merges the small Bronze segments into one, so reads merge
     * fewer events and open fewer files. The files it replaces are deleted once the new manifest is in.
     */
    public synchronized void compact() {
        Manifest m = manifest();
        if (m.events() == 0) {
            return;
        }
        String baseFile = "silver/" + String.format("%012d", m.events()) + ".jsonl";
        long[] written = {0};
        try (SilverRows rows = SilverRows.open(m, dir)) {
            Files.createDirectories(dir.resolve("silver"));
            writeLines(dir.resolve(baseFile), out -> {
                while (rows.hasNext()) {
                    writeRow(out, rows.next());
                    written[0]++;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(baseFile) + ": " + e.getMessage(), e);
        }
        var segments = new ArrayList<>(m.segments());
        int firstSmall = segments.size();
        while (firstSmall > 0 && segments.get(firstSmall - 1).bytes() < SMALL_SEGMENT_BYTES) {
            firstSmall--;
        }
        if (segments.size() - firstSmall >= 2) {
            var small = List.copyOf(segments.subList(firstSmall, segments.size()));
            String file = "bronze/" + String.format("%012d", small.get(0).first()) + "-" + String.format("%012d", m.events()) + ".jsonl";
            Path path = dir.resolve(file);
            try {
                writeLines(path, out -> {
                    for (Segment segment : small) {
                        try (var lines = Files.lines(dir.resolve(segment.file()), StandardCharsets.UTF_8)) {
                            lines.forEach(line -> {
                                try {
                                    out.write(line);
                                    out.write('\n');
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
                        }
                    }
                });
                segments.subList(firstSmall, segments.size()).clear();
                segments.add(new Segment(file, small.get(0).first(), m.events(), Files.size(path)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
            }
        }
        write(new Manifest(FORMAT, m.name(), m.source(), m.credentials(), m.table(), m.key(), m.columns(), m.slot(), m.snapshotDone(), m.offset(), m.events(),
                List.copyOf(segments), new Base(baseFile, m.events(), written[0]), m.lastCommit(), Instant.now().toString()));
        deleteData(referenced(manifest));
    }

    /** Deletes what a killed writer left behind: files the manifest does not list. */
    public synchronized void clean() {
        if (manifest != null) {
            deleteData(referenced(manifest));
        }
    }

    /** How many rows Silver holds as of this manifest: the base's count when no event came after it, else a streamed merge. */
    public static long silverRowCount(Manifest m, Path dir) {
        if (m.silver() != null && m.silver().through() == m.events()) {
            return m.silver().rows();
        }
        long count = 0;
        try (SilverRows rows = SilverRows.open(m, dir)) {
            while (rows.hasNext()) {
                rows.next();
                count++;
            }
        }
        return count;
    }

    /**
     * The Silver rows as of this manifest, streamed ({@link SilverRows}): the base, with every later event applied in order,
     * holding only the rows those events touched. Close it.
     */
    public static SilverRows silver(Manifest m, Path dir) {
        return SilverRows.open(m, dir);
    }

    /** Calls {@code action} for each Bronze event after {@code afterSeq}, in order. */
    public static void forEachEvent(Manifest m, Path dir, long afterSeq, Consumer<ChangeEvent> action) throws IOException {
        for (Segment segment : m.segments()) {
            if (segment.last() <= afterSeq) {
                continue;
            }
            try (var lines = Files.lines(dir.resolve(segment.file()), StandardCharsets.UTF_8)) {
                var it = lines.iterator();
                while (it.hasNext()) {
                    ChangeEvent event = readEvent(it.next());
                    if (event.seq() > afterSeq && event.seq() <= m.events()) {
                        action.accept(event);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** A file the manifest listed went away while it was read (a compaction replaced it): read again. */
    public static final class ChangedWhileReading extends RuntimeException {
        ChangedWhileReading(String file) {
            super(file + " was replaced while it was read");
        }
    }

    static String key(List<String> key, Map<String, String> row) {
        if (key.size() == 1) {
            return String.valueOf(row.get(key.get(0)));
        }
        var joined = new StringBuilder();
        for (String column : key) {
            joined.append(row.get(column)).append('\u001f');
        }
        return joined.toString();
    }

    static void writeEvent(java.io.Writer out, ChangeEvent event) throws IOException {
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            json.writeNumberField("seq", event.seq());
            json.writeStringField("op", event.op());
            json.writeStringField("commit_time", event.commitTime());
            json.writeNumberField("lsn", event.lsn());
            if (event.txId() == null) {
                json.writeNullField("tx_id");
            } else {
                json.writeNumberField("tx_id", event.txId());
            }
            writeRowField(json, "before", event.before());
            writeRowField(json, "after", event.after());
            json.writeEndObject();
        }
        out.write('\n');
    }

    private static void writeRowField(JsonGenerator json, String field, Map<String, String> row) throws IOException {
        json.writeFieldName(field);
        if (row == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        for (var cell : row.entrySet()) {
            json.writeStringField(cell.getKey(), cell.getValue());
        }
        json.writeEndObject();
    }

    static void writeRow(java.io.Writer out, Map<String, String> row) throws IOException {
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            for (var cell : row.entrySet()) {
                json.writeStringField(cell.getKey(), cell.getValue());
            }
            json.writeEndObject();
        }
        out.write('\n');
    }

    static ChangeEvent readEvent(String line) {
        try (JsonParser json = JSON.getFactory().createParser(line)) {
            long seq = 0;
            long lsn = 0;
            Long txId = null;
            String op = null;
            String commit = null;
            Map<String, String> before = null;
            Map<String, String> after = null;
            expect(json.nextToken(), JsonToken.START_OBJECT, line);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "seq" -> seq = json.getLongValue();
                    case "op" -> op = json.getText();
                    case "commit_time" -> commit = value == JsonToken.VALUE_NULL ? null : json.getText();
                    case "lsn" -> lsn = json.getLongValue();
                    case "tx_id" -> txId = value == JsonToken.VALUE_NULL ? null : json.getLongValue();
                    case "before" -> before = value == JsonToken.VALUE_NULL ? null : readObject(json, line);
                    case "after" -> after = value == JsonToken.VALUE_NULL ? null : readObject(json, line);
                    default -> json.skipChildren();
                }
            }
            return new ChangeEvent(seq, op, commit, lsn, txId, before, after);
        } catch (IOException e) {
            throw new DatasetException("a change event is not JSON: " + DatasetException.whatWentWrong(e), e);
        }
    }

    static Map<String, String> readRow(String line) {
        try (JsonParser json = JSON.getFactory().createParser(line)) {
            expect(json.nextToken(), JsonToken.START_OBJECT, line);
            return readObject(json, line);
        } catch (IOException e) {
            throw new DatasetException("a Silver row is not JSON: " + DatasetException.whatWentWrong(e), e);
        }
    }

    private static Map<String, String> readObject(JsonParser json, String line) throws IOException {
        var row = new LinkedHashMap<String, String>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String column = json.currentName();
            JsonToken value = json.nextToken();
            row.put(column, value == JsonToken.VALUE_NULL ? null : json.getText());
        }
        return row;
    }

    private static void expect(JsonToken token, JsonToken wanted, String line) {
        if (token != wanted) {
            throw new DatasetException("not a JSON object: " + (line.length() > 60 ? line.substring(0, 60) + "…" : line));
        }
    }

    private static Manifest readManifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Manifest m = JSON.readValue(file.toFile(), Manifest.class);
            if (m.format() > FORMAT) {
                throw new DatasetException(file + ": written by a newer Pipewright (format " + m.format() + "); upgrade to read it");
            }
            return m;
        } catch (IOException e) {
            throw new DatasetException(file + ": not a change log's manifest: " + DatasetException.whatWentWrong(e), e);
        }
    }

    private void write(Manifest next) {
        Path file = dir.resolve(MANIFEST);
        try {
            Files.createDirectories(dir);
            writeLines(file, out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(next)));
            manifest = next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file through a temporary one, forced to disk, then renamed over the target in one step. */
    private static void writeLines(Path target, IoWriter body) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (var file = new FileOutputStream(temporary.toFile())) {
            var out = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8), 1 << 16);
            try {
                body.write(out);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.flush();
            file.getFD().sync();
        }
        move(temporary, target);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @FunctionalInterface
    private interface IoWriter {
        void write(BufferedWriter out) throws IOException;
    }

    private static Set<String> referenced(Manifest m) {
        var files = new HashSet<String>();
        m.segments().forEach(segment -> files.add(segment.file()));
        if (m.silver() != null) {
            files.add(m.silver().file());
        }
        return files;
    }

    private void deleteData(Set<String> keep) {
        for (String layer : new String[] {"bronze", "silver"}) {
            Path folder = dir.resolve(layer);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    if (!keep.contains(layer + "/" + file.getFileName())) {
                        Files.deleteIfExists(file);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean " + folder + ": " + e.getMessage(), e);
            }
        }
    }
}
