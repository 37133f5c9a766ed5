package io.pipewright.serve.stream;

import java.time.Duration;
import java.util.Map;

/**
 * What a {@link StreamScorer} reads and writes: the brokers, the input, output and dead-letter topics, the
 * consumer group, how records are grouped into batches, and any further Kafka client settings (security,
 * timeouts) given to the consumer, the producer and the admin client alike.
 *
 * @param dlq the dead-letter topic, or null: then a record that cannot be scored is logged and counted only
 * @param maxBatch the most records scored, sent and committed together
 * @param maxLatency how long a batch that is not full waits for more records after the first came
 * @param client further Kafka client settings ({@code security.protocol}, {@code session.timeout.ms}, ...)
 */
public record StreamOptions(String bootstrap, String input, String output, String dlq, String group, int maxBatch, Duration maxLatency,
        Map<String, String> client) {
    public static final int DEFAULT_MAX_BATCH = 500;
    public static final Duration DEFAULT_MAX_LATENCY = Duration.ofMillis(5);

    public StreamOptions {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap names no broker");
        }
        require("--in", input);
        require("--out", output);
        if (dlq != null) {
            require("--dlq", dlq);
        }
        require("--group", group);
        if (input.equals(output)) {
            throw new IllegalArgumentException("--out must differ from --in (" + input + "): the outputs would be read back as inputs");
        }
        if (input.equals(dlq)) {
            throw new IllegalArgumentException("--dlq must differ from --in (" + input + "): a refused record would come back forever");
        }
        if (maxBatch < 1 || maxBatch > 100_000) {
            throw new IllegalArgumentException("--max-batch must be between 1 and 100000, not " + maxBatch);
        }
        if (maxLatency.isNegative() || maxLatency.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--max-latency-ms must be between 0 and 60000, not " + maxLatency.toMillis());
        }
        client = Map.copyOf(client);
    }

    /** The consumer group a model's stream joins when none is given. */
    public static String defaultGroup(String modelName) {
        return "pipewright-" + modelName;
    }

    private static void require(String option, String topic) {
        // Kafka's own rule for topic names (and a group id may not be blank)
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException(option + " names no topic");
        }
        if (!option.equals("--group") && (!topic.matches("[a-zA-Z0-9._-]{1,249}") || topic.equals(".") || topic.equals(".."))) {
            throw new IllegalArgumentException(option + ": '" + topic + "' is not a valid topic name (letters, digits, '.', '_' and '-', at most 249)");
        }
    }
}
