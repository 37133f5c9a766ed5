package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.home.BuildInfo;
import io.pipewright.pipeline.NodeEvent;
import io.pipewright.pipeline.NodeRun;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.RecordedRun;
import io.pipewright.pipeline.RunListener;
import io.pipewright.pipeline.StudyRun;
import io.pipewright.track.Store;
import io.pipewright.track.StoreException;
import io.pipewright.train.ModelArtifact;
import io.pipewright.work.ByteSizes;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run", description = {"Run a pipeline file: every node, or up to one; models are written to the home's artifacts folder.",
    "Exit 0 when the run finished, 1 when a node failed, 2 when the pipeline or its input is invalid."})
final class RunCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    private PipewrightCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE", description = "The pipeline file (.yaml, .yml or .json).")
    private Path file;

    @Option(names = "--set", paramLabel = "NODE.PARAM=VALUE", description = "Change a parameter for this run (the value is read as YAML).")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "The run's seed (default: the pipeline's, else 42).")
    private Long seed;

    @Option(names = "--up-to", paramLabel = "NODE", description = "Run only this node and those it depends on.")
    private String upTo;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the run's summary as JSON to OUT ('-' for stdout).")
    private String json;

    @Option(names = "--node", paramLabel = "ID", description = "Run only this node, reading its inputs from --workspace and writing its outputs there"
            + " (as a workflow on a cluster runs each node).")
    private String node;

    @Option(names = "--workspace", paramLabel = "DIR", description = "With --node: the folder the nodes of one workflow run pass their outputs through.")
    private Path workspace;

    @Option(names = "--run-id", paramLabel = "KEY", description = "With --node: the run all nodes of the workflow are recorded in (default: the"
            + " workspace's, made by its first node).")
    private String runKey;

    @Option(names = "--trial", paramLabel = "K", description = "With --node TUNE: run only trial K of the tune node (from 0), recorded in the store"
            + " as a child run of the workflow's run.")
    private Integer trial;

    @Option(names = "--select", description = "With --node TUNE: pick the best of the trials recorded in the store, refit it and write the node's"
            + " outputs to --workspace.")
    private boolean select;

    @Option(names = "--parallelism", paramLabel = "P", description = "With --trial or --select: the workflow's trials at once, which fixes TPE's"
            + " batches (default: the tune node's parallel).")
    private Integer parallelism;

    private Store store;

    @Override
    public Integer call() throws IOException {
        try {
            return execute();
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    private Integer execute() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (trial != null || select || parallelism != null) {
            String flag = trial != null ? "--trial" : select ? "--select" : "--parallelism";
            if (trial != null && select) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--trial and --select cannot be used together");
            }
            if (node == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), flag + " needs --node TUNE and --workspace DIR");
            }
            if (trial == null && !select) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallelism needs --trial K or --select");
            }
        }
        if (node == null && (workspace != null || runKey != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), (workspace != null ? "--workspace" : "--run-id") + " needs --node");
        }
        if (node != null && (workspace == null || upTo != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), workspace == null ? "--node needs --workspace DIR"
                    : "--node and --up-to cannot be used together");
        }
        Pipeline pipeline = ValidatePipelineCommand.load(file, sets);
        if (node != null && (trial != null || select)) {
            return executeStudy(pipeline, out, err);
        }
        if (node != null) {
            return executeNode(pipeline, out, err);
        }
        long runSeed = seed != null ? seed : pipeline.document().seedOrDefault();
        var cancelled = new AtomicBoolean();
        Thread hook = new Thread(() -> cancelled.set(true));
        Runtime.getRuntime().addShutdownHook(hook);
        var progress = new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
        var setting = new RecordedRun.Setting(openStore(err), root.home().create().artifacts(), BuildInfo.load().version(), tags(),
                Runtime.getRuntime().availableProcessors(), null, databaseCredentials(), root.home().data());
        RecordedRun.Outcome outcome = RecordedRun.run(pipeline, file.getFileName().toString(), upTo, runSeed, setting, new RunListener() {
            @Override
            public void event(NodeEvent event) {
                String line = switch (event.status()) {
                    case RUNNING -> event.progress() == 0 && event.message() == null ? "  … " + event.nodeId() : null;
                    case DONE -> String.format(Locale.US, "  ✓ %s (%.2f s)", event.nodeId(), event.seconds());
                    case CACHED -> "  ✓ " + event.nodeId() + " (cached)";
                    case FAILED -> "  ✗ " + event.nodeId() + ": " + event.message();
                    default -> null;
                };
                if (line != null) {
                    synchronized (err) {
                        err.println(line);
                        err.flush();
                    }
                }
            }
        }, progress, warning -> err.println("pipewright: warning: " + Cli.oneLine(warning)));
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook has run
        }
        PipelineRunner.Result result = outcome.result();
        // with the JSON on stdout, the human summary goes to stderr so that stdout stays one JSON document
        summary("-".equals(json) ? err : out, pipeline, result, outcome.runId(), outcome.seconds(), outcome.metrics(), outcome.artifacts());
        if (json != null) {
            var document = new LinkedHashMap<String, Object>();
            document.put("runId", outcome.runId());
            document.put("pipeline", pipeline.name());
            document.put("status", result.status().name().toLowerCase(Locale.ROOT));
            document.put("seed", runSeed);
            document.put("seconds", outcome.seconds());
            if (result.failure() != null) {
                document.put("failure", result.failure());
            }
            var nodes = new ArrayList<Map<String, Object>>();
            result.nodes().values().forEach(node -> {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("id", node.id());
                entry.put("type", pipeline.types().get(node.id()).name());
                entry.put("status", node.status().id());
                entry.put("seconds", node.seconds());
                entry.put("peakMemoryBytes", node.peakMemoryBytes());
                if (node.message() != null) {
                    entry.put("message", node.message());
                }
                nodes.add(entry);
            });
            document.put("nodes", nodes);
            document.put("metrics", outcome.metrics());
            document.put("artifacts", outcome.artifacts().stream().map(Path::toString).toList());
            String text = JSON.writeValueAsString(document);
            if (json.equals("-")) {
                out.println(text);
            } else {
                Files.writeString(Path.of(json), text + "\n");
            }
        }
        return switch (result.status()) {
            case FINISHED -> Cli.OK;
            case FAILED -> Cli.FAILED;
            case CANCELLED -> Cli.FAILED;
        };
    }

    /** {@code --node}: one node, its inputs from the workspace, recorded in the workflow's run. */
    private Integer executeNode(Pipeline pipeline, PrintWriter out, PrintWriter err) throws IOException {
        long runSeed = seed != null ? seed : pipeline.document().seedOrDefault();
        var tags = tags();
        tags.put("pipeline.workspace", workspace.toAbsolutePath().normalize().toString());
        var setting = new NodeRun.Setting(openStore(err), root.home().create().artifacts(), BuildInfo.load().version(), tags, runKey, databaseCredentials(),
                root.home().data());
        NodeRun.Outcome outcome = NodeRun.run(pipeline, file.getFileName().toString(), node, runSeed, workspace, setting, failures(err), Progress.NONE,
                warning -> err.println("pipewright: warning: " + Cli.oneLine(warning)));
        return nodeSummary(pipeline, outcome, runSeed, out, err);
    }

    /** {@code --node TUNE --trial K} or {@code --select}: one step of a study run as separate processes, recorded in the store. */
    private Integer executeStudy(Pipeline pipeline, PrintWriter out, PrintWriter err) throws IOException {
        long runSeed = seed != null ? seed : pipeline.document().seedOrDefault();
        Object parallel = pipeline.params().containsKey(node) ? pipeline.params().get(node).get("parallel") : null;
        int workers = parallelism != null ? parallelism : parallel instanceof Number number ? number.intValue() : 1;
        try {
            store = root.openStore();
        } catch (StoreException e) {
            throw new io.pipewright.pipeline.PipelineException("node '" + node + "': trials are recorded in the store, which cannot be opened: "
                    + Cli.oneLine(e.getMessage()), e);
        }
        var tags = tags();
        tags.put("pipeline.workspace", workspace.toAbsolutePath().normalize().toString());
        var setting = new NodeRun.Setting(store, root.home().create().artifacts(), BuildInfo.load().version(), tags, runKey, databaseCredentials(),
                root.home().data());
        String name = file.getFileName().toString();
        java.util.function.Consumer<String> warnings = warning -> err.println("pipewright: warning: " + Cli.oneLine(warning));
        try {
            if (select) {
                return nodeSummary(pipeline, StudyRun.select(pipeline, name, node, workers, runSeed, workspace, setting, failures(err), Progress.NONE,
                        warnings), runSeed, out, err);
            }
            StudyRun.TrialOutcome outcome = StudyRun.trial(pipeline, name, node, trial, workers, runSeed, workspace, setting, Progress.NONE, warnings);
            trialSummary(pipeline, outcome, runSeed, out);
            return Cli.OK;
        } catch (StudyRun.IncompleteStudyException e) {
            err.println("pipewright: " + Cli.oneLine(e.getMessage()));
            return Cli.FAILED;
        }
    }

    private void trialSummary(Pipeline pipeline, StudyRun.TrialOutcome outcome, long runSeed, PrintWriter out) throws IOException {
        PrintWriter summary = "-".equals(json) ? spec.commandLine().getErr() : out;
        String result = outcome.value() == null ? outcome.state() : String.format(Locale.US, "%s, %s %.4f", outcome.state(), outcome.metric(),
                outcome.value());
        summary.printf(Locale.US, "%s: trial %d of node %s %s (run %s)%n", pipeline.name(), outcome.number(), outcome.node(),
                outcome.cached() ? "cached: its result is in the store (" + result + ")"
                        : String.format(Locale.US, "%s in %.2f s", result, outcome.seconds()), outcome.runKey());
        var line = new StringBuilder(" ");
        outcome.params().forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        summary.println(line);
        if (json != null) {
            var document = new LinkedHashMap<String, Object>();
            document.put("runId", outcome.runKey());
            document.put("pipeline", pipeline.name());
            document.put("node", outcome.node());
            document.put("trial", outcome.number());
            document.put("status", outcome.cached() ? "cached" : "done");
            document.put("state", outcome.state());
            document.put("seed", runSeed);
            document.put("params", outcome.params());
            document.put("metric", outcome.metric());
            document.put("value", outcome.value());
            document.put("seconds", outcome.seconds());
            writeJson(document, out);
        }
    }

    private static RunListener failures(PrintWriter err) {
        return new RunListener() {
            @Override
            public void event(NodeEvent event) {
                if (event.status() == NodeEvent.Status.FAILED) {
                    err.println("  ✗ " + event.nodeId() + ": " + event.message());
                    err.flush();
                }
            }
        };
    }

    private Integer nodeSummary(Pipeline pipeline, NodeRun.Outcome outcome, long runSeed, PrintWriter out, PrintWriter err) throws IOException {
        String status = outcome.status().id();
        PrintWriter summary = "-".equals(json) ? err : out;
        summary.printf(Locale.US, "%s: node %s %s%s (run %s)%n", pipeline.name(), node, status,
                outcome.status() == NodeEvent.Status.CACHED ? ": its outputs are in the workspace"
                        : String.format(Locale.US, " in %.2f s, peak memory %s", outcome.seconds(),
                        outcome.peakMemoryBytes() > 0 ? ByteSizes.human(outcome.peakMemoryBytes()) : "–"), outcome.runKey());
        if (outcome.failure() != null) {
            summary.println("  " + outcome.failure());
        }
        if (!outcome.metrics().isEmpty()) {
            var line = new StringBuilder("  " + node + ":");
            outcome.metrics().forEach((key, value) -> line.append(String.format(Locale.US, " %s %.4f", key, value)));
            summary.println(line);
        }
        outcome.artifacts().forEach(path -> summary.println((path.toString().endsWith(ModelArtifact.EXTENSION) ? "  model: "
                : path.toString().endsWith(".evaluation.json") ? "  evaluation: " : "  report: ") + path));
        if (outcome.runClosed() != null) {
            summary.println("  run " + outcome.runKey() + " " + outcome.runClosed());
        }
        if (json != null) {
            var document = new LinkedHashMap<String, Object>();
            document.put("runId", outcome.runKey());
            document.put("pipeline", pipeline.name());
            document.put("node", node);
            document.put("status", status);
            document.put("seed", runSeed);
            document.put("seconds", outcome.seconds());
            document.put("peakMemoryBytes", outcome.peakMemoryBytes());
            if (outcome.failure() != null) {
                document.put("failure", outcome.failure());
            }
            document.put("metrics", outcome.metrics());
            document.put("artifacts", outcome.artifacts().stream().map(Path::toString).toList());
            document.put("run", outcome.runClosed() == null ? "running" : outcome.runClosed());
            writeJson(document, out);
        }
        return outcome.status() == NodeEvent.Status.FAILED ? Cli.FAILED : Cli.OK;
    }

    private void writeJson(Map<String, Object> document, PrintWriter out) throws IOException {
        String text = JSON.writeValueAsString(document);
        if (json.equals("-")) {
            out.println(text);
        } else {
            Files.writeString(Path.of(json), text + "\n");
        }
    }

    /** The store, or null with a warning when it cannot be opened (in use by the window, say): the run goes on unrecorded. */
    private Store openStore(PrintWriter err) {
        try {
            store = root.openStore();
            return store;
        } catch (StoreException e) {
            err.println("pipewright: warning: the run is not recorded: " + Cli.oneLine(e.getMessage()));
            return null;
        }
    }

    private Map<String, String> tags() {
        var tags = new LinkedHashMap<String, String>();
        tags.put("pipewright.version", BuildInfo.load().version());
        tags.put("pipeline.file", file.toAbsolutePath().normalize().toString());
        if (upTo != null) {
            tags.put("pipeline.up_to", upTo);
        }
        if (!sets.isEmpty()) {
            tags.put("pipeline.set", String.join(" ", sets));
        }
        return tags;
    }

    private static void summary(PrintWriter out, Pipeline pipeline, PipelineRunner.Result result, String runId, double seconds,
                                Map<String, Map<String, Double>> metrics, List<Path> artifacts) {
        out.printf(Locale.US, "%s: %s in %.1f s (run %s)%n", pipeline.name(), result.status().name().toLowerCase(Locale.ROOT), seconds, runId);
        if (result.failure() != null) {
            out.println("  " + result.failure());
        }
        out.printf(Locale.US, "  %-16s %-10s %-9s %9s %12s%n", "node", "type", "status", "seconds", "peak memory");
        result.nodes().values().forEach(node -> out.printf(Locale.US, "  %-16s %-10s %-9s %9.2f %12s%n", node.id(),
                pipeline.types().get(node.id()).name(), node.status().id(), node.seconds(),
                node.peakMemoryBytes() > 0 ? ByteSizes.human(node.peakMemoryBytes()) : "–"));
        metrics.forEach((node, values) -> {
            var line = new StringBuilder("  " + node + ":");
            values.forEach((key, value) -> line.append(String.format(Locale.US, " %s %.4f", key, value)));
            out.println(line);
        });
        artifacts.forEach(path -> out.println((path.toString().endsWith(ModelArtifact.EXTENSION) ? "  model: "
                : path.toString().endsWith(".evaluation.json") ? "  evaluation: " : "  report: ") + path));
    }

    /** The login of a database a read node names: this command's environment, then its home's secrets.properties. */
    private io.pipewright.data.DatabaseCredentials databaseCredentials() {
        return new io.pipewright.data.DatabaseCredentials(root.environment(), root.home().secretsFile());
    }
}
