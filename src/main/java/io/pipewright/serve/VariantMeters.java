package io.pipewright.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The A/B split's meters, by variant: {@code pipewright_variant_latency_seconds} (schema check, waiting
 * for a micro-batch and predicting: the time a request spends in the model server's scoring) and
 * {@code pipewright_variant_predictions_total} by class (classifiers) or the summary
 * {@code pipewright_variant_prediction_value} (regression). Their live accuracy is
 * {@link FeedbackMetrics}', tagged {@code variant} too.
 */
final class VariantMeters {
    private final MeterRegistry registry;
    private final boolean classifier;
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> classes = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> values = new ConcurrentHashMap<>();

    VariantMeters(MeterRegistry registry, Predictor primary) {
        this.registry = registry;
        this.classifier = primary.classifier();
        for (String variant : new String[] {AbSplit.A, AbSplit.B}) {
            timer(variant);
            if (classifier) {
                primary.labels().forEach(label -> counter(variant, label));
            } else {
                summary(variant);
            }
        }
    }

    void record(String variant, Predictor.Prediction prediction, long nanos) {
        timer(variant).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        for (Object value : prediction.predictions()) {
            if (classifier) {
                counter(variant, String.valueOf(value)).increment();
            } else if (value instanceof Number number) {
                summary(variant).record(number.doubleValue());
            }
        }
    }

    private Timer timer(String variant) {
        return latency.computeIfAbsent(variant, key -> Timer.builder("pipewright.variant.latency")
                .description("time to score a request (schema check, micro-batch, prediction), by A/B variant").tag("variant", key)
                .serviceLevelObjectives(Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
                        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50))
                .register(registry));
    }

    private Counter counter(String variant, String label) {
        return classes.computeIfAbsent(variant + "\u0000" + label, key -> Counter.builder("pipewright.variant.predictions")
                .description("predictions by A/B variant and class").tag("variant", variant).tag("class", label).register(registry));
    }

    private DistributionSummary summary(String variant) {
        return values.computeIfAbsent(variant, key -> DistributionSummary.builder("pipewright.variant.prediction.value")
                .description("predicted values (regression), by A/B variant").tag("variant", key).register(registry));
    }
}
