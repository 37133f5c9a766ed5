package io.pipewright.quality.drift;

import io.pipewright.data.Chunk;
import io.pipewright.data.DatasetException;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.ReadOptions;
import io.pipewright.data.RecordSource;
import io.pipewright.data.Rows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The serving runtime's request log read as one dataset: every {@code requests-<millis>-<n>.jsonl}
 * (rotated, oldest first) and then {@code requests.jsonl}, one after another. A key first seen in
 * a later file still gets its column (empty in the earlier files).
 *
 * <p>The server may be writing while the log is read: the live {@code requests.jsonl} is read as it
 * was when opened, up to its last complete line (a copy in the temporary folder), so rows appended
 * meanwhile, or a line half-written, are not read; rotated files are open from the start, so one
 * deleted by rotation meanwhile is still read whole. The fingerprint is the SHA-256 of the files'
 * SHA-256s (each of the bytes read) in reading order.
 */
final class RequestLogSource implements RecordSource {
    private static final Pattern LOG_FILE = Pattern.compile("requests(?:-(\\d+)-(\\d+))?\\.jsonl");

    private final List<Path> files;
    private final List<RecordSource> sources = new ArrayList<>();
    private final List<String> columns;
    private final List<int[]> layouts = new ArrayList<>();
    private final long totalBytes;
    private int current;
    private long finishedBytes;
    private String sha256;
    /** The copy of the live file's complete lines, deleted on close. */
    private Path snapshot;

    private RequestLogSource(List<Path> files, ReadOptions options) {
        this.files = files;
        var union = new LinkedHashMap<String, Integer>();
        long total = 0;
        try {
            for (Path file : files) {
                Path read = isLive(file) ? snapshot(file) : file;
                RecordSource source = DatasetReader.jsonLines(read).options(options).source();
                sources.add(source);
                total += source.totalBytes();
                for (String name : source.columns()) {
                    union.putIfAbsent(name, union.size());
                }
            }
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.columns = List.copyOf(union.keySet());
        for (RecordSource source : sources) {
            int[] layout = new int[source.columns().size()];
            for (int c = 0; c < layout.length; c++) {
                layout[c] = union.get(source.columns().get(c));
            }
            layouts.add(layout);
        }
        this.totalBytes = total;
    }

    private static boolean isLive(Path file) {
        return file.getFileName().toString().equals("requests.jsonl");
    }

    /** The live file's bytes up to its last newline, copied as they are now. */
    private Path snapshot(Path file) {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            long size = channel.size();
            long end = size;
            var one = java.nio.ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            snapshot = Files.createTempFile("pipewright-requests-", ".jsonl");
            try (var out = java.nio.channels.FileChannel.open(snapshot, java.nio.file.StandardOpenOption.WRITE)) {
                long copied = 0;
                while (copied < end) {
                    copied += channel.transferTo(copied, end - copied, out);
                }
            }
            return snapshot;
        } catch (IOException e) {
            throw new DatasetException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
        }
    }

    static boolean isLogFile(Path path) {
        return path.getFileName() != null && LOG_FILE.matcher(path.getFileName().toString()).matches();
    }

    /** Opens a request-log folder, or a single log file. */
    static RequestLogSource open(Path path, ReadOptions options) {
        return new RequestLogSource(files(path), options);
    }

    /** The log files of a folder in the order they were written; a clear error when there are none. */
    static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                throw new DatasetException(path.getFileName() + ": no such file or folder");
            }
            return List.of(path);
        }
        var found = new ArrayList<Path>();
        try {
            // a log file that is a link is read only when it stays inside the folder
            var tree = io.pipewright.work.FolderTree.of(path);
            tree.list(path, RequestLogSource::isLogFile).stream().filter(Files::isRegularFile).forEach(found::add);
        } catch (io.pipewright.work.FolderTree.LinkException e) {
            throw new DatasetException(e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw new DatasetException(path.getFileName() + ": cannot list the folder: " + e.getCause().getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new DatasetException(path.getFileName() + ": no request log in this folder (no requests*.jsonl file)");
        }
        found.removeIf(file -> size(file) == 0);
        if (found.isEmpty()) {
            throw new DatasetException(path.getFileName() + ": the request log is empty (its requests*.jsonl files hold no rows)");
        }
        found.sort(Comparator.comparing((Path file) -> order(file, 1)).thenComparing(file -> order(file, 2)));
        return found;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Rotated files by their time and row count; the live requests.jsonl last. */
    private static long order(Path file, int group) {
        Matcher m = LOG_FILE.matcher(file.getFileName().toString());
        m.matches();
        return m.group(group) == null ? Long.MAX_VALUE : Long.parseLong(m.group(group));
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Chunk next() throws IOException {
        while (current < sources.size()) {
            Chunk chunk = sources.get(current).next();
            if (chunk != null) {
                return remap(chunk.parse(), layouts.get(current));
            }
            finishedBytes += sources.get(current).totalBytes();
            current++;
        }
        if (sha256 == null) {
            sha256 = digest();
        }
        return null;
    }

    private Chunk remap(Rows rows, int[] layout) {
        var values = new String[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            String[] row = new String[columns.size()];
            String[] from = rows.values()[i];
            for (int c = 0; c < layout.length; c++) {
                row[layout[c]] = from[c];
            }
            values[i] = row;
        }
        return Chunk.of(new Rows(values, rows.lines(), rows.size()));
    }

    /** The SHA-256 of the files' SHA-256s (each complete once its source ended), in reading order. */
    private String digest() {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            for (RecordSource source : sources) {
                sha.update(source.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long bytesRead() {
        return current < sources.size() ? finishedBytes + sources.get(current).bytesRead() : finishedBytes;
    }

    @Override
    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public String encoding() {
        return "UTF-8";
    }

    @Override
    public List<String> notes() {
        return List.of(files.size() + " request log file" + (files.size() == 1 ? "" : "s") + " read as one");
    }

    @Override
    public void close() throws IOException {
        closeQuietly();
    }

    private void closeQuietly() {
        for (RecordSource source : sources) {
            try {
                source.close();
            } catch (IOException | RuntimeException e) {
                // closing what was read; nothing left to lose
            }
        }
        if (snapshot != null) {
            try {
                Files.deleteIfExists(snapshot);
            } catch (IOException e) {
                // a copy in the temporary folder; the system clears it
            }
        }
    }
}
