package io.pipewright.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeCache;
import io.pipewright.pipeline.PipelineException;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.RunEnvironment;
import io.pipewright.pipeline.RunListener;
import io.pipewright.train.TrainedModel;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validate node: passes the table through, keeps the report with the run, fails or warns, and refuses a bad suite up front. */
class ValidateNodeTest {
    @TempDir
    Path dir;

    private final Map<String, byte[]> attached = new LinkedHashMap<>();
    private final Map<String, Double> metrics = new ConcurrentHashMap<>();

    private final RunEnvironment environment = new RunEnvironment() {
        @Override
        public Path attach(String nodeId, String fileName, String kind, byte[] content) {
            attached.put(fileName, content);
            return dir.resolve(fileName);
        }

        @Override
        public String register(TrainedModel model, String name, String alias, Map<String, Double> metrics, String nodeId) {
            throw new UnsupportedOperationException();
        }
    };

    private final RunListener listener = new RunListener() {
        @Override
        public void metric(String nodeId, String key, long step, double value) {
            metrics.put(key, value);
        }
    };

    // data.csv (TestPipelines): age 10–69 missing on every 10th row, income, city Oslo/Rome/Lima, joined (2020), x, y, label
    private static final String SUITE = """
            suite: people
            table:
              rows: {min: 250, max: 350}
              rules:
                - name: positive income
                  expression: income >= 0
            columns:
              age: {type: numeric, maxMissing: 0.15, min: 10, max: 69}
              city: {allowed: [Oslo, Rome, Lima]}
              joined: {type: datetime, min: 2020-01-01, max: 2020-12-31}
            """;

    @BeforeEach
    void data() throws IOException {
        TestPipelines.writeData(dir);
    }

    private static String node(String params) {
        return "  - id: check\n    type: validate\n    inputs: {table: read.table}\n    params: {" + params + "}\n";
    }

    private PipelineRunner.Result run(String nodes) {
        return new PipelineRunner(new NodeCache(8), 1, environment).run(TestPipelines.validate(nodes, dir), null, 1, listener, Progress.NONE);
    }

