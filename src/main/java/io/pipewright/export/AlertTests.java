package io.pipewright.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code alerts_test.yaml} in {@code promtool test rules} format: for each alert, series made to break
 * its threshold (the alert must fire, with exactly its labels and annotations) and series within it
 * (it must not). The thresholds are read from the rendered rules' options, so the tests follow them.
 */
final class AlertTests {
    private AlertTests() {
    }

    @SuppressWarnings("unchecked")
    static String yaml(BundleWriter.Draft draft, Map<String, Object> ruleSpec) {
        String job = draft.chart();
        var alerts = draft.values().alerts();
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        for (Object group : (List<Object>) ruleSpec.get("groups")) {
            for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                var map = (Map<String, Object>) rule;
                rules.put((String) map.get("alert"), map);
            }
        }
        var tests = new ArrayList<Object>();
        double p99 = alerts.p99LatencySeconds();
        String fast = number(p99 / 4);
        String slow = number(p99 * 4);
        String bucket = "pipewright_requests_seconds_bucket{job=\"" + job + "\",endpoint=\"predict\",status=\"200\",le=\"%s\"}";
        tests.add(test("p99 latency over " + number(p99) + "s fires", 20, List.of(
                        series(String.format(bucket, fast), "0+0x30"), series(String.format(bucket, slow), "0+100x30"),
                        series(String.format(bucket, "+Inf"), "0+100x30")),
                "PipewrightHighLatencyP99", rules, Map.of("job", job)));
        tests.add(test("p99 latency under " + number(p99) + "s stays quiet", 20, List.of(
                        series(String.format(bucket, fast), "0+100x30"), series(String.format(bucket, slow), "0+100x30"),
                        series(String.format(bucket, "+Inf"), "0+100x30")),
                "PipewrightHighLatencyP99", rules, null));

        double errorRate = alerts.errorRate();
        String count = "pipewright_requests_seconds_count{job=\"" + job + "\",endpoint=\"predict\",status=\"%s\"}";
        int failing = (int) Math.min(1000, Math.ceil(errorRate * 2 * 1000));
        int within = (int) Math.floor(errorRate / 2 * 1000);
        tests.add(test("errors over " + number(errorRate) + " of requests fire", 15, List.of(
                        series(String.format(count, "500"), "0+" + failing + "x30"), series(String.format(count, "200"), "0+" + (1000 - failing) + "x30")),
                "PipewrightHighErrorRate", rules, Map.of("job", job)));
        tests.add(test("errors under " + number(errorRate) + " of requests stay quiet", 15, List.of(
                        series(String.format(count, "500"), "0+" + within + "x30"), series(String.format(count, "200"), "0+" + (1000 - within) + "x30")),
                "PipewrightHighErrorRate", rules, null));

        double psi = alerts.driftPsi();
        String drift = "pipewright_feature_drift_psi{job=\"" + job + "\",feature=\"%s\"}";
        tests.add(test("a feature's PSI over " + number(psi) + " fires for that feature only", 45, List.of(
                        series(String.format(drift, "drifted"), number(psi * 2) + "+0x60"), series(String.format(drift, "steady"), number(psi / 4) + "+0x60")),
                "PipewrightFeatureDrift", rules, labels("job", job, "feature", "drifted")));
        tests.add(test("PSI under " + number(psi) + " stays quiet", 45, List.of(series(String.format(drift, "steady"), number(psi / 2) + "+0x60")),
                "PipewrightFeatureDrift", rules, null));

        String up = "up{job=\"" + job + "\",instance=\"10.0.0.7:8080\"}";
        tests.add(test("a target down for 5 minutes fires", 10, List.of(series(up, "0+0x20")), "PipewrightTargetDown", rules,
                labels("job", job, "instance", "10.0.0.7:8080")));
        tests.add(test("a target up stays quiet", 10, List.of(series(up, "1+0x20")), "PipewrightTargetDown", rules, null));

        if (draft.values().stream() != null) {
            streamTests(tests, draft, rules);
        }

