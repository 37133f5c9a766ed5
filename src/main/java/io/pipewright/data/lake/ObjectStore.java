package io.pipewright.data.lake;

import io.pipewright.data.DatasetException;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Chunks of dataset versions, content-addressed: each is kept once, under the SHA-256 of its bytes
 * ({@code objects/ab/cdef…}), deflated, either whole or as a {@link LineDelta} of another chunk (its base).
 * A chunk read back is checked against its name, so a damaged or missing one is named, never returned.
 */
public final class ObjectStore {
    /** A delta at most this fraction of its chunk (1/32) is kept without trying the other bases. */
    private static final int GOOD_DELTA = 32;
    private static final byte WHOLE = 'W';
    private static final byte DELTA = 'D';
    /** How many deltas a chunk may be built through: reading one reads its chain. */
    static final int MAX_CHAIN = 8;

    private final Path root;

    public ObjectStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The hex SHA-256 of a file's bytes, read as a stream. */
    public static String sha256(Path file) throws IOException {
        try (var in = new java.security.DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    Path path(String hash) {
        return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2));
    }

    public boolean has(String hash) {
        return Files.isRegularFile(path(hash));
    }

    /**
     * What writing a chunk took: its name, the bytes its object file holds (0 when it was there already), and, when it
     * was kept as a delta, its base and where the delta lined the two up (byte {@code targetAt} of the chunk is byte
     * {@code baseAt} of the base).
     */
    public record Put(String hash, long storedBytes, String base, int targetAt, int baseAt) {
    }

    /**
     * Keeps {@code chunk} (when it is not kept already): as a delta of the one of {@code bases} that gives the smallest,
     * when that is less than half the chunk, else whole.
     */
    public Put put(byte[] chunk, java.util.List<String> bases) throws IOException {
        String hash = sha256(chunk);
        if (has(hash)) {
            return new Put(hash, 0, null, -1, -1);
        }
        LineDelta.Encoded best = null;
        String bestBase = null;
        for (String base : bases) {
            if (base == null || base.equals(hash) || chain(base) >= MAX_CHAIN) {
                continue;
            }
            LineDelta.Encoded encoded = LineDelta.encode(get(base), chunk);
            if (best == null || encoded.bytes().length < best.bytes().length) {
                best = encoded;
                bestBase = base;
            }
            if (best.bytes().length <= chunk.length / GOOD_DELTA) {
                break; // the likeliest base (they come in that order) shares nearly every line: the others cannot save much more
            }
        }
        boolean delta = best != null && best.bytes().length < chunk.length / 2;
        var file = new ByteArrayOutputStream(chunk.length / 3 + 64);
        file.write(delta ? DELTA : WHOLE);
        if (delta) {
            file.write(HexFormat.of().parseHex(bestBase));
        }
        file.write(deflate(delta ? best.bytes() : chunk));
        byte[] bytes = file.toByteArray();
        write(path(hash), bytes);
        return delta ? new Put(hash, bytes.length, bestBase, best.targetAt(), best.baseAt()) : new Put(hash, bytes.length, null, -1, -1);
    }

    /** The chunk named {@code hash}; a missing or damaged one is a {@link DatasetException} naming it. */
    public byte[] get(String hash) {
        return get(hash, 0);
    }

    private byte[] get(String hash, int depth) {
        byte[] file;
        try {
            file = Files.readAllBytes(path(hash));
        } catch (NoSuchFileException e) {
            throw new DatasetException("chunk " + hash + " is missing from " + root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chunk " + hash + ": " + e.getMessage(), e);
        }
        byte[] chunk;
        try {
            if (file.length == 0 || depth > MAX_CHAIN) {
                throw new IOException("empty or too deep");
            }
            if (file[0] == WHOLE) {
                chunk = inflate(file, 1);
            } else if (file[0] == DELTA && file.length > 33) {
                String base = HexFormat.of().formatHex(file, 1, 33);
                chunk = LineDelta.decode(get(base, depth + 1), inflate(file, 33));
            } else {
                throw new IOException("not a chunk");
            }
        } catch (IOException | DataFormatException e) {
            throw new DatasetException("chunk " + hash + " in " + root + " is corrupt (" + e.getMessage() + ")");
        }
        if (!sha256(chunk).equals(hash)) {
            throw new DatasetException("chunk " + hash + " in " + root + " is corrupt (its content does not match its name)");
        }
        return chunk;
    }

    /** The base of a chunk kept as a delta, or null for a whole one (and for one that is not there). */
    public String baseOf(String hash) {
        try (var in = Files.newInputStream(path(hash))) {
            byte[] head = in.readNBytes(33);
            return head.length == 33 && head[0] == DELTA ? HexFormat.of().formatHex(head, 1, 33) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private int chain(String hash) {
        int depth = 0;
        for (String base = baseOf(hash); base != null && depth <= MAX_CHAIN; base = baseOf(base)) {
            depth++;
        }
        return depth;
    }

    /** Every chunk kept, by name. */
    public java.util.List<String> all() throws IOException {
        var names = new java.util.ArrayList<String>();
        if (!Files.isDirectory(root)) {
            return names;
        }
        try (var folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                try (var files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        String name = file.getFileName().toString();
                        if (!name.endsWith(".tmp")) {
                            names.add(folder.getFileName() + name);
                        }
                    }
                }
            }
        }
        return names;
    }

    /** Deletes a chunk (garbage collection); returns the bytes it freed. */
    public long delete(String hash) throws IOException {
        Path file = path(hash);
        long size = Files.isRegularFile(file) ? Files.size(file) : 0;
        Files.deleteIfExists(file);
        return size;
    }

    /** When a chunk was written, to spare the chunks of a commit still being written. */
    public java.time.Instant written(String hash) throws IOException {
        return Files.getLastModifiedTime(path(hash)).toInstant();
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId() + ".tmp");
        try (var out = new FileOutputStream(temporary.toFile())) {
            out.write(bytes);
            out.getFD().sync();
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temporary); // another writer kept the same chunk first
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static byte[] deflate(byte[] bytes) {
        var deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            var out = new ByteArrayOutputStream(bytes.length / 3 + 64);
            byte[] buffer = new byte[32 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] file, int offset) throws DataFormatException {
        var inflater = new Inflater();
        try {
            inflater.setInput(file, offset, file.length - offset);
            var out = new ByteArrayOutputStream(Math.max(1024, (file.length - offset) * 4));
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
