package io.pipewright.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeCache;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.RunEnvironment;
import io.pipewright.pipeline.RunListener;
import io.pipewright.quality.drift.Drift;
import io.pipewright.quality.drift.DriftOptions;
import io.pipewright.quality.drift.DriftReport;
import io.pipewright.train.TrainedModel;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftNodeTest {
    @TempDir
    Path dir;

    /** Files the node attached, by name, and their kinds. */
    private final Map<String, byte[]> attached = new LinkedHashMap<>();
    private final Map<String, String> kinds = new LinkedHashMap<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();

    @BeforeEach
    void data() throws IOException {
        TestPipelines.writeData(dir);
        // the current rows: x shifted by two standard deviations, city mostly Lima
        var text = new StringBuilder("age,income,city,joined,x,y,label\n");
        var random = new Random(8);
        for (int i = 0; i < 300; i++) {
            double x = random.nextGaussian() + 2;
            double y = random.nextGaussian();
            text.append(String.format(Locale.US, "%d,%d,%s,2021-%02d-%02d,%.3f,%.3f,%s%n", 10 + i % 60, 1000 * (i % 50),
                    i % 5 == 0 ? "Oslo" : "Lima", 1 + i % 12, 1 + i % 28, x, y, x + y > 0 ? "yes" : "no"));
        }
        Files.writeString(dir.resolve("current.csv"), text);
    }

    private static String drift(String params) {
        return "  - id: served\n    type: read\n    params: {path: current.csv}\n"
                + "  - id: watch\n    type: drift\n    inputs: {reference: read.table, current: served.table}\n"
                + (params.isEmpty() ? "" : "    params: {" + params + "}\n");
    }

    private PipelineRunner.Result run(String nodes) {
        var environment = new RunEnvironment() {
            @Override
            public Path attach(String nodeId, String fileName, String kind, byte[] content) {
                attached.put(fileName, content);
                kinds.put(fileName, kind);
                return dir.resolve(fileName);
            }

            @Override
            public String register(TrainedModel model, String name, String alias, Map<String, Double> values, String nodeId) {
                throw new UnsupportedOperationException();
            }
        };
        RunListener listener = new RunListener() {
            @Override
            public void metric(String nodeId, String key, long step, double value) {
                metrics.put(key, value);
            }
        };
        return new PipelineRunner(new NodeCache(8), 1, environment).run(TestPipelines.validate(nodes, dir), null, 1, listener, Progress.NONE);
    }

    @Test
    void attachesTheReportAndPassesTheCurrentRowsOn() throws IOException {
        var result = run(drift(""));

        assertThat(result.failure()).isNull();
        DataTable out = (DataTable) result.outputs().get("watch").get("table");
        assertThat(out).isSameAs(result.outputs().get("served").get("table"));
        assertThat(kinds).containsEntry("watch.drift.json", "drift").containsEntry("watch.drift.html", "drift");
        JsonNode report = new ObjectMapper().readTree(attached.get("watch.drift.json"));
        assertThat(report.get("datasetDrift").asBoolean()).isTrue();
        assertThat(new String(attached.get("watch.drift.html"), StandardCharsets.UTF_8)).contains("Dataset drift: ");
        assertThat(metrics).containsKeys("drift.x.psi", "drift.city.psi", "drift.share");
        assertThat(metrics.get("drift.x.psi")).isGreaterThan(0.2);
        assertThat(metrics.get("drift.y.psi")).isLessThan(0.1);
    }

    @Test
    void failsTheRunOnDriftWhenAskedAndKeepsTheReport() {
        var result = run(drift("on_drift: fail"));

        assertThat(result.status()).isEqualTo(PipelineRunner.Status.FAILED);
        assertThat(result.failure()).startsWith("node 'watch': dataset drift: ").contains(" tested columns drifted (").contains("x").contains("city");
        assertThat(attached).containsKey("watch.drift.json");
    }

    @Test
    void aHighShareWarnsOnlyWhenEnoughColumnsDrift() {
        var result = run(drift("drift_share: 1.0, on_drift: fail"));

        assertThat(result.failure()).isNull();
        assertThat(metrics.get("drift.share")).isLessThan(1.0);
    }

    @Test
    void aTargetThatIsNotAColumnIsNamed() {
        var result = run(drift("target: nope"));

        assertThat(result.failure()).isEqualTo("node 'watch', params.target: the reference table has no column 'nope'");
    }

    @Test
    void choosesTheSameTestsAsTheFileComparison() {
        var result = run(drift(""));
        DriftReport fromFiles = Drift.compare(Drift.reader(dir.resolve("data.csv")), Drift.reader(dir.resolve("current.csv")),
                DriftOptions.defaults(), Progress.NONE);
        JsonNode fromTables;
        try {
            fromTables = new ObjectMapper().readTree(attached.get("watch.drift.json"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(result.failure()).isNull();
        var tests = new LinkedHashMap<String, String>();
        fromTables.get("columns").forEach(column -> tests.put(column.get("name").asText(), column.get("test").asText()));
        for (var column : fromFiles.columns()) {
            assertThat(tests).as(column.name()).containsEntry(column.name(), column.test());
        }
        assertThat(tests.keySet()).containsExactlyInAnyOrderElementsOf(fromFiles.columns().stream().map(DriftReport.ColumnDrift::name).toList());
        assertThat(List.of("x", "city")).allSatisfy(name -> assertThat(fromFiles.driftedNames()).contains(name));
    }
}
