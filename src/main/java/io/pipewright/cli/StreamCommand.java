package io.pipewright.cli;

import io.pipewright.serve.AliasFollower;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import io.pipewright.serve.stream.BrokerCheck;
import io.pipewright.serve.stream.MetricsEndpoint;
import io.pipewright.serve.stream.StreamException;
import io.pipewright.serve.stream.StreamOptions;
import io.pipewright.serve.stream.StreamScorer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "stream", description = {"Score a Kafka topic: JSON records of the model's features in, one output record per input out "
        + "(its key, the prediction, probabilities and model version), at least once. Runs until stopped (Ctrl+C or SIGTERM).",
        "Exit 2 when the model cannot be loaded or a topic does not exist, 1 when no broker answers."})
final class StreamCommand implements Callable<Integer> {
    @ParentCommand
    private PipewrightCommand root;

    @Spec
    private CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    private ServeCommand.Source source;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "The Kafka brokers to start from (several separated by commas).")
    private String bootstrap;

    @Option(names = "--in", required = true, paramLabel = "TOPIC", description = "The topic of records to score.")
    private String input;

    @Option(names = "--out", required = true, paramLabel = "TOPIC", description = "The topic the outputs go to.")
    private String output;

    @Option(names = "--dlq", paramLabel = "TOPIC", description = "The dead-letter topic: records that are not a JSON object or that the schema refuses, "
            + "unchanged, with the reason in the pipewright-error header (without it they are logged and counted).")
    private String dlq;

    @Option(names = "--group", paramLabel = "ID", description = "The consumer group (default: pipewright-<model name>). Scorers in one group share the "
            + "partitions.")
    private String group;

    @Option(names = "--metrics-port", paramLabel = "N", description = "Serve /metrics (Prometheus) and /v2/health/live|ready on this port (0 for any "
            + "free one; off by default).")
    private Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", description = "The address /metrics listens on (default: ${DEFAULT-VALUE}, loopback only).",
            defaultValue = "127.0.0.1")
    private String metricsHost;

    @Option(names = "--max-batch", paramLabel = "N", description = "The most records scored, sent and committed together (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + StreamOptions.DEFAULT_MAX_BATCH)
    private int maxBatch;

    @Option(names = "--max-latency-ms", paramLabel = "MS", description = "How long a batch that is not full waits for more records (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "5")
    private long maxLatencyMs;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "A Kafka client properties file (security.protocol, sasl.*, ssl.*, "
            + "session.timeout.ms, ...) for the consumer, the producer and the topic check.")
    private Path kafkaConfig;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "How long to wait at start for a broker to answer (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "30")
    private int connectTimeout;

    @picocli.CommandLine.Mixin
    private FollowOptions following;

    @picocli.CommandLine.Mixin
    private OnlineStoreOptions online;

    @Override
    public Integer call() throws InterruptedException {
        if (connectTimeout < 1 || connectTimeout > 3600) {
            throw new IllegalArgumentException("--connect-timeout must be between 1 and 3600 seconds, not " + connectTimeout);
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
            throw new IllegalArgumentException("--metrics-port must be between 0 and 65535, not " + metricsPort);
        }
        BrokerCheck.addresses(bootstrap);
        Map<String, String> client = kafkaConfig == null ? Map.of() : properties(kafkaConfig);
        // options checked before the model is read (the group's default needs the model's name: checked with a stand-in first)
        new StreamOptions(bootstrap, input, output, dlq, group == null ? "pipewright" : group, maxBatch, Duration.ofMillis(maxLatencyMs), client);
        String followed = following.alias(source.model);
        Predictor predictor = ServeCommand.load(source, root);
        var options = new StreamOptions(bootstrap, input, output, dlq, group == null ? StreamOptions.defaultGroup(predictor.name()) : group, maxBatch,
                Duration.ofMillis(maxLatencyMs), client);
        var err = spec.commandLine().getErr();
        try {
            BrokerCheck.check(options, Duration.ofSeconds(connectTimeout));
        } catch (StreamException e) {
            err.println("pipewright: " + Cli.oneLine(e.getMessage()));
            err.flush();
            return e.badInput() ? Cli.BAD_INPUT : Cli.FAILED;
        }
        Scoring scoring = new Scoring(predictor).start();
        String featuresLine;
        try {
            featuresLine = online.attach(scoring, predictor, root);
        } catch (RuntimeException e) {
            scoring.close();
            throw e;
        }
        StreamScorer scorer;
        try {
            scorer = new StreamScorer(scoring, options);
        } catch (org.apache.kafka.common.KafkaException e) {
            scoring.close();
            throw new IllegalArgumentException((kafkaConfig != null ? "--kafka-config " + kafkaConfig.getFileName() + ": " : "") + e.getMessage(), e);
        }
        MetricsEndpoint metrics = null;
        if (metricsPort != null) {
            try {
                metrics = MetricsEndpoint.start(scoring, scorer, metricsHost, metricsPort);
            } catch (RuntimeException e) {
                scorer.close();
                scoring.close();
                throw new IllegalArgumentException("--metrics-port " + metricsPort + ": cannot listen on " + metricsHost + ":" + metricsPort
                        + " (" + Cli.oneLine(e.getMessage()) + ")", e);
            }
        }
        err.println("streaming " + predictor.name() + " version " + predictor.version() + " (" + predictor.manifest().algorithm() + "): " + input + " → "
                + output + (dlq != null ? ", dead letters → " + dlq : "") + ", group " + options.group() + " on " + bootstrap
                + (metrics != null ? "; metrics on http://" + metricsHost + ":" + metrics.port() + "/metrics" : ""));
        if (featuresLine != null) {
            err.println(featuresLine);
        }
        // following the alias: new versions are swapped into the Scoring the stream scores through; stopped with the scorer
        AliasFollower follower = following.start(followed, scoring, predictor, root, err);
        err.flush();
        MetricsEndpoint endpoint = metrics;
        var hook = new Thread(() -> {
            // SIGTERM: stop polling, finish and commit the batch in flight, leave the group
            scorer.close();
            if (follower != null) {
                follower.close();
            }
            if (endpoint != null) {
                endpoint.close();
            }
            scoring.close();
        }, "pipewright-stream-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            scorer.run();
        } catch (org.apache.kafka.common.KafkaException e) {
            // a failure Kafka does not retry (authorisation, a fenced member): the batch in flight is read again on restart
            org.slf4j.LoggerFactory.getLogger(StreamCommand.class).error("the stream stopped", e);
            err.println("pipewright: the stream stopped: " + Cli.oneLine(e.getMessage()));
            err.flush();
            return Cli.FAILED;
        }
        scorer.awaitStopped(Duration.ofSeconds(30));
        return Cli.OK;
    }

    /** A Kafka client properties file, as the Kafka tools read one ({@code --command-config}). */
    private static Map<String, String> properties(Path file) {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--kafka-config " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--kafka-config " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        var map = new LinkedHashMap<String, String>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).strip()));
        return map;
    }
}
