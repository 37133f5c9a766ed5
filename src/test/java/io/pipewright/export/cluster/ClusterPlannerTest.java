package io.pipewright.export.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.added.DesktopPromptNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPlannerTest {
    private static final long MI = 1024L * 1024;

    @TempDir
    Path dir;

    static final Path SAMPLES = Path.of("sample-data");

    static Pipeline load(Path file) {
        return new PipelineValidator(NodeCatalog.standard()).validate(PipelineFiles.read(file), file.toAbsolutePath().getParent(),
                file.getFileName().toString());
    }

    static ClusterOptions rootedAtSamples() {
        return new ClusterOptions(null, null, null, null, null, new ClusterOptions.Data(SAMPLES.toAbsolutePath().toString(), null, null), null, null,
                null, null, null);
    }

    @Test
    void aTuneNodeBecomesItsTrialBatchesThenItsSelectAndTheOtherNodesOneTaskEach() {
        Path file = SAMPLES.resolve("pipelines/credit-risk.yaml");
        ClusterPlan plan = ClusterPlanner.plan(load(file), file, rootedAtSamples(), NodeMeasurements.NONE);

        assertThat(plan.name()).isEqualTo("credit-risk");
        var trialTasks = new java.util.ArrayList<String>();
        for (int b = 0; b <= 10; b++) {
            trialTasks.add("train-trials-" + b);
        }
        var names = new java.util.ArrayList<>(List.of("read", "split"));
        names.addAll(trialTasks);
        names.addAll(List.of("train", "eval", "register"));
        assertThat(plan.tasks()).extracting(ClusterPlan.Task::name).containsExactlyElementsOf(names);
        // TPE, 20 trials, the node's parallel 1: the 10 start-up trials together, then one at a time (sequential TPE, as in one process)
        var batches = new java.util.ArrayList<>(List.of(new ClusterPlan.Trials(0, 10)));
        for (int trial = 10; trial < 20; trial++) {
            batches.add(new ClusterPlan.Trials(trial, 1));
        }
        assertThat(plan.tasks()).filteredOn(task -> task.kind() == ClusterPlan.Kind.TRIALS).extracting(ClusterPlan.Task::trials)
                .containsExactlyElementsOf(batches);
        assertThat(plan.task("train").dependencies()).containsExactlyElementsOf(trialTasks);
        assertThat(plan.task("train-trials-0").dependencies()).containsExactly("split");
        assertThat(plan.task("train-trials-1").dependencies()).containsExactly("train-trials-0");
        assertThat(plan.task("register").dependencies()).containsExactly("train", "eval");
        assertThat(plan.task("read").args()).containsExactly("run", "/pipeline/credit-risk.yaml", "--node", "read", "--workspace", "/workspace/<run>",
                "--run-id", "<run>", "--seed", "42");
        assertThat(plan.task("train-trials-2").args()).containsExactly("run", "/pipeline/credit-risk.yaml", "--node", "train", "--trial", "<trial>",
                "--parallelism", "1", "--workspace", "/workspace/<run>", "--run-id", "<run>", "--seed", "42");
        assertThat(plan.task("train").args()).containsExactly("run", "/pipeline/credit-risk.yaml", "--node", "train", "--select", "--parallelism", "1",
                "--workspace", "/workspace/<run>", "--run-id", "<run>", "--seed", "42");
        assertThat(plan.task("read").sizing()).isEqualTo("no local run: the floor");
        assertThat(plan.task("read").resources()).isEqualTo(new ClusterPlan.Resources("500m", "512Mi", "1", "768Mi"));
        assertThat(plan.dataPaths()).containsEntry("read", new ClusterPlan.DataPath(SAMPLES.resolve("credit/credit.csv").toAbsolutePath().toString(),
                "/data/credit/credit.csv"));
        assertThat(plan.pipelineText()).contains("path: /data/credit/credit.csv").doesNotContain("../credit");
        assertThat(plan.taskNames()).isEmpty();
    }

    @Test
    void theArgoFilesAreTheSameBytesForTheSamePlan() {
        Path file = SAMPLES.resolve("pipelines/credit-risk.yaml");
        List<ManifestFile> first = ArgoWriter.files(ClusterPlanner.plan(load(file), file, rootedAtSamples(), NodeMeasurements.NONE));
        List<ManifestFile> second = ArgoWriter.files(ClusterPlanner.plan(load(file), file, rootedAtSamples(), NodeMeasurements.NONE));
        assertThat(first).extracting(ManifestFile::name).containsExactly("rbac.yaml", "configmaps.yaml", "workflow-template.yaml", "workflow.yaml");
        assertThat(first).extracting(ManifestFile::text).isEqualTo(second.stream().map(ManifestFile::text).toList());
    }

    private static NodeMeasurements measured(String runKey, Map<String, Double> metrics) {
        return pipeline -> Optional.of(new NodeMeasurements.MeasuredRun(runKey, metrics));
    }

    private static ClusterOptions withResources(ClusterOptions.Resources resources) {
        return new ClusterOptions(null, null, null, null, null, new ClusterOptions.Data(SAMPLES.toAbsolutePath().toString(), null, null), null,
                resources, null, null, null);
    }

    @Test
    void aMeasuredNodeRequestsItsPeakTimesTheHeadroomPlusTheJvmBaseAndItsTrialsTheTuneNodes() {
        Path file = SAMPLES.resolve("pipelines/credit-risk.yaml");
        ClusterPlan plan = ClusterPlanner.plan(load(file), file, rootedAtSamples(), measured("r1", Map.of(
                "split.node_seconds", 3.25, "split.node_peak_memory_bytes", 400.0 * MI,
                "train.node_seconds", 61.0, "train.node_peak_memory_bytes", 2000.0 * MI,
                "read.node_seconds", 0.5, "read.node_peak_memory_bytes", 10.0 * MI)));
        // 400 MiB × 1.5 + 256 MiB = 856 MiB; limit × 1.5 = 1284 MiB
        assertThat(plan.task("split").resources()).isEqualTo(new ClusterPlan.Resources("500m", "856Mi", "1", "1284Mi"));
        assertThat(plan.task("split").sizing()).isEqualTo("node 'split' took 3.25 s and peaked at 400 MiB in run r1: 400 MiB × 1.5 + 256 MiB JVM base");
        // 10 MiB × 1.5 + 256 MiB is under the 512 MiB floor
        assertThat(plan.task("read").resources().memoryRequest()).isEqualTo("512Mi");
        assertThat(plan.task("read").sizing()).endsWith(", under the floor: the floor");
        // 2000 × 1.5 + 256 = 3256 MiB, for every trial batch and the select
        assertThat(plan.tasks()).filteredOn(task -> task.nodeId().equals("train")).extracting(task -> task.resources().memoryRequest())
                .containsOnly("3256Mi");
        assertThat(plan.task("train-trials-0").sizing()).startsWith("node 'train' (the whole study) took 61.00 s and peaked at 2.0 GiB in run r1");
        assertThat(plan.task("eval").sizing()).isEqualTo("run r1 did not measure node 'eval': the floor");
    }

    @Test
    void theOptionsOverridesWinOverTheMeasurementAndTheFloorAppliesWithoutARun() {
        Path file = SAMPLES.resolve("pipelines/credit-risk.yaml");
        var options = withResources(new ClusterOptions.Resources("250m", "1Gi", 2.0, Map.of("split", new ClusterOptions.Quantities(null, "2Gi"),
                "eval", new ClusterOptions.Quantities("3", null))));
        ClusterPlan plan = ClusterPlanner.plan(load(file), file, options, measured("r1", Map.of("split.node_peak_memory_bytes", 400.0 * MI,
                "eval.node_peak_memory_bytes", 1000.0 * MI, "eval.node_seconds", 2.0)));
        assertThat(plan.task("split").resources()).isEqualTo(new ClusterPlan.Resources("250m", "2Gi", "500m", "3Gi"));
        assertThat(plan.task("split").sizing()).isEqualTo("set in the options (resources.nodes.split)");
        // 1000 × 2 + 256 = 2256 MiB, with the CPU of the override
        assertThat(plan.task("eval").resources()).isEqualTo(new ClusterPlan.Resources("3", "2256Mi", "6", "3384Mi"));
        assertThat(plan.task("eval").sizing()).endsWith("; CPU set in the options (resources.nodes.eval.cpu)");

        ClusterPlan floor = ClusterPlanner.plan(load(file), file, options, null);
        assertThat(floor.task("eval").resources()).isEqualTo(new ClusterPlan.Resources("3", "1Gi", "6", "1536Mi"));
        assertThat(floor.task("register").sizing()).isEqualTo("no local run: the floor");
    }

    @Test
    void randomAndGridStudiesAreOneFanOutOfAllTheirTrials() throws Exception {
        Path file = Files.writeString(dir.resolve("random.yaml"), Files.readString(SAMPLES.resolve("pipelines/credit-risk.yaml"))
                .replace("../credit/credit.csv", SAMPLES.resolve("credit/credit.csv").toAbsolutePath().toString())
                .replace("strategy: tpe", "strategy: random").replace("trials: 20", "trials: 16")
                .replace("pruner: median", "pruner: none\n      parallel: 4"));
        var options = new ClusterOptions(null, null, 4, null, null, new ClusterOptions.Data(SAMPLES.toAbsolutePath().toString(), null, null), null,
                null, null, 9L, null);
        ClusterPlan plan = ClusterPlanner.plan(load(file), file, options, NodeMeasurements.NONE);
        assertThat(plan.tasks()).filteredOn(task -> task.kind() == ClusterPlan.Kind.TRIALS).singleElement()
                .satisfies(task -> {
                    assertThat(task.name()).isEqualTo("train-trials");
                    assertThat(task.trials()).isEqualTo(new ClusterPlan.Trials(0, 16));
                    assertThat(task.args()).containsSequence("--trial", "<trial>", "--parallelism", "4").endsWith("--seed", "9");
                });
        assertThat(plan.task("train").dependencies()).containsExactly("train-trials");
    }

    @Test
    void aNodeTypeThatCannotRunOnAClusterAndAFileOutsideTheDataRootAreRefusedTogether() throws Exception {
        Path data = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(data.resolve("rows.csv"), "x,label\n1,0\n2,1\n3,0\n4,1\n");
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Path file = Files.writeString(pipelines.resolve("prompted.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: prompted
                nodes:
                  - {id: read, type: read, params: {path: ../elsewhere/rows.csv}}
                  - {id: confirm, type: desktop_prompt, inputs: {table: read.table}}
                """);
        Pipeline pipeline = new PipelineValidator(NodeCatalog.standard().with(new DesktopPromptNode())).validate(PipelineFiles.read(file), pipelines,
                "prompted.yaml");
        var refusal = org.assertj.core.api.Assertions.catchThrowableOfType(ClusterRefusal.class,
                () -> ClusterPlanner.plan(pipeline, file, ClusterOptions.defaults(), NodeMeasurements.NONE));
        assertThat(refusal.reasons()).containsExactly(
                "node 'read' reads ../elsewhere/rows.csv (" + data.resolve("rows.csv") + "), which is not under the data root " + pipelines
                        + ": set data.root in the options (--options) to a folder holding it, and --data-uri to where that folder is mounted in the pod",
                "node 'confirm' (desktop_prompt) cannot run on a cluster: it waits for a person at this machine to confirm the table, and a pod has "
                        + "nobody to ask");
    }

    @Test
    void aDatabaseIsReadFromThePodAsItIsAndALoginByNameIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: orders
                nodes:
                  - {id: read, type: read, params: {path: "jdbc:postgresql://db.internal:5432/shop?user=reader", table: orders}}
                  - {id: split, type: split, inputs: {table: read.table}, params: {strategy: random, test: 0.2}}
                """);
        ClusterPlan plan = ClusterPlanner.plan(load(file), file, ClusterOptions.defaults(), NodeMeasurements.NONE);
        assertThat(plan.dataPaths()).as("no file to mount").isEmpty();
        assertThat(plan.pipelineText()).contains("jdbc:postgresql://db.internal:5432/shop?user=reader");

        Files.writeString(file, Files.readString(file).replace("table: orders}", "table: orders, credentials: shop}"));
        var refusal = org.assertj.core.api.Assertions.catchThrowableOfType(ClusterRefusal.class,
                () -> ClusterPlanner.plan(load(file), file, ClusterOptions.defaults(), NodeMeasurements.NONE));
        assertThat(refusal.reasons()).singleElement().asString().startsWith("node 'read' logs in to its database as credentials shop, which the pods");
    }

    @Test
    void nodeIdsAreMadeValidKubernetesNamesDeterministicallyWithoutClashes() throws Exception {
        String longId = "Read_" + "x".repeat(59);
        Path file = Files.writeString(dir.resolve("names.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: Names_Of_Nodes
                nodes:
                  - {id: read-data, type: read, params: {path: rows.csv}}
                  - {id: Read_Data, type: read, params: {path: rows.csv}}
                  - {id: read_data, type: read, params: {path: rows.csv}}
                  - {id: %s, type: read, params: {path: rows.csv}}
                """.formatted(longId));
        Files.writeString(dir.resolve("rows.csv"), "x,label\n1,0\n2,1\n");
        ClusterPlan plan = ClusterPlanner.plan(load(file), file, ClusterOptions.defaults(), NodeMeasurements.NONE);
        assertThat(plan.name()).isEqualTo("names-of-nodes");
        assertThat(plan.taskNames()).containsOnlyKeys("Read_Data", "read_data", longId);
        assertThat(plan.taskNames().get("Read_Data")).matches("read-data-[0-9a-f]{6}");
        assertThat(plan.taskNames().get("read_data")).matches("read-data-[0-9a-f]{6}").isNotEqualTo(plan.taskNames().get("Read_Data"));
        assertThat(plan.taskNames().get(longId)).hasSizeLessThanOrEqualTo(ClusterPlanner.NODE_NAME_MAX).matches("read-x+-[0-9a-f]{6}");
        assertThat(plan.tasks()).extracting(ClusterPlan.Task::name).doesNotHaveDuplicates().contains("read-data")
                .allMatch(name -> KubernetesNames.valid(name, 63));
        // the same ids give the same names on every export
        assertThat(ClusterPlanner.plan(load(file), file, ClusterOptions.defaults(), NodeMeasurements.NONE).taskNames()).isEqualTo(plan.taskNames());
    }

    @Test
    void anXgboostNodeOnCudaIsAGpuTaskAndTheOthersAreNot() throws Exception {
        // credit-risk as a person would write it for a GPU: device cuda among the tune node's hyperparameters
        String yaml = Files.readString(SAMPLES.resolve("pipelines/credit-risk.yaml"))
                .replace("hyperparameters: {num_round: 150, early_stopping_rounds: 20}", "hyperparameters: {num_round: 150, early_stopping_rounds: 20, device: cuda}")
                .replace("path: ../credit/credit.csv", "path: " + SAMPLES.resolve("credit/credit.csv").toAbsolutePath());
        assertThat(yaml).contains("device: cuda");
        Path file = Files.writeString(dir.resolve("credit-risk-gpu.yaml"), yaml);
        Pipeline onGpu = load(file);
        assertThat(onGpu.params().get("train").get("hyperparameters")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("device", "cuda");
        ClusterPlan plan = ClusterPlanner.plan(onGpu, file, rootedAtSamples(), NodeMeasurements.NONE);
        assertThat(plan.tasks()).filteredOn(ClusterPlan.Task::gpu).extracting(ClusterPlan.Task::nodeId).containsOnly("train").hasSize(12);
        assertThat(plan.task("eval").gpu()).isFalse();
        assertThat(plan.task("read").gpu()).isFalse();
    }

    @Test
    void everyOptionsProblemIsNamedByItsPath() {
        var options = new ClusterOptions("Bad_NS", new ClusterOptions.Image("Upper/Case", "latest"), 0, new ClusterOptions.Workspace(""),
                new ClusterOptions.StoreSecret("s", "bad key"), new ClusterOptions.Data(null, "relative", null),
                new ClusterOptions.Retries(-1, "soon", 0, null), new ClusterOptions.Resources("lots", "2GB", 0.5,
                Map.of("train", new ClusterOptions.Quantities("x", null))), null, null, new ClusterOptions.Monitors("daily"));
        assertThat(options.problems()).extracting(ClusterOptions.Problem::field).containsExactly("namespace", "image.repository", "image.tag",
                "parallelism", "workspace.claim", "store.key", "data.mount", "retries.limit", "retries.backoff", "retries.factor", "resources.cpu",
                "resources.memory", "resources.headroom", "resources.nodes.train.cpu", "monitors.schedule");
        assertThat(ClusterOptions.defaults().problems()).isEmpty();
    }
}
