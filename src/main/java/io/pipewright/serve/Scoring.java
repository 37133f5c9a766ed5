package io.pipewright.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every transport scores through (REST, gRPC, a Kafka stream): the model version serving now, the
 * schema check, the micro-batcher, the shadow model, the request log, drift and the Prometheus metrics.
 * A transport parses its own format into records of feature → value, calls {@link #score}, and answers
 * with the {@link Scored} it gets: the prediction and the version that produced it.
 *
 * <p>The version can be replaced while requests are answered ({@link #swap}): the new one is warmed up
 * first, then takes every new request at once; a request that already started finishes on the version
 * it started with, whose batcher stops once the last of them is answered.
 *
 * <p>With an A/B split ({@link #ab}) a second model, variant {@code b}, answers the requests the split
 * sends it (a version of its own, with its own batcher); every answer says which variant gave it. Every
 * predicted row is remembered for the labels that may come back later ({@link #feedback()}).
 */
public final class Scoring implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Scoring.class);

    /**
     * A prediction, the model version that made it, the request's id (the client's, or one made here),
     * and the variant that answered ({@code a}, or {@code b} with an A/B split).
     */
    public record Scored(Predictor predictor, Predictor.Prediction prediction, String id, String variant) {
        public Scored(Predictor predictor, Predictor.Prediction prediction, String id) {
            this(predictor, prediction, id, AbSplit.A);
        }

        public String version() {
            return predictor.version();
        }
    }

    /** Request ids made here: this process's random prefix and a counter, unique without a lock or a UUID's cost. */
    private final String idPrefix = Long.toHexString(new java.security.SecureRandom().nextLong() | Long.MIN_VALUE).substring(0, 12);
    private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicReference<Served> served = new AtomicReference<>();
    /** Set by {@link #close}: a request that comes after it fails at once instead of waiting for a version that never comes. */
    private volatile boolean closed;
    private volatile FeatureLookup features;
    private Timer lookupTimer;
    /** Variant b of an A/B split; empty without one. */
    private final AtomicReference<Served> servedB = new AtomicReference<>();
    private AbSplit split;
    private Predictor variantB;
    private volatile Feedback feedback;
    private VariantMeters variantMeters;
    private final DistributionSummary batches;
    private final Map<String, Counter> classes = new ConcurrentHashMap<>();
    private final DistributionSummary values;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    /** The primary model's prediction timer, once made (looked up by a key string per call before). */
    private volatile Timer primaryTimer;
    /** Runs before each call of the model with its number of rows (tests hold a request, or a batch, in flight with it). */
    volatile java.util.function.IntConsumer beforePredict = rows -> { };
    private Predictor shadow;
    private RequestLog requestLog;
    private java.util.concurrent.ExecutorService shadowThread;
    /** Drift of the inputs against the training rows; null for a model artifact without the training bins. */
    private ServingDrift drift;
    private int driftRows = ModelServer.DEFAULT_DRIFT_WINDOW;
    private int maxBatch = 1;
    private Duration maxBatchLatency = Duration.ZERO;
    private boolean started;

    /** One version being served: its predictor, its batcher, and the requests that are using it. */
    private final class Served {
        final Predictor predictor;
        final MicroBatcher batcher;
        final AtomicInteger users = new AtomicInteger();
        volatile boolean retired;

        Served(Predictor predictor) {
            this.predictor = predictor;
            this.batcher = maxBatch > 1 ? new MicroBatcher(rows -> predictNow(this.predictor, rows), maxBatch, maxBatchLatency, predictor.parallel())
                    : null;
        }

        /** False when this version was replaced before the request could start on it. */
        boolean enter() {
            users.incrementAndGet();
            if (retired) {
                exit();
                return false;
            }
            return true;
        }

        void exit() {
            users.decrementAndGet();
        }

        /** Takes no new request; waits for those that started on it, then stops its batcher. */
        void retire() {
            retired = true;
            while (users.get() > 0) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (batcher != null) {
                batcher.close();
            }
        }

        int waiting() {
            return batcher == null ? 0 : batcher.waiting();
        }
    }

    public Scoring(Predictor predictor) {
        this.served.set(new Served(predictor));
        this.batches = DistributionSummary.builder("pipewright.batch.size").description("rows per prediction: a request's, or a micro-batch's")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024).register(registry);
        this.values = predictor.classifier() ? null : DistributionSummary.builder("pipewright.prediction.value")
                .description("predicted values (regression)").publishPercentileHistogram().register(registry);
        for (String label : predictor.labels()) {
            classCounter(label);
        }
        Gauge.builder("pipewright.batch.queue.requests", this, scoring -> scoring.served.get().waiting())
                .description("requests waiting for a micro-batch").register(registry);
        // the CPU and memory panels of an exported bundle's dashboard read these
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        this.feedback = new Feedback(registry, Feedback.DEFAULT_WINDOW, Feedback.DEFAULT_METRICS_WINDOW, this::loaded);
    }

    /**
     * Keeps the last {@code rows} predicted rows in memory for the labels that come back (0: none; with a
     * request log, older ones are found there), and computes the live metrics over the last {@code labels}
     * labels of each version and variant (before {@link #start}). See {@link Feedback}.
     */
    public Scoring feedbackWindow(int rows, int labels) {
        checkFeedbackWindow(rows, labels);
        this.feedback = new Feedback(registry, rows, labels, this::loaded);
        return this;
    }

    /** Refuses feedback windows out of range (the command line checks them before a model is read). */
    public static void checkFeedbackWindow(int rows, int labels) {
        if (rows < 0 || rows > 10_000_000) {
            throw new IllegalArgumentException("--feedback-window must be between 0 and 10000000 rows, not " + rows);
        }
        if (labels < 1 || labels > 10_000_000) {
            throw new IllegalArgumentException("--live-metrics-window must be between 1 and 10000000 labels, not " + labels);
        }
    }

    /**
     * Serves {@code b} beside the primary as variant b of an A/B split (before {@link #start}): {@code split}
     * decides which variant answers each request. {@code b} must read the primary's features and answer with
     * its classes ({@link AbSplit#checkSameSchema}).
     */
    public Scoring ab(Predictor b, AbSplit split) {
        AbSplit.checkSameSchema(served.get().predictor, b);
        this.variantB = b;
        this.split = split;
        servedB.set(new Served(b));
        return this;
    }

    /** The A/B split, or null without one. */
    public AbSplit split() {
        return split;
    }

    /** The labels that come back for served predictions: join them with {@link Feedback#join}. */
    public Feedback feedback() {
        return feedback;
    }

    /** Measures drift over the last {@code rows} rows served (before {@link #start}). A model without training bins has no drift gauges. */
    public Scoring driftWindow(int rows) {
        this.driftRows = rows;
        return this;
    }

    /**
     * Groups concurrent requests' rows into predictions of up to {@code maxBatch} rows (before
     * {@link #start}): see {@link MicroBatcher}. A {@code maxBatch} of 1 predicts each request alone.
     */
    public Scoring batching(int maxBatch, Duration maxLatency) {
        ModelServer.checkMaxBatch(maxBatch);
        if (maxLatency.isNegative()) {
            throw new IllegalArgumentException("--max-latency-ms cannot be negative");
        }
        this.maxBatch = maxBatch;
        this.maxBatchLatency = maxLatency;
        return this;
    }

    /**
     * Fills each request's features from the online store by its entity keys (a model trained through a features
     * node); {@code pipewright_feature_lookup_seconds} times the lookups.
     */
    public Scoring features(FeatureLookup lookup) {
        this.lookupTimer = Timer.builder("pipewright.feature.lookup").description("time to fetch a request's features from the online store")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.features = lookup;
        return this;
    }

    /** The online store's lookup, or null. */
    public FeatureLookup features() {
        return features;
    }

    /**
     * Scores every request with a second model too, after the primary's answer is sent: only the
     * primary answers; {@code /metrics} gets how often they agree and both models' prediction times.
     * Requests come to the shadow through a bounded queue; when it falls behind they are counted as skipped.
     */
    public Scoring shadow(Predictor shadow) {
        this.shadow = shadow;
        this.shadowThread = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(1024), task -> {
                    var thread = new Thread(task, "pipewright-shadow");
                    thread.setDaemon(true);
                    return thread;
                }, (task, pool) -> shadowCounter("skipped").increment());
        return this;
    }

    /** Logs every predicted row (features, prediction, time) to a rotating JSON Lines file: see {@link RequestLog}. */
    public Scoring log(RequestLog log) {
        this.requestLog = log;
        Gauge.builder("pipewright.request.log.dropped", log, RequestLog::dropped)
                .description("rows not logged because the log fell behind").register(registry);
        return this;
    }

    /** Makes the batcher, registers drift, and warms the model up; {@link #ready()} from then on. Idempotent. */
    public synchronized Scoring start() {
        if (started) {
            return this;
        }
        started = true;
        Predictor predictor = served.get().predictor;
        var reference = predictor.model().reference();
        drift = reference.isEmpty() ? null : new ServingDrift(reference, driftRows);
        if (drift != null) {
            drift.register(registry);
        }
        // the batcher is made with the settings given before start
        served.set(new Served(predictor));
        warmUp(predictor);
        if (variantB != null) {
            // made again with the batching settings given before start
            servedB.getAndSet(new Served(variantB)).retire();
            warmUp(variantB);
            variantMeters = new VariantMeters(registry, predictor);
        }
        if (requestLog != null) {
            feedback.logTo(requestLog.folder(), requestLog.maxBytes(), requestLog.keep(), variantB != null);
        }
        ready.set(true);
        return this;
    }

    /** Predicts a row of missing values a few times, so that the first real request finds the code compiled. */
    static void warmUp(Predictor predictor) {
        var row = new LinkedHashMap<String, Object>();
        predictor.features().forEach(feature -> row.put(feature.name(), null));
        for (int i = 0; i < 50; i++) {
            try {
                predictor.predict(List.of(row));
            } catch (RuntimeException e) {
                break; // a model that refuses an all-missing row is still ready for real ones
            }
        }
    }

    public boolean ready() {
        return ready.get();
    }

    /** Reports not ready (a load balancer stops sending) while requests in flight finish. */
    public void notReady() {
        ready.set(false);
    }

    /** The version serving now: its name, version, schema and labels. */
    public Predictor predictor() {
        return served.get().predictor;
    }

    /**
     * Checks one record as {@link #score} would read it (its features filled from the online store first) against the
     * schema of the version serving now, without predicting; a record that cannot be read is a {@link Predictor.InvalidInput}.
     */
    public void check(Map<String, Object> record) {
        FeatureLookup lookup = features;
        predictor().prepare(lookup == null ? List.of(record) : lookup.fill(List.of(record)));
    }

    /** The version a variant ({@code a} or {@code b}) serves now; null for b without an A/B split. */
    public Predictor predictor(String variant) {
        Served current = (AbSplit.B.equals(variant) ? servedB : served).get();
        return current == null ? null : current.predictor;
    }

    /** The predictor of {@code version} when {@code variant} serves it now, else null (labels read back from the request log). */
    private Predictor loaded(String version, String variant) {
        Predictor serving = predictor(variant);
        return serving != null && serving.version().equals(version) ? serving : null;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Checks the records against the schema of the version serving now and predicts them (in a micro-batch
     * when batching is on), counting them in the metrics, the shadow and the request log.
     *
     * @param id the request's id as the client sent it, or null to make one
     * @throws Predictor.InvalidInput naming the feature, when the schema refuses a record
     */
    public Scored score(List<Map<String, Object>> records, String id) {
        return score(records, id, null);
    }

    /**
     * {@link #score(List, String)} for a transport that read the A/B split's key header ({@link AbSplit#header()}):
     * {@code splitHeader} is its value in the request, or null.
     */
    public Scored score(List<Map<String, Object>> given, String id, String splitHeader) {
        FeatureLookup lookup = features;
        List<Map<String, Object>> records = given;
        if (lookup != null) {
            long looking = System.nanoTime();
            records = lookup.fill(given);
            lookupTimer.record(System.nanoTime() - looking, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        return scoreFilled(records, id, splitHeader);
    }

    private Scored scoreFilled(List<Map<String, Object>> records, String id, String splitHeader) {
        String requestId = id != null && !id.isBlank() ? id : idPrefix + "-" + Long.toString(ids.incrementAndGet(), 36);
        String variant = split == null ? AbSplit.A : split.route(records, splitHeader, requestId);
        AtomicReference<Served> answering = AbSplit.B.equals(variant) ? servedB : served;
        long started = System.nanoTime();
        while (true) {
            Served current = answering.get();
            if (!current.enter()) {
                if (closed) {
                    throw new IllegalStateException("the server is stopping: this request was not scored");
                }
                continue; // replaced a moment ago: the new version takes it
            }
            try {
                Predictor predictor = current.predictor;
                Predictor.Prediction prediction;
                if (current.batcher != null) {
                    current.batcher.expect();
                    Predictor.Rows prepared;
                    try {
                        prepared = predictor.prepare(records);
                    } catch (RuntimeException | Error e) {
                        current.batcher.cancel();
                        throw e;
                    }
                    prediction = current.batcher.predict(prepared);
                } else {
                    prediction = predictNow(predictor, predictor.prepare(records));
                }
                count(predictor, prediction);
                if (shadow != null) {
                    shadowThread.execute(() -> compare(records, prediction));
                }
                if (variantMeters != null) {
                    variantMeters.record(variant, prediction, System.nanoTime() - started);
                }
                feedback.remember(requestId, predictor, variant, records, prediction);
                if (requestLog != null) {
                    requestLog.log(requestId, predictor.version(), split == null ? null : variant, records, prediction.predictions());
                }
                return new Scored(predictor, prediction, requestId, variant);
            } finally {
                current.exit();
            }
        }
    }

    /**
     * Serves {@code next} from now on: it is warmed up first (a version that fails to predict a warm-up row
     * still swaps in, as at start), then takes every new request; requests already started on the old version
     * finish on it. Returns the version it replaced.
     */
    public Predictor swap(Predictor next) {
        warmUp(next);
        Served replacement = new Served(next);
        Served old = served.getAndSet(replacement);
        old.retire();
        LOG.info("now serving {} version {} (was version {})", next.name(), next.version(), old.predictor.version());
        return old.predictor;
    }

    /** One call of the model (a request's rows, or a batch of several requests'), timed, its rows' drift recorded. */
    private Predictor.Prediction predictNow(Predictor predictor, Predictor.Rows rows) {
        beforePredict.accept(rows.size());
        long started = System.nanoTime();
        ServingDrift currentDrift = drift;
        Predictor.Prediction prediction = predictor.predict(rows, currentDrift == null ? null : currentDrift::record);
        Timer timer = primaryTimer;
        if (timer == null) {
            timer = predictionTimer("primary");
            primaryTimer = timer;
        }
        timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        batches.record(rows.size());
        return prediction;
    }

    private void count(Predictor predictor, Predictor.Prediction prediction) {
        for (Object value : prediction.predictions()) {
            if (values != null) {
                if (value instanceof Number number) {
                    values.record(number.doubleValue());
                }
            } else {
                classCounter(String.valueOf(value)).increment();
            }
        }
    }

    private Counter classCounter(String label) {
        return classes.computeIfAbsent(label, key -> Counter.builder("pipewright.predictions").description("predictions by class")
                .tag("class", key).register(registry));
    }

    private Counter shadowCounter(String result) {
        return Counter.builder("pipewright.shadow.comparisons").description("shadow model's answers against the primary's, by result")
                .tag("result", result).register(registry);
    }

    private Timer predictionTimer(String model) {
        return timers.computeIfAbsent("prediction " + model, key -> Timer.builder("pipewright.prediction")
                .description("time to predict a request's rows, by model").tag("model", model)
                .serviceLevelObjectives(Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
                        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50))
                .register(registry));
    }

    /** The shadow's answer for the same rows, compared row by row with the primary's (classes equal, or values within 1e-6 relative). */
    private void compare(List<Map<String, Object>> rows, Predictor.Prediction primary) {
        long started = System.nanoTime();
        Predictor.Prediction other;
        try {
            other = shadow.predict(rows);
        } catch (RuntimeException e) {
            shadowCounter("error").increment();
            return;
        }
        predictionTimer("shadow").record(Duration.ofNanos(System.nanoTime() - started));
        for (int i = 0; i < rows.size(); i++) {
            Object a = primary.predictions().get(i);
            Object b = other.predictions().get(i);
            boolean agree = a instanceof Number x && b instanceof Number y
                    ? Math.abs(x.doubleValue() - y.doubleValue()) <= 1e-6 * Math.max(1, Math.abs(x.doubleValue()))
                    : String.valueOf(a).equals(String.valueOf(b));
            shadowCounter(agree ? "agree" : "disagree").increment();
        }
    }

    /** Stops the batcher, the shadow and the request log (after the transports stopped taking requests). */
    @Override
    public void close() {
        ready.set(false);
        closed = true;
        served.get().retire();
        if (servedB.get() != null) {
            servedB.get().retire();
        }
        if (shadowThread != null) {
            shadowThread.shutdown();
        }
        if (requestLog != null) {
            requestLog.close();
        }
        if (features != null) {
            features.close();
        }
    }
}
