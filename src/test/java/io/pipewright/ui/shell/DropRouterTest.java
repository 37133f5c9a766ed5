package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.data.DatasetFiles;
import io.pipewright.ui.pipeline.PipelineFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropRouterTest {

    /** The openers of the Data and Pipelines workspaces, in the sidebar's order, as the window has them. */
    private static DropRouter router(java.util.function.Consumer<Path> opened, java.util.function.Consumer<Path> listed,
                                     java.util.function.Consumer<Path> pipelines, Notifications notifications) {
        return new DropRouter(List.of(new DatasetFiles(opened, listed), new PipelineFiles(pipelines)), notifications);
    }

    @Test
    void datasetsAreOpenedAndOtherFilesExplained(@TempDir Path folder) {
        var opened = new ArrayList<Path>();
        var listed = new ArrayList<Path>();
        var notifications = new Notifications();
        var pipelines = new ArrayList<Path>();
        var router = router(opened::add, listed::add, pipelines::add, notifications);

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
        assertThat(router(opened::add, opened::add, opened::add, notifications).route(List.of(directory))).isZero();
        assertThat(opened).isEmpty();
        assertThat(notifications.latestProperty().get().text()).isEqualTo("data.csv is a folder: drop the dataset files inside it");
    }

    @Test
    void aDragIsAcceptedWhenItCarriesADataset() {
        var router = router(path -> { }, path -> { }, path -> { }, new Notifications());
        assertThat(router.accepts(List.of(Path.of("x.txt"), Path.of("y.jsonl")))).isTrue();
        assertThat(router.accepts(List.of(Path.of("x.txt")))).isFalse();
        assertThat(router.accepts(List.of(Path.of("pipeline.yml")))).isTrue();
    }

    @Test
    void onePipelineOpensAtATimeAndEachWorkspaceGetsItsFilesInTheOrderDropped() {
        var order = new ArrayList<String>();
        var notifications = new Notifications();
        var router = router(path -> order.add("open " + path.getFileName()), path -> order.add("list " + path.getFileName()),
                path -> order.add("pipeline " + path.getFileName()), notifications);

        int taken = router.route(List.of(Path.of("/d/first.yaml"), Path.of("/d/a.csv"), Path.of("/d/second.yml"), Path.of("/d/b.tsv")));

        assertThat(taken).isEqualTo(3);
        assertThat(order).as("the workspace of the first file dropped opens first").containsExactly("pipeline first.yaml", "open a.csv", "list b.tsv");
        assertThat(notifications.latestProperty().get().text()).isEqualTo("one pipeline at a time: second.yml was not opened");
    }

    @Test
    void aFolderNamedLikeNothingThatOpensIsExplainedWithoutAKind(@TempDir Path folder) throws Exception {
        Path directory = Files.createDirectory(folder.resolve("exports"));
        var notifications = new Notifications();
        assertThat(router(path -> { }, path -> { }, path -> { }, notifications).route(List.of(directory))).isZero();
        assertThat(notifications.latestProperty().get().text()).isEqualTo("exports is a folder: drop the files inside it");
    }
}
