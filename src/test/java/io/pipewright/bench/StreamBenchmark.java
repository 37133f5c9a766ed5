package io.pipewright.bench;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import io.pipewright.serve.stream.InTestBroker;
import io.pipewright.serve.stream.StreamOptions;
import io.pipewright.serve.stream.StreamScorer;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The streaming scorer through a real KRaft broker in this JVM (the tests' broker), against predicting the same
 * records in process: the serve benchmark's random forest (100 trees, 20 numeric features), JSON records.
 * Throughput: a backlog of records already in the input topic (3 partitions), from the scorer's first
 * partition assignment to its last output acknowledged, against {@code Predictor.predict} of the same records
 * (already parsed) 500 at a time on one thread; the ratio must be at least 0.3. Latency: records produced at a
 * steady third of that throughput (or the rate given), p50/p99 of the stream's own {@code pipewright.stream.latency} (a record's
 * timestamp to its output acknowledged).
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=StreamBenchmark</pre>  (arguments: records, 200000 by default; seconds of steady load, 15; its records/s)
 */
public final class StreamBenchmark {
    private StreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path dir = Files.createTempDirectory("pipewright-stream-bench");
        Path artifact = forest(dir);
        int parallel = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        Predictor predictor = Predictor.load("forest", "1", artifact, parallel);
        var random = new Random(17);
        List<Map<String, Object>> records = new ArrayList<>(count);
        List<byte[]> values = new ArrayList<>(count);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int i = 0; i < count; i++) {
            var record = new LinkedHashMap<String, Object>();
            for (int f = 0; f < 20; f++) {
                record.put("f" + f, Math.round(random.nextGaussian() * 1e4) / 1e4);
            }
            records.add(record);
            values.add(json.writeValueAsBytes(record));
        }

        // in process: the same records, already parsed, 500 at a time (the stream's batch), one thread; best of three after a warm-up
        for (int from = 0; from < Math.min(count, 50_000); from += 500) {
            predictor.predict(records.subList(from, Math.min(count, from + 500)));
        }
        double inProcess = 0;
        for (int round = 0; round < 3; round++) {
            long started = System.nanoTime();
            for (int from = 0; from < count; from += 500) {
                predictor.predict(records.subList(from, Math.min(count, from + 500)));
            }
            inProcess = Math.max(inProcess, count / ((System.nanoTime() - started) / 1e9));
        }

        var broker = InTestBroker.shared();
        // warm-up: the scorer's code and the broker's, on a topic of its own
        broker.createTopic("bench-warm-in", 3);
        broker.createTopic("bench-warm-out", 3);
        produce(broker, "bench-warm-in", values.subList(0, Math.min(count, 50_000)));
        score(broker, artifact, parallel, "bench-warm-in", "bench-warm-out", "bench-warm", Math.min(count, 50_000));

        broker.createTopic("bench-in", 3);
        broker.createTopic("bench-out", 3);
        produce(broker, "bench-in", values);
        double[] backlog = score(broker, artifact, parallel, "bench-in", "bench-out", "bench", count);
        double streamed = backlog[0];

        // steady load at a third of the measured throughput: the latency a record sees when the scorer keeps up
        broker.createTopic("bench-steady-in", 3);
        broker.createTopic("bench-steady-out", 3);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : (int) Math.max(500, Math.round(streamed / 3 / 500) * 500);
        double[] steady = steady(broker, artifact, parallel, values, rate, seconds);

        System.out.printf(Locale.US, "in process: Predictor.predict of %,d parsed records, 500 at a time, one thread: %,.0f records/s%n", count, inProcess);
        System.out.printf(Locale.US, "stream: %,d JSON records from the input topic to acknowledged outputs (3 partitions, --max-batch 500): %.2f s, %,.0f records/s; ratio %.2f (floor 0.3)%n",
                count, backlog[1], streamed, streamed / inProcess);
        System.out.printf(Locale.US, "stream under a steady %,d records/s for %d s: latency (record timestamp to output acknowledged) p50 %.1f ms, p99 %.1f ms, max %.1f ms over %,d records%n",
                rate, seconds, steady[0], steady[1], steady[2], (long) steady[3]);
        System.exit(0); // the broker's threads would keep the JVM; its shutdown hook stops it
    }

    /** The serve benchmark's model: a random forest of 100 trees over 20 numeric features. */
    private static Path forest(Path dir) {
        var random = new Random(11);
        var columns = new ArrayList<Column<?>>();
        for (int f = 0; f < 20; f++) {
            var column = DoubleColumn.create("f" + f);
            for (int r = 0; r < 5_000; r++) {
                column.append(random.nextGaussian());
            }
            columns.add(column);
        }
        var label = StringColumn.create("label");
        for (int r = 0; r < 5_000; r++) {
            double score = 0;
            for (int f = 0; f < 5; f++) {
                score += ((DoubleColumn) columns.get(f)).get(r);
            }
            label.append(score > 0 ? "yes" : "no");
        }
        columns.add(label);
        var model = Trainer.fit(Table.create("bench", columns), null, new Trainer.Request("label", "random_forest", Map.of("trees", 100), null, List.of(), 11,
                null, List.of(), null), TrainingListener.NONE);
        Path artifact = dir.resolve("forest" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "forest", Map.of(), "bench", artifact);
        return artifact;
    }

    private static void produce(InTestBroker broker, String topic, List<byte[]> values) throws Exception {
        try (var producer = broker.producer()) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), values.get(i)));
            }
            producer.flush();
        }
    }

    /** A scorer over a backlog: records/s from its first assignment to its last output acknowledged, and the seconds that took. */
    private static double[] score(InTestBroker broker, Path artifact, int parallel, String in, String out, String group, int count) throws Exception {
        var scoring = new Scoring(Predictor.load("forest", "1", artifact, parallel)).start();
        var scorer = new StreamScorer(scoring, new StreamOptions(broker.bootstrap(), in, out, null, group, StreamOptions.DEFAULT_MAX_BATCH,
                StreamOptions.DEFAULT_MAX_LATENCY, Map.of()));
        var thread = new Thread(scorer::run, "bench-stream");
        thread.start();
        try {
            while (scorer.assignment().isEmpty()) {
                Thread.sleep(1);
            }
            long started = System.nanoTime();
            var outputs = scoring.registry().find("pipewright.stream.records").tag("result", "out").counter();
            while (outputs == null || outputs.count() < count) {
                Thread.sleep(1);
                outputs = scoring.registry().find("pipewright.stream.records").tag("result", "out").counter();
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            return new double[] {count / elapsed, elapsed};
        } finally {
            scorer.close();
            thread.join();
            scoring.close();
        }
    }

    /** Records produced at {@code rate} a second for {@code seconds}: p50, p99 and max of the stream's latency in ms, and how many it timed. */
    private static double[] steady(InTestBroker broker, Path artifact, int parallel, List<byte[]> values, int rate, int seconds) throws Exception {
        var scoring = new Scoring(Predictor.load("forest", "1", artifact, parallel));
        // the benchmark reads percentiles of the stream's own latency timer (the exported histogram's buckets are too coarse for a p99)
        scoring.registry().config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().equals("pipewright.stream.latency")
                        ? DistributionStatisticConfig.builder().percentiles(0.5, 0.99).percentilePrecision(3).expiry(Duration.ofHours(1)).bufferLength(1)
                                .build().merge(config)
                        : config;
            }
        });
        scoring.start();
        var scorer = new StreamScorer(scoring, new StreamOptions(broker.bootstrap(), "bench-steady-in", "bench-steady-out", null, "bench-steady",
                StreamOptions.DEFAULT_MAX_BATCH, StreamOptions.DEFAULT_MAX_LATENCY, Map.of()));
        var thread = new Thread(scorer::run, "bench-stream");
        thread.start();
        try (var producer = broker.producer()) {
            while (scorer.assignment().isEmpty()) {
                Thread.sleep(1);
            }
            // a slice every 10 ms, each slice's records sent at once
            int perSlice = Math.max(1, rate / 100);
            long started = System.nanoTime();
            int sent = 0;
            for (int slice = 0; slice < seconds * 100; slice++) {
                long due = started + slice * 10_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                for (int i = 0; i < perSlice; i++) {
                    producer.send(new ProducerRecord<>("bench-steady-in", ("s" + sent).getBytes(StandardCharsets.UTF_8), values.get(sent % values.size())));
                    sent++;
                }
            }
            producer.flush();
            var outputs = scoring.registry().find("pipewright.stream.records").tag("result", "out").counter();
            while (outputs.count() < sent) {
                Thread.sleep(5);
            }
            var timer = scoring.registry().find("pipewright.stream.latency").timer();
            var snapshot = timer.takeSnapshot();
            double p50 = 0;
            double p99 = 0;
            for (var percentile : snapshot.percentileValues()) {
                if (percentile.percentile() == 0.5) {
                    p50 = percentile.value(java.util.concurrent.TimeUnit.MILLISECONDS);
                } else if (percentile.percentile() == 0.99) {
                    p99 = percentile.value(java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            }
            return new double[] {p50, p99, snapshot.max(java.util.concurrent.TimeUnit.MILLISECONDS), snapshot.count()};
        } finally {
            scorer.close();
            thread.join();
            scoring.close();
        }
    }
}
