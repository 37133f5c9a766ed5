package io.pipewright.data.lake;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Cuts a stream of bytes into content-defined chunks (a gear rolling hash, as FastCDC does): a cut falls where
 * the hash of the last bytes has {@value #MASK_BITS} low bits of zero, then moves on to the end of that line, so
 * chunks hold whole rows of a text file. Where a cut falls depends only on the bytes around it: a row changed,
 * added or removed moves the cuts of its own chunk, not the rest, and the other chunks of a new version of a file
 * are the same as the old one's.
 */
public final class Chunker {
    static final int MIN = 16 * 1024;
    static final int MAX = 256 * 1024;
    private static final int MASK_BITS = 16; // about 64 KB between cuts past the minimum
    private static final long MASK = (1L << MASK_BITS) - 1;
    private static final long[] GEAR = new long[256];

    static {
        var random = new SplittableRandom(0x5EEDC0DEL); // fixed: the cuts of every version and every machine agree
        for (int i = 0; i < GEAR.length; i++) {
            GEAR[i] = random.nextLong();
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[4 * MAX];
    private int start;
    private int end;
    private boolean eof;

    public Chunker(InputStream in) {
        this.in = in;
    }

    /** The next chunk's bytes, or null at the end. */
    public byte[] next() throws IOException {
        fill();
        if (start == end) {
            return null;
        }
        int available = end - start;
        int cut = available <= MIN ? available : cut(available);
        byte[] chunk = Arrays.copyOfRange(buffer, start, start + cut);
        start += cut;
        return chunk;
    }

    private int cut(int available) {
        int limit = Math.min(available, MAX);
        long hash = 0;
        int i = start;
        int stop = start + limit;
        int candidate = -1;
        for (int p = start + Math.min(MIN, limit); i < stop; i++) {
            hash = (hash << 1) + GEAR[buffer[i] & 0xff];
            if (i >= p && (hash & MASK) == 0) {
                candidate = i + 1;
                break;
            }
        }
        if (candidate < 0) {
            candidate = start + limit;
            if (limit < MAX) {
                return limit; // the end of the stream
            }
        }
        // on to the end of the line, so a chunk holds whole rows (within the maximum)
        int hardStop = start + limit;
        int j = candidate;
        while (j < hardStop && buffer[j - 1] != '\n') {
            j++;
        }
        if (buffer[j - 1] != '\n') {
            // no line end before the maximum: go back to the last one past the minimum, else cut here
            int back = candidate;
            while (back > start + MIN && buffer[back - 1] != '\n') {
                back--;
            }
            j = buffer[back - 1] == '\n' && back > start + MIN ? back : candidate;
        }
        return j - start;
    }

    private void fill() throws IOException {
        if (eof || end - start >= MAX) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < buffer.length) {
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                eof = true;
                return;
            }
            end += read;
        }
    }
}
