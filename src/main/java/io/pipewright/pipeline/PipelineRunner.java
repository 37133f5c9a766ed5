package io.pipewright.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.work.CancelledException;
import io.pipewright.work.Progress;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a validated pipeline: each node once all the nodes it reads from are done, independent
 * branches in parallel; every step reported to a {@link RunListener}. A node that fails stops the
 * run (nodes not started are skipped); cancelling stops it between and, where nodes check, inside
 * nodes. Outputs are cached by {@link NodeCache}, so an unchanged node is not run again.
 */
public final class PipelineRunner {
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final NodeCache cache;
    private final int parallelism;
    private final RunEnvironment environment;

    public PipelineRunner(NodeCache cache, int parallelism) {
        this(cache, parallelism, RunEnvironment.NONE);
    }

    public PipelineRunner(NodeCache cache, int parallelism, RunEnvironment environment) {
        this.cache = cache;
        this.parallelism = Math.max(1, parallelism);
        this.environment = environment;
    }

    public enum Status {
        FINISHED, FAILED, CANCELLED
    }

    /** How one node went. */
    public record NodeResult(String id, NodeEvent.Status status, double seconds, long peakMemoryBytes, String message) {
    }

    /** The run's outcome, with every output of the nodes that ran, by node and port. */
    public record Result(Status status, Map<String, NodeResult> nodes, Map<String, Map<String, Object>> outputs, String failure) {
    }

