package io.pipewright.pipeline.gate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The thresholds of the promotion gates, as written under {@code gates:} in a register node or a monitor's
 * {@code promote:} section (YAML/JSON keys {@code min_lift, max_regression, max_latency_ratio, metric}).
 * Null means the default: {@code min_lift} 0.0 (the candidate must beat every baseline at all),
 * {@code max_regression} 0.01 (at most that much worse than the alias's holder), {@code max_latency_ratio} 2.0
 * (at most twice the holder's time per row), {@code metric} accuracy for a classifier, rmse for a regression.
 */
public record GateSettings(Double minLift, Double maxRegression, Double maxLatencyRatio, String metric) {
    public static final double DEFAULT_MIN_LIFT = 0.0;
    public static final double DEFAULT_MAX_REGRESSION = 0.01;
    public static final double DEFAULT_MAX_LATENCY_RATIO = 2.0;
    public static final GateSettings DEFAULTS = new GateSettings(null, null, null, null);

    /** The metrics a gate may judge on, and those where lower is better. */
    public static final List<String> CLASSIFICATION_METRICS = List.of("accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted",
            "roc_auc", "pr_auc", "log_loss");
    public static final List<String> REGRESSION_METRICS = List.of("rmse", "mae", "r2", "mape");
    private static final Set<String> LOWER_IS_BETTER = Set.of("rmse", "mae", "mape", "log_loss");
    private static final List<String> KEYS = List.of("min_lift", "max_regression", "max_latency_ratio", "metric");

    public GateSettings {
        check("min_lift", minLift, false);
        check("max_regression", maxRegression, false);
        check("max_latency_ratio", maxLatencyRatio, true);
        if (metric != null && !CLASSIFICATION_METRICS.contains(metric) && !REGRESSION_METRICS.contains(metric)) {
            throw new IllegalArgumentException("metric: '" + metric + "' is not a metric a gate can judge on; one of "
                    + String.join(", ", CLASSIFICATION_METRICS) + " (classification) or " + String.join(", ", REGRESSION_METRICS) + " (regression)");
        }
    }

    private static void check(String key, Double value, boolean positive) {
        if (value != null && (value.isNaN() || value.isInfinite() || value < 0 || positive && value == 0)) {
            throw new IllegalArgumentException(key + ": " + value + " is not allowed; it must be a number " + (positive ? "above 0" : "of 0 or more"));
        }
    }

    /**
     * Settings from a parsed {@code gates:} map (null: the defaults); an unknown key or a value of the wrong kind
     * is refused with its key named.
     */
    public static GateSettings fromMap(Map<String, ?> map) {
        if (map == null) {
            return DEFAULTS;
        }
        for (String key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is not a gate setting; the settings are " + String.join(", ", KEYS));
            }
        }
        Object metric = map.get("metric");
        if (metric != null && !(metric instanceof String)) {
            throw new IllegalArgumentException("metric: expected a metric name such as roc_auc, got " + metric);
        }
        return new GateSettings(number(map, "min_lift"), number(map, "max_regression"), number(map, "max_latency_ratio"), (String) metric);
    }

    private static Double number(Map<String, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.valueOf(text.trim());
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw new IllegalArgumentException(key + ": expected a number, got '" + value + "'");
    }

    /** The settings as a {@code gates:} map (only the keys set). */
    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        if (minLift != null) {
            map.put("min_lift", minLift);
        }
        if (maxRegression != null) {
            map.put("max_regression", maxRegression);
        }
        if (maxLatencyRatio != null) {
            map.put("max_latency_ratio", maxLatencyRatio);
        }
        if (metric != null) {
            map.put("metric", metric);
        }
        return map;
    }

    public double minLiftOrDefault() {
        return minLift == null ? DEFAULT_MIN_LIFT : minLift;
    }

    public double maxRegressionOrDefault() {
        return maxRegression == null ? DEFAULT_MAX_REGRESSION : maxRegression;
    }

    public double maxLatencyRatioOrDefault() {
        return maxLatencyRatio == null ? DEFAULT_MAX_LATENCY_RATIO : maxLatencyRatio;
    }

    /** The primary metric for a model of this task ({@code classification} or not); refuses a metric of the other task. */
    public String metricFor(boolean classification) {
        if (metric == null) {
            return classification ? "accuracy" : "rmse";
        }
        List<String> allowed = classification ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
        if (!allowed.contains(metric)) {
            throw new IllegalArgumentException("metric: " + metric + " is not a " + (classification ? "classification" : "regression")
                    + " metric, and this model is a " + (classification ? "classifier" : "regression") + "; one of " + String.join(", ", allowed));
        }
        return metric;
    }

    /** Whether lower values of the metric are better (rmse, mae, mape, log_loss). */
    public static boolean lowerIsBetter(String metric) {
        return LOWER_IS_BETTER.contains(metric);
    }
}
