package io.pipewright.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatedPromotionTest {
    @TempDir
    Path dir;

    @Test
    void aCandidateBelowTheMajorityBaselineIsRefusedTheAliasStaysAndTheEvidenceIsStored() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            int good = GateFixtures.register(registry, dir, GateFixtures.model(List.of("x"), 1));
            registry.setAlias("loans", "champion", good, "promote");
            int noise = GateFixtures.register(registry, dir, GateFixtures.model(List.of("noise"), 2));

            var outcome = new GatedPromotion(store, Clock.systemUTC()).promote("loans", noise, "champion", GateSettings.DEFAULTS,
                    GateFixtures.rows(400, 9), "holdout.csv", false, "promote");

            assertThat(outcome.moved()).isFalse();
            assertThat(outcome.evidence().failureLine()).startsWith("gate baseline failed: accuracy ").contains(" does not beat majority ")
                    .contains("by min_lift 0.0000");
            assertThat(registry.find("loans@champion").orElseThrow().version()).as("the alias stays on the good model").isEqualTo(good);
            var last = registry.history("loans", "champion").get(1);
            assertThat(last.action()).isEqualTo("refused");
            assertThat(last.moved()).isFalse();
            assertThat(last.forced()).isFalse();
            var stored = GateEvidence.fromJson(last.evidence());
            assertThat(stored.candidate()).isEqualTo("loans:" + noise);
            assertThat(stored.holder()).isEqualTo("loans:" + good);
            assertThat(stored.rows()).isEqualTo(400);
            assertThat(stored.gate("baseline").numbers()).containsKeys("value", "majority", "stratified", "lift", "min_lift");
            assertThat(stored.gate("regression").numbers()).containsKeys("candidate", "holder", "difference", "ci_low", "ci_high");
            assertThat(stored.gates()).extracting(GateResult::name).containsExactly("baseline", "regression", "latency", "ab");
            // a refusal is not a move: a rollback still goes back past it
            assertThat(registry.rollback("loans", "champion").version()).as("champion was first set to the good model: nothing earlier")
                    .isEqualTo(good);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("has no earlier version to roll back to");
        }
    }

    @Test
    void aForcedPromotionMovesTheAliasAndIsRecordedForced() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            int good = GateFixtures.register(registry, dir, GateFixtures.model(List.of("x"), 1));
            registry.setAlias("loans", "champion", good, "promote");
            int noise = GateFixtures.register(registry, dir, GateFixtures.model(List.of("noise"), 2));

            var outcome = new GatedPromotion(store, Clock.systemUTC()).promote("loans", noise, "champion", null, GateFixtures.rows(400, 9),
                    "holdout.csv", true, "promote");

            assertThat(outcome.moved()).isTrue();
            assertThat(outcome.forced()).isTrue();
            assertThat(registry.find("loans@champion").orElseThrow().version()).isEqualTo(noise);
            var last = registry.history("loans", "champion").get(1);
            assertThat(last.action()).isEqualTo("promote");
            assertThat(last.forced()).isTrue();
            assertThat(GateEvidence.fromJson(last.evidence()).passed()).isFalse();
        }
    }

    @Test
    void aBetterCandidatePassesEveryGateWithASeededIntervalOfTheDifference() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            int first = GateFixtures.register(registry, dir, GateFixtures.model(List.of("x"), 1));
            var promotion = new GatedPromotion(store, Clock.systemUTC());
            var initial = promotion.promote("loans", first, "champion", null, GateFixtures.rows(400, 9), "holdout.csv", false, "promote");
            assertThat(initial.moved()).isTrue();
            assertThat(initial.evidence().gate("regression").status()).isEqualTo(GateResult.Status.SKIPPED);
            assertThat(initial.evidence().gate("regression").message()).isEqualTo("gate regression skipped: champion names no version yet");

            int second = GateFixtures.register(registry, dir, GateFixtures.model(List.of("x"), 3));
            var judged = promotion.judge("loans", second, "champion", GateSettings.DEFAULTS,
                    Holdout.raw(GateFixtures.rows(400, 9), "holdout.csv"), null);
            var again = promotion.judge("loans", second, "champion", GateSettings.DEFAULTS,
                    Holdout.raw(GateFixtures.rows(400, 9), "holdout.csv"), null);
            var regression = judged.gate("regression");
            assertThat(regression.numbers().get("ci_low")).as("seeded: the same interval every time").isEqualTo(again.gate("regression").numbers().get("ci_low"));
            double low = (Double) regression.numbers().get("ci_low");
            double high = (Double) regression.numbers().get("ci_high");
            double difference = (Double) regression.numbers().get("difference");
            assertThat(low).isLessThanOrEqualTo(difference);
            assertThat(high).isGreaterThanOrEqualTo(difference);
            assertThat(judged.gate("baseline").status()).isEqualTo(GateResult.Status.PASSED);
            assertThat(regression.message()).startsWith("gate regression ").contains("95% CI").contains("max_regression 0.0100");
            assertThat(judged.gate("latency").numbers()).containsKeys("candidate_us_per_row", "holder_us_per_row", "ratio");
        }
    }

    @Test
    void theSameModelTwiceDiffersByNothingAndItsIntervalHoldsZero() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            var model = GateFixtures.model(List.of("x"), 1);
            int first = GateFixtures.register(registry, dir, model);
            registry.setAlias("loans", "champion", first, "promote");
            int second = GateFixtures.register(registry, dir, model);

            var evidence = new GatedPromotion(store, Clock.systemUTC()).judge("loans", second, "champion", new GateSettings(null, null, null, "roc_auc"),
                    Holdout.raw(GateFixtures.rows(300, 4), "holdout.csv"), null);

            var regression = evidence.gate("regression");
            assertThat((Double) regression.numbers().get("difference")).isZero();
            assertThat((Double) regression.numbers().get("ci_low")).isLessThanOrEqualTo(0.0);
            assertThat((Double) regression.numbers().get("ci_high")).isGreaterThanOrEqualTo(0.0);
            assertThat(regression.status()).isEqualTo(GateResult.Status.PASSED);
            assertThat(evidence.metric()).isEqualTo("roc_auc");
        }
    }
}
