package io.pipewright.serve.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The stream's meters, in the registry the model's own metrics are in (names fixed for the deployment
 * bundle's alerts and dashboards): {@code pipewright.stream.records{result=in|out|failed}},
 * {@code pipewright.stream.dlq}, {@code pipewright.stream.batch.size}, {@code pipewright.stream.latency}
 * (a record's timestamp to its output acknowledged by the broker) and {@code pipewright.stream.lag} per
 * assigned partition.
 */
final class StreamMetrics {
    private final MeterRegistry registry;
    final Counter in;
    final Counter out;
    final Counter failed;
    final Counter dlq;
    final DistributionSummary batch;
    final Timer latency;
    private final Map<TopicPartition, Lag> lags = new ConcurrentHashMap<>();

    private record Lag(AtomicLong records, Gauge gauge) {
    }

    StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        in = records("in");
        out = records("out");
        failed = records("failed");
        dlq = Counter.builder("pipewright.stream.dlq").description("records sent to the dead-letter topic").register(registry);
        batch = DistributionSummary.builder("pipewright.stream.batch.size").description("records scored, sent and committed together")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096).register(registry);
        latency = Timer.builder("pipewright.stream.latency").description("from a record's timestamp to its output acknowledged by the broker")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1))
                .register(registry);
    }

    private Counter records(String result) {
        return Counter.builder("pipewright.stream.records").description("records read (in), scored and sent (out), or refused (failed)")
                .tag("result", result).register(registry);
    }

    /** Sets a partition's lag (records behind its end), registering its gauge the first time. */
    void lag(TopicPartition partition, long records) {
        lags.computeIfAbsent(partition, key -> {
            var value = new AtomicLong();
            var gauge = Gauge.builder("pipewright.stream.lag", value, AtomicLong::get).description("records behind the end of an assigned partition")
                    .tag("topic", key.topic()).tag("partition", Integer.toString(key.partition())).register(registry);
            return new Lag(value, gauge);
        }).records().set(records);
    }

    /** Drops the gauges of partitions this consumer no longer has (another member of the group reports them). */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Lag lag = lags.remove(partition);
            if (lag != null) {
                registry.remove(lag.gauge());
            }
        }
    }
}
