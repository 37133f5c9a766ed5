package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PipelineValidatorTest {
    private static final String HEAD = "apiVersion: pipewright/v1\nkind: Pipeline\nname: t\nnodes:\n";
    private static final String READ = "  - id: read\n    type: read\n    params: {path: data.csv}\n";

    private static String problem(String yaml) {
        Throwable thrown = catchThrowable(() -> {
            PipelineDocument document = PipelineFiles.parse(HEAD + yaml, "p.yaml", false);
            new PipelineValidator(NodeCatalog.standard()).validate(document, Path.of("."), "p.yaml");
        });
        assertThat(thrown).isInstanceOf(PipelineException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n").startsWith("p.yaml");
        return thrown.getMessage();
    }

    @Test
    void anUnknownNodeTypeIsNamedWithTheClosestKnownOne() {
        assertThat(problem("  - id: t\n    type: trian\n")).contains("node 't', type: unknown node type 'trian' (did you mean 'train'?)");
    }

    @Test
    void anUnknownParameterIsNamedWithTheClosestKnownOne() {
        assertThat(problem(READ + "  - id: s\n    type: split\n    inputs: {table: read.table}\n    params: {tset: 0.3}\n"))
                .contains("node 's', params.tset: unknown parameter of a split node (did you mean 'test'?)");
    }

    @Test
    void aCycleNamesItsNodes() {
        assertThat(problem("  - id: a\n    type: select\n    inputs: {table: b.table}\n    params: {keep: [x]}\n"
                + "  - id: b\n    type: select\n    inputs: {table: a.table}\n    params: {keep: [x]}\n"))
                .contains("a cycle: a → b");
    }

    @Test
    void aMissingInputSaysWhatToConnect() {
        assertThat(problem("  - id: e\n    type: evaluate\n")).contains("node 'e', inputs.model: missing: connect a model")
                .contains("inputs.table: missing: connect a table");
    }

    @Test
    void aConnectionOfTheWrongTypeIsRefused() {
        assertThat(problem(READ + "  - id: e\n    type: evaluate\n    inputs: {model: read.table, table: read.table}\n"))
                .contains("node 'e', inputs.model: expects a model, but read.table is a table");
    }

    @Test
    void aHyperparameterOutOfBoundsIsRefusedBeforeAnythingRuns() {
        assertThat(problem(READ + "  - id: t\n    type: train\n    inputs: {train: read.table}\n"
                + "    params: {target: y, algorithm: random_forest, hyperparameters: {trees: 0}}\n"))
                .contains("node 't', params: hyperparameter trees must be between 1 and 5000, not 0");
        assertThat(problem(READ + "  - id: t\n    type: train\n    inputs: {train: read.table}\n"
                + "    params: {target: y, algorithm: xgboost, hyperparameters: {depth: 3}}\n"))
                .contains("unknown hyperparameter 'depth' of xgboost");
    }

    @Test
    void schemaErrorsNameTheNode() {
        assertThat(problem("  - id: read\n    type: read\n    inputz: {}\n")).contains("node 'read'").contains("inputz");
        Throwable yaml = catchThrowable(() -> PipelineFiles.parse("apiVersion: [\n", "bad.yaml", false));
        assertThat(yaml).hasMessageStartingWith("bad.yaml: line").hasMessageContaining("not valid YAML");
    }

    @Test
    void theEditorAsksWhyAConnectionIsRefused() {
        var document = PipelineFiles.parse(HEAD + READ + "  - id: s\n    type: split\n    inputs: {table: read.table}\n"
                + "  - id: t\n    type: train\n    inputs: {train: s.train}\n    params: {target: y}\n", "p.yaml", false);
        var validator = new PipelineValidator(NodeCatalog.standard());
        assertThat(validator.refusal(document, "t", "model", "s", "table")).startsWith("type mismatch");
        assertThat(validator.refusal(document, "s", "test", "s", "table")).isEqualTo("would create a cycle");
        assertThat(validator.refusal(document, "read", "table", "s", "table")).isEqualTo("already connected");
        assertThat(validator.refusal(document, "s", "valid", "t", "valid")).isNull();
    }

    @Test
    void aPipelineWrittenAndReadBackIsTheSame() throws Exception {
        var document = PipelineFiles.read(Path.of("sample-data/pipelines/machine-health.yaml"));
        Path file = java.nio.file.Files.createTempDirectory("pw").resolve("copy.yaml");
        PipelineFiles.write(document, file);
        assertThat(PipelineFiles.read(file)).isEqualTo(document);
        Path json = file.resolveSibling("copy.json");
        PipelineFiles.write(document, json);
        assertThat(PipelineFiles.read(json)).isEqualTo(document);
    }

    @Test
    void overridesKeepTheirTypes() {
        var document = PipelineFiles.parse(HEAD + READ + "  - id: s\n    type: split\n    inputs: {table: read.table}\n"
                + "  - id: t\n    type: train\n    inputs: {train: s.train}\n    params: {target: y, hyperparameters: {trees: 10}}\n", "p.yaml", false);
        var changed = Overrides.apply(document, java.util.List.of("s.test=0.3", "t.hyperparameters.max_depth=4"));
        assertThat(changed.node("s").orElseThrow().params().get("test")).isEqualTo(0.3);
        assertThat(changed.node("t").orElseThrow().params().get("hyperparameters")).isEqualTo(java.util.Map.of("trees", 10, "max_depth", 4));
        assertThat(catchThrowable(() -> Overrides.apply(document, java.util.List.of("reed.path=x")))).hasMessageContaining("did you mean 'read'");
    }
}
