package io.pipewright.loop.scorecard;

import io.pipewright.loop.metrics.PrometheusText;
import io.pipewright.loop.scorecard.Criterion.Target;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Measures a registered model version against the users' success criteria, each from where it is recorded: the
 * validation report kept with the run that trained it and the requests its server refused (data issues), the monitor
 * checks of that version (degradation), the server's request histogram (p99 latency), the alias history and the
 * server's swap time (rollback), and the cost estimate (spot share, waste). A row nothing measured is unknown, with why.
 */
public final class Scorecards {
    /** Monitor checks read per monitor: far more than a monitor run daily makes in years. */
    private static final int CHECKS_READ = 100_000;
    /** The serving runtime's request timer and the endpoints that predict. */
    static final String REQUESTS = "pipewright_requests_seconds";
    private static final Set<String> PREDICTING = Set.of("predict", "infer");
    /** Answers that refuse a request for its data: unreadable JSON (400) or values the model's schema refuses (422). */
    private static final Set<String> REFUSED = Set.of("400", "422");
    /** When the version serving was swapped in, by the alias follower (seconds since the epoch, NaN before a swap). */
    static final String SWAPPED_AT = "pipewright_model_swapped_at_seconds";
    static final String VERSION_SERVING = "pipewright_model_version";

    private final Store store;
    private final Clock clock;

