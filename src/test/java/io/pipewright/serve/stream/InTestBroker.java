package io.pipewright.serve.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in KRaft mode (one combined broker and controller) inside the test JVM, started once and
 * shared by every test class of the JVM (about 6 s to start), with the few client calls the tests need.
 */
public final class InTestBroker {
    private static InTestBroker shared;

    private final KafkaClusterTestKit cluster;
    private final Admin admin;
    private final java.nio.file.Path folder;

    private InTestBroker(KafkaClusterTestKit cluster, java.nio.file.Path folder) {
        this.cluster = cluster;
        this.admin = cluster.admin();
        this.folder = folder;
    }

    /** The JVM's broker, started on first use and stopped when the JVM ends. */
    public static synchronized InTestBroker shared() {
        if (shared == null) {
            try {
                var folder = java.nio.file.Files.createTempDirectory("pipewright-kafka");
                var cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                        .setNumControllerNodes(1).setBaseDirectory(folder).build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "2")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("num.network.threads", "2")
                        .setConfigProp("num.io.threads", "2")
                        .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
                        .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
                shared = new InTestBroker(cluster, folder);
                Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "in-test-broker-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("the in-test Kafka broker did not start", e);
            }
        }
        return shared;
    }

    public String bootstrap() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        return admin;
    }

    /** Creates a topic of {@code partitions} partitions and waits until it exists. */
    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    public KafkaProducer<byte[], byte[]> producer() {
        var config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends records of key → value (UTF-8) to a topic and waits until every one is acknowledged. */
    public void send(String topic, List<Map.Entry<String, String>> records) {
        try (var producer = producer()) {
            var acks = new ArrayList<java.util.concurrent.Future<?>>();
            for (var record : records) {
                acks.add(producer.send(new ProducerRecord<>(topic, record.getKey() == null ? null : record.getKey().getBytes(StandardCharsets.UTF_8),
                        record.getValue() == null ? null : record.getValue().getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            for (var ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Reads a topic from the start until it holds {@code count} records or {@code timeout} passes; returns what it read. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration timeout) {
        var config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        var all = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (all.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** The number of records in a topic (its partitions' end offsets, summed: topics here are never compacted or trimmed). */
    public long size(String topic) {
        try {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            var latest = new HashMap<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
            partitions.forEach(info -> latest.put(new TopicPartition(topic, info.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the size of " + topic, e);
        }
    }

    /** The offsets a group committed, per partition. */
    public Map<TopicPartition, Long> committed(String group) {
        try {
            var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            var plain = new HashMap<TopicPartition, Long>();
            offsets.forEach((partition, offset) -> plain.put(partition, offset == null ? -1 : offset.offset()));
            return plain;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e);
        }
    }

    /** At the JVM's end: a bounded wait for the broker to close (a test run must not hang on it), then its folder goes. */
    private void stop() {
        var closer = new Thread(() -> {
            try {
                admin.close(Duration.ofSeconds(2));
                cluster.close();
            } catch (Exception e) {
                // the JVM is ending: nothing to keep
            }
        }, "in-test-broker-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            io.pipewright.export.Bundle.deleteTree(folder);
        } catch (java.io.IOException | RuntimeException e) {
            // a temporary folder: the system cleans it up in the end
        }
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
