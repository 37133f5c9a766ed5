package io.pipewright.serve;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipewright.train.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live metrics of served predictions against the labels that came back as feedback: over the last
 * {@code window} labels of each model version and variant, the gauges
 * {@code pipewright_live_accuracy}, {@code pipewright_live_roc_auc}, {@code pipewright_live_log_loss}
 * (classifiers) or {@code pipewright_live_mae}, {@code pipewright_live_rmse} (regression), and
 * {@code pipewright_live_labels} (the labels in the window), tagged {@code version} and {@code variant}.
 *
 * <p>The figures are {@link Metrics}' (scikit-learn's definitions, as in training): ROC AUC with the
 * second class as the positive one for two classes, one-vs-rest macro-averaged for more, NaN while the
 * window holds one class only; log loss clipped at 1e-15. A row whose probabilities are not known (a
 * prediction read back from the request log of a version no longer loaded) counts in the accuracy only.
 */
final class FeedbackMetrics {
    private final MeterRegistry registry;
    private final int window;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FeedbackMetrics(MeterRegistry registry, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the live metrics window must hold at least 1 label, not " + window);
        }
        this.registry = registry;
        this.window = window;
    }

    /**
     * Adds a labelled prediction of {@code version} answered by {@code variant}; {@code model} gives the
     * task and classes. {@code label} is a class's text, or a number for regression.
     */
    void add(Predictor model, String version, String variant, Object prediction, double[] probabilities, Object label) {
        windows.computeIfAbsent(version + "\u0000" + variant, key -> new Window(model, version, variant))
                .add(prediction, probabilities, label);
    }

    /** The current figures of a version and variant (tests read them), or an empty map before its first label. */
    Map<String, Double> figures(String version, String variant) {
        Window found = windows.get(version + "\u0000" + variant);
        return found == null ? Map.of() : found.figures();
    }

    /** The last labels of one version and variant, in a ring; the figures are computed on a scrape when the ring changed. */
    private final class Window {
        private final java.util.List<String> labels;
        private final boolean classifier;
        private final int[] truth;
        private final int[] predicted;
        private final double[][] probabilities;
        private final double[] actual;
        private final double[] estimate;
        private int size;
        private int next;
        private long changes;
        private long computedAt = -1;
        private Map<String, Double> figures = Map.of();

        Window(Predictor predictor, String version, String variant) {
            this.labels = predictor.labels();
            this.classifier = predictor.classifier();
            this.truth = classifier ? new int[window] : null;
            this.predicted = classifier ? new int[window] : null;
            this.probabilities = classifier ? new double[window][] : null;
            this.actual = classifier ? null : new double[window];
            this.estimate = classifier ? null : new double[window];
            String[] tags = {"version", version, "variant", variant};
            if (classifier) {
                gauge("pipewright.live.accuracy", "accuracy of the predictions whose labels came back", "accuracy", tags);
                gauge("pipewright.live.roc.auc", "ROC AUC of the predictions whose labels came back (NaN while one class only)", "roc_auc", tags);
                gauge("pipewright.live.log.loss", "log loss of the predictions whose labels came back", "log_loss", tags);
            } else {
                gauge("pipewright.live.mae", "mean absolute error of the predictions whose labels came back", "mae", tags);
                gauge("pipewright.live.rmse", "root mean squared error of the predictions whose labels came back", "rmse", tags);
            }
            Gauge.builder("pipewright.live.labels", this, Window::size).description("labels in the live metrics' window").tags(tags)
                    .register(registry);
        }

        private void gauge(String name, String description, String metric, String[] tags) {
            Gauge.builder(name, this, w -> w.figures().getOrDefault(metric, Double.NaN)).description(description).tags(tags).register(registry);
        }

        synchronized void add(Object prediction, double[] probability, Object label) {
            if (classifier) {
                truth[next] = labels.indexOf(String.valueOf(label));
                predicted[next] = labels.indexOf(String.valueOf(prediction));
                probabilities[next] = probability;
            } else {
                actual[next] = ((Number) label).doubleValue();
                estimate[next] = ((Number) prediction).doubleValue();
            }
            next = (next + 1) % window;
            size = Math.min(size + 1, window);
            changes++;
        }

        synchronized double size() {
            return size;
        }

        synchronized Map<String, Double> figures() {
            if (computedAt == changes) {
                return figures;
            }
            computedAt = changes;
            if (size == 0) {
                figures = Map.of();
            } else if (!classifier) {
                var all = Metrics.regression(java.util.Arrays.copyOf(actual, size), java.util.Arrays.copyOf(estimate, size));
                figures = Map.of("mae", all.get("mae"), "rmse", all.get("rmse"));
            } else {
                figures = classification();
            }
            return figures;
        }

        private Map<String, Double> classification() {
            int classes = Math.max(2, labels.size());
            int[] t = java.util.Arrays.copyOf(truth, size);
            int[] p = java.util.Arrays.copyOf(predicted, size);
            var result = new java.util.HashMap<String, Double>();
            result.put("accuracy", Metrics.classification(t, p, null, classes).get("accuracy"));
            int known = 0;
            for (int i = 0; i < size; i++) {
                known += probabilities[i] != null ? 1 : 0;
            }
            if (known > 0) {
                int[] kt = new int[known];
                int[] kp = new int[known];
                double[][] kq = new double[known][];
                for (int i = 0, k = 0; i < size; i++) {
                    if (probabilities[i] != null) {
                        kt[k] = truth[i];
                        kp[k] = predicted[i];
                        kq[k++] = probabilities[i];
                    }
                }
                var all = Metrics.classification(kt, kp, kq, classes);
                result.put("roc_auc", all.get("roc_auc"));
                result.put("log_loss", all.get("log_loss"));
            }
            return Map.copyOf(result);
        }
    }
}
