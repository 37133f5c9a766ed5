package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.OnEachStore;
import io.pipewright.track.Store;
import io.pipewright.track.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** {@code pipewright models}: list, show, alias, promote and rollback, with the alias history kept. */
class ModelsCommandTest {
    @OnEachStore
    void promotingAndRollingBackMovesTheChampionAndRecordsWhoDidIt(TestStore stores) throws Exception {
        // three versions of one real model (well above its baselines), judged on rows it did not train on
        Path folder = Files.createTempDirectory("gates");
        Path holdout = folder.resolve("holdout.csv");
        io.pipewright.pipeline.gate.GateFixtures.rows(300, 7).write().csv(holdout.toFile());
        var trained = io.pipewright.pipeline.gate.GateFixtures.model(List.of("x"), 1);
        try (Store store = stores.open()) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            for (int v = 1; v <= 3; v++) {
                Path file = folder.resolve("v" + v + ".pwmodel");
                io.pipewright.train.ModelArtifact.write(trained, "credit-risk", java.util.Map.of(), "test", file);
                registry.register("credit-risk", "run-" + v, file.toString(), "a".repeat(64), "{\"roc_auc\": 0.7" + v + "}",
                        v == 3 ? "challenger" : null);
            }
        }
        CliRun promoted = CliRun.on(stores, "models", "promote", "credit-risk", "2", "--holdout", holdout.toString());
        assertThat(promoted.code()).isZero();
        assertThat(promoted.out().lines().toList()).hasSize(5).first().isEqualTo("credit-risk@champion → version 2 (gates passed)");
        assertThat(promoted.out()).containsPattern("  baseline   passed  accuracy 0\\.\\d{4} beats (majority|stratified) 0\\.\\d{4} by min_lift 0\\.0000")
                .contains("  regression skipped champion names no version yet").contains("  ab         skipped no A/B analysis given");
        CliRun again = CliRun.on(stores, "models", "promote", "credit-risk", "3", "--holdout", holdout.toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(CliRun.on(stores, "models", "rollback", "credit-risk").out()).isEqualTo("credit-risk@champion → version 2" + System.lineSeparator());

        JsonNode models = new ObjectMapper().readTree(CliRun.on(stores, "models", "list", "--json").out());
        assertThat(models).hasSize(1);
        JsonNode model = models.get(0);
        assertThat(model.get("name").asText()).isEqualTo("credit-risk");
        assertThat(model.get("aliases").get("champion").asInt()).isEqualTo(2);
        assertThat(model.get("aliases").get("challenger").asInt()).isEqualTo(3);
        assertThat(model.get("versions")).hasSize(3);
        assertThat(model.get("versions").get(0).get("version").asInt()).isEqualTo(3);
        assertThat(model.get("versions").get(1).get("metrics").get("roc_auc").asDouble()).isEqualTo(0.72);
        assertThat(model.get("versions").get(1).get("run").asText()).isEqualTo("run-2");

        JsonNode shown = new ObjectMapper().readTree(CliRun.on(stores, "models", "show", "credit-risk@champion", "--json").out());
        assertThat(shown.get("version").asInt()).isEqualTo(2);
        JsonNode history = shown.get("aliasHistory");
        assertThat(history).hasSize(4); // challenger set at registration, then promote, promote, rollback
        assertThat(history.get(3).get("action").asText()).isEqualTo("rollback");
        assertThat(history.get(3).get("from").asInt()).isEqualTo(3);
        assertThat(history.get(3).get("to").asInt()).isEqualTo(2);
        assertThat(history.get(3).get("by").asText()).contains("@");
        assertThat(history.get(3).get("evidence").isNull()).as("a rollback goes back without the gates").isTrue();
        JsonNode gated = history.get(2).get("evidence");
        assertThat(gated.get("candidate").asText()).isEqualTo("credit-risk:3");
        assertThat(gated.get("holder").asText()).isEqualTo("credit-risk:2");
        assertThat(gated.get("holdout").asText()).isEqualTo("holdout.csv");
        assertThat(gated.get("rows").asInt()).isEqualTo(300);
        assertThat(gated.get("gates").get(1).get("numbers").get("difference").asDouble()).as("the same model on the same rows").isZero();
        assertThat(history.get(2).get("forced").asBoolean()).isFalse();
        assertThat(CliRun.on(stores, "models", "show", "credit-risk").out()).contains("name: credit-risk").contains("champion: 2");
    }

