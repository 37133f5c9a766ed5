package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the first filtered, sorted page of a reopened store costs is the pages of the store it reads:
 * a page sorted by a metric tests each run the sort meets against the sets of runs the filter keeps,
 * each set read from one index range, so it reads the rows of the runs it shows and not every row of
 * the filtered params and metrics.
 */
class SortedRunsPlanTest {

    @Test
    void theFilterOfAPageSortedByAMetricReadsItsRunsFromIndexRanges(@TempDir Path folder) throws Exception {
        try (Store store = Store.open(folder.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            for (int r = 0; r < 30; r++) {
                var run = runs.start("bench", "run-" + r, null, (long) r, null, null, null,
                        Map.of("model", r % 3 == 0 ? "xgboost" : "random_forest", "depth", Integer.toString(r % 7)), Map.of());
                runs.metric(run.id(), "auc", 0, r / 30.0);
                runs.metric(run.id(), "loss", 0, 1 - r / 30.0);
                runs.end(run.id(), "finished", null);
            }
            runs.flush();
            var filter = RunFilter.parse("metrics.auc > 0.5 and params.model = 'xgboost'");
            String plan = plan(store, "SELECT s.run_id FROM run_metric_latest s WHERE s.metric_key = 'loss' AND (" + filter.sqlOn("s.run_id") + ")",
                    filter.values());

            // each test is a set read once from an index on (key, value, run): neither a lookup per run nor a read of every row of the key
            assertThat(plan).contains("RUN_PARAM_VALUE: PARAM_KEY = ?", "AND PARAM_VALUE = ?", "RUN_METRIC_LAST_ASC: METRIC_KEY = ?", "AND LAST_VALUE > ?")
                    .doesNotContain("R.ID", "RUN_PARAM_KEY", "PRIMARY_KEY");
            // and the page it serves keeps the runs the filter names, sorted by the metric
            var page = new RunPages(store).page("bench", filter, RunPages.Column.metric("loss", RunPages.Column.Aggregate.LAST), true, List.of(), 0, 100);
            assertThat(page).extracting(row -> row.run().seed()).containsExactly(27L, 24L, 21L, 18L);
        }
    }

    private static String plan(Store store, String sql, List<Object> values) throws Exception {
        try (Connection connection = store.connection(); PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            var arguments = new ArrayList<>(values);
            for (int i = 0; i < arguments.size(); i++) {
                explain.setObject(i + 1, arguments.get(i));
            }
            try (ResultSet rows = explain.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
