package io.pipewright.ui.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.data.lake.ChangeLog;
import io.pipewright.data.lake.ChangeLogRows;
import io.pipewright.data.lake.LayerCatalog;
import io.pipewright.data.lake.LayerReference;
import io.pipewright.data.lake.Snapshots;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayersViewModelTest {
    @TempDir
    Path dir;

    private Path csv(String name, String... rows) throws Exception {
        return Files.write(dir.resolve(name), List.of(rows));
    }

    @Test
    void anEmptyDataFolderSaysWhichCommandMakesAFirstVersion() {
        var model = new LayersViewModel(new SameThreadTaskExecutor(), Optional::empty, () -> dir.resolve("data"), new Notifications());
        model.refresh();
        assertThat(model.entries()).isEmpty();
        assertThat(model.messageProperty().get()).contains("`pipewright datasets commit FILE --name NAME --layer bronze`");
        assertThat(model.folderProperty().get()).isEqualTo(dir.resolve("data").toString());
        assertThat(model.chainProperty().get()).isNull();
    }

    @Test
    void aVersionsChainRunsFromBronzeThroughGoldToTheRunsAndModelsThatReadIt() throws Exception {
        Path data = dir.resolve("data");
        var snapshots = new Snapshots(data);
        Path raw = csv("orders.csv", "id,amount", "1,10", "2,20", "3,30");
        Snapshots.Version bronze = snapshots.commit(raw, "bronze", "orders", "raw export", List.of("id"), raw.toString(), done -> { });
        Path cleaned = csv("cleaned.csv", "id,amount", "1,10", "2,20");
        Snapshots.Version gold = snapshots.commit(cleaned, "gold", "orders", "without refunds", List.of("id"),
                new Snapshots.Provenance("node publish", "run-publish", List.of(bronze.reference())), done -> { });
        // a captured table beside them: its Bronze events and Silver rows
        ChangeLog log = ChangeLog.open(LayerReference.changeLogFolder(data, "people"));
        var columns = List.of(new ChangeLog.Column("id", "NUMBER"), new ChangeLog.Column("name", "STRING"));
        log.start("people", "jdbc:postgresql://db/shop", null, "public.people", List.of("id"), columns, "pipewright_people");
        log.append(List.of(ChangeLogRows.event("r", null, ChangeLogRows.row(1, "ada")), ChangeLogRows.event("r", null, ChangeLogRows.row(2, "bob")),
                ChangeLogRows.event("d", ChangeLogRows.row(1, "ada"), null)),
                Map.of("lsn", 10L), true, columns);

        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var publish = runs.start("orders-gold", "run-publish", "gold.yaml", 1L, "e".repeat(64), "name: orders-gold", null);
            runs.end(publish.id(), Runs.FINISHED, null);
            var training = runs.start("orders-model", "run-train", "model.yaml", 1L, "f".repeat(64), "name: orders-model", null);
            runs.dataset(training.id(), "read", gold.sha256());
            runs.end(training.id(), Runs.FINISHED, null);
            new ModelRegistry(store, Clock.systemUTC()).register("orders", "run-train", "/models/v1.pwmodel", "d".repeat(64), null, "champion");

            var model = new LayersViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), () -> data, new Notifications());
            model.refresh();
            assertThat(model.messageProperty().get()).isEmpty();
            assertThat(model.entries()).extracting(entry -> entry.reference() + " " + entry.kind() + " " + entry.rows() + "/" + entry.events())
                    .containsExactly("bronze/orders VERSIONS 3/0", "bronze/people CAPTURED 3/3", "silver/people CAPTURED 1/3", "gold/orders VERSIONS 2/0");
            assertThat(model.selectedEntryProperty().get().reference()).as("the first dataset kept by version").isEqualTo("bronze/orders");

            model.selectEntry(model.entries().get(3));
            assertThat(model.versions()).extracting(Snapshots.Version::reference).containsExactly("gold/orders@1");
            LayersViewModel.Chain chain = model.chainProperty().get();
            assertThat(chain.lineage().version().reference()).isEqualTo("gold/orders@1");
            assertThat(chain.inLayer("bronze")).extracting(LayerCatalog.Step::reference).containsExactly("bronze/orders@1");
            assertThat(chain.inLayer("silver")).isEmpty();
            assertThat(chain.inLayer("gold")).singleElement().satisfies(step -> assertThat(step.detail()).isEqualTo("this version"));
            assertThat(chain.readers()).extracting(DatasetVersions.RunUse::runKey).containsExactly("run-train");
            assertThat(chain.models()).extracting(DatasetVersions.ModelUse::reference).containsExactly("orders:1");
            assertThat(chain.madeBy().experiment()).isEqualTo("orders-gold");

            // a step of the chain goes to its dataset at that version, which leads down to the Gold one made from it
            model.show("bronze/orders@1");
            assertThat(model.selectedEntryProperty().get().reference()).isEqualTo("bronze/orders");
            assertThat(model.selectedVersionProperty().get()).isEqualTo(bronze);
            assertThat(model.chainProperty().get().lineage().downstream()).extracting(LayerCatalog.Step::reference).containsExactly("gold/orders@1");
            assertThat(model.chainProperty().get().readers()).isEmpty();

            // a captured layer has no versions; a refresh keeps what is selected
            model.show("silver/people");
            assertThat(model.selectedEntryProperty().get().kind()).isEqualTo(LayerCatalog.Kind.CAPTURED);
            assertThat(model.versions()).isEmpty();
            assertThat(model.chainProperty().get()).isNull();
            model.selectEntry(model.entries().get(3));
            Path newer = csv("newer.csv", "id,amount", "1,10", "2,20", "4,40");
            snapshots.commit(newer, "gold", "orders", "more", List.of("id"), newer.toString(), done -> { });
            model.refresh();
            assertThat(model.selectedEntryProperty().get().reference()).isEqualTo("gold/orders");
            assertThat(model.versions()).extracting(Snapshots.Version::version).containsExactly(2, 1);
            assertThat(model.selectedVersionProperty().get().version()).as("the version selected before the refresh").isEqualTo(1);
        }
    }
}
