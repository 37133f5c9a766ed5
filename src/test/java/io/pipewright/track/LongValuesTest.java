package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Text as long as MLflow allows (and longer) is stored whole; text longer than the store keeps is
 * refused in words before anything of the run is written. On H2 and PostgreSQL alike.
 */
class LongValuesTest {
    private static final String LONG_ID = "r".repeat(105);

    @OnEachStore
    void nineThousandCharacterParamsAndTagsAndALongRunIdAreStoredWhole(TestStore stores) {
        String value = "x".repeat(8_999) + "y";
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.start("long", LONG_ID, "a name", 1L, null, null, null, Map.of("derive.expression", value), Map.of("note", value));
            runs.params(run.id(), Map.of("train.more", value + value));
            runs.end(run.id(), Runs.FINISHED, null, new Runs.Results(Map.of("train.hyperparameters.text", value), List.of(), List.of()));
            var found = runs.find(LONG_ID).orElseThrow();
            assertThat(found.status()).isEqualTo(Runs.FINISHED);
            assertThat(runs.params(found.id())).containsEntry("derive.expression", value).containsEntry("train.more", value + value)
                    .containsEntry("train.hyperparameters.text", value);
            assertThat(runs.tags(found.id())).containsEntry("note", value);
            // a filter and a sort still read the long values
            assertThat(runs.search("long", RunFilter.parse("params.derive.expression LIKE '%y' and run_id = '" + LONG_ID + "'"),
                    "params.derive.expression", 0, 10)).extracting(Runs.Run::key).containsExactly(LONG_ID);
            // the run ids of child runs built from it fit too
            var child = runs.start("long", LONG_ID + "-train-0", "train trial 0", 1L, null, null, found.id());
            runs.end(child.id(), Runs.FINISHED, null);
            assertThat(runs.children(LONG_ID)).hasSize(1);
            // widened, the run id is still required and unique
            assertThat(catchThrowable(() -> runs.start("long", LONG_ID, null, null, null, null, null))).isInstanceOf(StoreException.class)
                    .as("the database's own text, which quotes SQL, goes to the log")
                    .hasMessage("cannot record a run of long in the store: the store refused the write (the log has the details)");
            assertThat(catchThrowable(() -> runs.start("long", null, null, null, null, null, null))).isInstanceOf(StoreException.class);
        }
    }

    @OnEachStore
    void aValueLongerThanTheStoreKeepsIsRefusedInWordsAndNothingIsWritten(TestStore stores) throws SQLException {
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            Throwable refused = catchThrowable(() -> runs.start("long", "r1", "a name", 1L, null, null, null,
                    Map.of("derive.expression", "x".repeat(StoreLimits.VALUE + 1)), Map.of()));
            assertThat(refused).isInstanceOf(StoreLimits.TooLongException.class)
                    .hasMessage("the param 'derive.expression' is 1,000,001 characters long; the store keeps at most 1,000,000");
            assertThat(catchThrowable(() -> runs.start("long", "i".repeat(251), null, null, null, null, null)))
                    .hasMessage("the run id 'iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii…iiiiiiiiiiii' is 251 characters long; the store keeps at most 250");
            assertThat(catchThrowable(() -> runs.record("long", "r2", null, Runs.FINISHED, Instant.EPOCH, null, null, Map.of(),
                    Map.of("k".repeat(251), "v"), List.of()))).hasMessageStartingWith("the tag key 'kkkk").hasMessageEndingWith(
                            "is 251 characters long; the store keeps at most 250");
            assertThat(countRuns(store)).isZero();
            // a run's results that do not fit leave it as it was: the caller closes it, saying why
            var run = runs.start("long", "r3", null, 1L, null, null, null);
            runs.metric(run.id(), "eval.auc", 0, 0.9);
            assertThat(catchThrowable(() -> runs.end(run.id(), Runs.FINISHED, null, new Runs.Results(Map.of("p", "x".repeat(StoreLimits.VALUE + 1)),
                    List.of(new Runs.Artifact("model.pwmodel", "model", 1, "0".repeat(64))), List.of())))).isInstanceOf(StoreLimits.TooLongException.class);
            assertThat(runs.find("r3").orElseThrow().status()).isEqualTo(Runs.RUNNING);
            assertThat(runs.artifacts(run.id())).isEmpty();
            runs.end(run.id(), Runs.FAILED, "its results could not be recorded");
            var closed = runs.find("r3").orElseThrow();
            assertThat(closed.status()).isEqualTo(Runs.FAILED);
            assertThat(runs.latestMetrics(closed.id())).containsEntry("eval.auc", 0.9);
        }
    }

    private static int countRuns(Store store) throws SQLException {
        try (var connection = store.connection(); var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM run")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
