package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ui.common.Notifications;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropRouterTest {

    @Test
    void datasetsAreOpenedAndOtherFilesExplained(@TempDir Path folder) {
        var opened = new ArrayList<Path>();
        var listed = new ArrayList<Path>();
        var notifications = new Notifications();
        var pipelines = new ArrayList<Path>();
        var router = new DropRouter(opened::add, listed::add, pipelines::add, notifications);

        int taken = router.route(List.of(Path.of("/d/a.csv"), Path.of("/d/report.pdf"), Path.of("/d/b.parquet"), Path.of("/d/credit.yaml")));

        assertThat(taken).isEqualTo(3);
        assertThat(opened).as("the first dataset is profiled").containsExactly(Path.of("/d/a.csv"));
        assertThat(listed).as("the others join the recent files").containsExactly(Path.of("/d/b.parquet"));
        assertThat(pipelines).as("a pipeline opens in the editor").containsExactly(Path.of("/d/credit.yaml"));
        assertThat(notifications.latestProperty().get().text())
                .isEqualTo("report.pdf is not a dataset or pipeline Pipewright can open (CSV, TSV, JSON, JSON Lines, Parquet, ARFF, pipelines .yaml)");
    }

    @Test
    void aFolderIsNotOpened(@TempDir Path folder) throws Exception {
        Path directory = java.nio.file.Files.createDirectory(folder.resolve("data.csv"));
        var opened = new ArrayList<Path>();
        var notifications = new Notifications();
        assertThat(new DropRouter(opened::add, opened::add, opened::add, notifications).route(List.of(directory))).isZero();
        assertThat(opened).isEmpty();
        assertThat(notifications.latestProperty().get().text()).isEqualTo("data.csv is a folder: drop the dataset files inside it");
    }

    @Test
    void aDragIsAcceptedWhenItCarriesADataset() {
        assertThat(DropRouter.accepts(List.of(Path.of("x.txt"), Path.of("y.jsonl")))).isTrue();
        assertThat(DropRouter.accepts(List.of(Path.of("x.txt")))).isFalse();
        assertThat(DropRouter.accepts(List.of(Path.of("pipeline.yml")))).isTrue();
    }
}
