package io.pipewright.pipeline.gate;

import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.TrainedModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Moves an alias only past the promotion gates, the one definition the register node, {@code pipewright models
 * promote}, a monitor's {@code promote:} and the Models workspace share. The candidate and the alias's current holder
 * are scored on the same holdout, here, in this process:
 * <ul>
 * <li><b>baseline</b>: the candidate beats every baseline (majority class and stratified guessing, or the training
 * mean) on the primary metric by more than 0 and at least {@code min_lift};</li>
 * <li><b>regression</b>: it is no worse than the holder by more than {@code max_regression}, with the difference's 95 %
 * interval from a seeded paired bootstrap over rows ({@link PairedBootstrap}); skipped when there is no holder or the
 * holder is the candidate;</li>
 * <li><b>latency</b>: its time per row on the holdout is at most {@code max_latency_ratio} times the holder's
 * ({@link RowLatency}); skipped likewise;</li>
 * <li><b>ab</b>: only with an A/B analysis: its verdict is {@code switch} with the candidate as variant b.</li>
 * </ul>
 * Every gate's numbers are stored with the alias event: the move when the gates pass or the promotion is forced
 * (recorded forced), a {@code refused} event otherwise, the alias left where it was.
 */
public final class GatedPromotion {
    private final ModelRegistry registry;

    public GatedPromotion(Store store, Clock clock) {
        this(new ModelRegistry(store, clock));
    }

    public GatedPromotion(ModelRegistry registry) {
        this.registry = registry;
    }

    /** What happened: whether the alias moved, whether past a failed gate, and every gate's numbers. */
    public record Outcome(boolean moved, boolean forced, GateEvidence evidence) {
        /** One line for a person: the move (and what it was forced past), or the failed gates and the alias left alone. */
        public String summary(String name, String alias) {
            String version = evidence.candidate().substring(evidence.candidate().lastIndexOf(':') + 1);
            if (!moved) {
                return evidence.failureLine() + "; " + evidence.candidate() + " stays registered without alias " + alias;
            }
            return name + "@" + alias + " → version " + version + (forced ? ", forced past: " + evidence.failureLine() : " (gates passed)");
        }
    }

    /**
     * Scores candidate NAME:VERSION and the current holder of ALIAS on the raw holdout rows, checks the gates, and
     * moves the alias when they pass or when forced; the evidence is stored with the alias event (forced recorded).
     * Never throws for a failed gate. A null holdout fails every gate as not checked (only a forced promotion moves).
     */
    public Outcome promote(String name, int version, String alias, GateSettings settings, tech.tablesaw.api.Table holdout,
                           String holdoutDescription, boolean force, String action) {
        return promote(name, version, alias, settings, holdout == null ? null : Holdout.raw(holdout, holdoutDescription), force, action, null);
    }

    /** The same with rows that may have gone through fitted steps already, and an optional A/B analysis (the ab gate). */
    public Outcome promote(String name, int version, String alias, GateSettings settings, Holdout holdout, boolean force, String action,
                           AbAnalysis ab) {
        ModelRegistry.checkAlias(alias);
        GateEvidence evidence = judge(name, version, alias, settings == null ? GateSettings.DEFAULTS : settings, holdout, ab);
        String json = evidence.toJson();
        if (evidence.passed() || force) {
            registry.setAlias(name, alias, version, action, json, !evidence.passed());
            return new Outcome(true, !evidence.passed(), evidence);
        }
        registry.refused(name, alias, version, json);
        return new Outcome(false, false, evidence);
    }

