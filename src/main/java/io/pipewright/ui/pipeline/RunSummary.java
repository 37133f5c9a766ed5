package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.Evaluation;
import io.pipewright.pipeline.NodeEvent;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.RecordedRun;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import io.pipewright.train.Tuner;
import io.pipewright.work.NumberText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run of the editor gave, for the Training workspace's result panel: how it ended, the test
 * metrics of each evaluation, the best trial of each tuning, and the model versions it registered.
 *
 * @param outcome how it ended, in words ("finished in 12.3 s (run 20261205-…)", "stopped")
 */
public record RunSummary(String outcome, List<Evaluated> evaluations, List<Tuned> tunings, List<String> registered) {
    /** The metrics a baseline is quoted by, beside the model's. */
    private static final List<String> HEADLINE = List.of("accuracy", "roc_auc", "rmse", "r2");

    public RunSummary {
        evaluations = List.copyOf(evaluations);
        tunings = List.copyOf(tunings);
        registered = List.copyOf(registered);
    }

    /** An evaluate node's metrics on its table, beside its first baseline. */
    public record Evaluated(String node, long rows, Map<String, Double> metrics, String baseline, Map<String, Double> baselineMetrics) {
    }

    /** A tune node's study: trials, how many were pruned or failed, and the best one. */
    public record Tuned(String node, String metric, int trials, int pruned, int failed, int best, double bestValue, Map<String, Object> params) {
    }

    /** One line of the result panel: what it is about, and what it says. */
    public record Line(String heading, String text) {
    }

    /** A run that ended without results to show (stopped, or failed before its nodes ran). */
    public static RunSummary ended(String outcome) {
        return new RunSummary(outcome, List.of(), List.of(), List.of());
    }

    /**
     * The summary of a finished run: read from the nodes' outputs, and, for each node that registers
     * its model ({@link io.pipewright.pipeline.NodeType#registersModel()}) and ran, the version of its model this run registered (asked of the store; none without one).
     */
    static RunSummary of(Pipeline pipeline, RecordedRun.Outcome run, Store store) {
        String outcome = String.format(Locale.US, "%s in %.1f s (run %s)%s", how(run.result().status()), run.seconds(), run.runId(),
                run.result().failure() == null ? "" : ": " + run.result().failure());
        var evaluations = new ArrayList<Evaluated>();
        var tunings = new ArrayList<Tuned>();
        run.result().outputs().forEach((node, ports) -> ports.values().forEach(value -> {
            if (value instanceof Evaluation evaluation) {
                var baseline = evaluation.baselines() == null || evaluation.baselines().isEmpty() ? null
                        : evaluation.baselines().entrySet().iterator().next();
                evaluations.add(new Evaluated(node, evaluation.rows(), evaluation.metrics(), baseline == null ? null : baseline.getKey(),
                        baseline == null ? Map.of() : baseline.getValue()));
            } else if (value instanceof Tuner.Study study && study.best() != null) {
                int pruned = (int) study.trials().stream().filter(trial -> trial.state().equals("pruned")).count();
                int failed = (int) study.trials().stream().filter(trial -> trial.state().equals("failed")).count();
                tunings.add(new Tuned(node, study.metric(), study.trials().size(), pruned, failed, study.best().number(), study.best().value(),
                        study.best().params()));
            }
        }));
        var registered = new ArrayList<String>();
        if (store != null) {
            var registry = new ModelRegistry(store, java.time.Clock.systemUTC());
            run.result().nodes().forEach((node, result) -> {
                var registration = pipeline.types().get(node).registersModel().orElse(null);
                if (result.status() == NodeEvent.Status.DONE && registration != null
                        && pipeline.params().get(node).get(registration.name()) instanceof String name) {
                    registry.find(name).filter(version -> run.runId().equals(version.runKey())).ifPresent(version -> registered.add(
                            version.name() + ":" + version.version() + (version.aliases().isEmpty() ? "" : " (@" + String.join(", @", version.aliases()) + ")")));
                }
            });
        }
        return new RunSummary(outcome, evaluations, tunings, registered);
    }

    /** How a run ended, in a word: finished, failed or stopped. */
    static String how(io.pipewright.pipeline.PipelineRunner.Status status) {
        return status == io.pipewright.pipeline.PipelineRunner.Status.CANCELLED ? "stopped" : status.name().toLowerCase(Locale.ROOT);
    }

    /** The result in lines a person reads: the test metrics, the best trials, the registered versions. */
    public List<Line> lines() {
        var lines = new ArrayList<Line>();
        for (Evaluated evaluation : evaluations) {
            var text = new StringBuilder(metrics(evaluation.metrics()));
            if (evaluation.baseline() != null) {
                var headline = new java.util.LinkedHashMap<String, Double>();
                for (String key : HEADLINE) {
                    if (evaluation.baselineMetrics().containsKey(key)) {
                        headline.put(key, evaluation.baselineMetrics().get(key));
                    }
                }
                text.append("   (").append(evaluation.baseline()).append(" baseline: ").append(metrics(headline)).append(')');
            }
            lines.add(new Line(String.format(Locale.US, "Test metrics · %s (%,d rows)", evaluation.node(), evaluation.rows()), text.toString()));
        }
        for (Tuned tuned : tunings) {
            var params = new StringBuilder();
            new TreeMap<>(tuned.params()).forEach((name, value) -> params.append(params.isEmpty() ? "" : ", ").append(name).append(' ')
                    .append(value instanceof Double number ? NumberText.precise(number) : value));
            lines.add(new Line("Best trial · " + tuned.node(), String.format(Locale.US, "trial %d of %d%s: %s %s with %s", tuned.best(), tuned.trials(),
                    tuned.pruned() + tuned.failed() == 0 ? "" : " (" + tuned.pruned() + " pruned" + (tuned.failed() == 0 ? "" : ", " + tuned.failed() + " failed") + ")",
                    tuned.metric(), NumberText.precise(tuned.bestValue()), params)));
        }
        if (!registered.isEmpty()) {
            lines.add(new Line("Registered", String.join(", ", registered)));
        }
        return lines;
    }


    private static String metrics(Map<String, Double> metrics) {
        var text = new StringBuilder();
        metrics.forEach((key, value) -> {
            if (value != null && Double.isFinite(value)) {
                text.append(text.isEmpty() ? "" : " · ").append(key).append(' ').append(NumberText.precise(value));
            }
        });
        return text.toString();
    }
}
