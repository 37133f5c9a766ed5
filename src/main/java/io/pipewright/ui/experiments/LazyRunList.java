package io.pipewright.ui.experiments;

import io.pipewright.track.RunPages;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ObservableListBase;

/**
 * The runs table's rows: a list as long as the query's count whose pages are read only when a
 * cell asks for one of their rows. Until then a row is a placeholder. Pages wanted during a fast
 * scroll are not all read: only the few asked for last, since the others have scrolled past. At
 * most {@link #CACHED_PAGES} pages stay in memory. Used on the FX thread only.
 */
public final class LazyRunList extends ObservableListBase<LazyRunList.Item> {
    static final int PAGE = 100;
    static final int CACHED_PAGES = 40;
    /** Pages kept in the queue of wanted pages; older wishes are dropped. */
    private static final int WANTED = 4;

    /** A row of the table: the run and its values, or null while its page is being read. */
    public record Item(int index, RunPages.Row row) {
    }

    /** Reads one page (on a background thread) and hands it to {@code loaded} on the FX thread; a failed read gives null and stops further reads (the view says why). */
    public interface PageReader {
        void read(int offset, int limit, java.util.function.Consumer<List<RunPages.Row>> loaded);
    }

    private int size;
    private final PageReader reader;
    private final Map<Integer, List<RunPages.Row>> pages = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, List<RunPages.Row>> eldest) {
            return size() > CACHED_PAGES;
        }
    };
    private final Deque<Integer> wanted = new ArrayDeque<>();
    private int reading = -1;
    private int pagesRead;
    private boolean failed;

    LazyRunList(int size, PageReader reader) {
        this(size, reader, null);
    }

    /** A list whose first page was read with its count. */
    LazyRunList(int size, PageReader reader, List<RunPages.Row> firstPage) {
        this.size = size;
        this.reader = reader;
        if (firstPage != null) {
            pages.put(0, firstPage);
        }
    }

    @Override
    public Item get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int page = index / PAGE;
        List<RunPages.Row> rows = pages.get(page);
        if (rows != null) {
            int at = index - page * PAGE;
            return new Item(index, at < rows.size() ? rows.get(at) : null);
        }
        want(page);
        return new Item(index, null);
    }

    /** The row at an index if its page is in memory, without asking for it. */
    RunPages.Row loaded(int index) {
        List<RunPages.Row> rows = pages.get(index / PAGE);
        int at = index % PAGE;
        return rows != null && at < rows.size() ? rows.get(at) : null;
    }

    @Override
    public int size() {
        return size;
    }

    /** Makes the list longer (when the count of a list shown from its first page comes in); the rows it has stay. */
    void grow(int newSize) {
        if (newSize <= size) {
            return;
        }
        int from = size;
        size = newSize;
        beginChange();
        nextAdd(from, newSize);
        endChange();
    }

    /** How many page reads finished (for tests and the benchmark). */
    public int pagesRead() {
        return pagesRead;
    }

    private void want(int page) {
        if (failed || page == reading || wanted.contains(page)) {
            return;
        }
        wanted.addFirst(page);
        while (wanted.size() > WANTED) {
            wanted.removeLast();
        }
        next();
    }

    private void next() {
        if (reading >= 0 || wanted.isEmpty()) {
            return;
        }
        int page = wanted.removeFirst();
        reading = page;
        reader.read(page * PAGE, PAGE, rows -> {
            reading = -1;
            pagesRead++;
            failed = rows == null;
            if (rows != null) {
                pages.put(page, rows);
                int from = page * PAGE;
                int to = Math.min(size, from + PAGE);
                beginChange();
                for (int i = from; i < to; i++) {
                    nextUpdate(i);
                }
                endChange();
            }
            next();
        });
    }
}
