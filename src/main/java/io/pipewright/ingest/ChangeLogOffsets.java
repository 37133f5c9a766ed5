package io.pipewright.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.lake.ChangeLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * The connector's offsets, read from the change log's manifest. The capture writes each batch's offset into the
 * manifest with the batch itself ({@link ChangeLog#append}), so the offset a restart resumes from always matches
 * the events the log holds; the engine's own periodic offset writes are therefore not kept a second time.
 * The engine makes this class by name and configures it with the log's folder ({@value #FOLDER}).
 */
public final class ChangeLogOffsets implements OffsetBackingStore {
    static final String FOLDER = "pipewright.changelog.folder";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path folder;

    @Override
    public void configure(WorkerConfig config) {
        String value = config.originalsStrings().get(FOLDER);
        if (value == null) {
            throw new IllegalStateException(FOLDER + " is not set");
        }
        folder = Path.of(value);
    }

    @Override
    public void start() {
        // the manifest is read when the connector asks
    }

    @Override
    public void stop() {
        // nothing held
    }

    /** One connector per log: every key the connector asks for is its one partition, whose offset is the manifest's. */
    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        ChangeLog log = ChangeLog.open(folder);
        Map<String, Object> offset = log.exists() ? log.manifest().offset() : null;
        var found = new HashMap<ByteBuffer, ByteBuffer>();
        if (offset != null) {
            try {
                ByteBuffer value = ByteBuffer.wrap(JSON.writeValueAsBytes(offset));
                for (ByteBuffer key : keys) {
                    found.put(key, value);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        if (callback != null) {
            callback.onCompletion(null, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }
}
