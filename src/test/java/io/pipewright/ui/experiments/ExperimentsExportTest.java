package io.pipewright.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.RunPages;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.ScriptedDialogs;
import io.pipewright.ui.common.FxTaskExecutor;
import io.pipewright.ui.common.Notifications;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A comparison's charts export as PNG and SVG and its table as CSV, to the file the person chose. */
class ExperimentsExportTest {
    @TempDir
    Path dir;

    private Store store;
    private FxTaskExecutor executor;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (executor != null) {
            executor.shutdown();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void chartsAndTheTableAreSavedAsPngSvgAndCsv() throws Exception {
        store = Store.open(dir.resolve("store"), "test");
        var runs = new Runs(store, Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            var run = runs.start("sweep", "r" + i, null, (long) i, null, null, null);
            runs.params(run.id(), Map.of("depth", String.valueOf(i + 2)));
            for (int step = 0; step < 10; step++) {
                runs.metric(run.id(), "valid_loss", step, 1.0 / (step + 1 + i));
            }
            runs.end(run.id(), Runs.FINISHED, null);
        }
        runs.flush();
        Path png = dir.resolve("curves.png");
        Path svg = dir.resolve("curves.svg");
        Path csv = dir.resolve("comparison.csv");
        executor = new FxTaskExecutor(2);
        var notifications = new Notifications();
        var model = new ExperimentsViewModel(executor, () -> Optional.of(store), notifications, new ExperimentsViewModel.ColumnMemory() {
            @Override
            public Optional<List<RunPages.Column>> columns(String experiment) {
                return Optional.empty();
            }

            @Override
            public void remember(String experiment, List<RunPages.Column> columns) {
            }
        });
        var workspace = new ExperimentsWorkspace(model, executor, () -> Optional.of(store), notifications, new ScriptedDialogs(List.of(png, svg, csv)),
                new SimpleObjectProperty<>(Palette.LIGHT));
        FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(workspace.view(), 1200, 800));
            stage.show();
        });
        var rows = new RunPages(store).page("sweep", io.pipewright.track.RunFilter.all(), null, true, List.of(), 0, 10);
        var compare = WaitForAsyncUtils.asyncFx(() -> workspace.compare(rows)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> compare.curvesProperty().get() != null && compare.comparisonProperty().get() != null);

        WaitForAsyncUtils.asyncFx(() -> workspace.exportChart("curves", compare.curvesProperty().get(), 640, 400, Palette.LIGHT, "png"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(png) && Files.size(png) > 1000);
        byte[] header = Files.readAllBytes(png);
        assertThat(new String(header, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);

        WaitForAsyncUtils.asyncFx(() -> workspace.exportChart("curves", compare.curvesProperty().get(), 640, 400, Palette.LIGHT, "svg"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(svg) && Files.size(svg) > 0);
        String text = Files.readString(svg);
        var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(text).contains("r0").contains("r1").contains("r2").contains("valid_loss");

        WaitForAsyncUtils.asyncFx(() -> workspace.exportText("CSV", "comparison.csv", "csv", () -> compare.comparisonProperty().get().toCsv()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(csv) && Files.size(csv) > 0);
        assertThat(Files.readAllLines(csv)).first().isEqualTo("kind,key,r0,r1,r2");
        assertThat(Files.readString(csv)).contains("param,depth,2,3,4");
    }
}
