package io.pipewright.pipeline;

import io.pipewright.pipeline.nodes.TuneSearch;
import io.pipewright.track.Runs;
import io.pipewright.track.StoreException;
import io.pipewright.track.TrialRuns;
import io.pipewright.train.TrialBatches;
import io.pipewright.train.TrialProposals;
import io.pipewright.train.Tuner;
import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A tune node's study run as separate processes, as a workflow on a cluster fans it out: each trial
 * ({@code pipewright run PIPELINE --node TUNE --trial K --parallelism P}) builds the search the node
 * builds in one process ({@link TuneSearch}), proposes trial K as the in-process study does
 * ({@link TrialProposals}, TPE's batches of P from the trials before K's batch, read from the store),
 * fits and scores it, and records it as a child run of the workflow's run ({@link TrialRuns}); then
 * the selection ({@code --select}) rebuilds the study from the store, refits the best trial and writes
 * the node's outputs to the workspace, as the node run in one process would.
 */
public final class StudyRun {
    /**
     * How a trial went: the workflow's run, the node, the trial, whether its result was in the store
     * already (cached: not run again), its state, hyperparameters, objective (with the metric) and time.
     */
    public record TrialOutcome(String runKey, String node, int number, boolean cached, String state, Map<String, Object> params, Double value,
                               String metric, double seconds) {
    }

    /** The trials a step needs are not all in the store (not run, still running, killed): the step is not run. */
    public static final class IncompleteStudyException extends RuntimeException {
        IncompleteStudyException(String message) {
            super(message);
        }
    }

    private StudyRun() {
    }

