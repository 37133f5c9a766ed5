package io.pipewright.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A gzip file's data, with a bound on how far it may expand. A gzipped table is legitimately large,
 * so there is no limit on its size: the bound is on the ratio, which tells real data from a bomb.
 * Measured with gzip -9: CSV tables expand 3 to 4 times, a sparse one-hot table with 0.1 % ones
 * about 210 times, a file of one repeated byte about 1,030 times (DEFLATE's ceiling: a 1 MB file of
 * 1 GB). Data that expands more than {@value #MAX_RATIO} times its compressed size is refused once
 * past the first {@value #FLOOR_MB} MB (below that any ratio costs nothing): the readers hold a record
 * at a time, so a bomb would cost time rather than memory, but a line reader fed one endless line
 * would hold all of it. Real data of such a ratio can still be read: decompressed first.
 */
final class GzipInput extends GZIPInputStream {
    static final int MAX_RATIO = 500;
    static final int FLOOR_MB = 64;

    private final CountingInput compressed;
    private final String name;
    private long expanded;

    private GzipInput(CountingInput compressed, String name) throws IOException {
        super(compressed, 1 << 16);
        this.compressed = compressed;
        this.name = name;
    }

    /** The expanded data of {@code raw}, a gzip stream of the file {@code name}. */
    static InputStream open(InputStream raw, String name) throws IOException {
        return new GzipInput(new CountingInput(raw), name);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            expanded += n;
            if (expanded > (long) FLOOR_MB << 20) {
                // what the inflater has consumed: what was read from the file, less what it holds unread
                long consumed = Math.max(1, compressed.count() - inf.getRemaining());
                if (expanded > MAX_RATIO * consumed) {
                    throw new DatasetException(String.format(Locale.ROOT, "%s: the gzip data expands more than %d times its compressed size"
                            + " (%,d MB from %,d KB so far), which no real table does; it was not read (decompress it first if it is real data)",
                            name, MAX_RATIO, expanded >> 20, consumed >> 10));
                }
            }
        }
        return n;
    }
}
