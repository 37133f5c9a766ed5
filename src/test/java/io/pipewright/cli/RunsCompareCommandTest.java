package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.OnEachStore;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.track.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code pipewright runs compare}: the table, --diff-only, --json, --csv and the mistakes, on H2 and on PostgreSQL. */
class RunsCompareCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private static void record(TestStore stores) {
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            var a = runs.record("credit", "run-a", "first", Runs.FINISHED, T0, T0.plusSeconds(12), null);
            runs.params(a.id(), Map.of("train.algorithm", "xgboost", "split.test", "0.2"));
            runs.metric(a.id(), "eval.roc_auc", 0, 0.81, T0);
            runs.tags(a.id(), Map.of("pipewright.version", "0.1.0"));
            runs.flush();
            var b = runs.record("credit", "run-b", null, Runs.FAILED, T0.plusSeconds(60), T0.plusSeconds(61), null);
            runs.params(b.id(), Map.of("train.algorithm", "random_forest", "split.test", "0.2"));
            runs.metric(b.id(), "eval.roc_auc", 0, 0.79, T0);
            runs.metric(b.id(), "eval.odd", 0, Double.NaN, T0);
            runs.tags(b.id(), Map.of("pipewright.version", "0.1.0"));
            runs.flush();
        }
    }

    @OnEachStore
    void theTableHasARowPerKeyAndMarksTheOnesThatDiffer(TestStore stores) {
        record(stores);
        CliRun result = CliRun.on(stores, "runs", "compare", "run-a", "run-b");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "  run                   run-a     run-b",
                "  experiment            credit    credit",
                "  status                finished  failed",
                "  duration              12.0 s    1.0 s",
                "  params:",
                "    split.test          0.2       0.2",
                "*   train.algorithm     xgboost   random_forest",
                "  metrics:",
                "*   eval.odd                      NaN",
                "*   eval.roc_auc        0.81      0.79",
                "  tags:",
                "    pipewright.version  0.1.0     0.1.0");
    }

    @OnEachStore
    void diffOnlyJsonAndCsv(TestStore stores) throws Exception {
        record(stores);
        Path csv = stores.home().resolve("compare.csv");
        CliRun result = CliRun.on(stores, "runs", "compare", "run-b", "run-a", "--json", "--csv", csv.toString());
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("runs")).hasSize(2);
        JsonNode b = json.get("runs").get(0);
        assertThat(b.get("id").asText()).isEqualTo("run-b");
        assertThat(b.get("experiment").asText()).isEqualTo("credit");
        assertThat(b.get("name").isNull()).isTrue();
        assertThat(b.get("status").asText()).isEqualTo("failed");
        assertThat(b.get("start").asText()).isEqualTo(T0.plusSeconds(60).toString());
        assertThat(b.get("end").asText()).isEqualTo(T0.plusSeconds(61).toString());
        assertThat(json.get("runs").get(1).get("name").asText()).isEqualTo("first");
        assertThat(json.get("params").get("train.algorithm").get("run-a").asText()).isEqualTo("xgboost");
        assertThat(json.get("metrics").get("eval.roc_auc").get("run-b").asDouble()).isEqualTo(0.79);
        assertThat(json.get("metrics").get("eval.odd").get("run-b").isNull()).as("not a number: null, as runs list writes it").isTrue();
        assertThat(json.get("metrics").get("eval.odd").has("run-a")).as("a run without the key is left out").isFalse();
        assertThat(json.get("tags").get("pipewright.version").size()).isEqualTo(2);
        assertThat(new ObjectMapper().convertValue(json.get("differences"), List.class))
                .containsExactly("params.train.algorithm", "metrics.eval.odd", "metrics.eval.roc_auc");
        assertThat(Files.readString(csv)).startsWith("kind,key,run-b,run-a\r\nparam,split.test,0.2,0.2\r\n")
                .contains("metric,eval.odd,NaN,\r\n");

        CliRun diff = CliRun.on(stores, "runs", "compare", "run-a", "run-b", "--diff-only", "--json", "--csv", csv.toString());
        JsonNode differing = new ObjectMapper().readTree(diff.out());
        assertThat(differing.get("params").size()).isEqualTo(1);
        assertThat(differing.get("tags").size()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(4);
        assertThat(CliRun.on(stores, "runs", "compare", "run-a", "run-b", "--diff-only").out())
                .contains("train.algorithm").doesNotContain("split.test").doesNotContain("pipewright.version");
    }

    @OnEachStore
    void mistakesAreOneLineAndExitTwo(TestStore stores) {
        record(stores);
        CliRun unknown = CliRun.on(stores, "runs", "compare", "run-a", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.errLines()).containsExactly("pipewright: no run 'nope' in the store");
        CliRun one = CliRun.on(stores, "runs", "compare", "run-a");
        assertThat(one.code()).isEqualTo(2);
        assertThat(one.errLines()).containsExactly("pipewright: runs compare: give at least two different runs (got run-a)");
        assertThat(CliRun.on(stores, "runs", "compare", "run-a", "run-a").code()).isEqualTo(2);
        assertThat(CliRun.on(stores, "runs", "compare").code()).isEqualTo(2);
        CliRun unwritable = CliRun.on(stores, "runs", "compare", "run-a", "run-b", "--csv", stores.home().resolve("no/such/folder.csv").toString());
        assertThat(unwritable.code()).isEqualTo(2);
        assertThat(unwritable.errLines()).singleElement().asString().startsWith("pipewright: --csv: cannot write " + stores.home().resolve("no/such/folder.csv"));
    }
}