        var file = new LinkedHashMap<String, Object>();
        file.put("rule_files", List.of("alerts.yaml"));
        file.put("evaluation_interval", "1m");
        file.put("tests", tests);
        return "# promtool test rules alerts_test.yaml: each alert firing on series that break its threshold, and quiet on series within it.\n"
                + BundleWriter.yaml(file);
    }

    /** The streaming scorer's alerts: the group's lag summed over partitions, and the share of records sent to the DLQ. */
    private static void streamTests(List<Object> tests, BundleWriter.Draft draft, Map<String, Map<String, Object>> rules) {
        String job = draft.chart() + "-stream";
        long lagAlert = draft.values().stream().lagAlert();
        String lag = "pipewright_stream_lag{job=\"" + job + "\",topic=\"" + draft.values().stream().in() + "\",partition=\"%d\"}";
        long high = lagAlert * 3 / 4 + 1;
        tests.add(test("a lag over " + lagAlert + " records (summed over partitions) fires", 15, List.of(
                        series(String.format(lag, 0), high + "+0x20"), series(String.format(lag, 1), high + "+0x20")),
                "PipewrightStreamLag", rules, labels("job", job)));
        tests.add(test("a lag under " + lagAlert + " records stays quiet", 15, List.of(
                        series(String.format(lag, 0), lagAlert / 4 + "+0x20"), series(String.format(lag, 1), lagAlert / 4 + "+0x20")),
                "PipewrightStreamLag", rules, null));
        double share = draft.values().alerts().errorRate();
        String dlq = "pipewright_stream_dlq_total{job=\"" + job + "\"}";
        String read = "pipewright_stream_records_total{job=\"" + job + "\",result=\"in\"}";
        int failing = (int) Math.min(1000, Math.ceil(share * 2 * 1000));
        int within = (int) Math.floor(share / 2 * 1000);
        tests.add(test("dead letters over " + number(share) + " of the records read fire", 15, List.of(
                        series(dlq, "0+" + failing + "x30"), series(read, "0+1000x30")),
                "PipewrightStreamDeadLetters", rules, labels("job", job)));
        tests.add(test("dead letters under " + number(share) + " of the records read stay quiet", 15, List.of(
                        series(dlq, "0+" + within + "x30"), series(read, "0+1000x30")),
                "PipewrightStreamDeadLetters", rules, null));
    }

    /** Labels in the order given (a {@code Map.of} would be written in another order by each run). */
    static Map<String, String> labels(String... namesAndValues) {
        var labels = new LinkedHashMap<String, String>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return labels;
    }

    private static Map<String, Object> series(String name, String values) {
        var series = new LinkedHashMap<String, Object>();
        series.put("series", name);
        series.put("values", values);
        return series;
    }

    /** One promtool test; {@code seriesLabels} null: the alert must not fire. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> test(String name, int minutes, List<Map<String, Object>> series, String alert,
                                            Map<String, Map<String, Object>> rules, Map<String, String> seriesLabels) {
        var rule = rules.get(alert);
        if (rule == null) {
            throw new IllegalStateException("the rendered rules have no alert " + alert);
        }
        var expected = new ArrayList<Object>();
        if (seriesLabels != null) {
            var labels = new LinkedHashMap<String, Object>(seriesLabels);
            labels.putAll((Map<String, Object>) rule.get("labels"));
            var expectedAlert = new LinkedHashMap<String, Object>();
            expectedAlert.put("exp_labels", labels);
            expectedAlert.put("exp_annotations", rule.get("annotations"));
            expected.add(expectedAlert);
        }
        var check = new LinkedHashMap<String, Object>();
        check.put("eval_time", minutes + "m");
        check.put("alertname", alert);
        check.put("exp_alerts", expected);
        var test = new LinkedHashMap<String, Object>();
        test.put("name", name);
        test.put("interval", "1m");
        test.put("input_series", series);
        test.put("alert_rule_test", List.of(check));
        return test;
    }

    static String number(double value) {
        String text = String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
