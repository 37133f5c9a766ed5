package io.pipewright.data.lake;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A captured table's Silver rows as of a manifest, streamed: the Silver base is read a line at a time, and only the rows
 * the events since it touched are held in memory, so a read costs the events since the last compaction, not the table.
 *
 * <p>The order is a key-ordered map's, as if the base were loaded and each event applied: a base row stays in its place
 * when updated, and a row inserted (or inserted again after its delete) comes after the base, in the order of those
 * inserts. A truncate drops the base and everything before it.
 */
public final class SilverRows implements Iterator<Map<String, String>>, Closeable {
    /** A key the events touched: its row now (null: deleted), and whether a delete or truncate came before that row. */
    private static final class Touched {
        Map<String, String> row;
        boolean deleted;

        Touched(Map<String, String> row, boolean deleted) {
            this.row = row;
            this.deleted = deleted;
        }
    }

    private final List<String> key;
    private final Map<String, Touched> touched = new HashMap<>();
    /** The keys whose row comes after the base, in the order they were inserted (a base key here is dropped when the base shows it). */
    private final LinkedHashSet<String> appended = new LinkedHashSet<>();
    private final long estimate;
    /** A truncate since the base: the base is not read. */
    private boolean truncated;
    private BufferedReader base;
    private Path baseFile;
    private Iterator<String> tail;
    private Map<String, String> next;

    private SilverRows(List<String> key, long estimate) {
        this.key = key;
        this.estimate = estimate;
    }

    /**
     * The Silver rows of {@code m} in {@code dir}. The events are read here, and the base is opened here, so a compaction
     * that replaces the files afterwards changes nothing for this reader; one that replaces them before is a
     * {@link ChangeLog.ChangedWhileReading}.
     */
    static SilverRows open(ChangeLog.Manifest m, Path dir) {
        var rows = new SilverRows(m.key(), m.rows() + m.events() - (m.silver() == null ? 0 : m.silver().through()));
        try {
            long after = m.silver() == null ? 0 : m.silver().through();
            ChangeLog.forEachEvent(m, dir, after, rows::apply);
            if (m.silver() != null && !rows.truncated) {
                rows.baseFile = dir.resolve(m.silver().file());
                rows.base = Files.newBufferedReader(rows.baseFile, StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw new ChangeLog.ChangedWhileReading(e.getFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** About how many rows there are (the base's count and the events since it): for progress, not a count. */
    public long estimate() {
        return estimate;
    }

    private void apply(ChangeEvent event) {
        switch (event.op()) {
            case ChangeEvent.TRUNCATE -> {
                truncated = true;
                touched.clear();
                appended.clear();
            }
            case ChangeEvent.DELETE -> {
                if (event.before() != null) {
                    delete(ChangeLog.key(key, event.before()));
                }
            }
            default -> {
                if (event.before() != null && event.after() != null) {
                    String old = ChangeLog.key(key, event.before());
                    if (!old.equals(ChangeLog.key(key, event.after()))) {
                        delete(old); // the key itself was updated
                    }
                }
                if (event.after() != null) {
                    put(ChangeLog.key(key, event.after()), event.after());
                }
            }
        }
    }

    private void delete(String k) {
        Touched found = touched.get(k);
        if (found == null) {
            touched.put(k, new Touched(null, true));
        } else {
            found.row = null;
            found.deleted = true;
        }
        appended.remove(k);
    }

    private void put(String k, Map<String, String> row) {
        Touched found = touched.get(k);
        if (found == null) {
            // in the base (then updated in its place) or new (then after the base): the base says which when it is read
            touched.put(k, new Touched(row, false));
            appended.add(k);
        } else if (found.row == null) {
            found.row = row; // inserted again after its delete: after the base, in this insert's order
            appended.add(k);
        } else {
            found.row = row; // an update keeps the row where it is
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public Map<String, String> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Map<String, String> row = next;
        next = null;
        return row;
    }

    private Map<String, String> advance() {
        try {
            while (base != null) {
                String line = base.readLine();
                if (line == null) {
                    base.close();
                    base = null;
                    break;
                }
                Map<String, String> row = ChangeLog.readRow(line);
                String k = ChangeLog.key(key, row);
                Touched found = touched.get(k);
                if (found == null) {
                    return row;
                }
                if (!found.deleted && found.row != null) {
                    appended.remove(k); // a base row updated in its place
                    return found.row;
                }
                // deleted since the base: gone, or inserted again after it (then among the appended rows)
            }
        } catch (IOException e) {
            // not an UncheckedIOException: a compaction writing these rows must not report it as its own write failing
            throw new io.pipewright.data.DatasetException("cannot read the Silver base " + baseFile + ": " + e.getMessage(), e);
        }
        if (tail == null) {
            tail = appended.iterator();
        }
        while (tail.hasNext()) {
            Touched found = touched.get(tail.next());
            if (found.row != null) {
                return found.row;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (base != null) {
            try {
                base.close();
            } catch (IOException e) {
                // nothing was written: nothing to lose
            }
            base = null;
        }
    }
}
