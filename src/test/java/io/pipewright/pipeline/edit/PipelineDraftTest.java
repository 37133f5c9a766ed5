package io.pipewright.pipeline.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.edit.PipelineDraft.Position;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDraftTest {
    private final PipelineDraft draft = PipelineDraft.empty(NodeCatalog.standard(), "demo");

    /** read → split → train → evaluate, placed by hand. */
    private void build() {
        draft.addNode("read", new Position(40, 40));
        draft.setParam("read", "path", "credit.csv");
        draft.addConnected("split", "read");
        draft.addConnected("train", "split");
        draft.addNode("evaluate", new Position(760, 40));
        draft.connect("train", "model", "evaluate", "model");
        draft.connect("split", "test", "evaluate", "table");
    }

    @Test
    void nodesAreAddedConnectedAndPlaced() {
        build();
        var doc = draft.document();
        assertThat(draft.ids()).containsExactly("read", "split", "train", "evaluate");
        assertThat(doc.node("split").orElseThrow().inputs()).containsEntry("table", "read.table");
        assertThat(doc.node("train").orElseThrow().inputs()).as("the first output the new node accepts").containsEntry("train", "split.train");
        assertThat(PipelineDraft.position(doc.node("split").orElseThrow())).isEqualTo(new Position(40 + PipelineDraft.COLUMN, 40));
        assertThat(draft.addNode("read", new Position(0, 300))).as("a taken id gets a number").isEqualTo("read2");
        assertThat(draft.problems()).extracting(problem -> problem.nodeId()).contains("train", "read2");
    }

    @Test
    void aRefusedConnectionSaysWhyAndChangesNothing() {
        build();
        var before = draft.document();
        assertThat(draft.refusal("train", "model", "split", "table")).isEqualTo("type mismatch: model output into a table input");
        assertThat(draft.refusal("evaluate", "metrics", "evaluate", "model")).startsWith("type mismatch");
        draft.addNode("select", new Position(0, 400));
        draft.connect("split", "train", "select", "table");
        assertThat(draft.refusal("select", "table", "split", "table")).isEqualTo("would create a cycle");
        assertThat(draft.refusal("read", "table", "split", "table")).isEqualTo("already connected");
        assertThatThrownBy(() -> draft.connect("train", "model", "split", "table"))
                .hasMessage("train.model → split.table: type mismatch: model output into a table input");
        draft.undo();
        draft.undo();
        assertThat(draft.document()).isEqualTo(before);
    }

    @Test
    void everyEditUndoesAndRedoesAndTheSavedStateIsKnown() {
        build();
        draft.saved();
        assertThat(draft.dirty()).isFalse();
        var built = draft.document();
        draft.move(Map.of("read", new Position(100, 200), "split", new Position(300, 200)));
        assertThat(draft.undoLabel()).isEqualTo("Move 2 nodes");
        draft.remove(List.of("split"));
        assertThat(draft.document().node("train").orElseThrow().inputs()).as("connections from a deleted node go with it").isEmpty();
        assertThat(draft.document().node("evaluate").orElseThrow().inputs()).containsOnlyKeys("model");
        draft.setParam("train", "target", "default");
        draft.rename("train", "model_fit");
        assertThat(draft.document().node("evaluate").orElseThrow().inputs()).containsEntry("model", "model_fit.model");
        assertThat(draft.dirty()).isTrue();
        for (int i = 0; i < 4; i++) {
            draft.undo();
        }
        assertThat(draft.document()).isEqualTo(built);
        assertThat(draft.dirty()).isFalse();
        assertThat(draft.canUndo()).isTrue();
        draft.redo();
        draft.redo();
        assertThat(draft.document().node("split")).isEmpty();
        draft.addNode("scale", new Position(0, 0));
        assertThat(draft.canRedo()).as("a new edit drops what could be redone").isFalse();
    }

    @Test
    void copiedNodesPasteWithFreshIdsTheirConnectionsAndAnOffset() {
        build();
        String clipboard = draft.copy(List.of("split", "train"));
        List<String> pasted = draft.paste(clipboard, 0, 400);
        assertThat(pasted).containsExactly("split2", "train2");
        var train2 = draft.document().node("train2").orElseThrow();
        assertThat(train2.inputs()).containsEntry("train", "split2.train");
        assertThat(draft.document().node("split2").orElseThrow().inputs()).as("the read node was not copied").isEmpty();
        assertThat(PipelineDraft.position(train2).y()).isEqualTo(440);
        draft.undo();
        assertThat(draft.ids()).containsExactly("read", "split", "train", "evaluate");

        // into another pipeline
        var other = PipelineDraft.empty(NodeCatalog.standard(), "other");
        assertThat(other.paste(clipboard, 0, 0)).containsExactly("split", "train");
        assertThatThrownBy(() -> other.paste("hello: [", 0, 0)).hasMessageStartingWith("the clipboard holds no pipeline nodes");
        assertThatThrownBy(() -> other.paste("apiVersion: pipewright/v1\nkind: Pipeline\nname: x\nnodes:\n  - {id: a, type: teleport}\n", 0, 0))
                .hasMessageContaining("teleport");
    }

    @Test
    void autoLayoutPutsEachNodeAColumnAfterWhatItReads(@TempDir Path dir) {
        build();
        draft.move(Map.of("read", new Position(500, 500), "evaluate", new Position(0, 0)));
        draft.autoLayout();
        var doc = draft.document();
        assertThat(PipelineDraft.position(doc.node("read").orElseThrow())).isEqualTo(new Position(40, 40));
        assertThat(PipelineDraft.position(doc.node("split").orElseThrow()).x()).isEqualTo(280);
        assertThat(PipelineDraft.position(doc.node("train").orElseThrow()).x()).isEqualTo(520);
        assertThat(PipelineDraft.position(doc.node("evaluate").orElseThrow()).x()).isEqualTo(760);
        draft.align(List.of("split", "evaluate"), PipelineDraft.Alignment.TOP);

        // the layout hints survive the file, as whole numbers
        Path file = dir.resolve("demo.yaml");
        PipelineFiles.write(draft.document(), file);
        assertThat(PipelineFiles.read(file)).isEqualTo(draft.document());
        assertThat(PipelineFiles.toYaml(draft.document())).contains("  layout:\n    x: 40\n    \"y\": 40\n");
    }
}