    /** Runs trial {@code number} of tune node {@code nodeId}, unless its result is in the store already. */
    public static TrialOutcome trial(Pipeline pipeline, String fileName, String nodeId, int number, int parallelism, long seed, Path folder,
                                     NodeRun.Setting setting, Progress progress, Consumer<String> warning) {
        int count = checkStudy(pipeline, fileName, nodeId, parallelism, setting);
        if (number < 0 || number >= count) {
            throw new PipelineException("--trial " + number + ": node '" + nodeId + "' has " + count + " trial" + (count == 1 ? "" : "s")
                    + (grid(pipeline, nodeId) ? " (its grid's size)" : "") + ", numbered 0 to " + (count - 1));
        }
        var workspace = new NodeWorkspace(folder);
        Map<String, Object> inputs = NodeRun.inputs(pipeline, nodeId, workspace, PipelineRunner.keys(pipeline, seed));
        String runKey = NodeRun.runKey(folder, setting.runKey());
        NodeRun.Recording recording = recording(pipeline, fileName, runKey, seed, setting, warning);
        var context = new NodeContext(nodeId, pipeline.params().get(nodeId), inputs, seed, pipeline.folder(), RunListener.NONE, progress);
        TuneSearch search;
        try {
            search = TuneSearch.of(context, parallelism);
        } catch (IllegalArgumentException e) {
            throw new PipelineException("node '" + nodeId + "': " + e.getMessage(), e);
        }
        String metric = search.metric();
        var study = new TrialRuns(recording.runs(), recording.run(), nodeId);
        Map<Integer, TrialRuns.Recorded> records = study.read(count, metric);
        TrialRuns.Recorded earlier = records.get(number);
        if (earlier != null && earlier.hasResult()) {
            Tuner.Trial recorded = TrialRuns.trials(Map.of(number, earlier), search.space()).get(0);
            return new TrialOutcome(runKey, nodeId, number, true, recorded.state(), recorded.params(), recorded.value(), metric, 0);
        }
        TrialBatches.Batch batch = TrialBatches.batchOf(search.settings().strategy(), search.settings().pruner(), count, parallelism, number);
        List<Integer> missing = withoutResult(records, 0, batch.first());
        if (!missing.isEmpty()) {
            throw new IncompleteStudyException(missing(nodeId, missing, records, "of the batches before trial " + number)
                    + ": run them before trial " + number);
        }
        if (earlier != null) {
            // left running by a process that was killed (or ended by an error): this run replaces it
            study.supersede(earlier);
        }
        var before = new java.util.TreeMap<Integer, TrialRuns.Recorded>();
        records.forEach((trialNumber, record) -> {
            if (trialNumber < batch.first()) {
                before.put(trialNumber, record);
            }
        });
        Map<String, Object> params = TrialProposals.propose(search.space(), search.settings(), number, TrialRuns.trials(before, search.space()));
        Runs.Run child = study.open(search.algorithm().name(), number, params);
        Tuner.Trial trial;
        try {
            trial = search.trial(number, params, study.steps(child, count, batch.first(), metric), new Tuner.Observer() {
                @Override
                public boolean cancelled() {
                    return progress.isCancelled();
                }
            });
        } catch (RuntimeException | Error e) {
            try {
                study.error(child, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (StoreException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        study.end(child, trial, metric);
        if (trial.value() != null) {
            // as the node records its trials' values in one process
            recording.runs().metric(recording.run().id(), nodeId + ".trial_" + metric, number, trial.value());
            recording.runs().flush();
        }
        return new TrialOutcome(runKey, nodeId, number, false, trial.state(), params, trial.value(), metric, trial.seconds());
    }

    /**
     * Picks the best of the study's trials recorded in the store, refits it on all training rows and writes
     * the tune node's outputs ({@code model}, {@code trials}) to the workspace under its cache key, recorded in
     * the workflow's run as {@link NodeRun} records a node. Refused (IncompleteStudyException) while a trial has
     * no result in the store.
     */
    public static NodeRun.Outcome select(Pipeline pipeline, String fileName, String nodeId, int parallelism, long seed, Path folder,
                                         NodeRun.Setting setting, RunListener listener, Progress progress, Consumer<String> warning) {
        int count = checkStudy(pipeline, fileName, nodeId, parallelism, setting);
        String runKey = NodeRun.runKey(folder, setting.runKey());
        var runs = new Runs(setting.store(), Clock.systemUTC());
        Runs.Run parent = runs.find(runKey).orElse(null);
        Map<Integer, TrialRuns.Recorded> records = parent == null ? Map.of() : new TrialRuns(runs, parent, nodeId).read(count, null);
        List<Integer> missing = withoutResult(records, 0, count);
        if (!missing.isEmpty()) {
            throw new IncompleteStudyException(missing(nodeId, missing, records, "of the study") + ": run them before --select");
        }
        var withKey = new NodeRun.Setting(setting.store(), setting.artifacts(), setting.version(), setting.tags(), runKey, setting.credentials(),
                setting.dataRoot());
        return NodeRun.run(pipeline, fileName, nodeId, seed, folder, withKey, listener, progress, warning, true);
    }

    /** The numbers in {@code [from, to)} whose trial has no result in the store. */
    static List<Integer> withoutResult(Map<Integer, TrialRuns.Recorded> records, int from, int to) {
        var missing = new ArrayList<Integer>();
        for (int number = from; number < to; number++) {
            TrialRuns.Recorded record = records.get(number);
            if (record == null || !record.hasResult()) {
                missing.add(number);
            }
        }
        return missing;
    }

    /** "node 'tune': trials 3, 5-7 of the study have no result in the store (not run: 3, 5, 6; still running: 7)". */
    static String missing(String nodeId, List<Integer> numbers, Map<Integer, TrialRuns.Recorded> records, String which) {
        var absent = numbers.stream().filter(number -> records.get(number) == null).toList();
        var running = numbers.stream().filter(number -> records.get(number) != null && Runs.RUNNING.equals(records.get(number).run().status())).toList();
        var ended = numbers.stream().filter(number -> records.get(number) != null && !Runs.RUNNING.equals(records.get(number).run().status())).toList();
        var parts = new ArrayList<String>();
        if (!absent.isEmpty()) {
            parts.add("not run: " + ranges(absent));
        }
        if (!running.isEmpty()) {
            parts.add("still running: " + ranges(running));
        }
        if (!ended.isEmpty()) {
            parts.add("killed or ended by an error: " + ranges(ended));
        }
        return "node '" + nodeId + "': trial" + (numbers.size() == 1 ? " " : "s ") + ranges(numbers) + " " + which + " ha"
                + (numbers.size() == 1 ? "s" : "ve") + " no result in the store (" + String.join("; ", parts) + ")";
    }

    /** 0, 1, 2, 3, 7 → "0-3, 7". */
    static String ranges(List<Integer> numbers) {
        var parts = new ArrayList<String>();
        for (int i = 0; i < numbers.size(); ) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            parts.add(j == i ? String.valueOf(numbers.get(i)) : numbers.get(i) + "-" + numbers.get(j));
            i = j + 1;
        }
        return String.join(", ", parts);
    }

    /** Refuses what no study step can run: not a tune node, a parallelism below 1, no store; returns the study's number of trials. */
    private static int checkStudy(Pipeline pipeline, String fileName, String nodeId, int parallelism, NodeRun.Setting setting) {
        NodeRun.check(pipeline, fileName, nodeId, setting);
        NodeType type = pipeline.types().get(nodeId);
        if (!type.name().equals("tune")) {
            throw new PipelineException("node '" + nodeId + "' is a " + type.name() + " node: --trial and --select run the trials of a tune node");
        }
        if (parallelism < 1) {
            throw new PipelineException("--parallelism " + parallelism + ": trials run at least 1 at a time");
        }
        if (setting.store() == null) {
            throw new PipelineException("node '" + nodeId + "': trials are recorded in the store, and there is none to record in"
                    + " (give --store URL or set PIPEWRIGHT_STORE)");
        }
        try {
            return TuneSearch.trialCount(pipeline.params().get(nodeId));
        } catch (IllegalArgumentException e) {
            throw new PipelineException(fileName + ": node '" + nodeId + "': " + e.getMessage(), e);
        }
    }

    private static boolean grid(Pipeline pipeline, String nodeId) {
        return "grid".equals(pipeline.params().get(nodeId).get("strategy"));
    }

    /** The workflow's run, opened by the first of its nodes; a trial is not run where it cannot be recorded. */
    private static NodeRun.Recording recording(Pipeline pipeline, String fileName, String runKey, long seed, NodeRun.Setting setting,
                                               Consumer<String> warning) {
        var refusal = new String[1];
        NodeRun.Recording recording = NodeRun.open(pipeline, runKey, fileName, seed, setting, message -> refusal[0] = message);
        if (recording == null) {
            throw new StoreException("the trial was not run: trials are recorded in the store, and " + refusal[0]);
        }
        return recording;
    }
}