    @Test
    void aPassingSuitePassesTheTableOnAndKeepsTheReport() throws IOException {
        Files.writeString(dir.resolve("people.suite.yaml"), SUITE);
        var result = run(node("suite: people.suite.yaml"));

        assertThat(result.failure()).isNull();
        DataTable read = (DataTable) result.outputs().get("read").get("table");
        DataTable checked = (DataTable) result.outputs().get("check").get("table");
        assertThat(checked).isSameAs(read);
        assertThat(attached).containsKeys("check.validation.json", "check.validation.html");
        JsonNode report = new ObjectMapper().readTree(attached.get("check.validation.json"));
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("dataset").path("rows").asLong()).isEqualTo(300);
        assertThat(report.path("dataset").path("sha256").asText()).isEqualTo(read.sources().get(0));
        assertThat(metrics).containsEntry("validation.issue_fraction", 0.0).containsEntry("validation.failed_expectations", 0.0);
    }

    @Test
    void everyRunKeepsItsReportEvenWhenNothingUpstreamChanged() throws IOException {
        Files.writeString(dir.resolve("people.suite.yaml"), SUITE);
        var cache = new NodeCache(8); // the editor keeps one cache across its runs
        var pipeline = TestPipelines.validate(node("suite: people.suite.yaml"), dir);
        new PipelineRunner(cache, 1, environment).run(pipeline, null, 1, listener, Progress.NONE);
        attached.clear();

        var again = new PipelineRunner(cache, 1, environment).run(pipeline, null, 1, listener, Progress.NONE);

        assertThat(again.failure()).isNull();
        assertThat(attached).as("the second run's own report").containsKeys("check.validation.json", "check.validation.html");
    }

    @Test
    void aFailingSuiteFailsTheRunNamingTheFailuresAndStillKeepsTheReport() throws IOException {
        Files.writeString(dir.resolve("people.suite.yaml"), SUITE.replace("max: 69}", "max: 50}"));
        var result = run(node("suite: people.suite.yaml"));

        assertThat(result.failure()).contains("node 'check'").contains("suite 'people' failed").contains("columns.age.max");
        assertThat(attached).containsKey("check.validation.html");
        JsonNode report = new ObjectMapper().readTree(attached.get("check.validation.json"));
        JsonNode age = report.path("results").get(4);
        assertThat(age.path("id").asText()).isEqualTo("columns.age.max");
        // row 41 of the data (age 51) is line 43 of the CSV: row index 41 + 2
        assertThat(age.path("examples").get(0).path("line").asLong()).isEqualTo(43);
        assertThat(age.path("examples").get(0).path("value").asText()).isEqualTo("51");
        assertThat(metrics.get("validation.failed_expectations")).isEqualTo(1.0);
    }

    @Test
    void withOnFailureWarnTheRunGoesOn() throws IOException {
        Files.writeString(dir.resolve("people.suite.yaml"), SUITE.replace("max: 69}", "max: 50}"));
        var result = run(node("suite: people.suite.yaml, on_failure: warn"));
        assertThat(result.failure()).isNull();
        assertThat(metrics.get("validation.issue_fraction")).isGreaterThan(0.1);
    }

    @Test
    void aThresholdParameterOverridesTheSuites() throws IOException {
        Files.writeString(dir.resolve("people.suite.yaml"), SUITE.replace("max: 69}", "max: 50}"));
        assertThat(run(node("suite: people.suite.yaml, threshold: 0.9")).failure()).isNull();
    }

    @Test
    void aMissingSuiteIsRefusedBeforeAnythingRuns() {
        Throwable thrown = catchThrowable(() -> TestPipelines.validate(node("suite: nope.yaml"), dir));
        assertThat(thrown).isInstanceOf(PipelineException.class).hasMessage("t.yaml: node 'check', params.suite: " + dir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void aMalformedSuiteIsRefusedBeforeAnythingRuns() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "suite: s\ncolumns:\n  city:\n    regex: \"[a-\"\n");
        Throwable thrown = catchThrowable(() -> TestPipelines.validate(node("suite: bad.yaml"), dir));
        assertThat(thrown).isInstanceOf(PipelineException.class)
                .hasMessage("t.yaml: node 'check', params.suite: bad.yaml:4: columns.city.regex: Illegal character range at position 4");
    }

    @Test
    void aSuiteThatExpectsNothingIsRefusedBeforeAnythingRuns() throws IOException {
        Files.writeString(dir.resolve("empty.yaml"), "suite: s\ncolumns:\n  city: {}\n");
        Throwable thrown = catchThrowable(() -> TestPipelines.validate(node("suite: empty.yaml"), dir));
        assertThat(thrown).isInstanceOf(PipelineException.class).hasMessage("t.yaml: node 'check', params.suite: empty.yaml: the suite has no "
                + "expectations, so nothing would be checked: add one (a column's type, range or allowed values, the row count, a rule) before validating");
    }

    @Test
    void aRuleOnAColumnTheTableLacksFailsTheNodeSayingSo() throws IOException {
        Files.writeString(dir.resolve("people.suite.yaml"), SUITE.replace("income >= 0", "incme >= 0"));
        var result = run(node("suite: people.suite.yaml"));
        assertThat(result.failure()).contains("table.rules.positive income");
        assertThat(new String(attached.get("check.validation.json"))).contains("unknown column 'incme' at position 1 (did you mean 'income'?)");
    }

    @Test
    void theValidatedCreditSamplePipelineRuns() {
        Path folder = Path.of("sample-data", "pipelines");
        var document = io.pipewright.pipeline.PipelineFiles.read(folder.resolve("credit-validated.yaml"));
        var pipeline = new io.pipewright.pipeline.PipelineValidator(TestPipelines.catalog()).validate(document, folder, "credit-validated.yaml");
        var result = new PipelineRunner(new NodeCache(8), 2, environment).run(pipeline, null, document.seedOrDefault(), listener, Progress.NONE);
        assertThat(result.failure()).isNull();
        assertThat(attached).containsKey("validate.validation.json");
        assertThat(metrics).containsEntry("validation.failed_expectations", 0.0);
        assertThat(result.outputs().get("eval")).containsKey("metrics");
    }
}
