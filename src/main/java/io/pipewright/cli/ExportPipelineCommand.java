package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.export.cluster.AirflowWriter;
import io.pipewright.export.Validation;
import io.pipewright.export.cluster.ClusterExport;
import io.pipewright.export.cluster.ClusterOptions;
import io.pipewright.export.cluster.ClusterPlan;
import io.pipewright.export.cluster.ClusterPlanner;
import io.pipewright.export.cluster.ClusterRefusal;
import io.pipewright.export.cluster.NodeMeasurements;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.track.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export-pipeline", description = {"Export a pipeline to run on a cluster: Argo Workflows manifests (a WorkflowTemplate with one task per "
        + "node and the tuning trials fanned out, a Workflow, a CronWorkflow per monitor) whose tasks run `pipewright run PIPELINE --node ...`.",
    "Each task's requests and limits are sized from the pipeline's newest finished run in the store (else the floor).",
    "Nothing is written when any node or file cannot run there: every reason is printed, one line each.",
    "The files are validated first (Argo: Argo's published schema with unknown fields refused, the DAG, the trial fan-outs, the pod-security "
            + "policy; Airflow: its ConfigMaps and python3 -m py_compile where installed) and written only when they pass.",
    "Exit 0 when written, 1 when validation fails, 2 when the pipeline, a monitor or the options cannot be used."})