    public Scorecards(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The scorecard of {@code reference} (NAME, the latest version; NAME@ALIAS; NAME:VERSION). {@code metrics}: the scrape of
     * the server's /metrics, or null when none was given; a scrape that could not be read leaves its rows unknown with the
     * reason. {@code cost}: the cost estimate for the spot and waste rows ({@link CostCriteria#estimate}), or null when none was
     * asked for. Throws IllegalArgumentException naming what is wrong with the reference.
     */
    public Scorecard measure(String reference, ServerMetrics metrics, CostCriteria cost) {
        var registry = new ModelRegistry(store, clock);
        String name = reference.split("[:@]", 2)[0];
        ModelRegistry.checkName(name);
        if (!registry.names().contains(name)) {
            throw new IllegalArgumentException("no registered model '" + name + "'");
        }
        ModelRegistry.Version version = registry.find(reference)
                .orElseThrow(() -> new IllegalArgumentException("'" + reference + "' names no registered version"));
        String alias = reference.contains("@") ? reference.substring(reference.indexOf('@') + 1) : null;
        Served served = Served.of(metrics, name);
        var criteria = new ArrayList<Criterion>();
        criteria.add(dataIssues(version, served));
        criteria.add(degradation(version));
        criteria.add(latency(served));
        criteria.add(rollback(registry, name, alias, served));
        criteria.addAll((cost == null ? CostCriteria.estimate(null, metrics, null) : cost).criteria());
        return new Scorecard(version.name() + ":" + version.version(), alias, clock.instant(), criteria);
    }

    /**
     * The server's scrape as this model's evidence: usable, or why not (none given, unreadable, another model's server).
     * A server that follows an alias names its model in {@link #SWAPPED_AT}; one serving a fixed file names none, and its
     * figures are taken as this model's.
     */
    record Served(PrometheusText scrape, String url, String why) {
        static Served of(ServerMetrics metrics, String name) {
            if (metrics == null) {
                return new Served(null, null, "no /metrics URL of its server given");
            }
            if (!metrics.readable()) {
                return new Served(null, metrics.url().toString(), metrics.failure());
            }
            var others = metrics.scrape().samples(SWAPPED_AT).stream().map(sample -> sample.label("model")).filter(model -> !name.equals(model))
                    .distinct().toList();
            if (!others.isEmpty() && metrics.scrape().samples(SWAPPED_AT, labels -> name.equals(labels.get("model"))).isEmpty()) {
                return new Served(null, metrics.url().toString(), "the server at " + metrics.url() + " serves " + String.join(", ", others)
                        + ", not " + name);
            }
            return new Served(metrics.scrape(), metrics.url().toString(), null);
        }

        boolean usable() {
            return scrape != null;
        }
    }

    private static Predicate<Map<String, String>> predicting() {
        return labels -> PREDICTING.contains(labels.get("endpoint"));
    }

    /** Data issues: the share of rows with an issue in the validation kept with the training run, and of prediction requests refused for their data; the larger counts. */
    Criterion dataIssues(ModelRegistry.Version version, Served served) {
        var found = new ArrayList<String>();
        var missing = new ArrayList<String>();
        var sources = new ArrayList<String>();
        Double worst = null;
        Optional<Runs.Run> run = version.runKey() == null ? Optional.empty() : new Runs(store, clock).find(version.runKey());
        if (run.isEmpty()) {
            missing.add(version.runKey() == null ? "it was registered without a run, so no validation report"
                    : "its run " + version.runKey() + " is no longer in the store");
        } else {
            Map<String, Double> metrics = new Runs(store, clock).latestMetrics(run.get().id());
            var validated = metrics.entrySet().stream().filter(entry -> entry.getKey().endsWith(".validation.issue_fraction") && entry.getValue() != null)
                    .max(Map.Entry.comparingByValue());
            if (validated.isPresent()) {
                double percent = validated.get().getValue() * 100;
                String node = validated.get().getKey().substring(0, validated.get().getKey().length() - ".validation.issue_fraction".length());
                found.add(String.format(Locale.ROOT, "validation in run %s (node %s): %s of rows with an issue", run.get().key(), node, percent(percent)));
                sources.add("validation report");
                worst = percent;
            } else {
                missing.add("run " + run.get().key() + " kept no validation report (its pipeline has no validate node)");
            }
        }
        if (served.usable()) {
            double all = served.scrape().sum(REQUESTS + "_count", predicting());
            if (all > 0) {
                double refused = served.scrape().sum(REQUESTS + "_count", predicting().and(labels -> REFUSED.contains(labels.get("status"))));
                double percent = refused / all * 100;
                found.add(String.format(Locale.ROOT, "server: %,d of %,d prediction requests refused for their data (HTTP 400, 422)", Math.round(refused),
                        Math.round(all)));
                sources.add("server /metrics");
                worst = worst == null ? percent : Math.max(worst, percent);
            } else {
                missing.add("the server has answered no prediction request yet");
            }
        } else {
            missing.add(served.why());
        }
        // what was measured first, then what was not and why
        var parts = new ArrayList<String>();
        if (!found.isEmpty()) {
            parts.add(String.join("; ", found) + (found.size() > 1 ? " (the larger counts)" : ""));
        }
        parts.addAll(missing);
        String detail = String.join("; ", parts);
        if (worst == null) {
            return Criterion.unknown(Target.DATA_ISSUES, "validation report, server /metrics", detail);
        }
        return Criterion.measured(Target.DATA_ISSUES, worst, String.join(", ", sources), detail);
    }

    /** Degradation: the largest drop of the monitored metric (relative to the model's own figure) over the monitor checks of this version. */
    Criterion degradation(ModelRegistry.Version version) {
        var checks = new MonitorChecks(store);
        var ofVersion = new ArrayList<MonitorChecks.Check>();
        for (MonitorChecks.Summary monitor : checks.monitors()) {
            for (MonitorChecks.Check check : checks.history(monitor.monitor(), CHECKS_READ)) {
                if (version.name().equals(check.model()) && check.modelVersion() == version.version()) {
                    ofVersion.add(check);
                }
            }
        }
        String reference = version.name() + ":" + version.version();
        if (ofVersion.isEmpty()) {
            return Criterion.unknown(Target.DEGRADATION, "monitor checks", "no monitor check of " + reference + " recorded (pipewright monitor run)");
        }
        var measured = ofVersion.stream().filter(check -> check.metricDrop() != null).toList();
        if (measured.isEmpty()) {
            return Criterion.unknown(Target.DEGRADATION, "monitor checks", ofVersion.size() + " monitor check(s) of " + reference
                    + ", none with labelled rows to measure its metric on");
        }
        MonitorChecks.Check worst = measured.stream().max(Comparator.comparingDouble(MonitorChecks.Check::metricDrop)
                .thenComparing(MonitorChecks.Check::checkedAt)).orElseThrow();
        double percent = worst.metricDrop() * 100;
        String detail = String.format(Locale.ROOT, "largest drop over %d check(s) of %s: %s %s → %s at monitor %s's check of %s (%s)", measured.size(),
                reference, worst.metric(), number(worst.metricBaseline()), number(worst.metricValue()), worst.monitor(), when(worst.checkedAt()),
                worst.status());
        return Criterion.measured(Target.DEGRADATION, percent, "monitor checks", detail);
    }

    /** p99 latency of the prediction endpoints, from the server's request histogram since it started. */
    Criterion latency(Served served) {
        if (!served.usable()) {
            return Criterion.unknown(Target.P99_LATENCY, "server /metrics", served.why());
        }
        HistogramQuantile p99 = HistogramQuantile.of(served.scrape(), REQUESTS, predicting(), 0.99);
        if (p99 == null) {
            return Criterion.unknown(Target.P99_LATENCY, "server /metrics", "the server at " + served.url() + " has answered no prediction request yet");
        }
        String bucket = Double.isInfinite(p99.upper()) ? String.format(Locale.ROOT, "above its largest bucket (%s ms): at least that", ms(p99.lower()))
                : String.format(Locale.ROOT, "in the bucket %s–%s ms, interpolated as histogram_quantile does", ms(p99.lower()), ms(p99.upper()));
        return Criterion.measured(Target.P99_LATENCY, p99.value() * 1000, "server /metrics",
                String.format(Locale.ROOT, "%,d prediction requests since the server started; p99 %s", p99.observations(), bucket));
    }

    /**
     * Rollback time: from the last rollback in the alias history (the alias moved back in the store) to the moment the server
     * that follows the alias swapped that version in ({@link #SWAPPED_AT}).
     */
    Criterion rollback(ModelRegistry registry, String name, String alias, Served served) {
        List<ModelRegistry.AliasEvent> history = registry.history(name, alias);
        String subject = alias == null ? name : name + "@" + alias;
        ModelRegistry.AliasEvent last = null;
        for (ModelRegistry.AliasEvent event : history) {
            if ("rollback".equals(event.action())) {
                last = event;
            }
        }
        if (last == null) {
            return Criterion.unknown(Target.ROLLBACK, "alias history", "no rollback of " + subject + " recorded in the alias history");
        }
        String which = String.format(Locale.ROOT, "%s@%s rolled back to version %d at %s", name, last.alias(), last.toVersion(), when(last.at()));
        if (!served.usable()) {
            return Criterion.unknown(Target.ROLLBACK, "alias history", which + "; when its server served it is unknown: " + served.why()
                    + " (a server that follows " + name + "@" + last.alias() + ")");
        }
        ModelRegistry.AliasEvent rolledBack = last;
        var later = history.stream().filter(event -> event.alias().equals(rolledBack.alias()) && event.at().isAfter(rolledBack.at())).toList();
        if (!later.isEmpty()) {
            var next = later.get(later.size() - 1);
            return Criterion.unknown(Target.ROLLBACK, "alias history", which + "; the alias moved since (" + next.action() + " to version "
                    + next.toVersion() + " at " + when(next.at()) + "), so the server's last swap is not the rollback's");
        }
        var swap = served.scrape().samples(SWAPPED_AT, labels -> name.equals(labels.get("model")) && rolledBack.alias().equals(labels.get("alias")));
        var serving = served.scrape().samples(VERSION_SERVING);
        if (swap.isEmpty() || serving.isEmpty()) {
            return Criterion.unknown(Target.ROLLBACK, "alias history", which + "; the server at " + served.url() + " does not follow " + name + "@"
                    + rolledBack.alias());
        }
        double swappedAt = swap.get(0).value();
        double version = serving.get(0).value();
        double since = (clock.millis() - last.at().toEpochMilli()) / 1000.0;
        if (version != last.toVersion()) {
            String still = String.format(Locale.ROOT, "%s; after %s the server still serves version %s", which, Criterion.format(since, "s"), number(version));
            return since > Target.ROLLBACK.threshold()
                    ? Criterion.measured(Target.ROLLBACK, since, "alias history, server /metrics", still + " (at least that long)")
                    : Criterion.unknown(Target.ROLLBACK, "alias history, server /metrics", still + ": the swap is still to come");
        }
        if (Double.isNaN(swappedAt) || swappedAt * 1000 < last.at().toEpochMilli()) {
            return Criterion.unknown(Target.ROLLBACK, "alias history, server /metrics", which + "; the server has served it since it started, "
                    + "with no swap after the rollback to time");
        }
        double took = swappedAt - last.at().toEpochMilli() / 1000.0;
        return Criterion.measured(Target.ROLLBACK, took, "alias history, server /metrics", which + "; the server swapped it in "
                + Criterion.format(took, "s") + " later");
    }

    static String when(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String percent(double value) {
        return Criterion.format(value, "%");
    }

    private static String number(Double value) {
        return value == null ? "–" : io.pipewright.work.NumberText.precise(value);
    }

    private static String ms(double seconds) {
        return io.pipewright.work.NumberText.precise(seconds * 1000);
    }
}
