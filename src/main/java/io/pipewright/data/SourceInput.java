package io.pipewright.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The raw bytes of a dataset file, counted and fingerprinted (SHA-256) as they are read. */
final class SourceInput extends FilterInputStream {
    private final MessageDigest digest;
    private final long size;
    private volatile long count;

    private SourceInput(InputStream in, long size) {
        super(in);
        this.size = size;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the file, with a one-line message for the usual reasons it cannot be. */
    static SourceInput open(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (Files.isDirectory(file)) {
            throw new DatasetException(file + ": is a folder, not a file");
        }
        try {
            long size = Files.size(file);
            return new SourceInput(Files.newInputStream(file), size);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file");
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // nothing was read
        }
    }

    long count() {
        return count;
    }

    long size() {
        return size;
    }

    /** Reads what is left, so that the fingerprint covers the whole file. */
    String finishDigest() throws IOException {
        byte[] scratch = new byte[1 << 16];
        while (read(scratch, 0, scratch.length) >= 0) {
            // drain
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
