package io.pipewright.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A deployment bundle in memory: its files by path (under {@code <name>-bundle/}), each either text
 * made here or a file copied as it is (the model artifact, the Pipewright jar). Written to a folder or
 * a zip only after it was validated.
 */
public final class Bundle {

    /** One file: its bytes, or the file it copies. */
    public record Entry(String path, byte[] bytes, Path source, boolean executable) {
        public boolean text() {
            return bytes != null;
        }

        public String content() {
            return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        }

        public long size() {
            if (bytes != null) {
                return bytes.length;
            }
            try {
                return Files.size(source);
            } catch (IOException e) {
                return -1;
            }
        }
    }

    private final String root;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public Bundle(String root) {
        this.root = root;
    }

    /** The top folder's name, {@code <name>-bundle}. */
    public String root() {
        return root;
    }

    public void text(String path, String content) {
        entries.put(path, new Entry(path, content.getBytes(StandardCharsets.UTF_8), null, false));
    }

    public void script(String path, String content) {
        entries.put(path, new Entry(path, content.getBytes(StandardCharsets.UTF_8), null, true));
    }

    public void copy(String path, Path source) {
        entries.put(path, new Entry(path, null, source, false));
    }

    public Optional<Entry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    public String content(String path) {
        return get(path).map(Entry::content).orElseThrow(() -> new IllegalArgumentException("no " + path + " in the bundle"));
    }

    /** Every file, sorted by path. */
    public List<Entry> entries() {
        var list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparing(Entry::path));
        return Collections.unmodifiableList(list);
    }

    /** Every file under a folder ({@code "helm/name/"}), with paths relative to it. */
    public Map<String, Entry> under(String folder) {
        var files = new LinkedHashMap<String, Entry>();
        for (Entry entry : entries()) {
            if (entry.path().startsWith(folder)) {
                files.put(entry.path().substring(folder.length()), entry);
            }
        }
        return files;
    }

    /**
     * Writes the bundle as {@code parent/<root>/}: into a temporary folder beside it first, which then
     * replaces any earlier export of the same name, so a failed write leaves the earlier one whole.
     */
    public Path writeTo(Path parent) {
        Path target = parent.resolve(root);
        Path partial = parent.resolve("." + root + ".part");
        try {
            Files.createDirectories(parent);
            deleteTree(partial);
            writeFiles(partial);
            Path previous = parent.resolve("." + root + ".old");
            deleteTree(previous);
            if (Files.exists(target)) {
                Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(previous);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes the files under {@code folder} (which may exist); validation uses this for a scratch copy. */
    void writeFiles(Path folder) throws IOException {
        for (Entry entry : entries.values()) {
            Path file = folder.resolve(entry.path());
            Files.createDirectories(file.getParent());
            if (entry.text()) {
                Files.write(file, entry.bytes());
            } else {
                Files.copy(entry.source(), file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (entry.executable()) {
                file.toFile().setExecutable(true, false);
            }
        }
    }

    /**
     * Writes the bundle as one zip ({@code <root>/...} inside), through a temporary file. Files copied
     * as they are (already compressed) are stored, the text compressed.
     */
    public Path zipTo(Path zipFile) {
        Path partial = zipFile.resolveSibling("." + zipFile.getFileName() + ".part");
        try {
            Files.createDirectories(zipFile.toAbsolutePath().getParent());
            try (var zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                for (Entry entry : entries()) {
                    var zipEntry = new ZipEntry(root + "/" + entry.path());
                    if (entry.text()) {
                        zip.putNextEntry(zipEntry);
                        zip.write(entry.bytes());
                    } else {
                        zipEntry.setMethod(ZipEntry.STORED);
                        zipEntry.setSize(Files.size(entry.source()));
                        zipEntry.setCrc(crc(entry.source()));
                        zip.putNextEntry(zipEntry);
                        Files.copy(entry.source(), zip);
                    }
                    zip.closeEntry();
                }
            }
            Files.move(partial, zipFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return zipFile;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the message below is what matters
            }
            throw new UncheckedIOException("cannot write " + zipFile + ": " + e.getMessage(), e);
        }
    }

    private static long crc(Path file) throws IOException {
        var crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    /** Deletes a folder and everything in it (nothing when it does not exist). */
    public static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
