package io.pipewright.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Served traffic as a dataset: every predicted row is a line of {@code requests.jsonl} with
 * {@code _time}, its feedback id {@code _id} (see {@link Feedback#rowId}), the {@code _version} that
 * predicted it ({@code _variant} too with an A/B split), its features and {@code prediction}, so the
 * log can be profiled, validated or checked
 * for drift like any JSON Lines file. Written by a thread of its own from a bounded queue (a request
 * never waits for the disk; rows that find the queue full are counted as dropped); the file is
 * rotated at a size, and only the newest rotated files are kept.
 */
public final class RequestLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    static final String FILE = "requests.jsonl";

    private record Entry(Instant at, String id, String version, String variant, Map<String, Object> row, Object prediction) {
    }

    private final Path folder;
    private final long maxBytes;
    private final int keep;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(65_536);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    /** Logs to {@code folder/requests.jsonl}, rotated when it passes {@code maxBytes}, keeping {@code keep} rotated files. */
    public RequestLog(Path folder, long maxBytes, int keep) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.writer = new Thread(this::write, "pipewright-request-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the rows of one request with their predictions, without an id or version; never blocks. */
    public void log(List<Map<String, Object>> rows, List<Object> predictions) {
        log(null, null, null, rows, predictions);
    }

    /**
     * Queues the rows of request {@code requestId} with their predictions, made by {@code version}
     * (answered by {@code variant}, null without an A/B split); never blocks.
     */
    public void log(String requestId, String version, String variant, List<Map<String, Object>> rows, List<Object> predictions) {
        Instant now = Instant.now();
        for (int i = 0; i < rows.size(); i++) {
            String id = requestId == null ? null : Feedback.rowId(requestId, rows.size(), i);
            if (!queue.offer(new Entry(now, id, version, variant, rows.get(i), predictions.get(i)))) {
                dropped.incrementAndGet();
            }
        }
    }

    /** The folder the log is written to. */
    public Path folder() {
        return folder;
    }

    /** The size a log file is rotated at. */
    public long maxBytes() {
        return maxBytes;
    }

    /** How many rotated files are kept. */
    public int keep() {
        return keep;
    }

    public long dropped() {
        return dropped.get();
    }

    /** Rows written so far, each counted once the file is rotated where it was due. */
    public long written() {
        return written.get();
    }

    private void write() {
        var factory = new JsonFactory();
        Path file = folder.resolve(FILE);
        OutputStream out = null;
        JsonGenerator json = null;
        try {
            while (!closing || !queue.isEmpty()) {
                Entry entry = queue.poll(100, TimeUnit.MILLISECONDS);
                if (entry == null) {
                    if (json != null) {
                        json.flush();
                    }
                    continue;
                }
                if (out == null) {
                    out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    json = factory.createGenerator(out);
                    json.setRootValueSeparator(null);
                }
                json.writeStartObject();
                json.writeStringField("_time", entry.at().toString());
                if (entry.id() != null) {
                    json.writeStringField("_id", entry.id());
                }
                if (entry.version() != null) {
                    json.writeStringField("_version", entry.version());
                }
                if (entry.variant() != null) {
                    json.writeStringField("_variant", entry.variant());
                }
                for (var field : entry.row().entrySet()) {
                    json.writeFieldName(field.getKey());
                    json.writeObject(field.getValue());
                }
                json.writeFieldName("prediction");
                json.writeObject(entry.prediction());
                json.writeEndObject();
                json.writeRaw('\n');
                if (queue.isEmpty()) {
                    json.flush();
                    if (Files.size(file) >= maxBytes) {
                        json.close();
                        out = null;
                        json = null;
                        rotate(file);
                    }
                }
                written.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("the request log stopped: {}", e.getMessage());
        } finally {
            try {
                if (json != null) {
                    json.close();
                }
            } catch (IOException e) {
                LOG.warn("cannot close the request log: {}", e.getMessage());
            }
        }
    }

    /** requests.jsonl becomes requests-<millis>.jsonl; the oldest rotated files beyond {@code keep} go. */
    private void rotate(Path file) throws IOException {
        Files.move(file, folder.resolve("requests-" + System.currentTimeMillis() + "-" + written.get() + ".jsonl"));
        var rotated = new ArrayList<Path>();
        try (var files = Files.list(folder)) {
            files.filter(path -> path.getFileName().toString().matches("requests-\\d+-\\d+\\.jsonl")).forEach(rotated::add);
        }
        rotated.sort(Comparator.comparingLong(path -> Long.parseLong(path.getFileName().toString().split("-")[2].replace(".jsonl", ""))));
        for (int i = 0; i < rotated.size() - keep; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
