package io.pipewright.data.lake;

import io.pipewright.data.Chunk;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.DatasetException;
import io.pipewright.data.RecordSource;
import io.pipewright.data.RowFingerprint;
import io.pipewright.data.Rows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A change log's layer read as a dataset. Silver: the table's current rows, one per key, in the columns of the
 * table. Bronze: one row per change event ({@code seq, op, commit_time, lsn, tx_id, before, after}; the rows
 * before and after as JSON objects).
 */
public final class LayerSource implements RecordSource {
    public static final List<String> BRONZE_COLUMNS = List.of("seq", "op", "commit_time", "lsn", "tx_id", "before", "after");
    private static final ColumnPlan.Kind[] BRONZE_KINDS = {ColumnPlan.Kind.NUMBER, ColumnPlan.Kind.STRING, ColumnPlan.Kind.DATETIME,
            ColumnPlan.Kind.NUMBER, ColumnPlan.Kind.NUMBER, ColumnPlan.Kind.STRING, ColumnPlan.Kind.STRING};
    private static final int CHUNK_ROWS = 4096;

    private final LayerReference reference;
    private final List<String> columns;
    private final ColumnPlan.Kind[] kinds;
    private final Iterator<String[]> rows;
    private final long total;
    private final RowFingerprint fingerprint;
    private long read;
    private String sha256;
    private java.io.Closeable closer;

    private LayerSource(LayerReference reference, List<String> columns, ColumnPlan.Kind[] kinds, Iterator<String[]> rows, long total) {
        this.reference = reference;
        this.columns = columns;
        this.kinds = kinds;
        this.rows = rows;
        this.total = total;
        this.fingerprint = new RowFingerprint(columns);
    }

    /**
     * Opens {@code reference} under the home's data folder: a captured table's live layer (bronze/NAME, silver/NAME
     * without a version, when a change log of that name exists), else a dataset kept by version (its newest, or the
     * version named), checked out to a scratch file that closing the source deletes. A missing dataset is a one-line
     * message naming it.
     */
    public static RecordSource open(LayerReference reference, Path dataRoot) {
        Path dir = LayerReference.changeLogFolder(dataRoot, reference.name());
        if (!isLive(reference, dataRoot)) {
            var snapshots = new Snapshots(dataRoot);
            return checkedOut(snapshots, kept(snapshots, reference));
        }
        for (int attempt = 0; ; attempt++) {
            ChangeLog.Manifest m = ChangeLog.open(dir).manifest();
            try {
                return reference.layer().equals(LayerReference.SILVER) ? silver(reference, m, dir) : bronze(reference, m, dir);
            } catch (ChangeLog.ChangedWhileReading e) {
                if (attempt == 3) {
                    throw new DatasetException(reference + ": the change log kept changing while it was read; read it again");
                }
            }
        }
    }

    /**
     * Whether {@code reference} reads a captured table's live layer (bronze/NAME or silver/NAME without a version, where
     * a change log of that name exists) rather than a dataset kept by version.
     */
    public static boolean isLive(LayerReference reference, Path dataRoot) {
        return reference.version() == null && !reference.layer().equals(LayerReference.GOLD)
                && ChangeLog.open(LayerReference.changeLogFolder(dataRoot, reference.name())).exists();
    }

    /**
     * {@code reference} as it reads now, pinned: a dataset kept by version at the version it names, else at its newest
     * ({@code gold/scores} → {@code gold/scores@4}); a captured table's live layer as it is ({@code silver/orders}). What a
     * read records as the data it read, and what a version made from it names as its source.
     */
    public static LayerReference pinned(LayerReference reference, Path dataRoot) {
        if (isLive(reference, dataRoot)) {
            return reference;
        }
        Snapshots.Version version = kept(new Snapshots(dataRoot), reference);
        return new LayerReference(version.layer(), version.name(), version.version());
    }

    /** The version of a dataset kept by version that {@code reference} names; a dataset without one is a one-line message naming it. */
    private static Snapshots.Version kept(Snapshots snapshots, LayerReference reference) {
        if (snapshots.log(reference.layer(), reference.name()).isEmpty()) {
            throw new DatasetException(reference + ": no such dataset in this data folder (a captured table's layers appear once "
                    + "`pipewright ingest cdc` has run for it; a dataset's versions once `pipewright datasets commit` or a publish node kept one)");
        }
        return snapshots.resolve(reference.toString());
    }

    /** A version's rows: its file rebuilt in a scratch folder and read as that file is; closing deletes it. */
    private static RecordSource checkedOut(Snapshots snapshots, Snapshots.Version version) {
        try {
            Path scratch = java.nio.file.Files.createTempDirectory("pipewright-version-");
            Path file = scratch.resolve(version.file());
            snapshots.checkout(version, file, done -> { });
            RecordSource source = io.pipewright.data.DatasetReader.open(file).source();
            return new ScratchSource(source, scratch);
        } catch (IOException e) {
            throw new DatasetException(version.reference() + ": cannot check it out to read it: " + e.getMessage(), e);
        }
    }

