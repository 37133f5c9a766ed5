package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.OnEachStore;
import io.pipewright.track.Store;
import io.pipewright.track.TestStore;
import java.time.Clock;

/** {@code pipewright models}: list, show, alias, promote and rollback, with the alias history kept. */
class ModelsCommandTest {
    @OnEachStore
    void promotingAndRollingBackMovesTheChampionAndRecordsWhoDidIt(TestStore stores) throws Exception {
        try (Store store = stores.open()) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            for (int v = 1; v <= 3; v++) {
                registry.register("credit-risk", "run-" + v, "/models/v" + v + ".pwmodel", "a".repeat(64), "{\"roc_auc\": 0.7" + v + "}",
                        v == 3 ? "challenger" : null);
            }
        }
        assertThat(CliRun.on(stores, "models", "promote", "credit-risk", "2").out()).isEqualTo("credit-risk@champion → version 2" + System.lineSeparator());
        assertThat(CliRun.on(stores, "models", "promote", "credit-risk", "3").code()).isZero();
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
        assertThat(CliRun.on(stores, "models", "show", "credit-risk").out()).contains("name: credit-risk").contains("champion: 2");
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
        assertThat(CliRun.on(stores, "models", "rollback", "m").errLines())
                .containsExactly("pipewright: m@champion has no earlier version to roll back to (it was first set to version 1)");
    }
}
