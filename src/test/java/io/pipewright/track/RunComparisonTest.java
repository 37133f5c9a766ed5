package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs side by side, on H2 and on PostgreSQL. */
class RunComparisonTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /** Three runs of credit: a and b differ in one param and a metric; c lacks a param and ran no metric but loss. */
    private static void record(Store store) {
        var runs = new Runs(store, Clock.fixed(T0, ZoneOffset.UTC));
        var a = runs.record("credit", "a", "run a", Runs.FINISHED, T0, T0.plusSeconds(90), null);
        runs.params(a.id(), Map.of("train.algorithm", "xgboost", "split.test", "0.2"));
        runs.tags(a.id(), Map.of("note", "first, \"quoted\""));
        runs.metric(a.id(), "loss", 1, 0.9, T0);
        runs.metric(a.id(), "loss", 2, 0.4, T0);
        runs.metric(a.id(), "loss", 3, 0.5, T0);
        runs.metric(a.id(), "eval.auc", 0, 0.8123456789012345, T0);
        runs.flush();
        var b = runs.record("credit", "b", null, Runs.FAILED, T0.plusSeconds(100), T0.plusSeconds(110), null);
        runs.params(b.id(), Map.of("train.algorithm", "random_forest", "split.test", "0.2"));
        runs.tags(b.id(), Map.of("note", "first, \"quoted\""));
        runs.metric(b.id(), "loss", 1, 0.7, T0);
        runs.metric(b.id(), "eval.auc", 0, 0.75, T0);
        runs.metric(b.id(), "eval.odd", 0, Double.NaN, T0);
        runs.flush();
        var c = runs.start("housing", "c", null, null, null, null, null);
        runs.params(c.id(), Map.of("train.algorithm", "xgboost"));
        runs.metric(c.id(), "loss", 5, 0.4, T0);
        runs.flush();
    }

    @OnEachStore
    void everyKeyOfEveryRunIsARowWithAValuePerRunAndDifferencesAreMarked(TestStore stores) {
        RunComparison comparison;
        RunComparison same;
        try (Store store = stores.open()) {
            record(store);
            comparison = RunComparison.of(store, List.of("b", "a", "c"));
            same = RunComparison.of(store, List.of("a", "b"));
        }
        assertThat(comparison.runs()).extracting(RunComparison.RunInfo::key).containsExactly("b", "a", "c");
        var a = comparison.runs().get(1);
        assertThat(a).isEqualTo(new RunComparison.RunInfo("a", "credit", "run a", Runs.FINISHED, T0, T0.plusSeconds(90)));
        assertThat(a.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(comparison.runs().get(2).status()).isEqualTo(Runs.RUNNING);
        assertThat(comparison.runs().get(2).duration()).isNull();

        assertThat(comparison.rows()).extracting(row -> row.kind().label() + ":" + row.key()).containsExactly(
                "param:split.test", "param:train.algorithm", "metric:eval.auc", "metric:eval.odd", "metric:loss", "tag:note");
        var split = comparison.rows().get(0);
        assertThat(split.values()).containsExactly("0.2", "0.2", null);
        assertThat(split.differs()).as("a run without the key differs").isTrue();
        assertThat(split.metrics()).isEmpty();
        assertThat(comparison.rows().get(1).values()).containsExactly("random_forest", "xgboost", "xgboost");

        var loss = comparison.rows(RunComparison.Kind.METRIC).get(2);
        assertThat(loss.values()).containsExactly(0.7, 0.5, 0.4);
        assertThat(loss.metrics().get(1)).isEqualTo(new RunComparison.Metric(0.5, 0.4, 0.9, 3));
        assertThat(loss.metrics().get(2)).isEqualTo(new RunComparison.Metric(0.4, 0.4, 0.4, 5));
        var odd = comparison.rows(RunComparison.Kind.METRIC).get(1);
        assertThat(odd.values()).containsExactly(Double.NaN, null, null);
        assertThat(odd.metrics().get(0).latest()).isNaN();
        assertThat(odd.metrics().get(1)).isNull();

        assertThat(same.rows()).filteredOn(row -> !row.differs()).extracting(RunComparison.Row::key).containsExactly("split.test", "note");
        assertThat(same.differencesOnly().rows()).extracting(RunComparison.Row::key)
                .containsExactly("train.algorithm", "eval.auc", "eval.odd", "loss");
        assertThat(same.differencesOnly().runs()).isEqualTo(same.runs());
        assertThat(catchThrowable(() -> same.rows().get(0).values().set(0, "x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @OnEachStore
    void theCsvHasARowPerKeyAndAColumnPerRunQuotedAsRfc4180Says(TestStore stores) {
        try (Store store = stores.open()) {
            record(store);
            assertThat(RunComparison.of(store, List.of("a", "b")).toCsv()).isEqualTo(String.join("\r\n",
                    "kind,key,a,b",
                    "param,split.test,0.2,0.2",
                    "param,train.algorithm,xgboost,random_forest",
                    "metric,eval.auc,0.8123456789012345,0.75",
                    "metric,eval.odd,,NaN",
                    "metric,loss,0.5,0.7",
                    "tag,note,\"first, \"\"quoted\"\"\",\"first, \"\"quoted\"\"\"") + "\r\n");
        }
    }

    @OnEachStore
    void anUnknownRunIsNamed(TestStore stores) {
        try (Store store = stores.open()) {
            record(store);
            assertThat(catchThrowable(() -> RunComparison.of(store, List.of("a", "nope", "b"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("no run 'nope' in the store");
            assertThat(RunComparison.of(store, List.of("a", "a", "b")).runs()).as("a run named twice is one column").hasSize(2);
        }
    }

    @OnEachStore
    void moreRunsThanOneQueryTakesAreComparedWhole(TestStore stores) throws Exception {
        int count = 1_100;
        var keys = new ArrayList<String>();
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            long experiment = runs.start("many", "seed-run", null, null, null, null, null).id();
            try (var connection = store.connection();
                 var insert = connection.prepareStatement("INSERT INTO run (run_key, experiment_id, status, started_at) "
                         + "SELECT ?, experiment_id, 'finished', ? FROM run WHERE id = ?");
                 var param = connection.prepareStatement("INSERT INTO run_param (run_id, param_key, param_value) "
                         + "SELECT id, 'i', ? FROM run WHERE run_key = ?")) {
                connection.setAutoCommit(false);
                for (int i = 0; i < count; i++) {
                    keys.add("run-" + i);
                    insert.setString(1, "run-" + i);
                    insert.setTimestamp(2, Timestamp.from(T0.plusSeconds(i)));
                    insert.setLong(3, experiment);
                    insert.addBatch();
                }
                insert.executeBatch();
                for (int i = 0; i < count; i++) {
                    param.setString(1, Integer.toString(i % 7));
                    param.setString(2, "run-" + i);
                    param.addBatch();
                }
                param.executeBatch();
                connection.commit();
            }
            var comparison = RunComparison.of(store, keys);
            assertThat(comparison.runs()).hasSize(count);
            assertThat(comparison.runs().get(count - 1).key()).isEqualTo("run-" + (count - 1));
            Object[] expected = new Object[count];
            Arrays.setAll(expected, i -> Integer.toString(i % 7));
            assertThat(comparison.rows()).singleElement().satisfies(row -> assertThat(row.values()).containsExactly(expected));
        }
    }
}
