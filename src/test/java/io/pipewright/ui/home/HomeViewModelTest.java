package io.pipewright.ui.home;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.data.SampleDataset;
import io.pipewright.data.SampleDatasets;
import io.pipewright.home.PipewrightHome;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.SamplePipeline;
import io.pipewright.pipeline.SamplePipelines;
import io.pipewright.track.RecentFile;
import io.pipewright.track.RecentFiles;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeViewModelTest {
    @TempDir
    Path folder;

    private PipewrightHome home;
    private Store store;
    private final Notifications notifications = new Notifications();
    private HomeViewModel model;

    @BeforeEach
    void setUp() {
        home = new PipewrightHome(folder.resolve("home")).create();
        model = new HomeViewModel(home, new SameThreadTaskExecutor(), notifications, SampleDatasets.bundled(), SamplePipelines.bundled(),
                Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    private void openStore() {
        store = Store.open(home.store(), "test");
        model.storeOpened(store);
    }

    @Test
    void anOpenedDatasetGoesOnTopAndIntoTheStore() throws Exception {
        openStore();
        Path dataset = Files.writeString(folder.resolve("people.csv"), "name,age\nada,36\nalan,41\n");
        model.open(dataset);

        assertThat(model.recentFiles()).extracting(RecentFile::fileName).containsExactly("people.csv");
        assertThat(HomeViewModel.describe(model.recentFiles().get(0))).isEqualTo("CSV · 2 rows × 2 columns · 24 B");
        assertThat(notifications.latestProperty().get().text()).isEqualTo("Opened people.csv: CSV · 2 rows × 2 columns · 24 B");
        assertThat(new RecentFiles(store).list()).extracting(RecentFile::path).containsExactly(dataset);
        assertThat(model.storeStatusProperty().get()).startsWith("Schema version " + io.pipewright.track.Store.SCHEMA_VERSION + " · ");
    }

    @Test
    void aBrokenDatasetIsReportedAndChangesNothing() throws Exception {
        openStore();
        Path good = Files.writeString(folder.resolve("good.csv"), "a\n1\n");
        model.open(good);
        Path broken = Files.writeString(folder.resolve("broken.csv"), "a,b\n\"open,1\n");
        model.open(broken);

        assertThat(notifications.latestProperty().get().level()).isEqualTo(Notifications.Level.ERROR);
        assertThat(notifications.latestProperty().get().text()).isEqualTo("broken.csv: line 2: a quoted field opened here is never closed");
        assertThat(model.recentFiles()).extracting(RecentFile::fileName).containsExactly("good.csv");
        assertThat(new RecentFiles(store).list()).extracting(RecentFile::fileName).containsExactly("good.csv");
    }

    @Test
    void samplesOpenFromACopyInTheHomeFolder() {
        openStore();
        SampleDataset credit = model.samples().get(0);
        model.openSample(credit);
        assertThat(home.samples().resolve("credit/credit.csv")).isRegularFile();
        assertThat(model.recentFiles()).hasSize(1);
        assertThat(HomeViewModel.describe(model.recentFiles().get(0))).startsWith("CSV · 1,000 rows × 10 columns");
    }

    @Test
    void aSamplePipelineOpensFromACopyBesideTheDataItReads() {
        var opened = new java.util.ArrayList<Path>();
        model.setPipelineOpener(opened::add);
        SamplePipeline credit = model.samplePipelines().stream().filter(sample -> sample.file().equals("credit-risk.yaml")).findFirst().orElseThrow();
        model.openSamplePipeline(credit);
        assertThat(opened).containsExactly(home.samples().resolve("pipelines/credit-risk.yaml"));
        assertThat(PipelineFiles.read(opened.get(0)).node("read").orElseThrow().params()).containsEntry("path", "../credit/credit.csv");
        assertThat(home.samples().resolve("credit/credit.csv")).isRegularFile();
    }

    @Test
    void filesOpenedBeforeTheStoreIsReadyAreKeptAndSaved() throws Exception {
        try (Store earlier = Store.open(home.store(), "test")) {
            new RecentFiles(earlier).remember(new RecentFile(folder.resolve("old.csv"), RecentFile.DATASET, "CSV", 10,
                    java.util.OptionalLong.of(1), java.util.OptionalInt.of(1), Instant.parse("2026-11-01T09:00:00Z")));
        }
        Path early = Files.writeString(folder.resolve("early.csv"), "a\n1\n");
        model.open(early);
        openStore();
        assertThat(model.recentFiles()).extracting(RecentFile::fileName).containsExactly("early.csv", "old.csv");
        assertThat(new RecentFiles(store).list()).extracting(RecentFile::fileName).containsExactly("early.csv", "old.csv");
    }

    @Test
    void withoutAStoreTheViewSaysWhyAndStillOpensFiles() throws Exception {
        model.storeUnavailable("the store /x is in use by another Pipewright (process 42, since 2026-11-27 08:00)");
        assertThat(model.storeStatusProperty().get())
                .isEqualTo("Not available: the store /x is in use by another Pipewright (process 42, since 2026-11-27 08:00). "
                        + "Files opened now are not remembered.");
        model.open(Files.writeString(folder.resolve("a.csv"), "a\n1\n"));
        assertThat(model.recentFiles()).hasSize(1);
    }

    @Test
    void forgettingRemovesFromListAndStore() throws Exception {
        openStore();
        model.open(Files.writeString(folder.resolve("a.csv"), "a\n1\n"));
        model.forget(model.recentFiles().get(0));
        assertThat(model.recentFiles()).isEmpty();
        assertThat(new RecentFiles(store).list()).isEmpty();
        assertThat(folder.resolve("a.csv")).exists();
    }
}
