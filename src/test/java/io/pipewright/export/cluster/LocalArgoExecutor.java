package io.pipewright.export.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs an exported Argo {@code WorkflowTemplate} on this machine as Argo would run it on a cluster:
 * the entrypoint's DAG task by task in dependency order, a {@code withSequence} task once per item,
 * each as its own OS process running the container's command and args, at most {@code spec.parallelism}
 * at a time, a failed task retried as its {@code retryStrategy} says. The pod's volumes are folders
 * here: a PersistentVolumeClaim is the folder the caller maps its claim to, a ConfigMap volume is its
 * data written out, an emptyDir a fresh folder; paths under a mount, in the args and in the files
 * written from ConfigMaps and raw artifacts, are rewritten to those folders. Secrets come from the caller.
 * Only what Pipewright's exports use is understood; anything else is refused by name, never ignored.
 */
public final class LocalArgoExecutor {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    /** Starts a task's process: the container's command and args (paths already mapped), its environment, its log file. */
    public interface Launcher {
        Process start(List<String> command, Map<String, String> environment, Path log) throws IOException;
    }

    /** How one task instance ended: its name (with the item), every attempt's exit code, and its log. */
    public record TaskRun(String name, List<Integer> exitCodes, Path log) {
        public boolean succeeded() {
            return !exitCodes.isEmpty() && exitCodes.get(exitCodes.size() - 1) == 0;
        }
    }

    /** The workflow's outcome: succeeded or not, and every task instance that started, in the order they ended. */
    public record Outcome(boolean succeeded, List<TaskRun> tasks, int mostAtOnce) {
        public TaskRun task(String name) {
            return tasks.stream().filter(task -> task.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no task " + name + " ran; ran " + tasks.stream().map(TaskRun::name).toList()));
        }
    }

    private final List<JsonNode> documents;
    private final JsonNode template;
    private final Map<String, Path> claims;
    private final Map<String, String> secrets;
    private final Path scratch;
    private final Launcher launcher;
    private BiConsumer<String, Process> started = (name, process) -> { };

