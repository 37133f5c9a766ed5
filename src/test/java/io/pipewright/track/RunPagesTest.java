package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.RunPages.Column;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The runs table's reads, on H2 and on PostgreSQL. */
class RunPagesTest {

    /** 250 runs of "sweep": depth = i % 5, auc = i / 1000, a loss history of 10 steps; one child run and one other experiment. */
    private static void fill(Store store) {
        var clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        var runs = new Runs(store, clock);
        for (int i = 0; i < 250; i++) {
            var run = runs.record("sweep", String.format("run-%03d", i), "r" + i, Runs.FINISHED,
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i + 60), null);
            runs.params(run.id(), Map.of("depth", String.valueOf(i % 5), "algorithm", i % 2 == 0 ? "xgboost" : "random_forest"));
            runs.tags(run.id(), Map.of("seed", String.valueOf(i % 3)));
            for (int step = 0; step < 10; step++) {
                runs.metric(run.id(), "loss", step, 1.0 / (step + 1) + i / 10_000.0);
            }
            runs.metric(run.id(), "auc", 0, i / 1000.0);
            runs.end(run.id(), Runs.FINISHED, null);
        }
        var parent = runs.find("run-000").orElseThrow();
        runs.start("sweep", "child", null, null, null, null, parent.id());
        runs.record("other", "o1", null, Runs.FINISHED, Instant.parse("2025-01-01T00:00:00Z"), null, null);
        runs.flush();
    }

    @OnEachStore
    void countsPagesSortsAndReadsChosenColumnsInTheDatabase(TestStore stores) {
        try (Store store = stores.open()) {
            fill(store);
            var pages = new RunPages(store);
            assertThat(pages.experiments()).extracting(RunPages.Experiment::name, RunPages.Experiment::runs)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("sweep", 250L), org.assertj.core.groups.Tuple.tuple("other", 1L));
            var filter = RunFilter.parse("params.algorithm = 'xgboost' and metrics.auc >= 0.1");
            assertThat(pages.count("sweep", filter)).isEqualTo(75);

            var auc = Column.metric("auc", Column.Aggregate.LAST);
            var minLoss = Column.metric("loss", Column.Aggregate.MIN);
            var lossAt3 = Column.metricAt("loss", 3);
            var depth = Column.param("depth");
            var seed = Column.tag("seed");
            var columns = List.of(auc, minLoss, lossAt3, depth, seed);
            var first = pages.page("sweep", filter, auc, false, columns, 0, 10);
            assertThat(first).hasSize(10);
            assertThat(first.get(0).run().key()).isEqualTo("run-248");
            assertThat(first.get(0).values()).containsEntry(auc, 0.248).containsEntry(depth, "3").containsEntry(seed, "2")
                    .containsEntry(lossAt3, 0.25 + 0.0248);
            assertThat((Double) first.get(0).values().get(minLoss)).isCloseTo(0.1 + 0.0248, org.assertj.core.data.Offset.offset(1e-12));
            var last = pages.page("sweep", filter, auc, false, columns, 70, 10);
            assertThat(last).hasSize(5);
            assertThat(last.get(4).run().key()).isEqualTo("run-100");

            var byDepth = pages.page("sweep", RunFilter.all(), depth, true, List.of(depth), 0, 50);
            assertThat(byDepth).allSatisfy(row -> assertThat(row.values()).containsEntry(depth, "0"));
            var newest = pages.page("sweep", RunFilter.all(), null, false, List.of(), 0, 1);
            assertThat(newest.get(0).run().key()).isEqualTo("run-249");
        }
    }

    @OnEachStore
    void aLargeExperimentsKeysFoundByWalkingTheKeysIndexesAreTheKeysOfItsTopLevelRuns(TestStore stores) {
        try (Store store = stores.open()) {
            fill(store);
            var runs = new Runs(store, Clock.systemUTC());
            // keys that "sweep" must not show: another experiment's, and one only its child run has
            long other = runs.find("o1").orElseThrow().id();
            runs.params(other, Map.of("learning_rate", "0.1"));
            runs.metric(other, "rmse", 0, 1.0);
            runs.tags(other, Map.of("owner", "ana"));
            long child = runs.find("child").orElseThrow().id();
            runs.params(child, Map.of("fold", "3"));
            runs.flush();
            var pages = new RunPages(store);
            var walked = pages.keys("sweep", 0);
            assertThat(walked).isEqualTo(pages.keys("sweep", Integer.MAX_VALUE));
            assertThat(walked.params()).containsExactly("algorithm", "depth");
            assertThat(walked.metrics()).containsExactly("auc", "loss");
            assertThat(walked.tags()).containsExactly("seed");
            assertThat(pages.keys("other", 0).params()).containsExactly("learning_rate");
            assertThat(pages.keys("no such experiment", 0)).isEqualTo(new RunPages.Keys(List.of(), List.of(), List.of()));
        }
    }

    @OnEachStore
    void keysHistoriesAndDetailOfTheRunsShown(TestStore stores) {
        try (Store store = stores.open()) {
            fill(store);
            var pages = new RunPages(store);
            var keys = pages.keys("sweep");
            assertThat(keys.params()).containsExactly("algorithm", "depth");
            assertThat(keys.metrics()).containsExactly("auc", "loss");
            assertThat(keys.tags()).containsExactly("seed");

            var runs = new Runs(store, Clock.systemUTC());
            var ids = java.util.stream.IntStream.range(0, 10).mapToObj(i -> runs.find(String.format("run-%03d", i)).orElseThrow().id()).toList();
            var histories = pages.histories(ids, "loss");
            assertThat(histories).hasSize(10);
            assertThat(histories.get(ids.get(3))).extracting(Runs.Point::step).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

            var detail = pages.detail("run-000").orElseThrow();
            assertThat(detail.children()).isEqualTo(1);
            assertThat(detail.params()).containsEntry("depth", "0");
            assertThat(detail.metrics()).extracting(RunPages.MetricSummary::key).containsExactly("auc", "loss");
            assertThat(pages.detail("child").orElseThrow().parentKey()).isEqualTo("run-000");
            assertThat(pages.detail("nope")).isEmpty();
        }
    }

    /**
     * Every order read page by page gives the same runs as sorting all of them: by a metric (with
     * ties, and a quarter of the runs without it, which come last), by start time (with equal
     * starts), in both directions, with a filter, and through the command line's search.
     */
    @OnEachStore
    void pagesWalkTheSameOrderAsSortingEveryRun(TestStore stores) {
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
            var random = new java.util.Random(11);
            var auc = new java.util.HashMap<Long, Double>();
            var started = new java.util.HashMap<Long, Instant>();
            var kept = new java.util.HashSet<Long>();
            for (int i = 0; i < 120; i++) {
                Instant start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(40));
                var run = runs.record("walk", "w" + i, null, Runs.FINISHED, start, start.plusSeconds(5), null);
                started.put(run.id(), start);
                boolean xgboost = random.nextBoolean();
                runs.params(run.id(), Map.of("algorithm", xgboost ? "xgboost" : "random_forest"));
                if (xgboost) {
                    kept.add(run.id());
                }
                if (random.nextInt(4) > 0) {
                    double value = random.nextInt(15) / 10.0;
                    runs.metric(run.id(), "auc", 0, value);
                    auc.put(run.id(), value);
                }
                runs.end(run.id(), Runs.FINISHED, null);
            }
            runs.flush();
            var pages = new RunPages(store);
            var filter = RunFilter.parse("params.algorithm = 'xgboost'");
            var column = Column.metric("auc", Column.Aggregate.LAST);
            for (boolean ascending : new boolean[] {true, false}) {
                java.util.Comparator<Long> byId = ascending ? java.util.Comparator.naturalOrder() : java.util.Comparator.reverseOrder();
                java.util.Comparator<Long> byValue = (a, b) -> {
                    Double x = auc.get(a);
                    Double y = auc.get(b);
                    if (x == null || y == null) {
                        return x == null ? (y == null ? 0 : 1) : -1;
                    }
                    return ascending ? Double.compare(x, y) : Double.compare(y, x);
                };
                var expected = kept.stream().sorted(byValue.thenComparing(byId)).toList();
                assertThat(ids(pages, filter, column, ascending)).as("by auc, ascending " + ascending).isEqualTo(expected);
                java.util.Comparator<Long> byStart = ascending ? java.util.Comparator.comparing(started::get)
                        : java.util.Comparator.comparing(started::get, java.util.Comparator.reverseOrder());
                assertThat(ids(pages, filter, null, ascending)).as("by start, ascending " + ascending)
                        .isEqualTo(kept.stream().sorted(byStart.thenComparing(byId)).toList());
                assertThat(runs.search("walk", filter, "metrics.auc " + (ascending ? "ASC" : "DESC"), 0, 1000)).extracting(Runs.Run::id)
                        .isEqualTo(expected);
            }
            // a page that starts past every run with the value
            int withValue = (int) kept.stream().filter(auc::containsKey).count();
            assertThat(pages.page("walk", filter, column, false, List.of(), withValue + 1, 3)).extracting(row -> auc.containsKey(row.run().id()))
                    .containsOnly(false).isNotEmpty();
        }
    }

    /** Every run the filter keeps, read 7 at a time. */
    private static List<Long> ids(RunPages pages, RunFilter filter, Column sortBy, boolean ascending) {
        var ids = new java.util.ArrayList<Long>();
        for (int offset = 0; ; offset += 7) {
            var page = pages.page("walk", filter, sortBy, ascending, List.of(), offset, 7);
            page.forEach(row -> ids.add(row.run().id()));
            if (page.size() < 7) {
                return ids;
            }
        }
    }
}
