package io.pipewright.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Scoring} on the version an alias names ({@code credit-risk@champion}): a daemon thread
 * reads the alias from the store every interval; when it has moved, the version it names now is loaded,
 * checked and warmed up on that thread while the old one keeps answering, then swapped in
 * ({@link Scoring#swap}: requests in flight finish on the old version). A version that cannot be loaded
 * (its file missing, damaged or not the file registered) or that fails on a row is not swapped in: it is
 * logged, counted as {@code pipewright_model_swaps_total{result="failed"}}, and not tried again until the
 * alias moves once more; the old one keeps serving. {@code pipewright_model_version} is the version serving, and
 * {@code pipewright_model_swapped_at_seconds{model, alias}} when it was swapped in (seconds since the epoch; NaN until the
 * first swap): with the alias history's time of a move, how long the move took to reach the answers.
 *
 * <p>The embedded H2 store lets one process in at a time, so it is opened only to read the alias and closed
 * at once, and only after a file of its folder changed (another process wrote to it): a server that
 * follows its alias leaves the store free for {@code pipewright models rollback} in between. A shared
 * PostgreSQL store is opened once and read every interval.
 */
public final class AliasFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AliasFollower.class);

    private final Scoring scoring;
    private final Supplier<Store> stores;
    private final String name;
    private final String alias;
    private final Duration interval;
    private final int parallel;
    private final Counter swapped;
    private final Counter failed;
    private final Thread thread;
    /** What the thread waits on between reads; {@link #close} wakes it (an interrupt could close the store's file under H2). */
    private final Object wake = new Object();
    private volatile boolean closed;
    /** A shared store, kept open between reads; null for the embedded one (opened per read). */
    private Store shared;
    /** The embedded store's folder, and what its files looked like after this follower's last read. */
    private Path folder;
    private List<String> stamp;
    /** The version the alias named when it was last refused (not tried again until the alias moves). */
    private Integer refused;
    /** Whether the alias named no version at the last read (said once). */
    private boolean gone;
    /** When the version serving now was swapped in, in seconds since the epoch; NaN until the first swap. */
    private volatile double swappedAt = Double.NaN;
    /** Whether the last read failed (so that a store that stays unreadable is logged once, not every interval). */
    private boolean unreadable;

    private AliasFollower(Scoring scoring, Supplier<Store> stores, String name, String alias, Duration interval, int parallel) {
        this.scoring = scoring;
        this.stores = stores;
        this.name = name;
        this.alias = alias;
        this.interval = interval;
        this.parallel = parallel;
        var registry = scoring.registry();
        this.swapped = swaps(registry, "swapped");
        this.failed = swaps(registry, "failed");
        Gauge.builder("pipewright.model.version", scoring, AliasFollower::versionNumber)
                .description("the registered version serving now").register(registry);
        Gauge.builder("pipewright.model.swapped.at", this, follower -> follower.swappedAt).baseUnit("seconds")
                .description("when the version serving now was swapped in, in seconds since the epoch (NaN until the first swap)")
                .tag("model", name).tag("alias", alias).register(registry);
        this.thread = new Thread(this::run, "pipewright-follow-" + name + "@" + alias);
        this.thread.setDaemon(true);
    }

    /**
     * Starts following {@code name@alias} for {@code scoring} (whose version was loaded from the alias),
     * reading it every {@code interval}; a new version is loaded with {@code parallel} copies of the model.
     * {@code stores} opens the store; each store it gives is closed by this follower.
     */
    public static AliasFollower start(Scoring scoring, Supplier<Store> stores, String name, String alias, Duration interval, int parallel) {
        ModelRegistry.checkName(name);
        ModelRegistry.checkAlias(alias);
        Objects.requireNonNull(alias, "alias");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval of following an alias must be positive, not " + interval);
        }
        var follower = new AliasFollower(scoring, stores, name, alias, interval, Math.max(1, parallel));
        follower.thread.start();
        LOG.info("following {}@{} every {} ms (serving version {})", name, alias, interval.toMillis(), scoring.predictor().version());
        return follower;
    }

    private static Counter swaps(io.micrometer.core.instrument.MeterRegistry registry, String result) {
        return Counter.builder("pipewright.model.swaps").description("moves of the followed alias: versions swapped in, and versions refused")
                .tag("result", result).register(registry);
    }

    private static double versionNumber(Scoring scoring) {
        try {
            return Double.parseDouble(scoring.predictor().version());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void run() {
        while (!closed) {
            synchronized (wake) {
                try {
                    if (!closed) {
                        wake.wait(Math.max(1, interval.toMillis()));
                    }
                } catch (InterruptedException e) {
                    break;
                }
            }
            if (closed) {
                break;
            }
            try {
                poll();
            } catch (RuntimeException e) {
                LOG.error("following {}@{}: an unexpected failure; version {} keeps serving", name, alias, scoring.predictor().version(), e);
            }
        }
        closeShared();
    }

    /** Reads the alias once and, when it moved, swaps the version it names in (or refuses it). Package-private for tests. */
    synchronized void poll() {
        Optional<Optional<ModelRegistry.Version>> read = read();
        if (read.isEmpty() || closed) {
            return; // nothing changed, or the store could not be read now
        }
        Optional<ModelRegistry.Version> named = read.get();
        String serving = scoring.predictor().version();
        if (named.isEmpty()) {
            if (!gone) {
                LOG.warn("{}@{} names no version any more; version {} keeps serving", name, alias, serving);
            }
            gone = true;
            return;
        }
        gone = false;
        ModelRegistry.Version version = named.get();
        if (Integer.toString(version.version()).equals(serving)) {
            refused = null;
            return;
        }
        if (Objects.equals(refused, version.version())) {
            return;
        }
        LOG.info("{}@{} moved to version {}: loading it while version {} serves", name, alias, version.version(), serving);
        Predictor next;
        try {
            next = load(version);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            refused = version.version();
            failed.increment();
            LOG.error("{}@{} moved to version {}, which was not swapped in: {}; version {} keeps serving (it is tried again when the alias moves)",
                    name, alias, version.version(), oneLine(e), serving);
            return;
        }
        if (closed) {
            return;
        }
        if (!FeatureLookup.sameLookup(scoring.predictor().manifest(), next.manifest())) {
            // the online store's views were opened, and requests are filled, for the version serving now
            refused = version.version();
            failed.increment();
            LOG.error("{}@{} moved to version {}, which was not swapped in: it reads feature views {} (with its own key and time columns), not "
                    + "the {} this process fills; version {} keeps serving (restart it to serve version {})", name, alias, version.version(),
                    describe(FeatureLookup.views(next.manifest())), describe(FeatureLookup.views(scoring.predictor().manifest())), serving,
                    version.version());
            return;
        }
        Predictor old = scoring.swap(next);
        swappedAt = System.currentTimeMillis() / 1000.0;
        refused = null;
        swapped.increment();
        LOG.info("{}@{}: version {} swapped in, replacing version {}", name, alias, next.version(), old.version());
    }

    private static String describe(List<io.pipewright.train.Step.Lookup.View> views) {
        return views.isEmpty() ? "none" : views.stream().map(view -> view.name() + " (" + String.join(", ", view.features()) + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The version the alias names now (inside: empty when it names none), or empty when there is nothing new
     * to read (the embedded store unchanged since the last read) or the store cannot be read now.
     */
    private Optional<Optional<ModelRegistry.Version>> read() {
        if (shared != null) {
            try {
                var found = find(shared);
                readable();
                return Optional.of(found);
            } catch (RuntimeException e) {
                unreadable(e);
                closeShared(); // opened again at the next read (a server that restarted, a network that came back)
                return Optional.empty();
            }
        }
        if (folder != null && stamp(folder).equals(stamp)) {
            return Optional.empty();
        }
        Store store;
        try {
            store = stores.get();
        } catch (RuntimeException e) {
            unreadable(e);
            return Optional.empty();
        }
        Optional<ModelRegistry.Version> found;
        try {
            found = find(store);
        } catch (RuntimeException e) {
            store.close();
            unreadable(e);
            return Optional.empty();
        }
        if (store.directory() == null) {
            shared = store;
        } else {
            store.close();
            folder = store.directory();
            stamp = stamp(folder);
        }
        readable();
        return Optional.of(found);
    }

    private Optional<ModelRegistry.Version> find(Store store) {
        return new ModelRegistry(store, Clock.systemUTC()).find(name + "@" + alias);
    }

    private void readable() {
        if (unreadable) {
            LOG.info("following {}@{}: the store is readable again", name, alias);
        }
        unreadable = false;
    }

    private void unreadable(RuntimeException e) {
        // the embedded store is busy whenever another command has it open: said once, read again at the next interval
        if (!unreadable) {
            LOG.warn("following {}@{}: cannot read the store now ({}); trying again every {} ms", name, alias, oneLine(e), interval.toMillis());
        } else {
            LOG.debug("following {}@{}: still cannot read the store: {}", name, alias, oneLine(e));
        }
        unreadable = true;
    }

    /** The name, size and modification time of every file in the folder: changes whenever another process opens or writes the store. */
    private static List<String> stamp(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            var stamp = new ArrayList<String>();
            files.sorted().forEach(file -> {
                try {
                    stamp.add(file.getFileName() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis());
                } catch (IOException e) {
                    stamp.add(file.getFileName() + " ?"); // gone since listed: it changed
                }
            });
            return stamp;
        } catch (IOException e) {
            return List.of("unreadable " + System.nanoTime()); // differs every time: read the store
        }
    }

    /** Loads a version, checks it can replace the one serving, and that it predicts; throws naming what is wrong. */
    private Predictor load(ModelRegistry.Version version) {
        Path file = Path.of(version.artifactPath());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("its model file " + file + " does not exist");
        }
        if (version.sha256() != null && version.sha256().matches("[0-9a-fA-F]{64}")) {
            String actual = sha256(file);
            if (!actual.equalsIgnoreCase(version.sha256())) {
                throw new IllegalArgumentException(file.getFileName() + ": its SHA-256 is " + actual + ", not the " + version.sha256()
                        + " it was registered with (the file was changed or replaced)");
            }
        }
        Predictor next = Predictor.load(version.name(), Integer.toString(version.version()), file, parallel);
        Predictor current = scoring.predictor();
        if (next.classifier() != current.classifier()) {
            throw new IllegalArgumentException("it is a " + (next.classifier() ? "classifier" : "regression model") + " and version "
                    + current.version() + " a " + (current.classifier() ? "classifier" : "regression model") + "; serve it on its own");
        }
        probe(next);
        var features = new LinkedHashSet<String>();
        next.features().forEach(feature -> features.add(feature.name() + " (" + feature.type() + ")"));
        var before = new LinkedHashSet<String>();
        current.features().forEach(feature -> before.add(feature.name() + " (" + feature.type() + ")"));
        if (!features.equals(before)) {
            LOG.warn("{}: version {} reads {}, version {} read {}: clients must send the new features", name, next.version(), features,
                    current.version(), before);
        }
        return next;
    }

    /**
     * Predicts a row of missing values: a model that refuses it by its schema is fine (as at start), one that
     * fails inside is not swapped in.
     */
    private static void probe(Predictor next) {
        var row = new java.util.LinkedHashMap<String, Object>();
        next.features().forEach(feature -> row.put(feature.name(), null));
        try {
            next.predict(List.of(row));
        } catch (Predictor.InvalidInput e) {
            LOG.debug("version {} refuses a row of missing values: {}", next.version(), e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalStateException("it failed to predict a warm-up row: " + oneLine(e), e);
        }
    }

    private static String sha256(Path file) {
        try {
            return io.pipewright.train.ModelArtifact.fileSha256(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private void closeShared() {
        if (shared != null) {
            try {
                shared.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the store: {}", e.getMessage());
            }
            shared = null;
        }
    }

    /** Stops following (the version serving stays); waits for a load in progress to end. */
    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
