package io.pipewright.ui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.export.Validation;
import io.pipewright.export.cluster.ArgoWriter;
import io.pipewright.export.cluster.ClusterPlan;
import io.pipewright.export.cluster.ClusterExport;
import io.pipewright.export.cluster.ManifestFile;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export for cluster without a window: the sample planned and validated, a refusal in words, a field's problem, and the export's gate. */
class ClusterExportViewModelTest {
    static final Path CREDIT = Path.of("sample-data/pipelines/credit-risk.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    private final Notifications notifications = new Notifications();

    private ClusterExportViewModel model(List<ClusterTarget> targets) {
        return new ClusterExportViewModel(new ClusterExportViewModel.Services(new SameThreadTaskExecutor(), Optional::empty, notifications),
                NodeCatalog.standard(), targets);
    }

    @Test
    void theSampleIsPlannedDrawnAsItsCanvasAndValidated() {
        var model = model(ClusterTarget.available());
        model.use(CREDIT, false);

        // the sample reads ../credit/credit.csv: the data root proposed is the folder holding it and the pipeline
        assertThat(model.dataRootProperty().get()).isEqualTo(CREDIT.getParent().getParent().toString());
        assertThat(model.refusals()).isEmpty();
        // TPE with the node's parallel 1: the ten start-up trials together, then one batch per trial, as in one process
        var names = new java.util.ArrayList<>(List.of("read", "split"));
        for (int batch = 0; batch <= 10; batch++) {
            names.add("train-trials-" + batch);
        }
        names.addAll(List.of("train", "eval", "register"));
        assertThat(model.tasks()).extracting(ClusterPlan.Task::name).containsExactlyElementsOf(names);
        assertThat(model.checks()).as("%s", model.checks()).extracting(Validation.Check::status).containsExactly(Validation.Status.PASSED,
                Validation.Status.PASSED, Validation.Status.PASSED, Validation.Status.PASSED);
        assertThat(model.exportableProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).isEqualTo("16 tasks in 4 files; every check passed: ready to export");

        // the graph: one box per node where the canvas has it, the tune node as its trial stack then its select task
        ClusterGraph graph = model.graphProperty().get();
        assertThat(graph.boxes()).extracting(ClusterGraph.Box::id).containsExactly("read", "split", "train-trials", "train", "eval", "register");
        ClusterGraph.Box stack = graph.box("train-trials");
        assertThat(stack.shape()).isEqualTo(ClusterGraph.Shape.TRIALS);
        assertThat(stack.detail()).isEqualTo("20 trials, 11 batches\n10, then 1 at a time");
        assertThat(graph.box("train").x()).isGreaterThan(stack.x());
        assertThat(graph.box("train").y()).isEqualTo(stack.y());
        assertThat(graph.box("split").x()).isLessThan(stack.x());
        assertThat(graph.box("eval").x()).isGreaterThan(graph.box("train").x());
        assertThat(graph.edges()).contains(new ClusterGraph.Edge("split", "train-trials"), new ClusterGraph.Edge("train-trials", "train"),
                new ClusterGraph.Edge("train", "eval"), new ClusterGraph.Edge("eval", "register"), new ClusterGraph.Edge("train", "register"));

        // the first task is shown; choosing the select task shows its command line with Argo's names for the run
        assertThat(model.selectedProperty().get().name()).isEqualTo("read");
        model.selectedProperty().set(model.planProperty().get().task("train"));
        assertThat(model.commandProperty().get()).isEqualTo("pipewright run /pipeline/credit-risk.yaml --node train --select --parallelism 1 "
                + "--workspace /workspace/{{workflow.name}} --run-id {{workflow.name}} --seed 42");
        model.selectedProperty().set(model.planProperty().get().task("train-trials-1"));
        assertThat(model.commandProperty().get()).contains("--trial {{item}}");
    }

    @Test
    void aPlanThatCannotBeMadeIsRefusedInWordsAndNothingIsExported() throws Exception {
        var model = model(ClusterTarget.available());
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        model.dataRootProperty().set(elsewhere.toString());
        model.folderProperty().set(dir.resolve("out").toString());
        model.use(CREDIT, false);

        assertThat(model.planProperty().get()).isNull();
        assertThat(model.tasks()).isEmpty();
        assertThat(model.refusals()).singleElement().asString().startsWith("node 'read' reads ../credit/credit.csv")
                .contains("not under the data root " + elsewhere, "set data.root");
        assertThat(model.messageProperty().get()).isEqualTo("Cannot export: 1 thing to change, listed below.");
        model.export();
        assertThat(dir.resolve("out")).doesNotExist();

        // a pipeline never saved: said, not planned
        model.use(null, true);
        assertThat(model.refusals()).singleElement().asString().startsWith("The pipeline has not been saved to a file yet");
    }

    @Test
    void aFieldThatCannotBeUsedIsNamedAndBlocksTheExport() {
        var model = model(ClusterTarget.available());
        model.use(CREDIT, false);
        assertThat(model.exportableProperty().get()).isTrue();

        model.namespaceProperty().set("Team_A");
        model.parallelismProperty().set("two");
        model.replan();
        assertThat(model.problems()).extracting(Object::toString).containsExactly("parallelism: must be a whole number, not 'two'",
                "namespace: must be a Kubernetes namespace name (lower-case letters, digits, '-'), not 'Team_A'");
        assertThat(model.exportableProperty().get()).isFalse();
        assertThat(model.messageProperty().get()).startsWith("Fix the options marked in the form: parallelism");

        model.namespaceProperty().set("team-a");
        model.parallelismProperty().set("4");
        model.replan();
        assertThat(model.problems()).isEmpty();
        assertThat(model.exportableProperty().get()).isTrue();
        assertThat(model.planProperty().get().namespace()).isEqualTo("team-a");
        assertThat(model.graphProperty().get().box("train-trials").detail()).as("the batches are the node's, the parallelism only caps the pods")
                .isEqualTo("20 trials, 11 batches\n10, then 1 at a time");
    }

    @Test
    void theExportWritesTheValidatedFilesAndOnlyWhenEveryCheckPassed() throws Exception {
        var model = model(ClusterTarget.available());
        model.use(CREDIT, true);
        assertThat(model.unsavedProperty().get()).startsWith("The pipeline has unsaved changes: this export is made from credit-risk.yaml as saved");
        assertThat(model.folderProperty().get()).isEqualTo(CREDIT.getParent().resolve("credit-risk-argo").toString());
        Path out = dir.resolve("argo");
        model.folderProperty().set(out.toString());
        model.export();
        assertThat(model.written()).extracting(path -> path.getFileName().toString()).containsExactly("rbac.yaml", "configmaps.yaml",
                "workflow-template.yaml", "workflow.yaml");
        assertThat(out.resolve("workflow-template.yaml")).content().contains("withSequence", "--select");
        assertThat(model.messageProperty().get()).startsWith("Wrote 4 files into " + out);
        assertThat(notifications.latestProperty().get().text()).isEqualTo("Exported the Argo Workflows workflow to " + out);

        // a writer whose template carries a field Argo does not know: validation fails, and nothing is written
        var broken = new ClusterTarget("Argo (broken)", "argo", "{{workflow.name}}", "{{item}}", plan -> {
            var files = new ArrayList<ManifestFile>();
            for (ManifestFile file : ArgoWriter.files(plan)) {
                var documents = new ArrayList<Map<String, Object>>();
                for (Map<String, Object> document : file.documents()) {
                    var copy = new LinkedHashMap<>(document);
                    if ("WorkflowTemplate".equals(copy.get("kind"))) {
                        copy.put("colour", "blue");
                    }
                    documents.add(copy);
                }
                files.add(new ManifestFile(file.name(), file.header(), documents));
            }
            return ClusterExport.checked(plan, ClusterExport.ARGO, files.stream().map(ManifestFile::exported).toList());
        });
        var refused = model(List.of(broken));
        refused.use(CREDIT, false);
        assertThat(refused.checks()).filteredOn(check -> check.status() == Validation.Status.FAILED).singleElement()
                .satisfies(check -> assertThat(check.problems()).anyMatch(problem -> problem.contains("colour")));
        assertThat(refused.exportableProperty().get()).isFalse();
        Path notWritten = dir.resolve("broken");
        refused.folderProperty().set(notWritten.toString());
        refused.export();
        assertThat(notWritten).doesNotExist();
        assertThat(refused.messageProperty().get()).isEqualTo("Nothing was written: the export has not passed validation.");
    }
}
