package io.pipewright.export.cluster;

import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.nodes.TuneSearch;
import io.pipewright.train.TrialBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a validated pipeline's run on a cluster ({@link ClusterPlan}): one task per node, a tune node
 * as its trial fan-outs ({@link TrialBatches}) and its select task, the command lines of
 * {@code pipewright run --node}, the data files mapped into the pod, and each task sized from the
 * newest finished run. Everything that stops the export is gathered first and thrown at once
 * ({@link ClusterRefusal}), so nothing is written for a pipeline that cannot run there.
 */
public final class ClusterPlanner {
    /** Node names leave room for the longest suffix a task adds ({@code -trials-NNN}). */
    static final int NODE_NAME_MAX = 48;
    /** Pipeline names leave room for a Workflow's generated suffix and Argo's pod name parts. */
    static final int PIPELINE_NAME_MAX = 40;
    /** The node type whose trials fan out. */
    static final String TUNE = "tune";

    private ClusterPlanner() {
    }

    /**
     * The plan; throws {@link ClusterRefusal} listing every reason it cannot be made.
     *
     * @param pipelineFile the pipeline file the pipeline was read from (its name is the delivered file's)
     * @param measurements where nodes' measured time and peak memory are read (null: none, every task gets the floor)
     */
    public static ClusterPlan plan(Pipeline pipeline, Path pipelineFile, ClusterOptions options, NodeMeasurements measurements) {
        return plan(pipeline, pipelineFile, options, measurements, List.of());
    }