    /**
     * @param folder   the exported files ({@code *.yaml}, several documents each allowed)
     * @param claims   each PersistentVolumeClaim's name → the folder that stands for it
     * @param secrets  {@code secret/key} → value
     * @param scratch  where ConfigMaps, emptyDirs and logs go
     */
    public LocalArgoExecutor(Path folder, Map<String, Path> claims, Map<String, String> secrets, Path scratch, Launcher launcher) throws IOException {
        this.documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(document -> {
                        if (document != null && !document.isNull()) {
                            documents.add(document);
                        }
                    });
                }
            }
        }
        this.template = only("WorkflowTemplate");
        this.claims = claims;
        this.secrets = secrets;
        this.scratch = scratch;
        this.launcher = launcher;
    }

    /** A launcher that runs {@code pipewright} as this JVM's classpath's {@code io.pipewright.Main}, with {@code user.home} set to {@code home} ({@link PipewrightLauncher}). */
    public static Launcher pipewright(Path home) {
        var launcher = PipewrightLauncher.shared();
        return (command, environment, log) -> {
            if (!command.get(0).equals("pipewright")) {
                throw new IllegalArgumentException("the container runs " + command.get(0) + ", not pipewright");
            }
            return launcher.start(home, command.subList(1, command.size()), environment, log);
        };
    }

    /** Tells {@code listener} each process as it starts (a test kills one). */
    public LocalArgoExecutor onStart(BiConsumer<String, Process> listener) {
        this.started = listener;
        return this;
    }

    public JsonNode document(String kind) {
        return only(kind);
    }

    private JsonNode only(String kind) {
        var found = documents.stream().filter(document -> kind.equals(document.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one " + kind + " among the exported documents, found " + found.size());
        }
        return found.get(0);
    }

    /** Runs the workflow named {@code workflowName} (what {@code {{workflow.name}}} stands for) to its end. */
    public Outcome run(String workflowName) throws IOException, InterruptedException {
        JsonNode spec = template.path("spec");
        var templates = new HashMap<String, JsonNode>();
        spec.path("templates").forEach(node -> templates.put(node.path("name").asText(), node));
        JsonNode dag = templates.get(spec.path("entrypoint").asText()).path("dag");
        if (dag.isMissingNode()) {
            throw new IllegalArgumentException("the entrypoint " + spec.path("entrypoint").asText() + " is not a dag template");
        }
        var globals = new HashMap<String, String>();
        globals.put("workflow.name", workflowName);
        spec.path("arguments").path("parameters").forEach(parameter -> globals.put("workflow.parameters." + parameter.path("name").asText(),
                parameter.path("value").asText()));
        Map<String, Path> mounts = mounts(spec);
        mapConfigMapFiles(spec, mounts);
        // every task instance, with the instances it waits for
        var instances = new LinkedHashMap<String, Instance>();
        var byTask = new HashMap<String, List<String>>();
        for (JsonNode task : dag.path("tasks")) {
            String name = task.path("name").asText();
            JsonNode sequence = task.path("withSequence");
            List<String> items = new ArrayList<>();
            if (sequence.isMissingNode()) {
                items.add(null);
            } else {
                int start = sequence.path("start").asInt(0);
                int count = sequence.path("count").asInt();
                for (int item = start; item < start + count; item++) {
                    items.add(Integer.toString(item));
                }
            }
            var dependencies = new ArrayList<String>();
            task.path("dependencies").forEach(dependency -> dependencies.add(dependency.asText()));
            if (task.has("depends")) {
                throw new IllegalArgumentException("task " + name + ": 'depends' is not understood here, only 'dependencies'");
            }
            for (String item : items) {
                String instance = item == null ? name : name + "(" + item + ")";
                instances.put(instance, new Instance(instance, task, templates.get(task.path("template").asText()), item, dependencies));
                byTask.computeIfAbsent(name, key -> new ArrayList<>()).add(instance);
            }
        }
        int parallelism = spec.path("parallelism").asInt(Integer.MAX_VALUE);
        var done = new LinkedHashSet<String>();
        var ended = new ArrayList<TaskRun>();
        var running = new LinkedHashMap<String, Running>();
        int mostAtOnce = 0;
        boolean failed = false;
        Files.createDirectories(scratch.resolve("logs"));
        while (true) {
            if (!failed) {
                for (Instance instance : instances.values()) {
                    if (running.size() >= parallelism) {
                        break;
                    }
                    if (done.contains(instance.name()) || running.containsKey(instance.name())
                            || !instance.dependencies().stream().allMatch(task -> done.containsAll(byTask.get(task)))) {
                        continue;
                    }
                    running.put(instance.name(), start(instance, globals, mounts, new ArrayList<>()));
                }
            }
            mostAtOnce = Math.max(mostAtOnce, running.size());
            if (running.isEmpty()) {
                break;
            }
            var finished = running.values().stream().filter(run -> !run.process().isAlive()).findFirst();
            if (finished.isEmpty()) {
                running.values().iterator().next().process().waitFor(50, TimeUnit.MILLISECONDS);
                continue;
            }
            Running run = finished.get();
            running.remove(run.instance().name());
            run.exitCodes().add(run.process().exitValue());
            int code = run.process().exitValue();
            if (code != 0 && retries(run.instance()) > run.exitCodes().size() - 1 && retried(run.instance(), code)) {
                running.put(run.instance().name(), start(run.instance(), globals, mounts, run.exitCodes()));
                continue;
            }
            ended.add(new TaskRun(run.instance().name(), List.copyOf(run.exitCodes()), run.log()));
            if (code == 0) {
                done.add(run.instance().name());
            } else {
                failed = true;
            }
        }
        return new Outcome(!failed && done.size() == instances.size(), ended, mostAtOnce);
    }

    private record Instance(String name, JsonNode task, JsonNode template, String item, List<String> dependencies) {
    }

    private record Running(Instance instance, Process process, List<Integer> exitCodes, Path log) {
    }

    private Running start(Instance instance, Map<String, String> globals, Map<String, Path> mounts, List<Integer> earlier) throws IOException {
        JsonNode container = instance.template().path("container");
        if (container.isMissingNode()) {
            throw new IllegalArgumentException("template " + instance.template().path("name").asText() + " has no container");
        }
        var values = new HashMap<>(globals);
        if (instance.item() != null) {
            values.put("item", instance.item());
        }
        // the task's arguments fill the template's inputs
        var given = new HashMap<String, String>();
        instance.task().path("arguments").path("parameters").forEach(parameter -> given.put(parameter.path("name").asText(),
                substitute(parameter.path("value").asText(), values)));
        instance.template().path("inputs").path("parameters").forEach(parameter -> {
            String name = parameter.path("name").asText();
            String value = given.containsKey(name) ? given.get(name) : parameter.path("value").asText(null);
            if (value == null) {
                throw new IllegalArgumentException("task " + instance.name() + ": input parameter " + name + " has no value");
            }
            values.put("inputs.parameters." + name, value);
        });
        Map<String, Path> mounted = new LinkedHashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            Path folder = mounts.get(mount.path("name").asText());
            if (folder == null) {
                throw new IllegalArgumentException("task " + instance.name() + " mounts the volume " + mount.path("name").asText() + ", which is not declared");
            }
            mounted.put(mount.path("mountPath").asText(), mount.has("subPath") ? folder.resolve(mount.path("subPath").asText()) : folder);
        }
        for (JsonNode artifact : instance.template().path("inputs").path("artifacts")) {
            if (!artifact.has("raw")) {
                throw new IllegalArgumentException("task " + instance.name() + ": only raw input artifacts are understood here");
            }
            Path file = Path.of(map(artifact.path("path").asText(), mounted, instance.name()));
            Files.createDirectories(file.getParent());
            Files.writeString(file, mapText(substitute(artifact.path("raw").path("data").asText(), values), mounted));
        }
        var command = new ArrayList<String>();
        container.path("command").forEach(part -> command.add(map(substitute(part.asText(), values), mounted, null)));
        container.path("args").forEach(part -> command.add(map(substitute(part.asText(), values), mounted, null)));
        var environment = new HashMap<String, String>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
            if (!secret.isMissingNode()) {
                String key = secret.path("name").asText() + "/" + secret.path("key").asText();
                String value = secrets.get(key);
                if (value == null) {
                    throw new IllegalArgumentException("task " + instance.name() + " reads the secret " + key + ", which was not given");
                }
                environment.put(name, value);
            } else if (variable.has("value")) {
                environment.put(name, map(substitute(variable.path("value").asText(), values), mounted, null));
            } else {
                throw new IllegalArgumentException("task " + instance.name() + ": env " + name + " is neither a value nor a secret");
            }
        }
        Path log = scratch.resolve("logs").resolve(instance.name().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + (earlier.size() + 1) + ".log");
        Process process = launcher.start(command, environment, log);
        started.accept(instance.name(), process);
        return new Running(instance, process, earlier, log);
    }

    /** The pod's volumes as folders here. */
    private Map<String, Path> mounts(JsonNode spec) throws IOException {
        var volumes = new HashMap<String, Path>();
        for (JsonNode volume : spec.path("volumes")) {
            String name = volume.path("name").asText();
            if (volume.has("persistentVolumeClaim")) {
                String claim = volume.path("persistentVolumeClaim").path("claimName").asText();
                Path folder = claims.get(claim);
                if (folder == null) {
                    throw new IllegalArgumentException("the volume " + name + " is the claim " + claim + ", which was not mapped to a folder");
                }
                volumes.put(name, folder);
            } else if (volume.has("configMap")) {
                String configMap = volume.path("configMap").path("name").asText();
                JsonNode data = documents.stream().filter(document -> "ConfigMap".equals(document.path("kind").asText())
                        && configMap.equals(document.path("metadata").path("name").asText())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("the volume " + name + " is the ConfigMap " + configMap + ", which was not exported"))
                        .path("data");
                Path folder = Files.createDirectories(scratch.resolve("configmaps").resolve(configMap));
                var fields = new ArrayList<String>();
                data.fieldNames().forEachRemaining(fields::add);
                for (String key : fields) {
                    Files.writeString(folder.resolve(key), data.path(key).asText());
                }
                volumes.put(name, folder);
            } else if (volume.has("emptyDir")) {
                volumes.put(name, Files.createDirectories(scratch.resolve("empty").resolve(name)));
            } else {
                throw new IllegalArgumentException("the volume " + name + " is of a kind not understood here");
            }
        }
        return volumes;
    }

    /** A delivered file (a pipeline in a ConfigMap) names pod paths: they are mapped as the args are, once every mount is known. */
    private void mapConfigMapFiles(JsonNode spec, Map<String, Path> volumes) throws IOException {
        var podPaths = new LinkedHashMap<String, Path>();
        spec.path("templates").forEach(each -> each.path("container").path("volumeMounts").forEach(mount -> {
            Path folder = volumes.get(mount.path("name").asText());
            if (folder != null) {
                podPaths.putIfAbsent(mount.path("mountPath").asText(), mount.has("subPath") ? folder.resolve(mount.path("subPath").asText()) : folder);
            }
        }));
        Path root = scratch.resolve("configmaps");
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(file, mapText(Files.readString(file), podPaths));
            }
        }
    }

    private static int retries(Instance instance) {
        JsonNode strategy = instance.task().has("retryStrategy") ? instance.task().path("retryStrategy") : instance.template().path("retryStrategy");
        return strategy.path("limit").asInt(0);
    }

    /**
     * Whether a failed attempt is retried: Argo's {@code retryStrategy.expression}, in the forms an export
     * writes: clauses on {@code lastRetry.exitCode} (optionally through {@code asInt}) and
     * {@code lastRetry.status} joined by {@code or}/{@code ||} and {@code and}/{@code &&}. A process
     * ended by a signal is an {@code Error} (a pod that died), any other failure {@code Failed}.
     */
    private static boolean retried(Instance instance, int exitCode) {
        JsonNode strategy = instance.task().has("retryStrategy") ? instance.task().path("retryStrategy") : instance.template().path("retryStrategy");
        String expression = strategy.path("expression").asText("").strip();
        if (expression.isEmpty()) {
            return true;
        }
        String status = exitCode >= 128 ? "Error" : "Failed";
        for (String disjunct : expression.split("\\s+or\\s+|\\|\\|")) {
            boolean all = true;
            for (String clause : disjunct.split("\\s+and\\s+|&&")) {
                all &= holds(clause.strip(), exitCode, status, expression, instance.name());
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(String clause, int exitCode, String status, String expression, String task) {
        Matcher byStatus = Pattern.compile("lastRetry\\.status\\s*(==|!=)\\s*[\'\"](\\w+)[\'\"]").matcher(clause);
        if (byStatus.matches()) {
            return byStatus.group(1).equals("==") == status.equals(byStatus.group(2));
        }
        Matcher test = Pattern.compile("(?:asInt\\()?lastRetry\\.exitCode\\)?\\s*(!=|==|>=|<=|>|<)\\s*[\'\"]?(-?\\d+)[\'\"]?").matcher(clause);
        if (!test.matches()) {
            throw new IllegalArgumentException("task " + task + ": the retry expression '" + expression + "' is not understood here");
        }
        int value = Integer.parseInt(test.group(2));
        return switch (test.group(1)) {
            case "!=" -> exitCode != value;
            case "==" -> exitCode == value;
            case ">" -> exitCode > value;
            case "<" -> exitCode < value;
            case ">=" -> exitCode >= value;
            default -> exitCode <= value;
        };
    }

    private static String substitute(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        var out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("'" + text + "' names {{" + matcher.group(1) + "}}, which has no value here");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A path in the pod, or an argument holding one ({@code --flag=/path}), as the folder here. */
    private static String map(String text, Map<String, Path> mounted, String task) {
        String mapped = mapText(text, mounted);
        if (task != null && mapped.equals(text) && text.startsWith("/")) {
            throw new IllegalArgumentException("task " + task + ": " + text + " is not under any of its mounts");
        }
        return mapped;
    }

    /**
     * Every mount path in the text as its folder, in one pass: a folder here may itself lie under a
     * mount path of the pod (the scratch folder under {@code /tmp}, mounted as an emptyDir), and must
     * not be mapped twice.
     */
    private static String mapText(String text, Map<String, Path> mounted) {
        if (mounted.isEmpty()) {
            return text;
        }
        var longestFirst = mounted.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote).toList();
        return Pattern.compile("(^|[=\\s:\"'])(" + String.join("|", longestFirst) + ")(?=/|$|[\\s\"'])", Pattern.MULTILINE).matcher(text)
                .replaceAll(match -> Matcher.quoteReplacement(match.group(1) + mounted.get(match.group(2))));
    }
}
