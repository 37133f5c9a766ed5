package io.pipewright.export.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineValidator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterPlannerTest {
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
        assertThat(plan.tasks()).extracting(ClusterPlan.Task::name)
                .containsExactly("read", "split", "train-trials-0", "train-trials-1", "train-trials-2", "train-trials-3", "train-trials-4",
                        "train-trials-5", "train", "eval", "register");
        // TPE, 20 trials, parallelism 2: the 10 start-up trials together, then batches of 2
        assertThat(plan.tasks()).filteredOn(task -> task.kind() == ClusterPlan.Kind.TRIALS).extracting(ClusterPlan.Task::trials)
                .containsExactly(new ClusterPlan.Trials(0, 10), new ClusterPlan.Trials(10, 2), new ClusterPlan.Trials(12, 2),
                        new ClusterPlan.Trials(14, 2), new ClusterPlan.Trials(16, 2), new ClusterPlan.Trials(18, 2));
        assertThat(plan.task("train").dependencies()).containsExactly("train-trials-0", "train-trials-1", "train-trials-2", "train-trials-3",
                "train-trials-4", "train-trials-5");
        assertThat(plan.task("train-trials-0").dependencies()).containsExactly("split");
        assertThat(plan.task("train-trials-1").dependencies()).containsExactly("train-trials-0");
        assertThat(plan.task("register").dependencies()).containsExactly("train", "eval");
        assertThat(plan.task("read").args()).containsExactly("run", "/pipeline/credit-risk.yaml", "--node", "read", "--workspace", "/workspace/<run>",
                "--run-id", "<run>", "--seed", "42");
        assertThat(plan.task("train-trials-2").args()).containsExactly("run", "/pipeline/credit-risk.yaml", "--node", "train", "--trial", "<trial>",
                "--parallelism", "2", "--workspace", "/workspace/<run>", "--run-id", "<run>", "--seed", "42");
        assertThat(plan.task("train").args()).containsExactly("run", "/pipeline/credit-risk.yaml", "--node", "train", "--select", "--parallelism", "2",
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
}
