package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipewright export-pipeline}: what it prints and writes, its sizing from a recorded run, and each refusal (exit 2, nothing written). */
class ExportPipelineCommandTest {
    @TempDir
    Path dir;

    private Path data() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        var random = new Random(5);
        var text = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 300; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            text.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", a, b, a + b + random.nextGaussian() * 0.5 > 0 ? 1 : 0));
        }
        Files.writeString(data.resolve("rows.csv"), text);
        return data;
    }

    private Path pipeline(String name, String path, String readId) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("pipelines"));
        return Files.writeString(folder.resolve(name + ".yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: %s
                seed: 7
                nodes:
                  - id: %s
                    type: read
                    params: {path: %s}
                  - id: split
                    type: split
                    inputs: {table: %s.table}
                    params: {strategy: stratified, target: label, test: 0.25}
                  - id: tune
                    type: tune
                    inputs: {train: split.train}
                    params: {target: label, algorithm: xgboost, strategy: random, trials: 4, parallel: 3, metric: roc_auc,
                             hyperparameters: {num_round: 5}, space: {max_depth: {int: [2, 4]}}}
                  - id: eval
                    type: evaluate
                    inputs: {model: tune.model, table: split.test}
                """.formatted(name, readId, path, readId));
    }

    private Path options(String body) throws Exception {
        return Files.writeString(dir.resolve("cluster.yaml"), body);
    }

    @Test
    void writesTheArgoFilesAndPrintsTheDagTheResourcesAndHowToApply() throws Exception {
        data();
        Path pipeline = pipeline("small", "../data/rows.csv", "read");
        Path out = dir.resolve("argo");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--out", out.toString(),
                "--options", options("data: {root: data}\nparallelism: 3\n").toString(), "--data-uri", "file:///mnt/data");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(out.resolve("workflow-template.yaml")).exists();
        assertThat(out.resolve("workflow.yaml")).exists();
        assertThat(out.resolve("configmaps.yaml")).content().contains("path: /mnt/data/rows.csv");
        assertThat(run.out()).contains("small: exported for Argo Workflows (namespace default, image ghcr.io/pipewright/pipewright:", "parallelism 3, seed 7)")
                .contains("  wrote " + out.resolve("workflow-template.yaml"))
                .containsSubsequence("  read ", "  split ", "after read", "  tune-trials ", "after split", "[trials 0–3]",
                        "pipewright run /pipeline/small.yaml --node tune --trial {{item}} --parallelism 3 --workspace /workspace/{{workflow.name}}"
                                + " --run-id {{workflow.name}} --seed 7",
                        "  tune ", "after tune-trials", "--select", "  eval ", "after tune, split")
                .contains("cpu 500m / 1, memory 512Mi / 768Mi: no local run: the floor")
                .contains("read: " + dir.resolve("data/rows.csv") + " -> /mnt/data/rows.csv")
                .contains("argo template create -n default " + out.resolve("workflow-template.yaml"))
                .contains("argo submit -n default --from workflowtemplate/small");
    }

    @Test
    void sizesEachTaskFromThePipelinesLastLocalRun() throws Exception {
        data();
        Path pipeline = pipeline("measured", "../data/rows.csv", "read");
        Path home = dir.resolve("home");
        CliRun local = CliRun.in(home, "run", pipeline.toString(), "--json", "-");
        assertThat(local.code()).as(local.err()).isZero();
        String runId = new ObjectMapper().readTree(local.out()).get("runId").asText();

        CliRun run = CliRun.in(home, "export-pipeline", pipeline.toString(), "--target", "argo", "--out", dir.resolve("argo").toString(),
                "--options", options("data: {root: data}\nresources: {nodes: {eval: {cpu: '2', memory: 3Gi}}}\n").toString(), "--json", "-");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(run.out());
        JsonNode split = summary.get("tasks").get(1);
        assertThat(split.get("name").asText()).isEqualTo("split");
        assertThat(split.get("sizing").asText()).startsWith("node 'split' took ").contains(" in run " + runId + ": ").contains(" × 1.5 + 256 MiB JVM base");
        JsonNode trials = summary.get("tasks").get(2);
        assertThat(trials.get("kind").asText()).isEqualTo("trials");
        assertThat(trials.get("sizing").asText()).startsWith("node 'tune' (the whole study) took ");
        JsonNode eval = summary.get("tasks").get(4);
        assertThat(eval.get("requests").toString()).isEqualTo("{\"cpu\":\"2\",\"memory\":\"3Gi\"}");
        assertThat(eval.get("limits").toString()).isEqualTo("{\"cpu\":\"4\",\"memory\":\"4608Mi\"}");
        assertThat(eval.get("sizing").asText()).isEqualTo("set in the options (resources.nodes.eval)");
        // the human summary goes to stderr when the JSON is on stdout
        assertThat(run.err()).contains("tasks, in order:");
    }

    @Test
    void aReadNodeOutsideTheDataRootIsRefusedNamingTheNodeAndThePathAndNothingIsWritten() throws Exception {
        data();
        Path pipeline = pipeline("outside", "../data/rows.csv", "read");
        Path out = dir.resolve("argo");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--out", out.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("pipewright: node 'read' reads ../data/rows.csv (" + dir.resolve("data/rows.csv")
                + "), which is not under the data root " + dir.resolve("pipelines") + ": set data.root in the options (--options) to a folder holding it,"
                + " and --data-uri to where that folder is mounted in the pod");
        assertThat(out).doesNotExist();
    }

    @Test
    void everyRefusalIsListedAtOnceOneLineEach() throws Exception {
        data();
        Path pipeline = pipeline("many", "../data/rows.csv", "read");
        Path options = options("parallelism: 0\nimage: {tag: latest}\n");
        Path out = dir.resolve("argo");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--out", out.toString(),
                "--options", options.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(3)
                .anyMatch(line -> line.startsWith("pipewright: cluster.yaml: image.tag: 'latest' does not say which Pipewright runs"))
                .contains("pipewright: cluster.yaml: parallelism: must be between 1 and 1000, not 0")
                .anyMatch(line -> line.startsWith("pipewright: node 'read' reads ../data/rows.csv"));
        assertThat(out).doesNotExist();
    }

    @Test
    void anUnknownOptionsFieldIsOneLineNamingIt() throws Exception {
        data();
        Path pipeline = pipeline("unknown", "../data/rows.csv", "read");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--out", dir.resolve("argo").toString(),
                "--options", options("data: {root: data}\nparalelism: 3\n").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).contains("cluster.yaml").contains("paralelism");
        assertThat(dir.resolve("argo")).doesNotExist();
    }

    @Test
    void nodeIdsThatAreNotKubernetesNamesAreMappedAndTheMappingShown() throws Exception {
        data();
        Path pipeline = pipeline("Mapped_Names", "../data/rows.csv", "Read_Data");
        Path out = dir.resolve("argo");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--out", out.toString(),
                "--options", options("data: {root: data}\n").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("task names (node id -> task):\n  Read_Data -> read-data\n").contains("  split ", "after read-data");
        assertThat(out.resolve("workflow-template.yaml")).content().contains("#   Read_Data -> read-data\n").contains("name: mapped-names\n")
                .contains("- --node\n          - Read_Data\n");
    }

    @Test
    void aMonitorBecomesACronWorkflowThatSubmitsTheWorkflowWhenItTriggers() throws Exception {
        data();
        Path pipeline = pipeline("watched", "../data/rows.csv", "read");
        Files.createDirectories(dir.resolve("data/incoming"));
        Path monitor = Files.writeString(dir.resolve("pipelines/watch.yaml"), """
                monitor: Watch Rows
                model: watched@champion
                reference: ../data/rows.csv
                current: {folder: ../data/incoming}
                retrain: {pipeline: watched.yaml}
                """);
        Path out = dir.resolve("argo");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--out", out.toString(),
                "--options", options("data: {root: data}\nmonitors: {schedule: '0 */6 * * *'}\n").toString(), "--monitor", monitor.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("monitor Watch Rows: on 0 */6 * * * runs pipewright monitor run /monitor/watch.yaml --json /tmp/check.json");
        assertThat(out.resolve("cron-watch-rows.yaml")).content().contains("kind: CronWorkflow", "schedules:\n    - 0 */6 * * *",
                "when: \"{{=jsonpath(steps.check.outputs.parameters.check, '$.triggered') == true}}\"", "workflowTemplateRef:", "name: watched\n");
        assertThat(out.resolve("configmaps.yaml")).content().contains("reference: /data/rows.csv", "folder: /data/incoming").doesNotContain("retrain:");
    }

    @Test
    void aMonitorReadingServedFeedbackHasItsFolderOnTheDataVolume() throws Exception {
        data();
        Path pipeline = pipeline("watched", "../data/rows.csv", "read");
        Files.createDirectories(dir.resolve("data/served"));
        Path monitor = Files.writeString(dir.resolve("pipelines/watch.yaml"), """
                monitor: watch
                model: watched@champion
                reference: ../data/rows.csv
                current: {feedback: ../data/served}
                retrain: {pipeline: watched.yaml}
                """);
        Path out = dir.resolve("argo");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--out", out.toString(),
                "--options", options("data: {root: data}\n").toString(), "--monitor", monitor.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(out.resolve("configmaps.yaml")).content().contains("feedback: /data/served");
    }

    @Test
    void aMonitorRetrainingAnotherPipelineIsRefusedNamingBoth() throws Exception {
        data();
        Path pipeline = pipeline("exported", "../data/rows.csv", "read");
        Path other = pipeline("other", "../data/rows.csv", "read");
        Path monitor = Files.writeString(dir.resolve("pipelines/watch.yaml"), """
                monitor: watch
                model: other@champion
                current: {folder: ../data}
                retrain: {pipeline: other.yaml}
                """);
        Path out = dir.resolve("argo");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--out", out.toString(),
                "--options", options("data: {root: data}\n").toString(), "--monitor", monitor.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("pipewright: watch.yaml: retrain.pipeline: the monitor retrains " + other + ", not the exported pipeline "
                + pipeline + ": export that pipeline with this monitor");
        assertThat(out).doesNotExist();
    }

    @Test
    void theAirflowTargetWritesTheCheckedDagFileAndPrintsItsOwnCommandLines() throws Exception {
        data();
        Path pipeline = pipeline("small", "../data/rows.csv", "read");
        Path out = dir.resolve("airflow");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "airflow", "--out", out.toString(),
                "--options", options("data: {root: data}\n").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(out.resolve("small_dag.py")).content().contains("KubernetesPodOperator", ".expand(");
        assertThat(out.resolve("configmaps.yaml")).exists();
        assertThat(run.err()).contains("  ConfigMaps: passed").containsAnyOf("  Python: passed", "  Python: skipped");
        assertThat(run.out()).contains("small: exported for Airflow (namespace default")
                .contains("pipewright run /pipeline/small.yaml --node read --workspace /workspace/{{ run_id | pipewright_run }} --run-id "
                        + "{{ run_id | pipewright_run }} --seed 7")
                .contains("--node tune --trial <trial> --parallelism 3")
                .doesNotContain("{{workflow.name}}")
                .contains("copy " + out.resolve("small_dag.py") + " into Airflow's dags folder, then: airflow dags trigger small");
    }

    @Test
    void anUnknownTargetIsBadUsage() throws Exception {
        data();
        Path pipeline = pipeline("target", "../data/rows.csv", "read");
        CliRun run = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "kubeflow", "--out", dir.resolve("x").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--target: must be argo or airflow, not 'kubeflow'");
    }

    @Test
    void anOutThatIsAFileIsOneLineAndAnExportAgainWritesTheSameBytes() throws Exception {
        data();
        Path pipeline = pipeline("again", "../data/rows.csv", "read");
        Path file = Files.writeString(dir.resolve("taken"), "kept");
        CliRun refused = CliRun.in(dir.resolve("home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--out", file.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.errLines()).containsExactly("pipewright: --out " + file + ": is a file, not a folder");
        assertThat(file).hasContent("kept");

        Path options = options("data: {root: data}\n");
        Path out = dir.resolve("argo");
        String[] args = {"export-pipeline", pipeline.toString(), "--target", "argo", "--out", out.toString(), "--options", options.toString()};
        assertThat(CliRun.in(dir.resolve("home"), args).code()).isZero();
        String first = Files.readString(out.resolve("workflow-template.yaml"));
        assertThat(CliRun.in(dir.resolve("home"), args).code()).isZero();
        assertThat(out.resolve("workflow-template.yaml")).hasContent(first);
    }
}
