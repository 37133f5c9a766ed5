package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.edit.PipelineDraft;
import org.junit.jupiter.api.Test;

class YamlCommentsTest {
    private static final String HAND_WRITTEN = """
            # Credit risk, as the team agreed on 2026-11-02.
            apiVersion: pipewright/v1
            kind: Pipeline
            name: credit
            nodes:
              # the raw export, refreshed nightly
              - id: read
                type: read
                params:
                  path: credit.csv  # relative to this file
              - id: split
                type: split
                inputs: {table: read.table}
                params:
                  # keep the class balance in both halves
                  strategy: stratified
                  target: default
            """;

    @Test
    void commentsStayWithTheirKeysWhenTheEditorWritesTheFileAgain() {
        var draft = new PipelineDraft(NodeCatalog.standard(), PipelineDraft.placed(NodeCatalog.standard(), PipelineFiles.parse(HAND_WRITTEN, "credit.yaml", false)));
        draft.setParam("split", "test", 0.25);
        draft.addConnected("train", "split");
        String written = YamlComments.carry(HAND_WRITTEN, PipelineFiles.toYaml(draft.document()));

        assertThat(written).startsWith("# Credit risk, as the team agreed on 2026-11-02.\n");
        assertThat(written).contains("# the raw export, refreshed nightly").contains("# relative to this file")
                .contains("# keep the class balance in both halves");
        assertThat(written.indexOf("# keep the class balance")).isLessThan(written.indexOf("strategy: stratified"));
        assertThat(written.indexOf("# the raw export")).isLessThan(written.indexOf("id: read"));
        assertThat(PipelineFiles.parse(written, "credit.yaml", false)).as("the same pipeline, comments aside").isEqualTo(draft.document());
    }

    @Test
    void aCommentOfADeletedNodeGoesWithItAndTextWithoutCommentsIsUnchanged() {
        var draft = new PipelineDraft(NodeCatalog.standard(), PipelineFiles.parse(HAND_WRITTEN, "credit.yaml", false));
        draft.remove(java.util.List.of("read"));
        String written = YamlComments.carry(HAND_WRITTEN, PipelineFiles.toYaml(draft.document()));
        assertThat(written).doesNotContain("refreshed nightly").doesNotContain("relative to this file").contains("# keep the class balance");
        String plain = PipelineFiles.toYaml(draft.document());
        assertThat(YamlComments.carry("name: x\n", plain)).isSameAs(plain);
    }
}