final class ExportPipelineCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final List<String> TARGETS = ClusterExport.TARGETS;

    @ParentCommand
    private PipewrightCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE", description = "The pipeline file (.yaml, .yml or .json).")
    private Path file;

    @Option(names = "--target", paramLabel = "TARGET", required = true, description = "The orchestrator: argo (Argo Workflows) or airflow (an Airflow 2.x DAG file).")
    private String target;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The folder the files are written into (created when missing).")
    private Path out;

    @Option(names = "--options", paramLabel = "FILE.yaml", description = "Cluster options (namespace, image, parallelism, volume claims, the store's "
            + "Secret, data root and mount, retries, resources, GPU, seed, monitor schedule); every field has a default.")
    private Path optionsFile;

    @Option(names = "--data-uri", paramLabel = "URI", description = "Where the data root is mounted in the pods (a path or file:// URI; default "
            + "the options' data.mount, else /data).")
    private String dataUri;

    @Option(names = "--monitor", paramLabel = "MONITOR.yaml", description = "A monitor file retraining this pipeline: a CronWorkflow checks it on "
            + "the options' schedule and submits a run when it triggers (repeatable).")
    private List<Path> monitors = new ArrayList<>();

    @Option(names = "--json", paramLabel = "OUT", description = "Write a summary of the export as JSON to OUT ('-' for stdout).")
    private String json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!TARGETS.contains(target)) {
            throw new ParameterException(spec.commandLine(), "--target: must be " + String.join(" or ", TARGETS) + ", not '" + target + "'");
        }
        if (Files.exists(this.out) && !Files.isDirectory(this.out)) {
            throw new IllegalArgumentException("--out " + this.out + ": is a file, not a folder");
        }
        Pipeline pipeline = ValidatePipelineCommand.load(file, List.of());
        ClusterOptions options = optionsFile == null ? ClusterOptions.defaults() : ClusterOptions.parse(optionsFile);
        if (dataUri != null) {
            options = options.withDataMount(dataUri);
        }
        ClusterPlan plan;
        try {
            plan = plan(pipeline, options, err);
        } catch (ClusterRefusal refusal) {
            String prefix = optionsFile == null ? "options: " : optionsFile.getFileName() + ": ";
            refusal.reasons().forEach(reason -> err.println("pipewright: " + (reason.startsWith("options: ") ? prefix
                    + reason.substring("options: ".length()) : reason)));
            err.flush();
            return Cli.BAD_INPUT;
        }
        // checked before anything reaches the disk, as a bundle is
        ClusterExport export = ClusterExport.of(plan, target);
        for (Validation.Check check : export.validation().checks()) {
            err.println("  " + check.line());
            check.problems().stream().skip(1).limit(20).forEach(problem -> err.println("      " + problem));
        }
        if (!export.validation().passed()) {
            err.println("pipewright: the export failed validation and was not written");
            err.flush();
            return Cli.FAILED;
        }
        List<Path> written = export.write(this.out);
        PrintWriter summary = "-".equals(json) ? err : out;
        print(summary, plan, written);
        summary.flush();
        if (json != null) {
            String text = JSON.writeValueAsString(describe(plan, written));
            if (json.equals("-")) {
                out.println(text);
            } else {
                Files.writeString(Path.of(json), text + "\n");
            }
        }
        out.flush();
        return Cli.OK;
    }

    /** The plan, its tasks sized from the store when it can be read (else the floor, with a warning). */
    private ClusterPlan plan(Pipeline pipeline, ClusterOptions options, PrintWriter err) {
        Store store;
        try {
            store = root.openStore();
        } catch (StoreException e) {
            err.println("pipewright: warning: the store cannot be read (" + Cli.oneLine(e.getMessage()) + "): every task gets the floor");
            return ClusterPlanner.plan(pipeline, file, options, NodeMeasurements.NONE, monitors);
        }
        try (store) {
            return ClusterPlanner.plan(pipeline, file, options, NodeMeasurements.of(new Runs(store, Clock.systemUTC())), monitors);
        }
    }

    private void print(PrintWriter out, ClusterPlan plan, List<Path> written) {
        boolean airflow = target.equals("airflow");
        out.printf(Locale.ROOT, "%s: exported for %s (namespace %s, image %s, parallelism %d, seed %d)%n", plan.pipeline(),
                airflow ? "Airflow" : "Argo Workflows", plan.namespace(), plan.image(), plan.parallelism(), plan.seed());
        written.forEach(path -> out.println("  wrote " + path));
        out.println("tasks, in order:");
        int width = plan.tasks().stream().mapToInt(task -> task.name().length()).max().orElse(4);
        for (ClusterPlan.Task task : plan.tasks()) {
            String after = task.dependencies().isEmpty() ? "–" : String.join(", ", task.dependencies());
            String trials = task.trials() == null ? "" : task.trials().count() == 1 ? " [trial " + task.trials().start() + "]"
                    : String.format(Locale.ROOT, " [trials %d–%d]", task.trials().start(), task.trials().start() + task.trials().count() - 1);
            out.printf(Locale.ROOT, "  %-" + width + "s  after %s%s%n", task.name(), after, trials);
            out.println("  " + " ".repeat(width) + "  pipewright " + String.join(" ", task.args(ClusterExport.placeholders(target).run(), ClusterExport.placeholders(target).trial())));
        }
        out.println("resources (requests / limits):");
        for (ClusterPlan.Task task : plan.tasks()) {
            ClusterPlan.Resources resources = task.resources();
            out.printf(Locale.ROOT, "  %-" + width + "s  cpu %s / %s, memory %s / %s%s: %s%n", task.name(), resources.cpuRequest(), resources.cpuLimit(),
                    resources.memoryRequest(), resources.memoryLimit(), task.gpu() ? ", 1 GPU" : "", task.sizing());
        }
        if (!plan.taskNames().isEmpty()) {
            out.println("task names (node id -> task):");
            plan.taskNames().forEach((id, task) -> out.println("  " + id + " -> " + task));
        }
        if (!plan.dataPaths().isEmpty()) {
            out.println("data (here -> in the pod):");
            plan.dataPaths().forEach((node, path) -> out.println("  " + node + ": " + path.local() + " -> " + path.pod()));
        }
        plan.monitors().forEach(monitor -> out.printf(Locale.ROOT, "monitor %s: on %s runs pipewright %s; submits a run when it triggers%n",
                monitor.monitor(), monitor.schedule(), String.join(" ", monitor.args())));
        Path folder = written.isEmpty() ? this.out : written.get(0).getParent();
        out.println("apply:");
        if (airflow) {
            out.println("  kubectl apply -n " + plan.namespace() + " -f " + folder.resolve("configmaps.yaml"));
            out.println("  copy " + folder.resolve(AirflowWriter.dagFileName(plan)) + " into Airflow's dags folder, then: airflow dags trigger "
                    + AirflowWriter.dagId(plan));
            return;
        }
        out.println("  kubectl apply -n " + plan.namespace() + " -f " + folder.resolve("rbac.yaml") + " -f " + folder.resolve("configmaps.yaml"));
        out.println("  argo template create -n " + plan.namespace() + " " + folder.resolve("workflow-template.yaml"));
        plan.monitors().forEach(monitor -> out.println("  argo cron create -n " + plan.namespace() + " " + folder.resolve("cron-" + monitor.name()
                + ".yaml")));
        out.println("  argo submit -n " + plan.namespace() + " --from workflowtemplate/" + plan.name());
    }

    /** The --json shape (documented in the README). */
    private Map<String, Object> describe(ClusterPlan plan, List<Path> written) {
        var document = new LinkedHashMap<String, Object>();
        document.put("pipeline", plan.pipeline());
        document.put("target", target);
        document.put("name", plan.name());
        document.put("namespace", plan.namespace());
        document.put("image", plan.image());
        document.put("parallelism", plan.parallelism());
        document.put("seed", plan.seed());
        document.put("files", written.stream().map(Path::toString).toList());
        var tasks = new ArrayList<Map<String, Object>>();
        for (ClusterPlan.Task task : plan.tasks()) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("name", task.name());
            entry.put("node", task.nodeId());
            entry.put("kind", task.kind().name().toLowerCase(Locale.ROOT));
            entry.put("dependsOn", task.dependencies());
            entry.put("args", task.args(ClusterExport.placeholders(target).run(), ClusterExport.placeholders(target).trial()));
            if (task.trials() != null) {
                entry.put("trials", ordered("start", task.trials().start(), "count", task.trials().count()));
            }
            entry.put("requests", ordered("cpu", task.resources().cpuRequest(), "memory", task.resources().memoryRequest()));
            entry.put("limits", ordered("cpu", task.resources().cpuLimit(), "memory", task.resources().memoryLimit()));
            entry.put("gpu", task.gpu());
            entry.put("sizing", task.sizing());
            tasks.add(entry);
        }
        document.put("tasks", tasks);
        document.put("taskNames", plan.taskNames());
        var data = new LinkedHashMap<String, Object>();
        plan.dataPaths().forEach((node, path) -> data.put(node, ordered("local", path.local(), "pod", path.pod())));
        document.put("data", data);
        document.put("monitors", plan.monitors().stream().map(ClusterPlan.Monitor::monitor).toList());
        return document;
    }

    private static Map<String, Object> ordered(String firstKey, Object first, String secondKey, Object second) {
        var map = new LinkedHashMap<String, Object>();
        map.put(firstKey, first);
        map.put(secondKey, second);
        return map;
    }
}