    /**
     * The plan with a CronWorkflow's monitor for each monitor file ({@code sample-data/monitors/*.yaml}
     * shape), each of which must retrain this pipeline; throws {@link ClusterRefusal} listing every
     * reason it cannot be made.
     */
    public static ClusterPlan plan(Pipeline pipeline, Path pipelineFile, ClusterOptions options, NodeMeasurements measurements, List<Path> monitorFiles) {
        var refusals = new ArrayList<String>();
        options.problems().forEach(problem -> refusals.add("options: " + problem));
        Path folder = pipeline.folder() != null ? pipeline.folder() : pipelineFile.toAbsolutePath().getParent();
        Path root = options.data().root().isEmpty() ? folder : Path.of(options.data().root()).toAbsolutePath().normalize();
        String mount = options.data().mountPath();
        var dataPaths = new LinkedHashMap<String, ClusterPlan.DataPath>();
        var document = pipeline.document();
        var delivered = new ArrayList<PipelineDocument.Node>();
        for (PipelineDocument.Node node : document.nodes()) {
            NodeType type = pipeline.types().get(node.id());
            if (!type.runsOnCluster()) {
                refusals.add("node '" + node.id() + "' (" + type.name() + ") cannot run on a cluster: " + type.notOnClusterReason());
            }
            PipelineDocument.Node rewritten = node;
            for (String param : fileParams(type)) {
                if (!(node.params().get(param) instanceof String named) || named.isBlank()) {
                    continue;
                }
                if (io.pipewright.data.DatabaseSource.isDatabase(named)) {
                    // a database is reached from the pod as from here; only a login by name has no way there
                    if (node.params().get("credentials") instanceof String credentials) {
                        refusals.add("node '" + node.id() + "' logs in to its database as credentials " + credentials + ", which the pods of an "
                                + "exported workflow are not given: read from a URL that logs in by itself (such as ?user= on a server that "
                                + "trusts the cluster's network), or from files under the data root");
                    }
                    continue;
                }
                Path file = Path.of(named).isAbsolute() ? Path.of(named).normalize() : folder.resolve(named).normalize();
                if (io.pipewright.data.lake.LayerReference.looksLikeOne(named) && !java.nio.file.Files.exists(file)) {
                    refusals.add("node '" + node.id() + "' reads " + named + ", a layer of this home's change logs, which the pods of an exported "
                            + "workflow cannot reach: read the table from its database, or a file under the data root");
                    continue;
                }
                if (!file.startsWith(root)) {
                    refusals.add("node '" + node.id() + "' reads " + named + " (" + file + "), which is not under the data root " + root
                            + ": set data.root in the options (--options) to a folder holding it, and --data-uri to where that folder is mounted in the pod");
                    continue;
                }
                String relative = root.relativize(file).toString().replace('\\', '/');
                String pod = mount + "/" + relative;
                String key = node.id() + (fileParams(type).size() > 1 || !isDataset(type, param) ? "." + param : "");
                dataPaths.put(key, new ClusterPlan.DataPath(file.toString(), pod));
                rewritten = rewritten.withParam(param, pod);
            }
            delivered.add(rewritten);
        }
        int parallelism = options.parallelism();
        ClusterPlan.Resources floor = options.problems().isEmpty() ? TaskSizing.size("", options, null, false).resources() : null;
        List<ClusterPlan.Monitor> monitors = MonitorPlanner.plan(monitorFiles, pipelineFile, root, options, floor, refusals);
        if (!refusals.isEmpty()) {
            throw new ClusterRefusal(refusals);
        }
        Map<String, String> names = taskNames(pipeline);
        String name = KubernetesNames.of(pipeline.name(), PIPELINE_NAME_MAX);
        long seed = options.seed() != null ? options.seed() : document.seedOrDefault();
        String fileName = pipelineFile.getFileName().toString();
        String podFile = ClusterPlan.PIPELINE_MOUNT + "/" + fileName;
        String text = PipelineFiles.toYaml(document.withNodes(delivered));
        NodeMeasurements.MeasuredRun run = (measurements == null ? NodeMeasurements.NONE : measurements).newestFinished(pipeline.name()).orElse(null);

        var tasks = new ArrayList<ClusterPlan.Task>();
        for (String nodeId : pipeline.order()) {
            NodeType type = pipeline.types().get(nodeId);
            String task = names.get(nodeId);
            var dependencies = new LinkedHashSet<String>();
            pipeline.node(nodeId).inputs().values().forEach(source -> dependencies.add(names.get(source.substring(0, source.lastIndexOf('.')))));
            Map<String, Object> params = pipeline.params().get(nodeId);
            boolean gpu = usesGpu(type, params);
            List<String> common = List.of("--workspace", ClusterPlan.WORKSPACE_MOUNT + "/" + ClusterPlan.RUN, "--run-id", ClusterPlan.RUN,
                    "--seed", Long.toString(seed));
            if (type.name().equals(TUNE)) {
                // the node's own parallel is its batch width, so the file and seed give the same study here as on a laptop;
                // the workflow's parallelism only caps the pods running at once
                int width = ((Number) params.get("parallel")).intValue();
                List<TrialBatches.Batch> batches = TrialBatches.of(String.valueOf(params.get("strategy")), String.valueOf(params.get("pruner")),
                        TuneSearch.trialCount(params), width);
                TaskSizing.Sized trialSize = TaskSizing.size(nodeId, options, run, true);
                var trialTasks = new ArrayList<String>();
                List<String> previous = List.copyOf(dependencies);
                for (int b = 0; b < batches.size(); b++) {
                    TrialBatches.Batch batch = batches.get(b);
                    String trialTask = batches.size() == 1 ? task + "-trials" : task + "-trials-" + b;
                    var args = new ArrayList<>(List.of("run", podFile, "--node", nodeId, "--trial", ClusterPlan.TRIAL, "--parallelism",
                            Integer.toString(width)));
                    args.addAll(common);
                    tasks.add(new ClusterPlan.Task(trialTask, nodeId, ClusterPlan.Kind.TRIALS, args, previous,
                            new ClusterPlan.Trials(batch.first(), batch.count()), trialSize.resources(), trialSize.sentence(), gpu));
                    trialTasks.add(trialTask);
                    previous = List.of(trialTask);
                }
                var args = new ArrayList<>(List.of("run", podFile, "--node", nodeId, "--select", "--parallelism", Integer.toString(width)));
                args.addAll(common);
                TaskSizing.Sized size = TaskSizing.size(nodeId, options, run, false);
                tasks.add(new ClusterPlan.Task(task, nodeId, ClusterPlan.Kind.SELECT, args, trialTasks, null, size.resources(), size.sentence(), gpu));
            } else {
                var args = new ArrayList<>(List.of("run", podFile, "--node", nodeId));
                args.addAll(common);
                TaskSizing.Sized size = TaskSizing.size(nodeId, options, run, false);
                tasks.add(new ClusterPlan.Task(task, nodeId, ClusterPlan.Kind.NODE, args, List.copyOf(dependencies), null, size.resources(),
                        size.sentence(), gpu));
            }
        }
        var changed = new LinkedHashMap<String, String>();
        names.forEach((id, task) -> {
            if (!id.equals(task)) {
                changed.put(id, task);
            }
        });
        return new ClusterPlan(name, pipeline.name(), options.namespace(), options.image().reference(), parallelism, seed, podFile, text, dataPaths,
                changed, tasks, monitors, options);
    }

