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
        if (node == null && (workspace != null || runKey != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), (workspace != null ? "--workspace" : "--run-id") + " needs --node");
        }
        if (node != null && (workspace == null || upTo != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), workspace == null ? "--node needs --workspace DIR"
                    : "--node and --up-to cannot be used together");
        }
        Pipeline pipeline = ValidatePipelineCommand.load(file, sets);
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
                Runtime.getRuntime().availableProcessors(), null);
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
        var setting = new NodeRun.Setting(openStore(err), root.home().create().artifacts(), BuildInfo.load().version(), tags, runKey);
        NodeRun.Outcome outcome = NodeRun.run(pipeline, file.getFileName().toString(), node, runSeed, workspace, setting, new RunListener() {
            @Override
            public void event(NodeEvent event) {
                if (event.status() == NodeEvent.Status.FAILED) {
                    err.println("  ✗ " + event.nodeId() + ": " + event.message());
                    err.flush();
                }
            }
        }, Progress.NONE, warning -> err.println("pipewright: warning: " + Cli.oneLine(warning)));
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
            String text = JSON.writeValueAsString(document);
            if (json.equals("-")) {
                out.println(text);
            } else {
                Files.writeString(Path.of(json), text + "\n");
            }
        }
        return outcome.status() == NodeEvent.Status.FAILED ? Cli.FAILED : Cli.OK;
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

}
