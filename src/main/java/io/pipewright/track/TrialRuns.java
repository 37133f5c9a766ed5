package io.pipewright.track;

import io.pipewright.train.Pruners;
import io.pipewright.train.SearchSpace;
import io.pipewright.train.TrialProposals;
import io.pipewright.train.Tuner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tuning study's trials in the store: child runs of the workflow's (or the local run's) run, trial K
 * of node N under the key {@code <run>-<N>-<K>}, with its hyperparameters as params
 * ({@code hyperparameters.<name>}), the tags {@code trial.number}, {@code trial.state} and
 * {@code tune.node}, its validation values per step as {@code valid_curve} and its objective as the
 * study's metric. A trial's result is in the store when its state is complete, pruned or failed; a
 * record still {@code running} (or killed, or ended by an error) has none, and is superseded when the
 * trial runs again.
 */
public final class TrialRuns {
    /** The states of a trial whose result is recorded. */
    public static final Set<String> RESULTS = Set.of("complete", "pruned", "failed");
    /** The state of a trial whose process ended by an error, leaving no result. */
    public static final String ERROR = "error";
    private static final String CURVE = "valid_curve";

    private final Runs runs;
    private final Runs.Run parent;
    private final String nodeId;

    public TrialRuns(Runs runs, Runs.Run parent, String nodeId) {
        this.runs = runs;
        this.parent = parent;
        this.nodeId = nodeId;
    }

    /** The key of trial {@code number}'s record. */
    public String key(int number) {
        return parent.key() + "-" + nodeId + "-" + number;
    }

    /** A trial's record as read back: its run, state, hyperparameters (as written), objective value and validation curve. */
    public record Recorded(int number, Runs.Run run, String state, Map<String, String> params, Double value, Map<Long, Double> curve) {
        public boolean hasResult() {
            return RESULTS.contains(state);
        }
    }

    /**
     * Records a trial that ran in this process, once it has ended (params and tags in one write, metrics and
     * its end in another). A tune node run again (after a failure) keeps the earlier attempt's trials beside
     * the new ones.
     */
    public void record(String algorithm, Tuner.Trial trial, String metric) {
        String key = key(trial.number());
        for (int attempt = 2; runs.find(key).isPresent(); attempt++) {
            key = key(trial.number()) + "-attempt" + attempt;
        }
        Runs.Run child = start(key, algorithm, trial.number(), trial.params(), trial.state());
        trial.intermediate().forEach((step, value) -> runs.metric(child.id(), CURVE, step, value));
        end(child, trial, metric);
    }

    /** Opens the record of a trial about to run in this process as running; its values per step are written as they come ({@link #steps}). */
    public Runs.Run open(String algorithm, int number, Map<String, Object> params) {
        return start(key(number), algorithm, number, params, Runs.RUNNING);
    }

    /** Closes a trial's record with its result. */
    public void end(Runs.Run child, Tuner.Trial trial, String metric) {
        runs.tags(child.id(), Map.of("trial.state", trial.state()));
        if (trial.value() != null) {
            runs.metric(child.id(), metric, 0, trial.value());
        }
        runs.end(child.id(), trial.state().equals("failed") ? Runs.FAILED : trial.state().equals("pruned") ? "pruned" : Runs.FINISHED,
                trial.message());
    }

    /** Closes a trial's record after an error of its process: no result, so the trial runs again when its task is retried. */
    public void error(Runs.Run child, String failure) {
        runs.tags(child.id(), Map.of("trial.state", ERROR));
        runs.end(child.id(), Runs.FAILED, failure);
    }

    /**
     * Moves a record without a result (left running by a killed process, killed, ended by an error) out of
     * the trial's key, to {@code <key>-superseded<N>}, marked killed: the trial's key is free for the run
     * that replaces it, and the history keeps the attempt.
     */
    public void supersede(Recorded stale) {
        String key = stale.run().key() + "-superseded";
        int n = 1;
        while (runs.find(key + n).isPresent()) {
            n++;
        }
        String status = Runs.RUNNING.equals(stale.run().status()) ? Runs.KILLED : stale.run().status();
        String failure = stale.run().failure() != null ? stale.run().failure() : "superseded: the trial ran again";
        try (Connection connection = runs.store().connection(); PreparedStatement update = connection.prepareStatement(
                "UPDATE run SET run_key = ?, status = ?, ended_at = COALESCE(ended_at, ?), failure = ?, owner = NULL WHERE id = ?")) {
            update.setString(1, key + n);
            update.setString(2, status);
            update.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
            update.setString(4, failure);
            update.setLong(5, stale.run().id());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot supersede the trial record " + stale.run().key() + ": " + e.getMessage());
        }
        runs.tags(stale.run().id(), Map.of("trial.state", "superseded"));
    }

    /** The records of trials {@code 0 .. count - 1} found under their keys, by number. */
    public Map<Integer, Recorded> read(int count, String metric) {
        var byKey = new HashMap<String, Integer>();
        for (int number = 0; number < count; number++) {
            byKey.put(key(number), number);
        }
        var found = new TreeMap<Integer, Recorded>();
        for (Runs.Run child : runs.children(parent.key())) {
            Integer number = byKey.get(child.key());
            if (number != null) {
                Map<String, String> tags = runs.tags(child.id());
                found.put(number, new Recorded(number, child, tags.getOrDefault("trial.state", Runs.RUNNING), runs.params(child.id()),
                        runs.latestMetrics(child.id()).get(metric), runs.history(child.id(), CURVE)));
            }
        }
        return found;
    }

    /** Trials {@code 0 .. count - 1} with a result, as the study holds them: their hyperparameters read back as the space's values. */
    public static List<Tuner.Trial> trials(Map<Integer, Recorded> records, SearchSpace space) {
        var trials = new ArrayList<Tuner.Trial>();
        records.values().stream().filter(Recorded::hasResult).forEach(record -> {
            var params = new LinkedHashMap<String, Object>();
            space.dimensions().forEach((name, dimension) -> {
                String text = record.params().get("hyperparameters." + name);
                if (text == null) {
                    throw new IllegalArgumentException("trial record " + record.run().key() + " has no hyperparameter " + name
                            + ": it is not a trial of this search");
                }
                params.put(name, TrialProposals.valueOf(dimension, text));
            });
            var curve = new LinkedHashMap<Long, Double>(record.curve());
            Runs.Run run = record.run();
            double seconds = run.endedAt() == null ? 0 : Duration.between(run.startedAt(), run.endedAt()).toNanos() / 1e9;
            trials.add(new Tuner.Trial(record.number(), params, record.state().equals("complete") ? record.value() : null, record.state(), seconds,
                    record.state().equals("failed") ? run.failure() : null, curve));
        });
        return trials;
    }

    /**
     * Where a trial running in this process writes its validation values (as {@code valid_curve}) and reads
     * the other trials' from: the trials of earlier batches (those numbered before {@code before}), finished
     * before this trial's batch began, compared by the same rule as trials run in one process.
     */
    public Pruners.Steps steps(Runs.Run own, int count, int before, String metric) {
        return new StoredSteps(own, count, before, metric);
    }

    private Runs.Run start(String key, String algorithm, int number, Map<String, Object> params, String state) {
        var values = new LinkedHashMap<String, String>();
        values.put("algorithm", algorithm);
        params.forEach((name, value) -> values.put("hyperparameters." + name, String.valueOf(value)));
        return runs.start(parent.experiment(), key, nodeId + " trial " + number, parent.seed(), parent.pipelineSha256(), null, parent.id(), values,
                Map.of("trial.number", Integer.toString(number), "trial.state", state, "tune.node", nodeId));
    }

    /** The store's side of pruning for a trial run as its own process. */
    private final class StoredSteps implements Pruners.Steps {
        private final Runs.Run own;
        private final int count;
        private final int before;
        private final String metric;
        private final Map<Integer, Double> curve = new HashMap<>();
        private Map<Integer, Recorded> earlier;

        StoredSteps(Runs.Run own, int count, int before, String metric) {
            this.own = own;
            this.count = count;
            this.before = before;
            this.metric = metric;
        }

        @Override
        public synchronized boolean reached(String pruner, int trial, int step, double value, boolean higher) {
            runs.metric(own.id(), CURVE, step, value);
            double oriented = higher ? value : -value;
            curve.merge(step, oriented, Math::max);
            if (pruner.equals("none")) {
                return false;
            }
            if (earlier == null) {
                // the earlier batches ended before this trial began: read once, they do not change
                earlier = new java.util.TreeMap<>();
                read(count, metric).forEach((number, record) -> {
                    if (number < before) {
                        earlier.put(number, record);
                    }
                });
            }
            var completed = new ArrayList<Map<Integer, Double>>();
            var seen = new ArrayList<Map<Integer, Double>>();
            seen.add(curve);
            earlier.values().forEach(record -> {
                Map<Integer, Double> theirs = orient(record.curve(), higher);
                seen.add(theirs);
                if (record.state().equals("complete")) {
                    completed.add(theirs);
                }
            });
            return Pruners.shouldPrune(pruner, curve, step, oriented, completed, seen);
        }

        @Override
        public void completed(int trial) {
            runs.flush();
        }

        private static Map<Integer, Double> orient(Map<Long, Double> values, boolean higher) {
            var oriented = new HashMap<Integer, Double>();
            values.forEach((step, value) -> {
                if (value != null) {
                    oriented.put(step.intValue(), higher ? value : -value);
                }
            });
            return oriented;
        }
    }
}
