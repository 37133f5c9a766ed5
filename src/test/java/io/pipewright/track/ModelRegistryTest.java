package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;

/** Versions, aliases and their history, on H2 and on PostgreSQL. */
class ModelRegistryTest {
    @OnEachStore
    void versionsNumberUpAndAliasesMoveWithTheirHistory(TestStore stores) {
        try (Store store = stores.open()) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            registry.register("m", "r1", "/m/v1.pwmodel", "c".repeat(64), "{}", "champion");
            registry.register("m", "r2", "/m/v2.pwmodel", "d".repeat(64), "{\"auc\": 0.8}", "champion");
            registry.register("other", null, "/o/v1.pwmodel", "e".repeat(64), null, null);
            assertThat(registry.find("m@champion").orElseThrow().version()).isEqualTo(2);
            assertThat(registry.find("m").orElseThrow().runKey()).isEqualTo("r2");
            assertThat(registry.find("m:1").orElseThrow().aliases()).isEmpty();
            assertThat(registry.rollback("m", "champion").version()).isEqualTo(1);
            assertThat(registry.history("m", null)).extracting(ModelRegistry.AliasEvent::action).containsExactly("register", "register", "rollback");
            assertThat(registry.history("m", "champion").get(2).fromVersion()).isEqualTo(2);
            assertThat(registry.names()).containsExactly("m", "other");
            assertThat(registry.versions("m")).extracting(ModelRegistry.Version::version).containsExactly(2, 1);
            assertThat(registry.nextVersion("m")).isEqualTo(3);
            assertThat(catchThrowable(() -> registry.setAlias("m", "champion", 7, "promote"))).hasMessage("no model version m:7");
            assertThat(registry.find("m@champion").orElseThrow().version()).as("a refused move changes nothing").isEqualTo(1);
        }
        try (Store again = stores.open()) {
            assertThat(new ModelRegistry(again, Clock.systemUTC()).find("m@champion").orElseThrow().sha256()).isEqualTo("c".repeat(64));
        }
    }
}
