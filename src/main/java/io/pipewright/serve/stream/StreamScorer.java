package io.pipewright.serve.stream;

import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Scores a Kafka topic: reads JSON records of a model's features as a member of a consumer group, scores
 * them in batches through a {@link Scoring} (the same checks, model copies and metrics as the REST server)
 * and writes one output record per input, keyed as the input was; a record that is not a JSON object, or
 * that the schema refuses, goes to the dead-letter topic (or is logged and counted) and the rest of its
 * batch is scored.
 *
 * <p>At least once: a batch's offsets are committed only after every one of its outputs and dead letters is
 * acknowledged by the broker. A process killed between the two reads the batch again when it (or another
 * member of the group) takes the partitions over: an input may get two outputs, never none. When the sends
 * fail, the batch is read again from its first offsets after a pause.
 *
 * <p>{@link #run} polls on the calling thread until {@link #stop}; then it finishes the batch in flight,
 * commits it, leaves the group and closes its clients.
 */
public final class StreamScorer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamScorer.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    private static final Duration CLOSE = Duration.ofSeconds(10);

    private final Scoring scoring;
    private final StreamOptions options;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final StreamMetrics metrics;
    /** Records polled and not yet scored. */
    private final List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
    /** Offsets of batches whose outputs are acknowledged, until a commit of them (or of later ones) is confirmed. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile Set<TopicPartition> assignment = Set.of();
    private Duration backoff = Duration.ZERO;
    /** Runs once a batch's outputs are acknowledged, before its offsets are committed (a test crashes the scorer there). */
    volatile Runnable beforeCommit = () -> { };

    /** Makes the clients (they connect on {@link #run}); the meters go to {@code scoring}'s registry. */
    public StreamScorer(Scoring scoring, StreamOptions options) {
        this.scoring = scoring;
        this.options = options;
        this.metrics = new StreamMetrics(scoring.registry());
        this.consumer = new KafkaConsumer<>(consumerConfig(options), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            this.producer = new KafkaProducer<>(producerConfig(options), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    static Map<String, Object> consumerConfig(StreamOptions options) {
        var config = new HashMap<String, Object>();
        // a group that has committed nothing yet starts at the beginning of the topic: no record written before it is skipped
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxBatch());
        config.putAll(options.client());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, options.group());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // commits follow the outputs' acknowledgements, never a timer
        return config;
    }

    static Map<String, Object> producerConfig(StreamOptions options) {
        var config = new HashMap<String, Object>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        config.putAll(options.client());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        return config;
    }

    /** Polls, scores and commits on the calling thread until {@link #stop}; then finishes the batch in flight and leaves the group. */
    public void run() {
        RuntimeException failure = null;
        try {
            if (stopping) {
                return;
            }
            running = true;
            consumer.subscribe(List.of(options.input()), new Rebalance());
            while (!stopping) {
                poll();
                if (!pending.isEmpty()) {
                    process();
                }
                lag();
            }
        } catch (WakeupException e) {
            // stop(): the batch in flight is finished below
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            finish(failure);
        }
    }

    /** Stops polling (from any thread): {@link #run} finishes and commits the batch in flight, leaves the group and returns. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Waits until {@link #run} has returned (or never started); false when {@code timeout} passed first. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops and waits up to 30 s for the batch in flight. */
    @Override
    public void close() {
        stop();
        try {
            if (!awaitStopped(Duration.ofSeconds(30))) {
                LOG.warn("the stream did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Between subscribing and stopping. */
    public boolean running() {
        return running;
    }

    /** The input partitions this member has now. */
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    /** The options it runs with. */
    public StreamOptions options() {
        return options;
    }

    private void poll() {
        add(consumer.poll(IDLE_POLL));
        if (pending.isEmpty() || options.maxLatency().isZero()) {
            return;
        }
        // a batch that is not full waits a moment for more: fewer, larger calls of the model and sends
        long deadline = System.nanoTime() + options.maxLatency().toNanos();
        while (pending.size() < options.maxBatch() && !stopping) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            add(consumer.poll(Duration.ofNanos(left)));
        }
    }

    private void add(ConsumerRecords<byte[], byte[]> records) {
        if (!records.isEmpty()) {
            metrics.in.increment(records.count());
            records.forEach(pending::add);
        }
    }

    /** What a batch sends: an output per scored record, a dead letter per refused one. */
    private final class Batch {
        final List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        final List<Long> timestamps = new ArrayList<>();
        final List<ProducerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();

        void output(ConsumerRecord<byte[], byte[]> input, Scoring.Scored scored, int row) {
            String id = StreamRecords.id(input.topic(), input.partition(), input.offset());
            var record = new ProducerRecord<>(options.output(), null, input.key(), StreamRecords.output(id, scored.version(), scored.prediction(), row,
                    scored.predictor().labels()));
            StreamRecords.source(record.headers(), input.topic(), input.partition(), input.offset());
            outputs.add(record);
            timestamps.add(input.timestamp());
        }

        void refuse(ConsumerRecord<byte[], byte[]> input, String error) {
            String line = StreamRecords.oneLine(error);
            refusals.add(StreamRecords.id(input.topic(), input.partition(), input.offset()) + ": " + line);
            if (options.dlq() == null) {
                return;
            }
            var record = new ProducerRecord<>(options.dlq(), null, input.key(), input.value());
            for (Header header : input.headers()) {
                record.headers().add(header);
            }
            record.headers().add(StreamRecords.ERROR, line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StreamRecords.source(record.headers(), input.topic(), input.partition(), input.offset());
            deadLetters.add(record);
        }
    }

    /** Scores the pending records, sends their outputs and dead letters, and commits them once the broker has acknowledged every one. */
    private void process() {
        var records = new ArrayList<>(pending);
        pending.clear();
        var batch = new Batch();
        var good = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        var parsed = new ArrayList<Map<String, Object>>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            StreamRecords.Parsed read = StreamRecords.parse(record.value());
            if (read.error() != null) {
                batch.refuse(record, read.error());
            } else {
                good.add(record);
                parsed.add(read.record());
            }
        }
        try {
            for (int from = 0; from < good.size(); from += options.maxBatch()) {
                int to = Math.min(good.size(), from + options.maxBatch());
                score(good.subList(from, to), parsed.subList(from, to), batch);
            }
        } catch (io.pipewright.serve.FeatureLookup.StoreUnavailable e) {
            // the records are not wrong: nothing of this batch is sent, and it is read again once the store answers
            retryLater(records, e);
            return;
        }
        var acks = new ArrayList<Future<RecordMetadata>>(batch.outputs.size() + batch.deadLetters.size());
        try {
            batch.outputs.forEach(record -> acks.add(producer.send(record)));
            batch.deadLetters.forEach(record -> acks.add(producer.send(record)));
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            retryLater(records, cause);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retryLater(records, e);
            return;
        }
        backoff = Duration.ZERO;
        long now = System.currentTimeMillis();
        for (long timestamp : batch.timestamps) {
            if (timestamp >= 0) {
                metrics.latency.record(Math.max(0, now - timestamp), TimeUnit.MILLISECONDS);
            }
        }
        metrics.out.increment(batch.outputs.size());
        metrics.failed.increment(batch.refusals.size());
        metrics.dlq.increment(batch.deadLetters.size());
        metrics.batch.record(records.size());
        if (!batch.refusals.isEmpty()) {
            if (options.dlq() == null) {
                LOG.warn("{} record(s) not scored and dropped (no --dlq); the first: {}", batch.refusals.size(), batch.refusals.get(0));
            } else {
                LOG.info("{} record(s) not scored, sent to {}; the first: {}", batch.refusals.size(), options.dlq(), batch.refusals.get(0));
            }
            batch.refusals.forEach(refusal -> LOG.debug("not scored: {}", refusal));
        }
        beforeCommit.run();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            var partition = new TopicPartition(record.topic(), record.partition());
            OffsetAndMetadata next = new OffsetAndMetadata(record.offset() + 1);
            uncommitted.merge(partition, next, (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        // asynchronously, so that the next batch is read and scored meanwhile; a commit that fails is carried by the next one,
        // and a rebalance or a stop commits synchronously what is not confirmed yet
        consumer.commitAsync(new HashMap<>(uncommitted), (offsets, failure) -> {
            if (failure == null) {
                confirmed(offsets);
            } else {
                LOG.debug("commit not confirmed, carried by the next one: {}", failure.toString());
            }
        });
    }

    /** Forgets the offsets a commit confirmed (those of later batches stay until their own commit). */
    private void confirmed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> uncommitted.computeIfPresent(partition, (key, pending) -> pending.offset() <= offset.offset() ? null : pending));
    }

    /**
     * Scores records in one call; when the schema refuses some of them, checks each alone against the model's
     * schema, refuses those that fail (naming their fields) and scores the rest. A model that fails on a call is
     * asked again one record at a time, so that only the records it cannot predict are refused.
     */
    private void score(List<ConsumerRecord<byte[], byte[]>> records, List<Map<String, Object>> rows, Batch batch) {
        if (records.isEmpty()) {
            return;
        }
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        try {
            Scoring.Scored scored = scoring.score(rows, StreamRecords.id(first.topic(), first.partition(), first.offset()));
            for (int i = 0; i < records.size(); i++) {
                batch.output(records.get(i), scored, i);
            }
        } catch (Predictor.InvalidInput e) {
            if (records.size() == 1) {
                batch.refuse(first, e.getMessage());
                return;
            }
            var fit = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            var fitRows = new ArrayList<Map<String, Object>>();
            for (int i = 0; i < records.size(); i++) {
                try {
                    scoring.check(rows.get(i));
                    fit.add(records.get(i));
                    fitRows.add(rows.get(i));
                } catch (Predictor.InvalidInput refused) {
                    batch.refuse(records.get(i), refused.getMessage());
                }
            }
            if (fit.size() < records.size()) {
                score(fit, fitRows, batch);
            } else {
                oneByOne(records, rows, batch); // every record fits the version serving now: it was swapped in meanwhile
            }
        } catch (io.pipewright.serve.FeatureLookup.StoreUnavailable e) {
            throw e;
        } catch (RuntimeException e) {
            if (records.size() == 1) {
                LOG.error("the model failed on record {}", StreamRecords.id(first.topic(), first.partition(), first.offset()), e);
                batch.refuse(first, "the model failed on this record: " + e.getMessage());
                return;
            }
            LOG.warn("the model failed on a batch of {} records ({}); scoring them one at a time", records.size(), e.toString());
            oneByOne(records, rows, batch);
        }
    }

    private void oneByOne(List<ConsumerRecord<byte[], byte[]>> records, List<Map<String, Object>> rows, Batch batch) {
        for (int i = 0; i < records.size(); i++) {
            score(records.subList(i, i + 1), rows.subList(i, i + 1), batch);
        }
    }

    /** A batch whose sends failed: its partitions are read again from its first offsets, after a pause that grows up to 30 s. */
    private void retryLater(List<ConsumerRecord<byte[], byte[]>> records, Throwable cause) {
        backoff = backoff.isZero() ? Duration.ofMillis(500) : backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
        LOG.error("the outputs of a batch of {} records were not acknowledged ({}); reading it again in {} ms", records.size(), cause.toString(),
                backoff.toMillis());
        rewind(records);
        long until = System.nanoTime() + backoff.toNanos();
        while (!stopping && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sets each partition of {@code records} still assigned back to its first offset among them. */
    private void rewind(List<ConsumerRecord<byte[], byte[]>> records) {
        var first = new HashMap<TopicPartition, Long>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        Set<TopicPartition> owned = consumer.assignment();
        first.forEach((partition, offset) -> {
            if (owned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    /** Commits the acknowledged batches' offsets and waits for the broker (before partitions go, and at a stop). */
    private void commit() {
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            var offsets = new HashMap<>(uncommitted);
            consumer.commitSync(offsets);
            confirmed(offsets);
        } catch (RebalanceInProgressException e) {
            LOG.info("commit deferred: the group is rebalancing");
        } catch (CommitFailedException e) {
            // the partitions went to another member already; it reads them again from the last commit (outputs twice, none lost)
            LOG.warn("commit refused, the partitions moved to another member: {}", e.getMessage());
            uncommitted.clear();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.warn("commit timed out; tried again after the next batch: {}", e.getMessage());
        }
    }

    private void lag() {
        for (TopicPartition partition : assignment) {
            var lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                metrics.lag(partition, lag.getAsLong());
            }
        }
    }

    /** The batch in flight scored and committed, the group left, the clients closed. */
    private void finish(RuntimeException failure) {
        try {
            if (failure == null) {
                for (int attempt = 0; attempt < 2; attempt++) {
                    try {
                        if (!pending.isEmpty()) {
                            process();
                        }
                        commit();
                        break;
                    } catch (WakeupException again) {
                        // a second stop() while finishing: the wakeup is spent, try once more
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("the batch in flight could not be finished; it is read again on restart: {}", e.toString());
        } finally {
            running = false;
            try {
                consumer.close(CLOSE); // leaves the group: its partitions go to the other members at once
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer: {}", e.toString());
            }
            try {
                producer.close(CLOSE);
            } catch (RuntimeException e) {
                LOG.warn("closing the producer: {}", e.toString());
            }
            assignment = Set.of();
            LOG.info("stream stopped: {} → {}", options.input(), options.output());
            stopped.countDown();
        }
    }

    /** Finishes the batch of partitions that are going away while they are still this member's, and keeps the lag gauges to those it has. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                if (!pending.isEmpty()) {
                    process();
                }
                commit();
                uncommitted.keySet().removeAll(partitions);
                LOG.info("partitions revoked: {}", partitions);
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // not ours any more, and too late to commit: the new owner reads them again from the last commit
            pending.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
            uncommitted.keySet().removeAll(partitions);
            LOG.warn("partitions lost: {}", partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assignment = Set.copyOf(consumer.assignment());
            if (!partitions.isEmpty()) {
                LOG.info("partitions assigned: {}", partitions);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            metrics.forget(partitions);
            var kept = new HashSet<>(assignment);
            kept.removeAll(partitions);
            assignment = Set.copyOf(kept);
        }
    }
}