    /** A source over a scratch copy, which it deletes when it is closed. */
    private record ScratchSource(RecordSource inner, Path scratch) implements RecordSource {
        @Override
        public List<String> columns() {
            return inner.columns();
        }

        @Override
        public Chunk next() throws IOException {
            return inner.next();
        }

        @Override
        public long bytesRead() {
            return inner.bytesRead();
        }

        @Override
        public long totalBytes() {
            return inner.totalBytes();
        }

        @Override
        public String sha256() {
            return inner.sha256();
        }

        @Override
        public String encoding() {
            return inner.encoding();
        }

        @Override
        public ColumnPlan.Kind storedKind(int column) {
            return inner.storedKind(column);
        }

        @Override
        public List<String> notes() {
            return inner.notes();
        }

        @Override
        public void close() throws IOException {
            try {
                inner.close();
            } finally {
                try (var files = java.nio.file.Files.walk(scratch)) {
                    for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.deleteIfExists(path);
                    }
                }
            }
        }
    }

    private static LayerSource silver(LayerReference reference, ChangeLog.Manifest m, Path dir) {
        var columns = new ArrayList<String>();
        var kinds = new ColumnPlan.Kind[m.columns().size()];
        for (int c = 0; c < kinds.length; c++) {
            ChangeLog.Column column = m.columns().get(c);
            columns.add(column.name());
            kinds[c] = column.kind() == null ? null : ColumnPlan.Kind.valueOf(column.kind());
        }
        SilverRows current = ChangeLog.silver(m, dir); // opened last: nothing above can fail with its base file open
        Iterator<String[]> rows = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return current.hasNext();
            }

            @Override
            public String[] next() {
                Map<String, String> row = current.next();
                String[] cells = new String[columns.size()];
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = row.get(columns.get(c));
                }
                return cells;
            }
        };
        var source = new LayerSource(reference, List.copyOf(columns), kinds, rows, current.estimate());
        source.closer = current;
        return source;
    }

    /** Bronze streams: one segment file open at a time, one line parsed at a time, so a long log reads in bounded memory. */
    private static LayerSource bronze(LayerReference reference, ChangeLog.Manifest m, Path dir) {
        var events = new BronzeEvents(reference, m, dir);
        var source = new LayerSource(reference, BRONZE_COLUMNS, BRONZE_KINDS, events, m.events());
        source.closer = events;
        return source;
    }

    /** The events of a manifest's segments, in order, up to its last event. */
    private static final class BronzeEvents implements Iterator<String[]>, java.io.Closeable {
        private final LayerReference reference;
        private final ChangeLog.Manifest manifest;
        private final Path dir;
        private int segment;
        private java.io.BufferedReader reader;
        private String[] next;

        BronzeEvents(LayerReference reference, ChangeLog.Manifest manifest, Path dir) {
            this.reference = reference;
            this.manifest = manifest;
            this.dir = dir;
            advance();
        }

        private void advance() {
            next = null;
            try {
                while (next == null) {
                    if (reader == null) {
                        if (segment >= manifest.segments().size()) {
                            return;
                        }
                        reader = java.nio.file.Files.newBufferedReader(dir.resolve(manifest.segments().get(segment++).file()), StandardCharsets.UTF_8);
                    }
                    String line = reader.readLine();
                    if (line == null) {
                        reader.close();
                        reader = null;
                        continue;
                    }
                    ChangeEvent event = ChangeLog.readEvent(line);
                    if (event.seq() <= manifest.events()) {
                        next = new String[] {Long.toString(event.seq()), event.op(), event.commitTime(), Long.toString(event.lsn()),
                                event.txId() == null ? null : event.txId().toString(), json(event.before()), json(event.after())};
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                throw new DatasetException(reference + ": the change log was compacted while it was read; read it again");
            } catch (IOException e) {
                throw new DatasetException(reference + ": cannot read " + dir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public String[] next() {
            if (next == null) {
                throw new java.util.NoSuchElementException();
            }
            String[] current = next;
            advance();
            return current;
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    private static String json(Map<String, String> row) {
        if (row == null) {
            return null;
        }
        try {
            return ChangeLog.JSON.writeValueAsString(row);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public LayerReference reference() {
        return reference;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public ColumnPlan.Kind storedKind(int column) {
        return kinds[column];
    }

    @Override
    public Chunk next() {
        if (sha256 != null) {
            return null;
        }
        String[][] values = new String[CHUNK_ROWS][];
        long[] lines = new long[CHUNK_ROWS];
        int n = 0;
        while (n < CHUNK_ROWS && rows.hasNext()) {
            String[] row = rows.next();
            fingerprint.add(row);
            values[n] = row;
            lines[n] = ++read;
            n++;
        }
        if (!rows.hasNext()) {
            sha256 = fingerprint.finish();
        }
        return n == 0 ? null : Chunk.of(new Rows(values, lines, n));
    }

    @Override
    public long bytesRead() {
        return read;
    }

    @Override
    public long totalBytes() {
        return Math.max(total, read);
    }

    @Override
    public long sizeBytes() {
        return fingerprint.textBytes();
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public String encoding() {
        return null;
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        if (closer != null) {
            closer.close(); // the Bronze segment, or the Silver base, being read
        }
    }
}
