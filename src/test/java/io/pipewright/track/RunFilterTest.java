package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunFilterTest {
    private static String error(String filter) {
        Throwable thrown = catchThrowable(() -> RunFilter.parse(filter));
        assertThat(thrown).isInstanceOf(RunFilter.FilterException.class);
        return thrown.getMessage();
    }

    @Test
    void valuesAreBoundNeverWrittenIntoTheSql() {
        var filter = RunFilter.parse("metrics.roc_auc > 0.85 and params.algorithm = 'xgboost' and tags.dataset LIKE 'credit%' and status = 'finished'");
        assertThat(filter.values()).containsExactly("roc_auc", 0.85, "algorithm", "xgboost", "dataset", "credit%", "finished");
        assertThat(filter.sql()).doesNotContain("xgboost").doesNotContain("credit").doesNotContain("0.85").contains("?");
        var injection = RunFilter.parse("params.algorithm = '''; DROP TABLE run; --'");
        assertThat(injection.values()).containsExactly("algorithm", "'; DROP TABLE run; --");
        assertThat(injection.sql()).doesNotContain("DROP");
    }

    @Test
    void mistakesPointAtTheToken() {
        assertThat(error("metrics.auc >")).isEqualTo("expected a number but found end of filter at position 14");
        assertThat(error("foo.bar = 1")).startsWith("unknown key 'foo' (use metrics.NAME").endsWith("at position 1");
        assertThat(error("status = 'finished'; DROP TABLE run; --")).isEqualTo("unexpected ';' at position 20");
        assertThat(error("params.depth > 3")).isEqualTo("params.depth is text: use = != LIKE ILIKE or IN at position 14");
        assertThat(error("metrics.auc LIKE '0.8%'")).startsWith("metrics.auc is a number");
        assertThat(error("status = 'finished")).isEqualTo("a string opened here is never closed at position 10");
        assertThat(error("(status = 'failed'")).startsWith("expected ')' but found end of filter");
    }

    @Test
    void parenthesesNestedPastTheLimitAreRefusedInWords() {
        assertThat(RunFilter.MAX_NESTING).isEqualTo(200);
        assertThat(error("(".repeat(201) + "status = 'finished'" + ")".repeat(201)))
                .isEqualTo("parentheses nested more than 200 levels deep at position 201");
        assertThat(error("(".repeat(5_000) + "status = 'finished'" + ")".repeat(5_000)))
                .isEqualTo("parentheses nested more than 200 levels deep at position 201");
        assertThat(error("status = 'a' or (".repeat(300) + "status = 'b'" + ")".repeat(300)))
                .isEqualTo("parentheses nested more than 200 levels deep at position " + (17 * 201));
    }

    /** What the parser accepts, each store runs: the deepest nesting allowed and a chain of thousands of conditions. */
    @OnEachStore
    void theDeepestAndLongestFiltersRunOnTheStore(TestStore stores) {
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                var run = runs.start("exp", "r" + i, "run " + i, (long) i, null, null, null);
                runs.params(run.id(), Map.of("depth", Integer.toString(i)));
                runs.end(run.id(), Runs.FINISHED, null);
            }
            runs.flush();
            String nested = "params.depth = '9' or (".repeat(RunFilter.MAX_NESTING) + "params.depth = '1'" + ")".repeat(RunFilter.MAX_NESTING);
            assertThat(runs.search("exp", RunFilter.parse(nested), null, 0, 10)).extracting(Runs.Run::key).containsExactly("r1");
            String chain = "params.depth = '9'" + " or params.depth = '2' and seed = 2".repeat(500);
            assertThat(runs.search("exp", RunFilter.parse(chain), null, 0, 10)).extracting(Runs.Run::key).containsExactly("r2");
        }
    }

    @OnEachStore
    void theStoreFiltersAndSortsRunsAndPagesThem(TestStore stores) {
        try (Store store = stores.open()) {
            filtersSortsAndPages(store);
        }
    }

    private static void filtersSortsAndPages(Store store) {
        var runs = new Runs(store, Clock.systemUTC());
        for (int i = 0; i < 30; i++) {
            var run = runs.start("exp", "r" + i, "run " + i, (long) i, null, null, null);
            runs.params(run.id(), Map.of("train.algorithm", i % 3 == 0 ? "xgboost" : "random_forest", "train.max_depth", Integer.toString(i % 5)));
            runs.tags(run.id(), Map.of("dataset", i < 10 ? "credit-2026" : "housing"));
            runs.metric(run.id(), "eval.roc_auc", 0, 0.5 + i / 100.0);
            runs.end(run.id(), i == 29 ? Runs.FAILED : Runs.FINISHED, null);
        }
        runs.flush();
        var found = runs.search("exp", RunFilter.parse("metrics.eval.roc_auc >= 0.7 and params.train.algorithm = 'xgboost' and status = 'finished'"),
                "metrics.eval.roc_auc DESC", 0, 100);
        assertThat(found).extracting(Runs.Run::key).containsExactly("r27", "r24", "r21");
        assertThat(runs.search(null, RunFilter.parse("tags.dataset ILIKE 'CREDIT%' or seed IN (20, 21)"), "start_time ASC", 0, 100))
                .extracting(Runs.Run::key).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r20", "r21");
        assertThat(runs.search("exp", RunFilter.parse("params.train.max_depth = 4"), "metrics.eval.roc_auc ASC", 2, 3))
                .extracting(Runs.Run::key).containsExactly("r14", "r19", "r24");
        assertThat(runs.search("exp", RunFilter.parse("params.train.algorithm NOT IN ('xgboost') and status != 'failed'"), null, 0, 1000))
                .hasSize(19);
        assertThat(catchThrowable(() -> runs.search("exp", RunFilter.all(), "accuracy", 0, 10))).hasMessageContaining("unknown key 'accuracy'");
        // the injection attempt was a value: the run table is still there
        assertThat(runs.search("exp", RunFilter.parse("name = '''; DROP TABLE run; --'"), null, 0, 10)).isEmpty();
        assertThat(runs.list("exp")).hasSize(30);

    }
}
