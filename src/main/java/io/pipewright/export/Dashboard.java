package io.pipewright.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Grafana dashboard (classic JSON model, imported with a {@code DS_PROMETHEUS} input): every query
 * reads a metric the serving runtime's {@code /metrics} exposes, or Prometheus's own {@code up}; a test
 * checks the names against a live server.
 */
final class Dashboard {
    private static final String SOURCE = "${DS_PROMETHEUS}";
    private static final String JOB = "job=~\"$job\"";
    private static final String PREDICT = "endpoint=~\"infer|predict\"";

    private Dashboard() {
    }

    record Query(String expr, String legend) {
    }

    static String json(ModelFacts facts, BundleOptions options, String chart) {
        ObjectNode dashboard = BundleWriter.object();
        var inputs = dashboard.putArray("__inputs").addObject();
        inputs.put("name", "DS_PROMETHEUS").put("label", "Prometheus").put("description", "The Prometheus that scrapes " + chart)
                .put("type", "datasource").put("pluginId", "prometheus").put("pluginName", "Prometheus");
        ArrayNode requires = dashboard.putArray("__requires");
        requires.addObject().put("type", "grafana").put("id", "grafana").put("name", "Grafana").put("version", "10.0.0");
        requires.addObject().put("type", "datasource").put("id", "prometheus").put("name", "Prometheus").put("version", "1.0.0");
        requires.addObject().put("type", "panel").put("id", "timeseries").put("name", "Time series").put("version", "");
        dashboard.putNull("id");
        dashboard.put("uid", ("pw-" + chart).substring(0, Math.min(40, chart.length() + 3)));
        dashboard.put("title", "Pipewright model: " + chart);
        dashboard.put("description", facts.name() + " version " + facts.version() + " (" + facts.manifest().algorithm() + ") served by pipewright serve");
        dashboard.putArray("tags").add("pipewright").add("model-serving");
        dashboard.put("timezone", "browser");
        dashboard.put("editable", true);
        dashboard.put("graphTooltip", 1);
        dashboard.put("refresh", "30s");
        dashboard.put("schemaVersion", 39);
        dashboard.put("version", 1);
        dashboard.putObject("time").put("from", "now-6h").put("to", "now");

        var variable = dashboard.putObject("templating").putArray("list").addObject();
        variable.put("name", "job").put("label", "Model service").put("type", "query");
        variable.putObject("datasource").put("type", "prometheus").put("uid", SOURCE);
        variable.put("query", "label_values(pipewright_requests_seconds_count, job)").put("refresh", 2).put("includeAll", false).put("multi", false);
        variable.putObject("current").put("text", chart).put("value", chart);

        ArrayNode panels = dashboard.putArray("panels");
        int[] id = {1};
        panel(panels, id, "Request rate", "Requests per second by endpoint and status.", "reqps", 0, 0,
                List.of(new Query("sum by (endpoint, status) (rate(pipewright_requests_seconds_count{" + JOB + "}[5m]))", "{{endpoint}} {{status}}")));
        panel(panels, id, "Error rate", "Share of predict and infer requests answered 5xx (the alert fires above its threshold).", "percentunit", 12, 0,
                List.of(new Query("sum(rate(pipewright_requests_seconds_count{" + JOB + ", " + PREDICT + ", status=~\"5..\"}[5m])) / sum(rate(pipewright_requests_seconds_count{"
                        + JOB + ", " + PREDICT + "}[5m]))", "5xx share"),
                        new Query("sum(rate(pipewright_requests_seconds_count{" + JOB + ", " + PREDICT + ", status=~\"4..\"}[5m])) / sum(rate(pipewright_requests_seconds_count{"
                                + JOB + ", " + PREDICT + "}[5m]))", "4xx share (client mistakes)")));
        panel(panels, id, "Latency", "p50 and p99 of predict and infer requests, and the time in the model.", "s", 0, 8,
                List.of(new Query("histogram_quantile(0.5, sum by (le) (rate(pipewright_requests_seconds_bucket{" + JOB + ", " + PREDICT + "}[5m])))", "p50"),
                        new Query("histogram_quantile(0.99, sum by (le) (rate(pipewright_requests_seconds_bucket{" + JOB + ", " + PREDICT + "}[5m])))", "p99"),
                        new Query("sum(rate(pipewright_prediction_seconds_sum{" + JOB + "}[5m])) / sum(rate(pipewright_prediction_seconds_count{" + JOB + "}[5m]))",
                                "mean time in the model")));
        boolean classifier = facts.manifest().labels() != null && !facts.manifest().labels().isEmpty();
        panel(panels, id, classifier ? "Predictions by class" : "Predicted values",
                classifier ? "Predictions per second by predicted class: a shift here often comes before a drop in accuracy."
                        : "Mean and largest predicted value.", classifier ? "ops" : "short", 12, 8,
                classifier ? List.of(new Query("sum by (class) (rate(pipewright_predictions_total{" + JOB + "}[5m]))", "{{class}}"))
                        : List.of(new Query("sum(rate(pipewright_prediction_value_sum{" + JOB + "}[5m])) / sum(rate(pipewright_prediction_value_count{" + JOB + "}[5m]))", "mean"),
                                new Query("max(pipewright_prediction_value_max{" + JOB + "})", "largest")));
        ObjectNode drift = panel(panels, id, "Feature drift (PSI)", "Population stability index of each feature over the serving window against the training rows: "
                + "under 0.1 no shift, 0.1-0.2 moderate, over 0.2 significant.", "short", 0, 16,
                List.of(new Query("max by (feature) (pipewright_feature_drift_psi{" + JOB + "})", "{{feature}}")));
        var steps = drift.with("fieldConfig").with("defaults").putObject("thresholds").put("mode", "absolute").putArray("steps");
        steps.addObject().put("color", "green").putNull("value");
        steps.addObject().put("color", "orange").put("value", 0.1);
        steps.addObject().put("color", "red").put("value", 0.2);
        drift.with("fieldConfig").with("defaults").putObject("custom").putObject("thresholdsStyle").put("mode", "line");
        panel(panels, id, "Rows per model call", "Rows the model predicts per call: a request's, or a micro-batch of several requests.", "short", 12, 16,
                List.of(new Query("sum(rate(pipewright_batch_size_sum{" + JOB + "}[5m])) / sum(rate(pipewright_batch_size_count{" + JOB + "}[5m]))", "mean rows")));
        panel(panels, id, "CPU", "Each pod's process CPU use, in cores.", "short", 0, 24,
                List.of(new Query("sum by (pod) (process_cpu_usage{" + JOB + "} * system_cpu_count{" + JOB + "})", "{{pod}}")));
        panel(panels, id, "Memory", "Each pod's JVM heap in use and its maximum.", "bytes", 12, 24,
                List.of(new Query("sum by (pod) (jvm_memory_used_bytes{" + JOB + ", area=\"heap\"})", "{{pod}} used"),
                        new Query("sum by (pod) (jvm_memory_max_bytes{" + JOB + ", area=\"heap\"})", "{{pod}} max")));
        panel(panels, id, "Replicas", "Pods Prometheus reaches (up).", "short", 0, 32,
                List.of(new Query("count(up{" + JOB + "} == 1)", "ready replicas")));
        if (options.stream().enabled()) {
            streamPanels(panels, id);
        }
        return BundleWriter.json(dashboard);
    }