    /** Node id → task name (valid Kubernetes names, distinct, also from the names a tune node's fan-outs take), in pipeline order. */
    static Map<String, String> taskNames(Pipeline pipeline) {
        var names = new LinkedHashMap<String, String>();
        Set<String> taken = new HashSet<>();
        // ids that are valid names keep them: a renamed id never takes a valid one's name
        for (String id : pipeline.order()) {
            if (KubernetesNames.valid(id, NODE_NAME_MAX)) {
                taken.add(id);
            }
        }
        for (String id : pipeline.order()) {
            String name = KubernetesNames.of(id, NODE_NAME_MAX);
            if (!name.equals(id)) {
                name = KubernetesNames.distinct(name, id, taken, NODE_NAME_MAX);
            }
            taken.add(name);
            names.put(id, name);
        }
        // a fan-out's names must not be another node's
        for (String id : pipeline.order()) {
            if (pipeline.types().get(id).name().equals(TUNE)) {
                String name = names.get(id);
                boolean clash = names.values().stream().anyMatch(other -> other.startsWith(name + "-trials"));
                if (clash) {
                    names.put(id, KubernetesNames.distinct(name, id, Set.of(name), NODE_NAME_MAX));
                }
            }
        }
        return names;
    }

    /** The parameters naming a file the node reads: its dataset's and every path parameter. */
    static List<String> fileParams(NodeType type) {
        var params = new ArrayList<String>();
        type.dataset().ifPresent(dataset -> params.add(dataset.path()));
        for (ParamSpec spec : type.params()) {
            if (spec.kind() == ParamSpec.Kind.PATH && !params.contains(spec.name())) {
                params.add(spec.name());
            }
        }
        return params;
    }

    private static boolean isDataset(NodeType type, String param) {
        return type.dataset().map(dataset -> dataset.path().equals(param)).orElse(false);
    }

    /** A train or tune node of xgboost whose hyperparameters say {@code device: cuda}. */
    static boolean usesGpu(NodeType type, Map<String, Object> params) {
        if (!"xgboost".equals(params.get("algorithm"))) {
            return false;
        }
        if (params.get("hyperparameters") instanceof Map<?, ?> hyperparameters && isCuda(hyperparameters.get("device"))) {
            return true;
        }
        return params.get("space") instanceof Map<?, ?> space && space.get("device") instanceof Map<?, ?> choice
                && choice.get("choice") instanceof List<?> values && values.stream().anyMatch(ClusterPlanner::isCuda);
    }

    private static boolean isCuda(Object device) {
        return device instanceof String text && (text.equals("cuda") || text.startsWith("cuda:"));
    }
}
