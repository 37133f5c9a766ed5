package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline's top-level target: nodes take it, the file keeps it, and the validator refuses a transform
 * that would remove or rename a column a node downstream needs as its target, before anything runs.
 */
class PipelineTargetTest {
    @TempDir
    Path dir;

    private final PipelineValidator validator = new PipelineValidator(NodeCatalog.standard());

    @BeforeEach
    void data() throws IOException {
        CreditG.writeData(dir);
    }

    private Pipeline validate(String text) {
        return validator.validate(PipelineFiles.parse(text, "p.yaml", false), dir, "p.yaml");
    }

    private String refusal(String text) {
        Throwable thrown = catchThrowable(() -> validate(text));
        assertThat(thrown).isInstanceOf(PipelineException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n").startsWith("p.yaml: ");
        return thrown.getMessage();
    }

    private static String fixture(String name) throws IOException {
        try (var in = PipelineTargetTest.class.getResourceAsStream("/pipelines/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void theNewUsersPipelineWithOnlyATopLevelTargetIsValidAndEveryNodeTakesTheTarget() throws IOException {
        Pipeline pipeline = validate(fixture("credit-g.yaml"));
        for (String node : new String[] {"impute", "encode", "split", "tune"}) {
            assertThat(pipeline.params().get(node)).as(node).containsEntry("target", "class");
        }
        var flow = new ColumnFlow(pipeline.document(), pipeline.types(), pipeline.params(), dir, FileColumns.reading());
        assertThat(flow.namesInto("split")).as("encode leaves the target alone").contains("class", "checking_status=<0", "purpose=new car", "age")
                .doesNotContain("checking_status", "class=good", "class=bad");
    }

    @Test
    void aTransformToldToEncodeTheTargetThatSplitUsesIsRefusedNamingBothNodesTheColumnAndTheFix() throws IOException {
        assertThat(refusal(fixture("credit-g-encodes-target.yaml"))).isEqualTo("p.yaml: node 'encode', params.columns: would turn target column "
                + "'class' of node 'split' into class=good, class=bad: take 'class' out of encode's columns, or give node 'split' another target");
    }

    @Test
    void theNewUsersPipelineWithoutATopLevelTargetIsRefusedWithTheTopLevelTargetAsTheFix() throws IOException {
        String perNode = fixture("credit-g.yaml").replace("target: class\n", "").replace("strategy: stratified,", "strategy: stratified, target: class,")
                .replace("algorithm: xgboost", "target: class\n      algorithm: xgboost");
        assertThat(refusal(perNode)).isEqualTo("p.yaml: node 'encode': would turn target column 'class' of node 'split' into class=good, class=bad: "
                + "add target: class at the top of the pipeline or to encode's params (encode then leaves it alone), or give node 'split' another target");
    }

    @Test
    void aSelectWhoseKeepLeavesOutTheTargetOfATuneNodeIsRefused() throws IOException {
        String text = fixture("credit-g.yaml").replace("target: class\n", "").replace("algorithm: xgboost", "target: class\n      algorithm: xgboost")
                .replace("""
                          - id: impute
                            type: impute
                            inputs: {table: read.table}
                        """, """
                          - id: impute
                            type: select
                            inputs: {table: read.table}
                            params: {keep: [age, duration, checking_status]}
                        """).replace("strategy: stratified,", "strategy: random,");
        assertThat(refusal(text)).isEqualTo("p.yaml: node 'impute', params.keep: would remove target column 'class' of node 'tune': "
                + "add 'class' to impute's keep, or give node 'tune' another target");
        // with the pipeline's target, select keeps it
        validate("target: class\n" + text.replace("      target: class\n", ""));
    }

    @Test
    void theEditorsProblemsNameTheRefusalOnceTheFilesColumnsAreKnown() throws IOException {
        var document = PipelineFiles.parse(fixture("credit-g-encodes-target.yaml"), "p.yaml", false);
        assertThat(validator.problems(document, dir, FileColumns.NONE)).as("columns not read yet: nothing to say").isEmpty();
        assertThat(validator.problems(document, dir, FileColumns.reading())).singleElement()
                .satisfies(problem -> {
                    assertThat(problem.nodeId()).isEqualTo("encode");
                    assertThat(problem.field()).isEqualTo("params.columns");
                    assertThat(problem.message()).startsWith("would turn target column 'class' of node 'split' into class=good, class=bad");
                });
    }

    @Test
    void theTopLevelTargetSurvivesAYamlAndAJsonRoundTripWithItsComment() throws IOException {
        String text = fixture("credit-g.yaml").replace("target: class\n", "# what every node predicts\ntarget: class\n");
        PipelineDocument document = PipelineFiles.parse(text, "p.yaml", false);
        assertThat(document.target()).isEqualTo("class");
        Path yaml = dir.resolve("p.yaml");
        String written = PipelineFiles.write(document.withNode(document.node("split").orElseThrow().withParam("test", 0.3)), yaml, text);
        assertThat(written).contains("seed: 7\n# what every node predicts\ntarget: class\nnodes:");
        assertThat(PipelineFiles.read(yaml).target()).isEqualTo("class");
        Path json = dir.resolve("p.json");
        PipelineFiles.write(document, json, null);
        assertThat(Files.readString(json)).contains("\"target\" : \"class\"");
        assertThat(PipelineFiles.read(json)).isEqualTo(document);
        assertThat(PipelineFiles.toYaml(document.withTarget(null))).doesNotContain("target: class");
    }

    @Test
    void aTargetThatIsNotAColumnNameIsRefusedByTheFormat() {
        Throwable thrown = catchThrowable(() -> PipelineFiles.parse("apiVersion: pipewright/v1\nkind: Pipeline\nname: t\ntarget: [a, b]\nnodes: []\n",
                "p.yaml", false));
        assertThat(thrown).isInstanceOf(PipelineException.class).hasMessageStartingWith("p.yaml: target: ");
    }
}