    /** The gates' evidence for NAME:VERSION taking ALIAS, without moving anything. */
    public GateEvidence judge(String name, int version, String alias, GateSettings settings, Holdout holdout, AbAnalysis ab) {
        String candidateName = name + ":" + version;
        ModelRegistry.Version candidateVersion = registry.find(candidateName)
                .orElseThrow(() -> new IllegalArgumentException("no model version " + candidateName));
        ModelRegistry.Version holderVersion = registry.find(name + "@" + alias).orElse(null);
        String holderName = holderVersion == null ? null : name + ":" + holderVersion.version();
        TrainedModel candidate = ModelArtifact.read(Path.of(candidateVersion.artifactPath())).model();
        String metric = settings.metricFor(candidate.task() == io.pipewright.train.Task.CLASSIFICATION);
        var gates = new ArrayList<GateResult>();
        if (holdout == null) {
            String why = "not checked: no holdout (give one with --holdout FILE)";
            for (String gate : List.of("baseline", "regression", "latency")) {
                gates.add(new GateResult(gate, GateResult.Status.FAILED, "gate " + gate + " " + why, Map.of()));
            }
            gates.add(ab == null ? skipped("ab", "no A/B analysis given") : ab.gate(candidateName));
            return new GateEvidence(candidateName, holderName, metric, null, 0, gates);
        }
        boolean sameAsHolder = holderVersion != null && holderVersion.version() == version;
        TrainedModel holder = holderVersion == null || sameAsHolder ? null : ModelArtifact.read(Path.of(holderVersion.artifactPath())).model();
        if (holder != null && (holder.task() != candidate.task() || !holder.target().equals(candidate.target()))) {
            throw new IllegalArgumentException(holderName + " (" + alias + ") predicts " + holder.target() + " by " + holder.task().name().toLowerCase(Locale.ROOT)
                    + ", " + candidateName + " predicts " + candidate.target() + " by " + candidate.task().name().toLowerCase(Locale.ROOT)
                    + ": they cannot be compared");
        }
        HoldoutScores scores = HoldoutScores.of(holdout, candidate, holder);
        int candidateApplied = HoldoutScores.applied(candidate, holdout);
        if (candidateApplied < 0) {
            throw new IllegalArgumentException("the holdout (" + holdout.description() + ") went through other preprocessing than "
                    + candidateName + "'s training rows");
        }
        HoldoutScores.Predictions candidatePredictions = scores.predict(candidate, candidateApplied);
        boolean lower = GateSettings.lowerIsBetter(metric);
        gates.add(baseline(scores, candidate, candidatePredictions, metric, lower, settings));
        if (holderVersion == null || sameAsHolder) {
            String why = holderVersion == null ? alias + " names no version yet" : candidateName + " already holds " + alias;
            gates.add(skipped("regression", why));
            gates.add(skipped("latency", why));
        } else {
            int holderApplied = HoldoutScores.applied(holder, holdout);
            if (holderApplied < 0) {
                String why = "not checked: " + holderName + " cannot score the holdout (" + holdout.description()
                        + "), which went through preprocessing fitted in this run; gate on raw rows (split before preprocessing, or --holdout FILE)";
                gates.add(new GateResult("regression", GateResult.Status.FAILED, "gate regression " + why, Map.of()));
                gates.add(new GateResult("latency", GateResult.Status.FAILED, "gate latency " + why, Map.of()));
            } else {
                HoldoutScores.Predictions holderPredictions = scores.predict(holder, holderApplied);
                gates.add(regression(scores, candidatePredictions, holderPredictions, metric, lower, settings, holderName));
                gates.add(latency(candidate, candidateApplied, holder, holderApplied, scores, settings, holderName));
            }
        }
        gates.add(ab == null ? skipped("ab", "no A/B analysis given") : ab.gate(candidateName));
        return new GateEvidence(candidateName, holderName, metric, holdout.description(), scores.size(), gates);
    }

    private static GateResult skipped(String gate, String why) {
        return new GateResult(gate, GateResult.Status.SKIPPED, "gate " + gate + " skipped: " + why, Map.of());
    }

    private static GateResult baseline(HoldoutScores scores, TrainedModel candidate, HoldoutScores.Predictions predictions, String metric,
                                       boolean lower, GateSettings settings) {
        double value = scores.metric(metric, predictions, null);
        double minLift = settings.minLiftOrDefault();
        var numbers = new LinkedHashMap<String, Object>();
        numbers.put("metric", metric);
        numbers.put("value", finite(value));
        String best = null;
        double bestValue = Double.NaN;
        for (var baseline : scores.baselines(candidate, PairedBootstrap.SEED).entrySet()) {
            double other = scores.metric(metric, baseline.getValue(), null);
            numbers.put(baseline.getKey(), finite(other));
            if (!Double.isNaN(other) && (best == null || (lower ? other < bestValue : other > bestValue))) {
                best = baseline.getKey();
                bestValue = other;
            }
        }
        numbers.put("min_lift", minLift);
        if (Double.isNaN(value)) {
            return new GateResult("baseline", GateResult.Status.FAILED, "gate baseline failed: " + metric + " is undefined on the "
                    + scores.size() + " holdout rows (one class only?)", numbers);
        }
        if (best == null) {
            return new GateResult("baseline", GateResult.Status.PASSED, "gate baseline passed: " + metric + " " + text(value)
                    + " (no baseline defines " + metric + " here)", numbers);
        }
        double lift = lower ? bestValue - value : value - bestValue;
        numbers.put("lift", lift);
        boolean passed = lift > 0 && lift >= minLift;
        String comparison = metric + " " + text(value) + (passed ? " beats " : " does not beat ") + best + " " + text(bestValue)
                + " by min_lift " + text(minLift) + " (lift " + signed(lift) + (lower ? ", lower is better" : "") + ")";
        return new GateResult("baseline", passed ? GateResult.Status.PASSED : GateResult.Status.FAILED,
                "gate baseline " + (passed ? "passed: " : "failed: ") + comparison, numbers);
    }

