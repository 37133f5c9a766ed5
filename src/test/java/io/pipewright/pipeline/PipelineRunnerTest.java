package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.work.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunnerTest {
    @TempDir
    Path dir;

    private final NodeCache cache = new NodeCache(64);

    @BeforeEach
    void data() throws IOException {
        var text = new StringBuilder("x,y,colour,label\n");
        var random = new java.util.Random(3);
        for (int i = 0; i < 400; i++) {
            double x = random.nextGaussian();
            double y = random.nextGaussian();
            text.append(String.format(java.util.Locale.US, "%.3f,%.3f,%s,%s%n", x, y, i % 3 == 0 ? "red" : "blue", x + y > 0 ? "yes" : "no"));
        }
        Files.writeString(dir.resolve("data.csv"), text);
    }

    private PipelineDocument document(String trees) {
        return PipelineFiles.parse("""
                apiVersion: pipewright/v1
                kind: Pipeline
                name: t
                seed: 1
                nodes:
                  - id: read
                    type: read
                    params: {path: data.csv}
                  - id: split
                    type: split
                    inputs: {table: read.table}
                    params: {strategy: stratified, target: label}
                  - id: forest
                    type: train
                    inputs: {train: split.train}
                    params: {target: label, algorithm: random_forest, hyperparameters: {trees: %s}}
                  - id: logistic
                    type: train
                    inputs: {train: split.train}
                    params: {target: label, algorithm: logistic_regression}
                  - id: eval
                    type: evaluate
                    inputs: {model: forest.model, table: split.test}
                """.formatted(trees), "t.yaml", false);
    }

    private PipelineRunner.Result run(PipelineDocument document, String upTo, List<NodeEvent> events, Progress progress) {
        Pipeline pipeline = new PipelineValidator(NodeCatalog.standard()).validate(document, dir, "t.yaml");
        return new PipelineRunner(cache, 2).run(pipeline, upTo, document.seedOrDefault(), new RunListener() {
            @Override
            public void event(NodeEvent event) {
                events.add(event);
            }
        }, progress);
    }

    private static Map<String, NodeEvent.Status> statuses(PipelineRunner.Result result) {
        var map = new java.util.LinkedHashMap<String, NodeEvent.Status>();
        result.nodes().forEach((id, node) -> map.put(id, node.status()));
        return map;
    }

    @Test
    void aSecondRunAfterEditingOneNodeRunsOnlyThatNodeAndWhatReadsIt() {
        var first = run(document("20"), null, Collections.synchronizedList(new ArrayList<>()), Progress.NONE);
        assertThat(first.status()).isEqualTo(PipelineRunner.Status.FINISHED);
        assertThat(statuses(first).values()).containsOnly(NodeEvent.Status.DONE);

        var again = run(document("20"), null, Collections.synchronizedList(new ArrayList<>()), Progress.NONE);
        assertThat(statuses(again).values()).containsOnly(NodeEvent.Status.CACHED);

        var edited = run(document("30"), null, Collections.synchronizedList(new ArrayList<>()), Progress.NONE);
        assertThat(statuses(edited)).containsEntry("read", NodeEvent.Status.CACHED).containsEntry("split", NodeEvent.Status.CACHED)
                .containsEntry("logistic", NodeEvent.Status.CACHED).containsEntry("forest", NodeEvent.Status.DONE)
                .containsEntry("eval", NodeEvent.Status.DONE);
    }

    @Test
    void evaluationRowsWithAColourAndAClassNeverSeenInTrainingAreScoredNotRefused() throws IOException {
        Files.writeString(dir.resolve("later.csv"), "x,y,colour,label\n0.5,0.5,green,yes\n-1,-1,red,maybe\n1,1,blue,yes\n");
        var document = PipelineFiles.parse("""
                apiVersion: pipewright/v1
                kind: Pipeline
                name: t
                nodes:
                  - id: read
                    type: read
                    params: {path: data.csv}
                  - id: later
                    type: read
                    params: {path: later.csv}
                  - id: train
                    type: train
                    inputs: {train: read.table}
                    params: {target: label, algorithm: logistic_regression}
                  - id: eval
                    type: evaluate
                    inputs: {model: train.model, table: later.table}
                """, "t.yaml", false);
        var result = run(document, null, Collections.synchronizedList(new ArrayList<>()), Progress.NONE);
        assertThat(result.failure()).isNull();
        var evaluation = (Evaluation) result.outputs().get("eval").get("metrics");
        // yes/no was read as boolean in training, as text here (because of "maybe"): the labels still match;
        // the unseen class is added, and always wrong
        assertThat(evaluation.labels()).containsExactly("false", "true", "maybe");
        assertThat(evaluation.rows()).isEqualTo(3);
        assertThat(evaluation.metrics().get("accuracy")).isLessThanOrEqualTo(2.0 / 3);
    }

    @Test
    void aTargetThatIsNotAColumnNamesTheNodeAndTheClosestColumn() {
        var document = PipelineFiles.parse("""
                apiVersion: pipewright/v1
                kind: Pipeline
                name: t
                nodes:
                  - id: read
                    type: read
                    params: {path: data.csv}
                  - id: train
                    type: train
                    inputs: {train: read.table}
                    params: {target: lable}
                """, "t.yaml", false);
        var result = run(document, null, Collections.synchronizedList(new ArrayList<>()), Progress.NONE);
        assertThat(result.failure()).startsWith("node 'train', params.target: no column 'lable' in its input table (did you mean 'label'?)");
    }

    @Test
    void runningUpToANodeRunsOnlyWhatItDependsOn() {
        var result = run(document("20"), "split", Collections.synchronizedList(new ArrayList<>()), Progress.NONE);
        assertThat(result.nodes().keySet()).containsExactly("read", "split");
        assertThat(((DataTable) result.outputs().get("split").get("train")).rows()).isEqualTo(320);
    }

    @Test
    void aFailedNodeStopsTheNodesAfterItAndNamesItself() throws IOException {
        Pipeline pipeline = new PipelineValidator(NodeCatalog.standard()).validate(document("20"), dir, "t.yaml");
        Files.delete(dir.resolve("data.csv")); // gone between validation and the run
        var result = new PipelineRunner(cache, 2).run(pipeline, null, 1, RunListener.NONE, Progress.NONE);
        assertThat(result.status()).isEqualTo(PipelineRunner.Status.FAILED);
        assertThat(result.failure()).startsWith("node 'read', params.path: ").contains("data.csv: no such file");
        assertThat(statuses(result)).containsEntry("read", NodeEvent.Status.FAILED).containsEntry("eval", NodeEvent.Status.SKIPPED);
    }

    @Test
    void aDatasetPathThatDoesNotExistIsRefusedBeforeAnythingRuns() throws IOException {
        Files.delete(dir.resolve("data.csv"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new PipelineValidator(NodeCatalog.standard())
                .validate(document("20"), dir, "t.yaml")))
                .isInstanceOf(PipelineException.class).hasMessageContaining("t.yaml: node 'read', params.path: ").hasMessageEndingWith("data.csv: no such file");
    }

    @Test
    void aCancelledRunStopsAndMarksWhatDidNotRun() {
        var cancelled = new AtomicBoolean();
        var events = Collections.synchronizedList(new ArrayList<NodeEvent>());
        var result = run(document("20"), null, new ArrayList<>() {
            @Override
            public boolean add(NodeEvent event) {
                if (event.status() == NodeEvent.Status.DONE && event.nodeId().equals("split")) {
                    cancelled.set(true);
                }
                return events.add(event);
            }
        }, new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        });
        assertThat(result.status()).isEqualTo(PipelineRunner.Status.CANCELLED);
        assertThat(statuses(result)).containsEntry("read", NodeEvent.Status.DONE).containsEntry("eval", NodeEvent.Status.CANCELLED);
    }

    @Test
    void independentBranchesRunAtTheSameTime() {
        // two branches that each wait for the other to start: run one after the other, the first would wait in vain
        var started = new java.util.concurrent.CountDownLatch(2);
        var metBoth = new java.util.concurrent.atomic.AtomicInteger();
        class Meet extends io.pipewright.pipeline.nodes.BaseNode {
            Meet() {
                super("meet", "Data", "waits until the other branch has started too",
                        List.of(PortSpec.required("table", PortType.TABLE, "rows")), List.of(PortSpec.required("table", PortType.TABLE, "the same rows")),
                        List.of());
            }

            @Override
            public Map<String, Object> run(NodeContext context) {
                started.countDown();
                try {
                    if (started.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        metBoth.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.of("table", context.input("table"));
            }
        }
        PipelineDocument document = PipelineFiles.parse("""
                apiVersion: pipewright/v1
                kind: Pipeline
                name: t
                seed: 1
                nodes:
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: left, type: meet, inputs: {table: read.table}}
                  - {id: right, type: meet, inputs: {table: read.table}}
                """, "t.yaml", false);
        Pipeline pipeline = new PipelineValidator(NodeCatalog.standard().with(new Meet())).validate(document, dir, "t.yaml");
        var result = new PipelineRunner(cache, 2).run(pipeline, null, 1, RunListener.NONE, Progress.NONE);
        assertThat(result.status()).isEqualTo(PipelineRunner.Status.FINISHED);
        assertThat(metBoth.get()).as("each branch saw the other running").isEqualTo(2);
    }
}