    @OnEachStore
    void aFailedGateLeavesTheAliasExitsOneAndForceMovesItRecordedForced(TestStore stores) throws Exception {
        Path folder = Files.createTempDirectory("gates");
        Path holdout = folder.resolve("loans-holdout.csv");
        io.pipewright.pipeline.gate.GateFixtures.rows(400, 9).write().csv(holdout.toFile());
        try (Store store = stores.open()) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            int good = io.pipewright.pipeline.gate.GateFixtures.register(registry, folder, io.pipewright.pipeline.gate.GateFixtures.model(List.of("x"), 1));
            registry.setAlias("loans", "champion", good, "promote");
            // a model of noise: it can only guess, so it never beats always answering "no"
            io.pipewright.pipeline.gate.GateFixtures.register(registry, folder, io.pipewright.pipeline.gate.GateFixtures.model(List.of("noise"), 2));
        }

        CliRun refused = CliRun.on(stores, "models", "promote", "loans", "2", "--holdout", holdout.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.errLines()).hasSize(1);
        assertThat(refused.errLines().get(0)).matches("pipewright: gate baseline failed: accuracy 0\\.\\d{4} does not beat majority 0\\.\\d{4} "
                + "by min_lift 0\\.0000 \\(lift [-+]0\\.\\d{4}\\); gate regression failed: accuracy .*; loans:2 stays registered without alias champion \\(promote anyway with --force\\)");
        assertThat(refused.out()).contains("  baseline   failed  accuracy ").contains("  regression ").contains("95% CI");
        assertThat(CliRun.on(stores, "models", "show", "loans@champion", "--json").out()).contains("\"version\" : 1,");

        CliRun forced = CliRun.on(stores, "models", "promote", "loans", "2", "--holdout", holdout.toString(), "--force", "--json");
        assertThat(forced.code()).isZero();
        JsonNode outcome = new ObjectMapper().readTree(forced.out());
        assertThat(outcome.get("moved").asBoolean()).isTrue();
        assertThat(outcome.get("forced").asBoolean()).isTrue();
        assertThat(outcome.get("evidence").get("gates").get(0).get("status").asText()).isEqualTo("FAILED");

