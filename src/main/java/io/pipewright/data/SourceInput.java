package io.pipewright.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The raw bytes of a dataset file, counted as they are read, and the file's fingerprint (SHA-256).
 * The fingerprint can be computed on a thread of its own, reading the file a second time (from
 * the page cache, as a rule) while the reader parses it: hashing on the reading thread made that
 * thread, which every worker waits for, a quarter slower, since the hash code is still
 * interpreted while the JIT is busy with the parser.
 */
final class SourceInput extends CountingInput {
    private static final int BLOCK = 1 << 20;

    private final Path file;
    private final long size;
    private volatile boolean closed;
    private CompletableFuture<String> fingerprint;

    private SourceInput(InputStream in, Path file, long size) {
        super(in);
        this.file = file;
        this.size = size;
    }

    /** Opens the file, with a one-line message for the usual reasons it cannot be. */
    static SourceInput open(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (Files.isDirectory(file)) {
            throw new DatasetException(file + ": is a folder, not a file");
        }
        // a pipe (as <(zcat x.gz) gives) can be read once, and a dataset is read more than once: its fingerprint on a
        // thread of its own, a sniff of its first bytes, a second pass; a second reader of a pipe waits forever
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new DatasetException(file + ": not a regular file (a pipe or a device): a dataset is read more than once, "
                    + "so save it to a file first (a .gz file is read as it is)");
        }
        try {
            long size = Files.size(file);
            return new SourceInput(Files.newInputStream(file), file, size);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file");
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true; // stops the fingerprint's thread
        super.close();
    }

    /** Starts computing the fingerprint on a thread of its own; {@link #finishDigest()} waits for it. */
    SourceInput fingerprintInBackground() {
        fingerprint = new CompletableFuture<>();
        var thread = new Thread(() -> {
            try {
                fingerprint.complete(sha256(true));
            } catch (IOException | RuntimeException e) {
                fingerprint.completeExceptionally(e);
            }
        }, "pipewright-fingerprint");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** @param stoppable whether closing this stream stops the work (and null is returned) */
    private String sha256(boolean stoppable) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        var buffer = ByteBuffer.allocate(BLOCK);
        try (FileChannel channel = FileChannel.open(file)) {
            while (!(stoppable && closed) && channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return stoppable && closed ? null : HexFormat.of().formatHex(digest.digest());
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // nothing was read
        }
    }


    long size() {
        return size;
    }

    /** The file's SHA-256, in hex: waits for the thread computing it, or computes it now. */
    String finishDigest() throws IOException {
        if (fingerprint == null) {
            return sha256(false);
        }
        try {
            String sha256 = fingerprint.join();
            return sha256 != null ? sha256 : sha256(false); // closed before it was done
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
