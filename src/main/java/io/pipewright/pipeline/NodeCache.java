package io.pipewright.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Node outputs kept between runs, keyed by a hash of the node's type, parameters, seed and the keys
 * of its inputs: after one node is edited, a run re-executes only that node and what reads from it.
 * Holds the most recent entries in memory (a window session, or one command's run).
 */
public final class NodeCache {
    private final int capacity;
    private final Map<String, Map<String, Object>> entries;

    public NodeCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    public synchronized Map<String, Object> get(String key) {
        return entries.get(key);
    }

    public synchronized void put(String key, Map<String, Object> outputs) {
        entries.put(key, outputs);
        var iterator = entries.entrySet().iterator();
        while (entries.size() > capacity && iterator.hasNext()) {
            iterator.next();
            iterator.remove();
        }
    }

    public synchronized void clear() {
        entries.clear();
    }
}