        JsonNode history = new ObjectMapper().readTree(CliRun.on(stores, "models", "show", "loans", "--json").out()).get("aliasHistory");
        assertThat(history).extracting(move -> move.get("action").asText()).containsExactly("promote", "refused", "promote");
        assertThat(history.get(1).get("to").asInt()).isEqualTo(2);
        assertThat(history.get(1).get("evidence").get("gates").get(0).get("numbers").get("majority").asDouble()).isBetween(0.7, 0.9);
        assertThat(history.get(2).get("forced").asBoolean()).isTrue();
        assertThat(CliRun.on(stores, "models", "rollback", "loans").out()).as("a refusal is not a move: rollback goes back to 1")
                .isEqualTo("loans@champion → version 1" + System.lineSeparator());
    }

    @OnEachStore
    void promoteRefusesBadGateInputWithOneLineAndExitTwo(TestStore stores) throws Exception {
        Path folder = Files.createTempDirectory("gates");
        try (Store store = stores.open()) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            io.pipewright.pipeline.gate.GateFixtures.register(registry, folder, io.pipewright.pipeline.gate.GateFixtures.model(List.of("x"), 1));
        }
        Path holdout = folder.resolve("rows.csv");
        io.pipewright.pipeline.gate.GateFixtures.rows(100, 9).write().csv(holdout.toFile());
        assertThat(CliRun.on(stores, "models", "promote", "loans", "1").errLines()).containsExactly("pipewright: loans:1 has no holdout kept with it "
                + "(its pipeline did not evaluate it on raw rows in the same run): give one with --holdout FILE, or --force to move the alias unchecked");
        CliRun negative = CliRun.on(stores, "models", "promote", "loans", "1", "--holdout", holdout.toString(), "--max-regression", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.errLines()).containsExactly("pipewright: --max-regression: -1.0 is not allowed; it must be a number of 0 or more");
        assertThat(CliRun.on(stores, "models", "promote", "loans", "1", "--holdout", holdout.toString(), "--metric", "rmse").errLines())
                .containsExactly("pipewright: metric: rmse is not a classification metric, and this model is a classifier; one of accuracy, "
                        + "precision_macro, recall_macro, f1_macro, f1_weighted, roc_auc, pr_auc, log_loss");
        Path analysis = folder.resolve("ab.json");
        Files.writeString(analysis, "{\"metric\": \"accuracy\"}");
        assertThat(CliRun.on(stores, "models", "promote", "loans", "1", "--holdout", holdout.toString(), "--ab-analysis", analysis.toString())
                .errLines()).containsExactly("pipewright: ab.json: verdict: missing (expected keep, switch, inconclusive or invalid: …)");
        try (Store store = stores.open()) {
            assertThat(new ModelRegistry(store, Clock.systemUTC()).history("loans", null)).as("nothing recorded").isEmpty();
        }
    }

    @OnEachStore
    void anAbAnalysisThatSaysSwitchToTheCandidatePassesTheAbGate(TestStore stores) throws Exception {
        Path folder = Files.createTempDirectory("gates");
        try (Store store = stores.open()) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            io.pipewright.pipeline.gate.GateFixtures.register(registry, folder, io.pipewright.pipeline.gate.GateFixtures.model(List.of("x"), 1));
        }
        Path holdout = folder.resolve("rows.csv");
        io.pipewright.pipeline.gate.GateFixtures.rows(200, 9).write().csv(holdout.toFile());
        Path keep = folder.resolve("keep.json");
        Files.writeString(keep, "{\"verdict\": \"keep\", \"metric\": \"accuracy\", \"variants\": {\"a\": {\"version\": null}, \"b\": {\"version\": \"loans:1\"}}}");
        CliRun kept = CliRun.on(stores, "models", "promote", "loans", "1", "--holdout", holdout.toString(), "--ab-analysis", keep.toString());
        assertThat(kept.code()).isEqualTo(1);
        assertThat(kept.errLines()).containsExactly("pipewright: gate ab failed: the A/B analysis keep.json says 'keep', not 'switch'; "
                + "loans:1 stays registered without alias champion (promote anyway with --force)");
        Path switched = folder.resolve("switch.json");
        Files.writeString(switched, Files.readString(keep).replace("\"keep\"", "\"switch\""));
        CliRun moved = CliRun.on(stores, "models", "promote", "loans", "1", "--holdout", holdout.toString(), "--ab-analysis", switched.toString());
        assertThat(moved.code()).isZero();
        assertThat(moved.out()).contains("  ab         passed  the A/B analysis switch.json says switch to loans:1");
    }

    @OnEachStore
    void mistakesAreOneLineAndExitTwo(TestStore stores) {
        CliRun unknown = CliRun.on(stores, "models", "show", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.errLines()).containsExactly("pipewright: no registered model 'nope'");
        try (Store store = stores.open()) {
            new ModelRegistry(store, Clock.systemUTC()).register("m", null, "/m/v1.pwmodel", "b".repeat(64), null, "champion");
        }
        assertThat(CliRun.on(stores, "models", "promote", "m", "7").errLines()).containsExactly("pipewright: no model version m:7");
        assertThat(CliRun.on(stores, "models", "alias", "m", "stable", "1").out()).as("the low-level move says it is ungated")
                .isEqualTo("m@stable → version 1 (ungated: models promote checks the gates)" + System.lineSeparator());
        assertThat(CliRun.on(stores, "models", "rollback", "m").errLines())
                .containsExactly("pipewright: m@champion has no earlier version to roll back to (it was first set to version 1)");
    }
}
