package io.pipewright.loop.scorecard;

import io.pipewright.loop.metrics.PrometheusText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pipewright.track.ModelRegistry;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorecard of a model in a real store (its run's validation, monitor checks, alias history) and a scrape of a
 * server's /metrics as the serving runtime writes it: each row's value, source and status, and unknown where nothing
 * measured it.
 */
class ScorecardsTest {
    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    @TempDir
    Path dir;

    /** A scrape as {@code pipewright serve} writes it: 100 answered predictions and 2 refused (422), following credit@champion. */
    static String scrape(double swappedAt, int serving) {
        return """
                # HELP pipewright_requests_seconds requests by endpoint and status
                # TYPE pipewright_requests_seconds histogram
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="0.001"} 10
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="0.01"} 95
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="0.05"} 98
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="0.1"} 98
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="0.25"} 99
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="1.0"} 100
                pipewright_requests_seconds_bucket{endpoint="predict",status="200",le="+Inf"} 100
                pipewright_requests_seconds_count{endpoint="predict",status="200"} 100
                pipewright_requests_seconds_sum{endpoint="predict",status="200"} 0.9
                pipewright_requests_seconds_bucket{endpoint="predict",status="422",le="0.001"} 2
                pipewright_requests_seconds_bucket{endpoint="predict",status="422",le="0.01"} 2
                pipewright_requests_seconds_bucket{endpoint="predict",status="422",le="0.05"} 2
                pipewright_requests_seconds_bucket{endpoint="predict",status="422",le="0.1"} 2
                pipewright_requests_seconds_bucket{endpoint="predict",status="422",le="0.25"} 2
                pipewright_requests_seconds_bucket{endpoint="predict",status="422",le="1.0"} 2
                pipewright_requests_seconds_bucket{endpoint="predict",status="422",le="+Inf"} 2
                pipewright_requests_seconds_count{endpoint="predict",status="422"} 2
                pipewright_requests_seconds_bucket{endpoint="metadata",status="200",le="+Inf"} 500
                pipewright_requests_seconds_count{endpoint="metadata",status="200"} 500
                # TYPE pipewright_model_version gauge
                pipewright_model_version %d.0
                # TYPE pipewright_model_swapped_at_seconds gauge
                pipewright_model_swapped_at_seconds{alias="champion",model="credit"} %s
                """.formatted(serving, Double.isNaN(swappedAt) ? "NaN" : Double.toString(swappedAt));
    }

    private static ServerMetrics metrics(String text) {
        return new ServerMetrics(URI.create("http://127.0.0.1:9/metrics"), PrometheusText.parse(text, "test"), T0, null);
    }

    /** credit:1 trained by a run whose validate node found 0.04 % of rows with an issue; credit:2 registered without a run. */
    private static void register(Store store) {
        var runs = new Runs(store, Clock.fixed(T0, ZoneOffset.UTC));
        var run = runs.record("credit", "run-1", null, Runs.FINISHED, T0.minusSeconds(600), T0.minusSeconds(500), null);
        runs.metric(run.id(), "validate.validation.issue_fraction", 0, 0.0004);
        runs.metric(run.id(), "validate.validation.failed_expectations", 0, 1);
        runs.flush();
        var registry = new ModelRegistry(store, Clock.fixed(T0, ZoneOffset.UTC));
        registry.register("credit", "run-1", "/m/v1.pwmodel", "a".repeat(64), "{\"accuracy\": 0.84}", "champion");
        registry.register("credit", null, "/m/v2.pwmodel", "b".repeat(64), "{\"accuracy\": 0.86}", null);
    }

    private static MonitorChecks.Check check(Instant at, int version, Double baseline, Double value, Double drop, String status) {
        return new MonitorChecks.Check(0, "credit-monthly", "/monitors/credit.yaml", at, "credit", version, "/data/credit.csv", "/data/new.csv",
                1000L, false, 0.1, 0.05, "income", baseline == null ? null : "accuracy", baseline, value, drop, false, List.of(), status, null, null, null);
    }

    @Test
    void everyRowIsMeasuredFromWhereItIsRecorded() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            register(store);
            var checks = new MonitorChecks(store);
            checks.record(check(T0.plusSeconds(3600), 1, 0.84, 0.83, (0.84 - 0.83) / 0.84, "ok"), "{}");
            checks.record(check(T0.plusSeconds(7200), 1, 0.84, 0.78, (0.84 - 0.78) / 0.84, "retrained"), "{}");
            checks.record(check(T0.plusSeconds(9000), 2, 0.86, 0.70, (0.86 - 0.70) / 0.86, "triggered"), "{}"); // another version's
            // the champion moved to 2 and was rolled back to 1 three hours in; the server swapped 1 in 2.5 s later
            Instant rolledBack = T0.plusSeconds(3 * 3600);
            var registry = new ModelRegistry(store, Clock.fixed(T0.plusSeconds(2 * 3600), ZoneOffset.UTC));
            registry.setAlias("credit", "champion", 2, "promote");
            new ModelRegistry(store, Clock.fixed(rolledBack, ZoneOffset.UTC)).rollback("credit", "champion");
            double swappedAt = rolledBack.toEpochMilli() / 1000.0 + 2.5;

            Clock now = Clock.fixed(rolledBack.plusSeconds(60), ZoneOffset.UTC);
            Scorecard card = new Scorecards(store, now).measure("credit@champion", metrics(scrape(swappedAt, 1)), null);

            assertThat(card.model()).isEqualTo("credit:1");
            assertThat(card.alias()).isEqualTo("champion");
            assertThat(card.criteria()).extracting(Criterion::id).containsExactly("data_issues", "degradation", "p99_latency", "rollback", "spot", "waste");

            // the larger of 0.04 % of rows (validation) and 2 of 102 requests refused (1.96 %)
            Criterion issues = card.criterion("data_issues");
            assertThat(issues.measured()).isCloseTo(2.0 / 102 * 100, within(1e-9));
            assertThat(issues.status()).isEqualTo(Criterion.Status.FAIL);
            assertThat(issues.source()).isEqualTo("validation report, server /metrics");
            assertThat(issues.detail()).isEqualTo("validation in run run-1 (node validate): 0.04 % of rows with an issue; "
                    + "server: 2 of 102 prediction requests refused for their data (HTTP 400, 422) (the larger counts)");

            // the largest drop among credit:1's checks (0.84 → 0.78: 7.14 %), not credit:2's
            Criterion degradation = card.criterion("degradation");
            assertThat(degradation.measured()).isCloseTo((0.84 - 0.78) / 0.84 * 100, within(1e-9));
            assertThat(degradation.status()).isEqualTo(Criterion.Status.FAIL);
            assertThat(degradation.detail()).isEqualTo("largest drop over 2 check(s) of credit:1: accuracy 0.84 → 0.78 at monitor credit-monthly's "
                    + "check of 2026-11-02T11:00:00Z (retrained)");

            // histogram_quantile(0.99): rank 0.99 × 102 = 100.98 lies in (0.1, 0.25] holding 1 of the 102 above 100:
            // 0.1 + 0.15 × (100.98 − 100) / 1 = 0.247 s; the metadata endpoint does not count
            Criterion latency = card.criterion("p99_latency");
            assertThat(latency.measured()).isCloseTo(247.0, within(1e-9));
            assertThat(latency.status()).isEqualTo(Criterion.Status.FAIL);
            assertThat(latency.detail()).isEqualTo("102 prediction requests since the server started; p99 in the bucket 100–250 ms, "
                    + "interpolated as histogram_quantile does");

            Criterion rollback = card.criterion("rollback");
            assertThat(rollback.measured()).isCloseTo(2.5, within(1e-3));
            assertThat(rollback.status()).isEqualTo(Criterion.Status.PASS);
            assertThat(rollback.detail()).isEqualTo("credit@champion rolled back to version 1 at 2026-11-02T12:00:00Z; the server swapped it in 2.50 s later");

            assertThat(card.failed()).isTrue();
            assertThat(card.summary()).isEqualTo("1 passed, 3 failed, 2 unknown");
            assertThat(card.toMap().get("criteria")).asList().first().asString().contains("status=fail");
        }
    }

    @Test
    void rowsNothingMeasuredAreUnknownAndSayWhy() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            register(store);
            new MonitorChecks(store).record(check(T0.plusSeconds(60), 2, null, null, null, "ok"), "{}");
            Scorecard card = new Scorecards(store, Clock.fixed(T0, ZoneOffset.UTC)).measure("credit:2", null, null);

            assertThat(card.model()).isEqualTo("credit:2");
            assertThat(card.criteria()).allSatisfy(row -> {
                assertThat(row.status()).isEqualTo(Criterion.Status.UNKNOWN);
                assertThat(row.measured()).isNull();
                assertThat(row.measuredText()).isEqualTo("–");
            });
            assertThat(card.criteria()).extracting(Criterion::detail).containsExactly(
                    "it was registered without a run, so no validation report; no /metrics URL of its server given",
                    "1 monitor check(s) of credit:2, none with labelled rows to measure its metric on",
                    "no /metrics URL of its server given",
                    "no rollback of credit recorded in the alias history",
                    card.criterion("spot").detail(), card.criterion("waste").detail());
            assertThat(card.failed()).isFalse();
            assertThat(card.summary()).isEqualTo("0 passed, 0 failed, 6 unknown");

            // the version the validation measured, with no server: measured from the store alone
            Scorecard first = new Scorecards(store, Clock.fixed(T0, ZoneOffset.UTC)).measure("credit@champion", null, null);
            assertThat(first.criterion("data_issues").measured()).isCloseTo(0.04, within(1e-12));
            assertThat(first.criterion("data_issues").status()).isEqualTo(Criterion.Status.PASS);
            assertThat(first.criterion("degradation").detail()).isEqualTo("no monitor check of credit:1 recorded (pipewright monitor run)");
        }
    }

    @Test
    void aServerThatCannotBeReadOrServesAnotherModelLeavesItsRowsUnknown() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            register(store);
            new ModelRegistry(store, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC)).setAlias("credit", "champion", 2, "promote");
            Instant rolledBack = T0.plusSeconds(120);
            new ModelRegistry(store, Clock.fixed(rolledBack, ZoneOffset.UTC)).rollback("credit", "champion");

            var down = new ServerMetrics(URI.create("http://127.0.0.1:1/metrics"), null, T0,
                    "cannot read metrics from http://127.0.0.1:1/metrics: nothing answers there (connection refused)");
            Scorecard card = new Scorecards(store, Clock.fixed(rolledBack.plusSeconds(30), ZoneOffset.UTC)).measure("credit@champion", down, null);
            assertThat(card.criterion("p99_latency").status()).isEqualTo(Criterion.Status.UNKNOWN);
            assertThat(card.criterion("p99_latency").detail()).isEqualTo(down.failure());
            assertThat(card.criterion("rollback").detail()).isEqualTo("credit@champion rolled back to version 1 at 2026-11-02T09:02:00Z; when its "
                    + "server served it is unknown: " + down.failure() + " (a server that follows credit@champion)");
            // the validation still counts
            assertThat(card.criterion("data_issues").measured()).isCloseTo(0.04, within(1e-12));
            assertThat(card.criterion("data_issues").detail()).isEqualTo("validation in run run-1 (node validate): 0.04 % of rows with an issue; "
                    + down.failure());

            String housing = scrape(Double.NaN, 3).replace("model=\"credit\"", "model=\"housing\"");
            Scorecard other = new Scorecards(store, Clock.systemUTC()).measure("credit@champion", metrics(housing), null);
            assertThat(other.criterion("p99_latency").detail()).isEqualTo("the server at http://127.0.0.1:9/metrics serves housing, not credit");
            assertThat(other.criterion("p99_latency").measured()).isNull();

            // a rollback the server has not swapped in: unknown for 5 minutes, then a failure at least that long
            String stale = scrape(rolledBack.toEpochMilli() / 1000.0 - 30, 2);
            Scorecard waiting = new Scorecards(store, Clock.fixed(rolledBack.plusSeconds(20), ZoneOffset.UTC)).measure("credit@champion",
                    metrics(stale), null);
            assertThat(waiting.criterion("rollback").status()).isEqualTo(Criterion.Status.UNKNOWN);
            assertThat(waiting.criterion("rollback").detail()).endsWith("after 20.0 s the server still serves version 2: the swap is still to come");
            Scorecard late = new Scorecards(store, Clock.fixed(rolledBack.plusSeconds(400), ZoneOffset.UTC)).measure("credit@champion",
                    metrics(stale), null);
            assertThat(late.criterion("rollback").measured()).isEqualTo(400.0);
            assertThat(late.criterion("rollback").status()).isEqualTo(Criterion.Status.FAIL);
        }
    }

    @Test
    void anUnknownModelOrAliasIsOneLine() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            register(store);
            var scorecards = new Scorecards(store, Clock.systemUTC());
            assertThatThrownBy(() -> scorecards.measure("housing", null, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no registered model 'housing'");
            assertThatThrownBy(() -> scorecards.measure("credit@staging", null, null)).hasMessage("'credit@staging' names no registered version");
            assertThatThrownBy(() -> scorecards.measure("credit:9", null, null)).hasMessage("'credit:9' names no registered version");
            assertThatThrownBy(() -> scorecards.measure("credit:x", null, null)).hasMessage("'credit:x': a version is a number, as in credit:3");
        }
    }

    @Test
    void prometheusTextIsReadAsTheServerWritesItAndAnythingElseIsRefusedNamingTheLine() {
        var text = PrometheusText.parse("""
                # TYPE a gauge
                a{x="q\\"uote",y="back\\\\slash"} NaN 1700000000000
                b +Inf

                c_total{k="v"} 1.5e3
                """, "scrape");
        assertThat(text.samples()).hasSize(3);
        assertThat(text.samples("a").get(0).labels()).containsEntry("x", "q\"uote").containsEntry("y", "back\\slash");
        assertThat(text.samples("a").get(0).value()).isNaN();
        assertThat(text.samples("b").get(0).value()).isInfinite();
        assertThat(text.sum("c_total", labels -> "v".equals(labels.get("k")))).isEqualTo(1500.0);
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\n<html><body>hello</body></html>\n", "http://h/metrics"))
                .hasMessage("http://h/metrics: line 2 is not Prometheus text (no metric name): <html><body>hello</body></html>");
        assertThatThrownBy(() -> PrometheusText.parse("a{x=\"1\"} many\n", "s")).hasMessage("s: line 1 is not Prometheus text ('many' is not a number): a{x=\"1\"} many");
        assertThatThrownBy(() -> PrometheusText.parse("a{x=1} 2\n", "s")).hasMessage("s: line 1 is not Prometheus text (the value of label x is not quoted): a{x=1} 2");
    }

    @Test
    void aQuantileAboveTheLargestBucketIsThatBoundAndAnEmptyHistogramIsNone() {
        var text = PrometheusText.parse("""
                h_bucket{le="0.1"} 50
                h_bucket{le="1"} 90
                h_bucket{le="+Inf"} 100
                e_bucket{le="0.1"} 0
                e_bucket{le="+Inf"} 0
                """, "s");
        // rank 99 lies in +Inf: the largest finite bound, 1 s (a lower bound of the truth)
        HistogramQuantile p99 = HistogramQuantile.of(text, "h", labels -> true, 0.99);
        assertThat(p99.value()).isEqualTo(1.0);
        assertThat(p99.upper()).isInfinite();
        // rank 50 is the first bucket's last: 0 + 0.1 × 50 / 50
        assertThat(HistogramQuantile.of(text, "h", labels -> true, 0.5).value()).isCloseTo(0.1, within(1e-12));
        // rank 70 in (0.1, 1]: 0.1 + 0.9 × (70 − 50) / 40 = 0.55
        assertThat(HistogramQuantile.of(text, "h", labels -> true, 0.7).value()).isCloseTo(0.55, within(1e-12));
        assertThat(HistogramQuantile.of(text, "e", labels -> true, 0.99)).isNull();
    }

    @Test
    void aMetricsUrlIsCheckedAndAnUnreachableOneGivesTheReason() {
        assertThat(ServerMetrics.url("http://127.0.0.1:8080")).isEqualTo(URI.create("http://127.0.0.1:8080/metrics"));
        assertThat(ServerMetrics.url("http://127.0.0.1:8080/custom")).isEqualTo(URI.create("http://127.0.0.1:8080/custom"));
        assertThatThrownBy(() -> ServerMetrics.url("127.0.0.1:8080")).hasMessage(
                "--metrics must be an http(s) URL such as http://127.0.0.1:8080/metrics, not '127.0.0.1:8080'");
        ServerMetrics down = ServerMetrics.read(URI.create("http://127.0.0.1:1/metrics"));
        assertThat(down.readable()).isFalse();
        assertThat(down.failure()).isEqualTo("cannot read metrics from http://127.0.0.1:1/metrics: nothing answers there (connection refused)");
    }
}
