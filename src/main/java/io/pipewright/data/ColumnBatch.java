package io.pipewright.data;

/**
 * A block of records stored by column, values already read as their column's {@link ColumnPlan}
 * says: numbers (booleans as 1/0) in {@link #numbers}, dates as epoch milliseconds in
 * {@link #dates}, text in {@link #strings}. {@link #state} tells for each cell whether it holds a
 * value, is missing, or is a value that does not fit the column's type (its text is then in
 * {@link #strings}). Reading this way spares a String per number, the bulk of the garbage.
 */
public final class ColumnBatch {
    public static final byte PRESENT = 0;
    public static final byte MISSING = 1;
    public static final byte INVALID = 2;

    public final int size;
    public final long[] lines;
    public final double[][] numbers;
    public final long[][] dates;
    public final String[][] strings;
    public final byte[][] state;
    /** Whether number cells had no fraction (per cell, for the integer test). */
    public final boolean[][] integral;
    /**
     * Per text column read by hash only (null for the others): each ASCII cell's {@link String#hashCode()}
     * and length, where {@link #strings} holds null; {@link #text} makes the String when one is wanted.
     */
    public final int[][] textHashes;
    public final int[][] textLengths;
    private final int[][] textStarts;
    private final byte[] bytes;
    /** Where {@link #recycle()} returns this batch's arrays, or null. */
    private final Recycler recycler;
    private final Builder builder;

    ColumnBatch(int size, long[] lines, double[][] numbers, long[][] dates, String[][] strings, byte[][] state, boolean[][] integral) {
        this(size, lines, numbers, dates, strings, state, integral, null, null);
    }

    private ColumnBatch(int size, long[] lines, double[][] numbers, long[][] dates, String[][] strings, byte[][] state, boolean[][] integral,
                        Recycler recycler, Builder builder) {
        this.recycler = recycler;
        this.builder = builder;
        this.textHashes = builder == null ? new int[numbers.length][] : builder.textHashes.clone();
        this.textLengths = builder == null ? new int[numbers.length][] : builder.textLengths.clone();
        this.textStarts = builder == null ? null : builder.textStarts.clone();
        this.bytes = builder == null ? null : builder.bytes;
        this.size = size;
        this.lines = lines;
        this.numbers = numbers;
        this.dates = dates;
        this.strings = strings;
        this.state = state;
        this.integral = integral;
    }

    /** Reads string rows into columns: the path of every source but CSV. */
    public static ColumnBatch of(Rows rows, ColumnPlan[] plans) {
        var builder = new Builder(plans, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.values()[i];
            for (int c = 0; c < plans.length; c++) {
                builder.set(c, i, row[c]);
            }
        }
        return builder.build(rows.size(), rows.lines());
    }

