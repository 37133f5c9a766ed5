package io.pipewright.pipeline;

import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a running node sees: its checked parameters (defaults filled in), its inputs, the run's seed
 * and folder, and a way to report progress and metrics and to notice cancellation.
 */
public final class NodeContext {
    private final String nodeId;
    private final Map<String, Object> params;
    private final Map<String, Object> inputs;
    private final long seed;
    private final Path folder;
    private final RunListener listener;
    private final Progress progress;
    private final RunEnvironment environment;

    public NodeContext(String nodeId, Map<String, Object> params, Map<String, Object> inputs, long seed, Path folder, RunListener listener,
                       Progress progress) {
        this(nodeId, params, inputs, seed, folder, listener, progress, RunEnvironment.NONE);
    }

    public NodeContext(String nodeId, Map<String, Object> params, Map<String, Object> inputs, long seed, Path folder, RunListener listener,
                       Progress progress, RunEnvironment environment) {
        this.environment = environment;
        this.nodeId = nodeId;
        this.params = params;
        this.inputs = inputs;
        this.seed = seed;
        this.folder = folder;
        this.listener = listener;
        this.progress = progress;
    }

    public String nodeId() {
        return nodeId;
    }

    public long seed() {
        return seed;
    }

    /** The pipeline file's folder: relative paths in parameters are resolved against it. */
    public Path folder() {
        return folder;
    }

    public boolean has(String param) {
        return params.get(param) != null;
    }

    public String string(String param) {
        return (String) params.get(param);
    }

    public long integer(String param) {
        return ((Number) params.get(param)).longValue();
    }

    public double number(String param) {
        return ((Number) params.get(param)).doubleValue();
    }

    public boolean bool(String param) {
        return Boolean.TRUE.equals(params.get(param));
    }

    @SuppressWarnings("unchecked")
    public List<String> columns(String param) {
        Object value = params.get(param);
        return value == null ? List.of() : (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String param) {
        Object value = params.get(param);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    public Map<String, Object> params() {
        return params;
    }

    @SuppressWarnings("unchecked")
    public <T> T input(String port) {
        return (T) inputs.get(port);
    }

    public boolean hasInput(String port) {
        return inputs.get(port) != null;
    }

    /** Share of the node's work done, 0 to 1. */
    public void progress(double share, String message) {
        listener.event(NodeEvent.running(nodeId, share, message));
    }

    /** A metric point (a learning curve's step, for instance). */
    public void metric(String key, long step, double value) {
        listener.metric(nodeId, key, step, value);
    }

    /** A tuning trial ended (the Training workspace plots it as it comes). */
    public void trial(String metric, boolean maximize, int number, Map<String, Object> params, Double value, String state) {
        listener.trial(nodeId, metric, maximize, number, params, value, state);
    }

    public void checkCancelled() {
        progress.checkCancelled();
    }

    /** Keeps a file this node made with the run (see {@link RunEnvironment#attach}); null where runs are not recorded. */
    public Path attach(String fileName, String kind, byte[] content) {
        return environment.attach(nodeId, fileName, kind, content);
    }

    public RunEnvironment environment() {
        return environment;
    }

    public Progress work() {
        return progress;
    }

    /** A message naming this node and one of its parameters. */
    public PipelineException problem(String param, String message) {
        return new PipelineException("node '" + nodeId + "'" + (param == null ? "" : ", " + param) + ": " + message);
    }
}
