package io.pipewright.export.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.pipewright.home.BuildInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a person chooses for a pipeline run on a cluster: the options file of
 * {@code pipewright export-pipeline --options}. Every field has a default (an absent field takes it),
 * an unknown field is refused by name, and {@link #problems()} names each value that cannot be used,
 * by its path in the file.
 *
 * @param namespace the namespace the workflow runs in
 * @param image the Pipewright image every task runs (its {@code pipewright} command)
 * @param parallelism tasks (and tuning trials) running at once; it also fixes TPE's batches
 * @param workspace the volume claim the nodes pass their outputs through
 * @param store the Secret holding the store's URL ({@code PIPEWRIGHT_STORE}, PostgreSQL)
 * @param data where the pipeline's data files are, here and in the pod
 * @param retries how a failed task is retried (never on exit 2, bad input)
 * @param resources the floor of every task's requests, the headroom over a measured peak, per-node overrides
 * @param gpu what a GPU task requests and where it may be scheduled
 * @param seed the run's seed (null: the pipeline's)
 * @param monitors the schedule of the monitor CronWorkflows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterOptions(String namespace, Image image, Integer parallelism, Workspace workspace, StoreSecret store, Data data, Retries retries,
                             Resources resources, Gpu gpu, Long seed, Monitors monitors) {

    /** The image repository when none is given. */
    public static final String DEFAULT_REPOSITORY = "ghcr.io/pipewright/pipewright";

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern IMAGE_REPOSITORY = Pattern.compile("[a-z0-9]+([._/:-][a-z0-9]+)*");
    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern DURATION = Pattern.compile("[0-9]+(s|m|h)");
    private static final Pattern CPU = Pattern.compile("[0-9]+(\\.[0-9]+)?m?");
    private static final Pattern MEMORY = Pattern.compile("[0-9]+(Ki|Mi|Gi|Ti)?");
    private static final Pattern CRON = Pattern.compile("(@(hourly|daily|weekly|monthly))|([0-9*/,-]+\\s+){4}[0-9*/,A-Za-z-]+");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    public ClusterOptions {
        namespace = namespace == null ? "default" : namespace.strip();
        image = image == null ? new Image(null, null) : image;
        parallelism = parallelism == null ? 2 : parallelism;
        workspace = workspace == null ? new Workspace(null) : workspace;
        store = store == null ? new StoreSecret(null, null) : store;
        data = data == null ? new Data(null, null, null) : data;
        retries = retries == null ? new Retries(null, null, null, null) : retries;
        resources = resources == null ? new Resources(null, null, null, null) : resources;
        gpu = gpu == null ? new Gpu(null, null, null, null) : gpu;
        monitors = monitors == null ? new Monitors(null) : monitors;
    }

    /** Every default. */
    public static ClusterOptions defaults() {
        return new ClusterOptions(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The image: repository and tag (default: this Pipewright's version). Never {@code latest}. */
    public record Image(String repository, String tag) {
        public Image {
            repository = repository == null || repository.isBlank() ? DEFAULT_REPOSITORY : repository.strip();
            tag = tag == null || tag.isBlank() ? BuildInfo.load().version() : tag.strip();
        }

        /** {@code repository:tag}, as a pod names it. */
        public String reference() {
            return repository + ":" + tag;
        }
    }

    /** The PersistentVolumeClaim mounted as the volume {@code workspace} at {@code /workspace}: each run's nodes pass their outputs through it. */
    public record Workspace(String claim) {
        public Workspace {
            claim = claim == null ? "pipewright-workspace" : claim.strip();
        }
    }

    /** The Secret and its key holding the store's URL, given to every task as {@code PIPEWRIGHT_STORE}. */
    public record StoreSecret(String secret, String key) {
        public StoreSecret {
            secret = secret == null ? "pipewright-store" : secret.strip();
            key = key == null ? "url" : key.strip();
        }
    }

    /**
     * The data: {@code root} the local folder holding every file the pipeline reads (relative to the
     * options file; blank: the pipeline file's folder), {@code mount} where that folder is in the pod
     * ({@code --data-uri}), {@code claim} the volume claim mounted there.
     */
    public record Data(String root, String mount, String claim) {
        public Data {
            root = root == null ? "" : root.strip();
            mount = mount == null || mount.isBlank() ? "/data" : mount.strip();
            claim = claim == null ? "pipewright-data" : claim.strip();
        }

        /** The mount as a path in the pod: {@code file:///data} and {@code /data} are the same. */
        public String mountPath() {
            String path = mount.startsWith("file://") ? mount.substring("file://".length()) : mount;
            return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }
    }

    /** A failed task is retried {@code limit} times, waiting {@code backoff}, times {@code factor} each time, at most {@code maxBackoff}; never on exit 2. */
    public record Retries(Integer limit, String backoff, Integer factor, String maxBackoff) {
        public Retries {
            limit = limit == null ? 2 : limit;
            backoff = backoff == null ? "30s" : backoff.strip();
            factor = factor == null ? 2 : factor;
            maxBackoff = maxBackoff == null ? "10m" : maxBackoff.strip();
        }
    }

    /** A CPU and memory quantity (blank: not set). */
    public record Quantities(String cpu, String memory) {
        public Quantities {
            cpu = cpu == null ? "" : cpu.strip();
            memory = memory == null ? "" : memory.strip();
        }
    }

    /**
     * Requests: at least {@code cpu} and {@code memory} (the floor); a measured node gets its peak
     * memory times {@code headroom} plus the JVM's base; {@code nodes} set a node's requests outright
     * (by node id), winning over the measurement.
     */
    public record Resources(String cpu, String memory, Double headroom, Map<String, Quantities> nodes) {
        public Resources {
            cpu = cpu == null ? "500m" : cpu.strip();
            memory = memory == null ? "512Mi" : memory.strip();
            headroom = headroom == null ? 1.5 : headroom;
            nodes = nodes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
        }
    }

    /** A toleration, as a pod spec has it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Toleration(String key, String operator, String value, String effect) {
    }

    /** What a GPU task ({@code device: cuda}) requests, and the node selector and tolerations that put it on a GPU node (as the serving chart's). */
    public record Gpu(Integer count, String resourceName, Map<String, String> nodeSelector, List<Toleration> tolerations) {
        public Gpu {
            count = count == null ? 1 : count;
            resourceName = resourceName == null ? "nvidia.com/gpu" : resourceName.strip();
            nodeSelector = nodeSelector == null ? Map.of("pipewright.io/gpu", "true") : java.util.Collections.unmodifiableMap(new TreeMap<>(nodeSelector));
            tolerations = tolerations == null ? List.of(new Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule")) : List.copyOf(tolerations);
        }
    }

    /** When each monitor's CronWorkflow runs (cron, five fields). */
    public record Monitors(String schedule) {
        public Monitors {
            schedule = schedule == null ? "0 6 * * *" : schedule.strip();
        }
    }

    /** The same options with the data mounted at {@code uri} in the pod ({@code --data-uri}). */
    public ClusterOptions withDataMount(String uri) {
        return new ClusterOptions(namespace, image, parallelism, workspace, store, new Data(data.root(), uri, data.claim()), retries, resources, gpu, seed,
                monitors);
    }

    /** The same options with the data root resolved against {@code folder} (the options file's), when relative. */
    public ClusterOptions withDataRootFrom(Path folder) {
        if (data.root().isEmpty() || Path.of(data.root()).isAbsolute()) {
            return this;
        }
        String root = folder.resolve(data.root()).toAbsolutePath().normalize().toString();
        return new ClusterOptions(namespace, image, parallelism, workspace, store, new Data(root, data.mount(), data.claim()), retries, resources, gpu,
                seed, monitors);
    }

    /** A value that cannot be used: its path in the options file and why. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** Every value that cannot be used (empty when the options are fine). */
    public List<Problem> problems() {
        var problems = new ArrayList<Problem>();
        if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            problems.add(new Problem("namespace", "must be a Kubernetes namespace name (lower-case letters, digits, '-'), not '" + namespace + "'"));
        }
        if (!IMAGE_REPOSITORY.matcher(image.repository()).matches()) {
            problems.add(new Problem("image.repository", "'" + image.repository() + "' is not an image repository (lower-case, e.g. registry.example.com/team/pipewright)"));
        }
        if (image.tag().equals("latest")) {
            problems.add(new Problem("image.tag", "'latest' does not say which Pipewright runs: use a version tag (or leave it blank for this one's)"));
        } else if (!IMAGE_TAG.matcher(image.tag()).matches()) {
            problems.add(new Problem("image.tag", "'" + image.tag() + "' is not an image tag (letters, digits, '_', '.', '-')"));
        }
        range(problems, "parallelism", parallelism, 1, 1000);
        name(problems, "workspace.claim", workspace.claim(), "a PersistentVolumeClaim name");
        name(problems, "store.secret", store.secret(), "a Secret name");
        if (!SECRET_KEY.matcher(store.key()).matches()) {
            problems.add(new Problem("store.key", "'" + store.key() + "' is not a Secret key (letters, digits, '-', '_', '.')"));
        }
        String mount = data.mountPath();
        if (!mount.startsWith("/") || mount.contains("//") || mount.contains("..") || mount.equals("/") || mount.equals("/workspace")
                || mount.startsWith("/workspace/") || mount.equals("/tmp") || mount.equals("/pipeline")) {
            problems.add(new Problem("data.mount", "must be an absolute path in the pod such as /data or file:///data, other than /, /tmp, /pipeline and "
                    + "/workspace, not '" + data.mount() + "'"));
        }
        name(problems, "data.claim", data.claim(), "a PersistentVolumeClaim name");
        range(problems, "retries.limit", retries.limit(), 0, 20);
        duration(problems, "retries.backoff", retries.backoff());
        range(problems, "retries.factor", retries.factor(), 1, 10);
        duration(problems, "retries.maxBackoff", retries.maxBackoff());
        cpu(problems, "resources.cpu", resources.cpu(), false);
        memory(problems, "resources.memory", resources.memory(), false);
        if (!(resources.headroom() >= 1 && resources.headroom() <= 10)) {
            problems.add(new Problem("resources.headroom", "must be between 1 and 10 (times the measured peak memory), not " + resources.headroom()));
        }
        resources.nodes().forEach((node, quantities) -> {
            if (quantities == null) {
                problems.add(new Problem("resources.nodes." + node, "give cpu, memory or both"));
                return;
            }
            cpu(problems, "resources.nodes." + node + ".cpu", quantities.cpu(), true);
            memory(problems, "resources.nodes." + node + ".memory", quantities.memory(), true);
        });
        range(problems, "gpu.count", gpu.count(), 1, 16);
        if (!LABEL_KEY.matcher(gpu.resourceName()).matches()) {
            problems.add(new Problem("gpu.resourceName", "'" + gpu.resourceName() + "' is not an extended resource name such as nvidia.com/gpu"));
        }
        gpu.nodeSelector().forEach((key, value) -> {
            if (!LABEL_KEY.matcher(key).matches() || value == null || !value.matches("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?")) {
                problems.add(new Problem("gpu.nodeSelector." + key, "must be a label and a label value, not '" + key + ": " + value + "'"));
            }
        });
        for (int i = 0; i < gpu.tolerations().size(); i++) {
            Toleration toleration = gpu.tolerations().get(i);
            String field = "gpu.tolerations[" + i + "]";
            if (toleration == null || toleration.operator() == null || !List.of("Exists", "Equal").contains(toleration.operator())) {
                problems.add(new Problem(field + ".operator", "must be Exists or Equal"));
            } else if (toleration.operator().equals("Equal") && toleration.value() == null) {
                problems.add(new Problem(field + ".value", "an Equal toleration needs a value"));
            }
            if (toleration != null && toleration.effect() != null && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(toleration.effect())) {
                problems.add(new Problem(field + ".effect", "must be NoSchedule, PreferNoSchedule or NoExecute, not '" + toleration.effect() + "'"));
            }
        }
        if (seed != null && seed < 0) {
            problems.add(new Problem("seed", "must be 0 or more, not " + seed));
        }
        if (!CRON.matcher(monitors.schedule()).matches()) {
            problems.add(new Problem("monitors.schedule", "must be a cron schedule of five fields (minute hour day month weekday), not '"
                    + monitors.schedule() + "'"));
        }
        return problems;
    }

    private static void range(List<Problem> problems, String field, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(new Problem(field, "must be between " + min + " and " + max + ", not " + value));
        }
    }

    private static void name(List<Problem> problems, String field, String value, String what) {
        if (value.isEmpty() || value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
            problems.add(new Problem(field, "must be " + what + " (lower-case letters, digits, '-', '.'), not '" + value + "'"));
        }
    }

    private static void duration(List<Problem> problems, String field, String value) {
        if (!DURATION.matcher(value).matches()) {
            problems.add(new Problem(field, "must be a duration like 30s, 2m or 1h, not '" + value + "'"));
        }
    }

    private static void cpu(List<Problem> problems, String field, String value, boolean blank) {
        if (!(blank && value.isEmpty()) && (!CPU.matcher(value).matches() || Quantity.cpuMillis(value) <= 0)) {
            problems.add(new Problem(field, "must be a CPU quantity like 500m or 2, not '" + value + "'"));
        }
    }

    private static void memory(List<Problem> problems, String field, String value, boolean blank) {
        if (!(blank && value.isEmpty()) && (!MEMORY.matcher(value).matches() || Quantity.memoryBytes(value) <= 0)) {
            problems.add(new Problem(field, "must be a memory quantity like 512Mi or 2Gi, not '" + value + "'"));
        }
    }

    /**
     * Reads an options file (a relative {@code data.root} is the options file's folder's); a mistake is
     * one line naming the file, line and field, an unusable value its path ({@link #problems()}).
     */
    public static ClusterOptions read(Path file) {
        ClusterOptions options = parse(file);
        List<Problem> problems = options.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file.getFileName() + ": " + problems.get(0));
        }
        return options;
    }

    /**
     * Reads an options file without checking its values (the planner lists every {@link #problems()}
     * with the other refusals); a file that is not an options file (bad YAML, an unknown field, a wrong
     * type) is one line naming the file, line and field.
     */
    public static ClusterOptions parse(Path file) {
        return io.pipewright.export.OptionsFiles.read(file, ClusterOptions.class, ClusterOptions::defaults)
                .withDataRootFrom(file.toAbsolutePath().getParent());
    }

    /** The options as an options file (every field, defaults included). */
    public String toYaml() {
        try {
            return io.pipewright.export.OptionsFiles.YAML.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The per-node override of a node's requests, or blank quantities. */
    public Quantities resourcesOf(String nodeId) {
        return resources.nodes().getOrDefault(nodeId, new Quantities(null, null));
    }

    /** The options as flat {@code path → value} pairs, for a summary. */
    public Map<String, String> summary() {
        var pairs = new LinkedHashMap<String, String>();
        pairs.put("namespace", namespace);
        pairs.put("image", image.reference());
        pairs.put("parallelism", Integer.toString(parallelism));
        pairs.put("workspace.claim", workspace.claim());
        pairs.put("store.secret", store.secret() + "/" + store.key());
        pairs.put("data.mount", data.mountPath());
        pairs.put("data.claim", data.claim());
        return pairs;
    }
}