    /**
     * Runs the whole pipeline, or only {@code upTo} and the nodes it depends on (null for all).
     * {@code seed} is the run's seed.
     */
    public Result run(Pipeline pipeline, String upTo, long seed, RunListener listener, Progress progress) {
        Set<String> wanted = upTo == null ? new HashSet<>(pipeline.order()) : ancestors(pipeline, upTo);
        List<String> order = pipeline.order().stream().filter(wanted::contains).toList();
        var outputs = new ConcurrentHashMap<String, Map<String, Object>>();
        var keys = new ConcurrentHashMap<String, String>();
        var results = new ConcurrentHashMap<String, NodeResult>();
        var waiting = new LinkedHashMap<String, Set<String>>();
        for (String id : order) {
            var sources = new HashSet<String>();
            for (String source : pipeline.node(id).inputs().values()) {
                sources.add(source.substring(0, source.lastIndexOf('.')));
            }
            sources.retainAll(wanted);
            waiting.put(id, sources);
            listener.event(NodeEvent.queued(id));
        }
        var failed = new AtomicBoolean();
        var failure = new String[1];
        var counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, order.size())), runnable -> {
            var thread = new Thread(runnable, "pipewright-node-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        var memory = new PeakMemory();
        var completion = new ExecutorCompletionService<String>(pool);
        var running = new HashMap<String, Future<String>>();
        var done = new HashSet<String>();
        boolean cancelled = false;
        try {
            while (done.size() < order.size()) {
                if (!failed.get() && !progress.isCancelled()) {
                    for (var entry : waiting.entrySet()) {
                        String id = entry.getKey();
                        if (!running.containsKey(id) && !done.contains(id) && done.containsAll(entry.getValue())) {
                            running.put(id, completion.submit(() -> {
                                runNode(pipeline, id, seed, outputs, keys, results, listener, progress, memory);
                                return id;
                            }));
                        }
                    }
                }
                if (running.isEmpty()) {
                    break;
                }
                Future<String> next;
                try {
                    next = completion.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled = true;
                    break;
                }
                String id = null;
                for (var entry : running.entrySet()) {
                    if (entry.getValue() == next) {
                        id = entry.getKey();
                    }
                }
                running.remove(id);
                done.add(id);
                try {
                    next.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled = true;
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof CancelledException) {
                        results.put(id, new NodeResult(id, NodeEvent.Status.CANCELLED, 0, 0, null));
                        listener.event(NodeEvent.cancelled(id));
                        cancelled = true;
                    } else {
                        String message = message(cause);
                        failed.set(true);
                        if (failure[0] == null) {
                            failure[0] = message.startsWith("node '") ? message : "node '" + id + "': " + message;
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            memory.stop();
        }
        cancelled |= progress.isCancelled();
        for (String id : order) {
            if (!results.containsKey(id)) {
                results.put(id, new NodeResult(id, cancelled ? NodeEvent.Status.CANCELLED : NodeEvent.Status.SKIPPED, 0, 0, null));
                listener.event(cancelled ? NodeEvent.cancelled(id) : NodeEvent.skipped(id, "not run: an earlier node failed"));
            }
        }
        var ordered = new LinkedHashMap<String, NodeResult>();
        order.forEach(id -> ordered.put(id, results.get(id)));
        var orderedOutputs = new LinkedHashMap<String, Map<String, Object>>();
        order.stream().filter(outputs::containsKey).forEach(id -> orderedOutputs.put(id, outputs.get(id)));
        Status status = failed.get() ? Status.FAILED : cancelled ? Status.CANCELLED : Status.FINISHED;
        return new Result(status, ordered, orderedOutputs, failure[0]);
    }

    private void runNode(Pipeline pipeline, String id, long seed, Map<String, Map<String, Object>> outputs, Map<String, String> keys,
                         Map<String, NodeResult> results, RunListener listener, Progress progress, PeakMemory memory) throws Exception {
        progress.checkCancelled();
        var node = pipeline.node(id);
        NodeType type = pipeline.types().get(id);
        Map<String, Object> params = pipeline.params().get(id);
        var inputs = new LinkedHashMap<String, Object>();
        var inputKeys = new TreeMap<String, String>();
        node.inputs().forEach((port, source) -> {
            int dot = source.lastIndexOf('.');
            String from = source.substring(0, dot);
            inputs.put(port, outputs.get(from).get(source.substring(dot + 1)));
            inputKeys.put(port, keys.get(from) + "." + source.substring(dot + 1));
        });
        String key = key(type, params, inputKeys, seed, pipeline);
        keys.put(id, key);
        Map<String, Object> cached = cacheable(type) ? cache.get(key) : null;
        if (cached != null) {
            outputs.put(id, cached);
            results.put(id, new NodeResult(id, NodeEvent.Status.CACHED, 0, 0, null));
            listener.event(NodeEvent.cached(id));
            return;
        }
        listener.event(NodeEvent.running(id, 0, null));
        long started = System.nanoTime();
        long baseline = memory.begin();
        try {
            Map<String, Object> produced = type.run(new NodeContext(id, params, inputs, seed, pipeline.folder(), listener, progress, environment));
            double seconds = (System.nanoTime() - started) / 1e9;
            long peak = Math.max(0, memory.peak() - baseline);
            outputs.put(id, produced);
            cache.put(key, produced);
            results.put(id, new NodeResult(id, NodeEvent.Status.DONE, seconds, peak, null));
            listener.event(NodeEvent.done(id, seconds, peak));
        } catch (CancelledException e) {
            throw e;
        } catch (Exception | OutOfMemoryError e) {
            double seconds = (System.nanoTime() - started) / 1e9;
            String message = message(e);
            results.put(id, new NodeResult(id, NodeEvent.Status.FAILED, seconds, 0, message));
            listener.event(NodeEvent.failed(id, message, seconds));
            throw e instanceof Exception exception ? exception : new IllegalStateException(message, e);
        }
    }

    private static String message(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (give Java more with -Xmx, or sample the data)";
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof PipelineException || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
                || e instanceof io.pipewright.data.DatasetException ? text : e.getClass().getSimpleName() + ": " + text;
    }

    /**
     * Every node's cache key, in the pipeline's order: what {@link #run} caches a node's outputs under
     * (its type, parameters, seed, dataset file and its inputs' keys), so a node run on its own finds the
     * outputs of the same node run by the engine or by another process.
     */
    public static Map<String, String> keys(Pipeline pipeline, long seed) {
        var keys = new LinkedHashMap<String, String>();
        for (String id : pipeline.order()) {
            var inputKeys = new TreeMap<String, String>();
            pipeline.node(id).inputs().forEach((port, source) -> {
                int dot = source.lastIndexOf('.');
                inputKeys.put(port, keys.get(source.substring(0, dot)) + "." + source.substring(dot + 1));
            });
            keys.put(id, key(pipeline.types().get(id), pipeline.params().get(id), inputKeys, seed, pipeline));
        }
        return keys;
    }

    /** Whether a node type's outputs may be taken from the cache (a side effect or a registration runs every time). */
    public static boolean cacheable(NodeType type) {
        return !(type instanceof SideEffect) && type.registersModel().isEmpty();
    }

    private static String key(NodeType type, Map<String, Object> params, Map<String, String> inputKeys, long seed, Pipeline pipeline) {
        try {
            var material = new LinkedHashMap<String, Object>();
            material.put("type", type.name());
            material.put("params", params);
            material.put("inputs", inputKeys);
            material.put("seed", seed);
            if (type instanceof CacheSalt salt) {
                material.put("salt", salt.salt(params, pipeline.folder()));
            }
            // a dataset file that changed is read again
            type.dataset().flatMap(dataset -> dataset.file(params, pipeline.folder())).ifPresent(file -> material.put("dataset", DatasetParams.stamp(file)));
            byte[] bytes = CANONICAL.writeValueAsBytes(material);
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A node type that acts on the world (keeps a report with the run): run every time, never taken from
     * the cache. A node type that registers a model ({@link NodeType#registersModel()}) is one without saying so.
     */
    public interface SideEffect {
    }

    /**
     * A node type whose output also depends on something outside its parameters (a suite file's content);
     * the dataset file a node type reads ({@link NodeType#dataset()}) is accounted for without it.
     */
    public interface CacheSalt {
        String salt(Map<String, Object> params, java.nio.file.Path folder);
    }

    private static Set<String> ancestors(Pipeline pipeline, String target) {
        if (!pipeline.order().contains(target)) {
            throw new PipelineException("no node '" + target + "'" + Names.didYouMean(target, pipeline.order()));
        }
        var found = new HashSet<String>();
        var stack = new ArrayList<>(List.of(target));
        while (!stack.isEmpty()) {
            String id = stack.remove(stack.size() - 1);
            if (found.add(id)) {
                for (String source : pipeline.node(id).inputs().values()) {
                    stack.add(source.substring(0, source.lastIndexOf('.')));
                }
            }
        }
        return found;
    }

    /** The heap in use, sampled every 20 ms while nodes run: each node's peak above its start. */
    static final class PeakMemory {
        private final MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;
        private volatile boolean stopped;

        PeakMemory() {
            sampler = new Thread(() -> {
                while (!stopped) {
                    sample();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "pipewright-memory");
            sampler.setDaemon(true);
            sampler.start();
        }

        private long sample() {
            long used = bean.getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
            return used;
        }

        long begin() {
            long used = sample();
            peak.set(used);
            return used;
        }

        long peak() {
            sample();
            return peak.get();
        }

        void stop() {
            stopped = true;
            sampler.interrupt();
        }
    }
}