    /** The streaming scorer's panels: its job is the server's with {@code -stream} (the chart's {@code <release>-stream} Service). */
    private static void streamPanels(ArrayNode panels, int[] id) {
        String job = "job=~\"$job-stream\"";
        panel(panels, id, "Stream: consumer lag", "Records of the input topic not yet scored, by partition: KEDA adds replicas as it grows.", "short", 12, 32,
                List.of(new Query("sum by (topic, partition) (pipewright_stream_lag{" + job + "})", "{{topic}} {{partition}}"),
                        new Query("sum(pipewright_stream_lag{" + job + "})", "total")));
        panel(panels, id, "Stream: DLQ rate", "Records per second sent to the dead-letter topic (not JSON, or failing the schema), and their share of the records read.",
                "short", 0, 40,
                List.of(new Query("sum(rate(pipewright_stream_dlq_total{" + job + "}[5m]))", "to the DLQ per second"),
                        new Query("sum(rate(pipewright_stream_dlq_total{" + job + "}[5m])) / sum(rate(pipewright_stream_records_total{" + job
                                + ", result=\"in\"}[5m]))", "share of the records read")));
        panel(panels, id, "Stream: records/s", "Records read, predictions written and records that failed, per second.", "ops", 12, 40,
                List.of(new Query("sum by (result) (rate(pipewright_stream_records_total{" + job + "}[5m]))", "{{result}}")));
        panel(panels, id, "Stream: end-to-end latency p99", "From a record's timestamp to its prediction acknowledged by the broker (p50 and p99).", "s", 0, 48,
                List.of(new Query("histogram_quantile(0.5, sum by (le) (rate(pipewright_stream_latency_seconds_bucket{" + job + "}[5m])))", "p50"),
                        new Query("histogram_quantile(0.99, sum by (le) (rate(pipewright_stream_latency_seconds_bucket{" + job + "}[5m])))", "p99")));
    }

    private static ObjectNode panel(ArrayNode panels, int[] id, String title, String description, String unit, int x, int y, List<Query> queries) {
        ObjectNode panel = panels.addObject();
        panel.put("id", id[0]++).put("type", "timeseries").put("title", title).put("description", description);
        panel.putObject("datasource").put("type", "prometheus").put("uid", SOURCE);
        panel.putObject("gridPos").put("h", 8).put("w", 12).put("x", x).put("y", y);
        panel.putObject("fieldConfig").putObject("defaults").put("unit", unit);
        panel.putObject("options").putObject("legend").put("showLegend", true).put("displayMode", "list").put("placement", "bottom");
        ArrayNode targets = panel.putArray("targets");
        char ref = 'A';
        for (Query query : queries) {
            var target = targets.addObject();
            target.putObject("datasource").put("type", "prometheus").put("uid", SOURCE);
            target.put("expr", query.expr()).put("legendFormat", query.legend()).put("refId", String.valueOf(ref++));
        }
        return panel;
    }
}
