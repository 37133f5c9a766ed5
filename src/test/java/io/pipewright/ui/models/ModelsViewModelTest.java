package io.pipewright.ui.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsViewModelTest {
    @TempDir
    Path dir;

    @Test
    void promoteAndRollBackAreRecordedAndAVersionLeadsBackToItsData() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var registry = new ModelRegistry(store, Clock.systemUTC());
            var trained = io.pipewright.pipeline.gate.GateFixtures.model(java.util.List.of("x"), 1);
            for (int v = 1; v <= 2; v++) {
                var run = runs.start("credit", "run-" + v, null, 1L, "a".repeat(64), "name: credit", null);
                runs.dataset(run.id(), "read", "d".repeat(64));
                runs.end(run.id(), Runs.FINISHED, null);
                // the same model twice, with the rows and gates its pipeline kept: each promotion passes the gates
                io.pipewright.pipeline.gate.GateFixtures.registerKept(registry, dir, "credit-risk", trained, io.pipewright.pipeline.gate.GateFixtures.rows(300, 9),
                        io.pipewright.pipeline.gate.GateSettings.DEFAULTS);
            }
            var notifications = new Notifications();
            var model = new ModelsViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), notifications, Clock.systemUTC());
            model.refresh();
            assertThat(model.models()).containsExactly("credit-risk");
            assertThat(model.versions()).extracting(ModelRegistry.Version::version).containsExactly(2, 1);

            model.promote(model.versions().get(1), "champion");
            model.promote(model.versions().get(0), "champion");
            assertThat(notifications.latestProperty().get().text()).isEqualTo("credit-risk@champion is now version 2");
            assertThat(model.versions().get(0).aliases()).containsExactly("champion");
            model.rollback("credit-risk", "champion");
            assertThat(model.versions().get(1).aliases()).containsExactly("champion");
            assertThat(model.events()).extracting(ModelRegistry.AliasEvent::action).containsExactly("rollback", "promote", "promote");
            assertThat(model.events().get(0).toVersion()).isEqualTo(1);

            model.rollback("credit-risk", "staging");
            assertThat(notifications.latestProperty().get().level()).isEqualTo(Notifications.Level.ERROR);
            assertThat(notifications.latestProperty().get().text()).contains("credit-risk@staging has never been set");

            model.showLineage(model.versions().get(0));
            var lineage = model.lineageProperty().get();
            assertThat(lineage.run().run().key()).isEqualTo("run-2");
            assertThat(model.events().get(1).evidence()).as("a promotion keeps the gates' numbers").contains("\"baseline\"");
            assertThat(model.events().get(0).evidence()).as("a rollback is not gated").isNull();
            assertThat(lineage.run().run().pipelineSha256()).isEqualTo("a".repeat(64));
            assertThat(lineage.run().datasets()).extracting(d -> d.sha256()).containsExactly("d".repeat(64));
            assertThat(ModelsView.metrics(lineage.version().metricsJson())).isEqualTo("accuracy 0.9");
        }
    }

    @Test
    void aRefusedPromotionIsOfferedToBeForcedAndAVersionWithoutKeptRowsIsNotCheckedAtAll() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            io.pipewright.pipeline.gate.GateFixtures.register(registry, dir, io.pipewright.pipeline.gate.GateFixtures.model(java.util.List.of("x"), 1));
            var notifications = new Notifications();
            var model = new ModelsViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), notifications, Clock.systemUTC());
            model.refresh();

            // registered by hand, with no rows kept: the gates cannot be checked, so the promotion is refused
            model.promote(model.versions().get(0), "champion");
            var refusal = model.refusalProperty().get();
            assertThat(refusal.text()).isEqualTo("gate baseline not checked: no holdout (give one with --holdout FILE); gate regression not checked: "
                    + "no holdout (give one with --holdout FILE); gate latency not checked: no holdout (give one with --holdout FILE); "
                    + "loans:1 stays registered without alias champion");
            assertThat(model.versions().get(0).aliases()).isEmpty();
            assertThat(model.events()).extracting(ModelRegistry.AliasEvent::action).containsExactly("refused");
            assertThat(ModelsView.gates(model.events().get(0))).isEqualTo("refused: baseline, regression, latency");

            model.promoteAnyway();
            assertThat(model.refusalProperty().get()).isNull();
            assertThat(model.versions().get(0).aliases()).containsExactly("champion");
            assertThat(model.events().get(0).forced()).isTrue();
            assertThat(ModelsView.gates(model.events().get(0))).isEqualTo("forced past baseline, regression, latency");
            assertThat(notifications.latestProperty().get().text()).startsWith("loans@champion is now version 1 (forced past: gate baseline not checked");
        }
    }
}
