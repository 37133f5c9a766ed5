package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.track.StoreException;
import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorded run is whole, or closed as failed saying why: never left running for the next start to call killed. */
class RunRecorderTest {
    @TempDir
    Path dir;

    private Pipeline pipeline(String expression) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "a,b\n1,2\n3,4\n");
        var document = PipelineFiles.parse("""
                apiVersion: pipewright/v1
                kind: Pipeline
                name: recorded
                nodes:
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: derive, type: derive, inputs: {table: read.table}, params: {name: c, expression: "%s"}}
                """.formatted(expression), "recorded.yaml", false);
        return new PipelineValidator(NodeCatalog.standard()).validate(document, dir, "recorded.yaml");
    }

    private static PipelineRunner.Result run(Pipeline pipeline) {
        return new PipelineRunner(new NodeCache(4), 1).run(pipeline, null, 1, new RunListener() {
        }, Progress.NONE);
    }

    @Test
    void theParamsAreWrittenWithTheRunsStartAndTheResultsWithItsEnd() throws Exception {
        Pipeline pipeline = pipeline("a + b + " + "0 + ".repeat(3_000) + "1");
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var recorder = RunRecorder.start(runs, pipeline, "run-1", "recorded.yaml", 1, Map.of("pipeline.file", "recorded.yaml"));
            assertThat(runs.params(recorder.run().id())).as("recorded before any node runs")
                    .containsEntry("derive.expression", "a + b + " + "0 + ".repeat(3_000) + "1");
            Path artifact = Files.writeString(dir.resolve("report.json"), "{}");
            recorder.finish(pipeline, run(pipeline), Map.of("derive", artifact), file -> "report");
            var finished = runs.find("run-1").orElseThrow();
            assertThat(finished.status()).isEqualTo(Runs.FINISHED);
            assertThat(runs.artifacts(finished.id())).containsOnlyKeys(artifact.toString());
            assertThat(runs.datasets(finished.id())).hasSize(1);
            assertThat(runs.latestMetrics(finished.id())).as("each node's time and peak memory, as a workflow's node records them")
                    .containsKeys("read.node_seconds", "read.node_peak_memory_bytes", "derive.node_seconds", "derive.node_peak_memory_bytes");
        }
    }

    @Test
    void resultsThatCannotBeRecordedCloseTheRunAsFailedSayingWhy() throws Exception {
        Pipeline pipeline = pipeline("a + b");
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var recorder = RunRecorder.start(runs, pipeline, "run-2", "recorded.yaml", 1, Map.of());
            Path gone = dir.resolve("deleted.pwmodel");

            Throwable thrown = catchThrowable(() -> recorder.finish(pipeline, run(pipeline), Map.of("derive", gone), file -> null));

            assertThat(thrown).isInstanceOf(StoreException.class).hasMessageStartingWith("cannot read " + gone)
                    .hasMessageEndingWith("(the run is recorded as failed)");
            var closed = runs.find("run-2").orElseThrow();
            assertThat(closed.status()).isEqualTo(Runs.FAILED);
            assertThat(closed.failure()).startsWith("its results could not be recorded: cannot read " + gone);
            assertThat(runs.artifacts(closed.id())).as("none of the results: they are written together or not at all").isEmpty();
            assertThat(runs.datasets(closed.id())).isEmpty();
        }
    }
}