    /**
     * The text of a present cell of a text column: its String, made now from the chunk's bytes when the
     * column was read by hash only. Only while the chunk's bytes are still the reader's (before
     * {@link Chunk#release()}).
     */
    public String text(int column, int row) {
        String text = strings[column][row];
        if (text == null && textHashes[column] != null) {
            return new String(bytes, textStarts[column][row], textLengths[column][row], java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return text;
    }

    /**
     * Hands this batch's arrays back to the reader that made it, for a later chunk to fill: the caller
     * promises not to read the batch again. Reading a file a chunk at a time then allocates its column
     * arrays once per worker instead of once per chunk. Batches made otherwise ignore this.
     */
    public void recycle() {
        if (recycler != null) {
            builder.clear(size);
            recycler.free.offer(builder);
        }
    }

    /** Builders whose batches were recycled, ready to fill again (shared by the threads that parse one source's chunks). */
    static final class Recycler {
        private final java.util.concurrent.ConcurrentLinkedQueue<Builder> free = new java.util.concurrent.ConcurrentLinkedQueue<>();

        /** A builder for a batch of about {@code capacity} rows read as {@code plans}: a recycled one when one fits. */
        Builder builder(ColumnPlan[] plans, int capacity) {
            Builder reused = free.poll();
            if (reused != null && reused.plans == plans && reused.capacity() >= capacity) {
                return reused;
            }
            return new Builder(plans, capacity, this);
        }
    }

    /**
     * The strings last made from ASCII bytes, by a hash of the bytes (256 slots, last one wins):
     * repeated categories share one String, whose hash code is then computed once.
     */
    static final class RecentStrings {
        /** Lookups after which a column that (almost) never repeats a value stops being cached: its misses only cost. */
        private static final int TRIAL = 1024;
        private final String[] strings = new String[256];
        private int lookups;
        private int hits;
        private boolean bypass;

        String get(byte[] bytes, int start, int end) {
            int length = end - start;
            if (bypass) {
                return new String(bytes, start, length, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            if (++lookups == TRIAL && hits < TRIAL / 16) {
                bypass = true; // an identifier or free text: hashing and comparing each value would find nothing
            }
            int hash = length;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + bytes[i];
            }
            int slot = (hash ^ (hash >>> 8)) & 255;
            String cached = strings[slot];
            if (cached != null && cached.length() == length && sameAscii(cached, bytes, start)) {
                hits++;
                return cached;
            }
            String made = new String(bytes, start, length, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (length <= 64) {
                strings[slot] = made;
            }
            return made;
        }

        private static boolean sameAscii(String text, byte[] bytes, int start) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) != bytes[start + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Fills a batch cell by cell. */
    static final class Builder {
        private final ColumnPlan[] plans;
        private final NumberParser[] parsers;
        final double[][] numbers;
        final long[][] dates;
        final String[][] strings;
        final byte[][] state;
        final boolean[][] integral;
        long[] lines;
        private final Recycler recycler;
        final int[][] textHashes;
        final int[][] textLengths;
        final int[][] textStarts;
        private boolean[] hashOnly;
        byte[] bytes;

        Builder(ColumnPlan[] plans, int capacity) {
            this(plans, capacity, null);
        }

        private Builder(ColumnPlan[] plans, int capacity, Recycler recycler) {
            this.plans = plans;
            this.recycler = recycler;
            this.lines = new long[capacity];
            this.textHashes = new int[plans.length][];
            this.textLengths = new int[plans.length][];
            this.textStarts = new int[plans.length][];
            int columns = plans.length;
            parsers = new NumberParser[columns];
            numbers = new double[columns][];
            dates = new long[columns][];
            strings = new String[columns][];
            state = new byte[columns][capacity];
            integral = new boolean[columns][];
            for (int c = 0; c < columns; c++) {
                switch (plans[c].kind()) {
                    case NUMBER -> {
                        parsers[c] = new NumberParser(plans[c].grouped());
                        numbers[c] = new double[capacity];
                        integral[c] = new boolean[capacity];
                    }
                    case BOOLEAN -> numbers[c] = new double[capacity];
                    case DATETIME -> dates[c] = new long[capacity];
                    case STRING -> strings[c] = new String[capacity];
                }
            }
        }

        private boolean[] skip;

        /** Columns whose values are not read, only whether they are missing (null: none). */
        void skip(boolean[] columns) {
            this.skip = columns;
        }

        boolean skipped(int column) {
            return skip != null && skip[column];
        }

        int capacity() {
            return state[0].length;
        }

        /** Makes the first {@code size} rows blank again (present, no text) for the next batch. */
        void clear(int size) {
            for (int c = 0; c < plans.length; c++) {
                java.util.Arrays.fill(state[c], 0, size, PRESENT);
                if (strings[c] != null) {
                    java.util.Arrays.fill(strings[c], 0, size, null);
                }
            }
            skip = null;
            hashOnly = null;
            bytes = null;
        }

        /**
         * Text columns whose ASCII cells are kept as a hash code and a length, not a String (null: none):
         * for a reader that needs no more of them, as a profile counting an identifier's distinct values.
         */
        void hashOnly(boolean[] columns, byte[] source) {
            this.hashOnly = columns;
            this.bytes = source;
            if (columns == null) {
                return;
            }
            for (int c = 0; c < plans.length; c++) {
                if (columns[c] && plans[c].kind() == ColumnPlan.Kind.STRING && textHashes[c] == null) {
                    textHashes[c] = new int[capacity()];
                    textLengths[c] = new int[capacity()];
                    textStarts[c] = new int[capacity()];
                }
            }
        }

        boolean hashed(int column) {
            return hashOnly != null && hashOnly[column] && textHashes[column] != null;
        }

        /** An ASCII text cell by hash: the hash is {@link String#hashCode()} of the same text. */
        void hashedText(int column, int row, byte[] source, int start, int end) {
            int hash = 0;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + source[i];
            }
            textHashes[column][row] = hash;
            textLengths[column][row] = end - start;
            textStarts[column][row] = start;
        }

        void line(int row, long line) {
            lines[row] = line;
        }

        void grow(int capacity) {
            lines = java.util.Arrays.copyOf(lines, capacity);
            for (int c = 0; c < plans.length; c++) {
                if (textHashes[c] != null) {
                    textHashes[c] = java.util.Arrays.copyOf(textHashes[c], capacity);
                    textLengths[c] = java.util.Arrays.copyOf(textLengths[c], capacity);
                    textStarts[c] = java.util.Arrays.copyOf(textStarts[c], capacity);
                }
            }
            for (int c = 0; c < plans.length; c++) {
                state[c] = java.util.Arrays.copyOf(state[c], capacity);
                if (numbers[c] != null) {
                    numbers[c] = java.util.Arrays.copyOf(numbers[c], capacity);
                }
                if (integral[c] != null) {
                    integral[c] = java.util.Arrays.copyOf(integral[c], capacity);
                }
                if (dates[c] != null) {
                    dates[c] = java.util.Arrays.copyOf(dates[c], capacity);
                }
                if (strings[c] != null) {
                    strings[c] = java.util.Arrays.copyOf(strings[c], capacity);
                }
            }
        }

        ColumnPlan.Kind kind(int column) {
            return plans[column].kind();
        }

        boolean isoDates(int column) {
            return plans[column].dateFormat() == DateFormats.ISO;
        }

        void date(int column, int row, long millis) {
            dates[column][row] = millis;
        }

        private RecentStrings[] recent;

        /** A cache of the column's recent values, so a category repeated on every row is one String, not one per row. */
        RecentStrings recent(int column) {
            if (recent == null) {
                recent = new RecentStrings[plans.length];
            }
            if (recent[column] == null) {
                recent[column] = new RecentStrings();
            }
            return recent[column];
        }

        NumberParser parser(int column) {
            return parsers[column];
        }

        void missing(int column, int row) {
            state[column][row] = MISSING;
        }

        void number(int column, int row, double value, boolean whole) {
            numbers[column][row] = value;
            integral[column][row] = whole;
        }

        void invalid(int column, int row, String text) {
            state[column][row] = INVALID;
            if (strings[column] == null) {
                strings[column] = new String[capacity()];
            }
            strings[column][row] = text;
        }

        /** Reads one cell from its text (null = missing). */
        void set(int column, int row, String text) {
            if (text == null) {
                state[column][row] = MISSING;
                return;
            }
            if (skipped(column)) {
                return;
            }
            switch (plans[column].kind()) {
                case NUMBER -> {
                    NumberParser parser = parsers[column];
                    if (parser.parse(text)) {
                        number(column, row, parser.value, parser.integral);
                    } else {
                        invalid(column, row, text);
                    }
                }
                case BOOLEAN -> {
                    Boolean value = TypeInference.booleanValue(text);
                    if (value == null) {
                        invalid(column, row, text);
                    } else {
                        numbers[column][row] = value ? 1 : 0;
                    }
                }
                case DATETIME -> {
                    long millis = plans[column].dateFormat().epochMillis(text);
                    if (millis == DateFormats.NOT_A_DATE) {
                        invalid(column, row, text);
                    } else {
                        dates[column][row] = millis;
                    }
                }
                case STRING -> strings[column][row] = text;
            }
        }

        ColumnBatch build(int size, long[] lines) {
            return new ColumnBatch(size, lines, numbers, dates, strings, state, integral);
        }

        /** The batch of the first {@code size} rows, with the lines given by {@link #line}. */
        ColumnBatch build(int size) {
            return new ColumnBatch(size, lines, numbers, dates, strings, state, integral, recycler, this);
        }
    }
}