    private static GateResult regression(HoldoutScores scores, HoldoutScores.Predictions candidate, HoldoutScores.Predictions holder, String metric,
                                         boolean lower, GateSettings settings, String holderName) {
        double mine = scores.metric(metric, candidate, null);
        double theirs = scores.metric(metric, holder, null);
        double maxRegression = settings.maxRegressionOrDefault();
        var interval = PairedBootstrap.interval(scores.size(), PairedBootstrap.RESAMPLES, PairedBootstrap.SEED, 0.95,
                sample -> scores.metric(metric, candidate, sample) - scores.metric(metric, holder, sample));
        double difference = mine - theirs;
        double worse = lower ? difference : -difference;
        var numbers = new LinkedHashMap<String, Object>();
        numbers.put("metric", metric);
        numbers.put("candidate", finite(mine));
        numbers.put("holder", finite(theirs));
        numbers.put("difference", finite(difference));
        numbers.put("ci_low", finite(interval.low()));
        numbers.put("ci_high", finite(interval.high()));
        numbers.put("ci_level", 0.95);
        numbers.put("resamples", interval.used());
        numbers.put("resamples_undefined", interval.undefined());
        numbers.put("seed", PairedBootstrap.SEED);
        numbers.put("max_regression", maxRegression);
        if (Double.isNaN(difference)) {
            return new GateResult("regression", GateResult.Status.FAILED, "gate regression failed: " + metric + " is undefined on the holdout",
                    numbers);
        }
        boolean passed = worse <= maxRegression;
        String text = metric + " " + text(mine) + " vs " + holderName + " " + text(theirs) + ", difference " + signed(difference)
                + " (95% CI " + signed(interval.low()) + " to " + signed(interval.high()) + ", paired bootstrap over " + scores.size() + " rows)"
                + (passed ? " within" : " worse than") + " max_regression " + text(maxRegression);
        return new GateResult("regression", passed ? GateResult.Status.PASSED : GateResult.Status.FAILED,
                "gate regression " + (passed ? "passed: " : "failed: ") + text, numbers);
    }

    private static GateResult latency(TrainedModel candidate, int candidateApplied, TrainedModel holder, int holderApplied, HoldoutScores scores,
                                      GateSettings settings, String holderName) {
        double[] micros = RowLatency.measure(candidate, candidateApplied, holder, holderApplied, scores.rows);
        double ratio = micros[0] / micros[1];
        double maxRatio = settings.maxLatencyRatioOrDefault();
        var numbers = new LinkedHashMap<String, Object>();
        numbers.put("candidate_us_per_row", micros[0]);
        numbers.put("holder_us_per_row", micros[1]);
        numbers.put("ratio", ratio);
        numbers.put("max_latency_ratio", maxRatio);
        numbers.put("passes", RowLatency.PASSES);
        boolean passed = ratio <= maxRatio;
        String text = String.format(Locale.ROOT, "%.1f µs per row vs %s %.1f µs, ratio %.2f%s max_latency_ratio %s (fastest of %d passes over %d rows)",
                micros[0], holderName, micros[1], ratio, passed ? " within" : " above", text(maxRatio), RowLatency.PASSES, scores.size());
        return new GateResult("latency", passed ? GateResult.Status.PASSED : GateResult.Status.FAILED,
                "gate latency " + (passed ? "passed: " : "failed: ") + text, numbers);
    }

    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    private static String text(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.4f", value);
    }
}
