package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.train.Algorithm;
import io.pipewright.train.Algorithms;
import io.pipewright.train.SearchSpace;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.Tuner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Searches an algorithm's hyperparameters and outputs the best trial's model, refitted on all training rows. */
final class TuneNode extends BaseNode {
    static final List<String> METRICS = List.of("accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted", "roc_auc", "pr_auc",
            "log_loss", "rmse", "mae", "r2", "mape");

    TuneNode() {
        super("tune", "Train", "Searches hyperparameters: grid, random or TPE (Optuna's defaults), each trial fitted on the training rows "
                        + "and scored on the validation rows (or, without them, on a seeded fifth of the training rows); poor trials are "
                        + "stopped early by the median rule or successive halving where the algorithm reports per-iteration validation "
                        + "metrics. The best trial's hyperparameters are refitted on all training rows.",
                List.of(PortSpec.required("train", PortType.TABLE, "training rows"),
                        PortSpec.optional("valid", PortType.TABLE, "validation rows that score the trials")),
                List.of(PortSpec.required("model", PortType.MODEL, "the best trial's model, refitted"),
                        PortSpec.required("trials", PortType.TRIALS, "every trial: hyperparameters, value, state")),
                List.of(ParamSpec.required("target", ParamSpec.Kind.COLUMN, "the column to predict (or the pipeline's target)"),
                        ParamSpec.choice("algorithm", "xgboost", Algorithms.names(), "the learning algorithm"),
                        ParamSpec.required("space", ParamSpec.Kind.MAP, "per hyperparameter: {int: [lo, hi]}, {float: [lo, hi], log: true} or {choice: [...]}"),
                        ParamSpec.choice("strategy", "tpe", List.of("tpe", "random", "grid"), "how trials are chosen"),
                        ParamSpec.number("trials", ParamSpec.Kind.INTEGER, 20, 1.0, 10_000.0, "how many trials"),
                        ParamSpec.choice("metric", "auto", metricChoices(),
                                "what the trials are scored on; auto: accuracy (classification) or rmse (regression)"),
                        ParamSpec.choice("pruner", "median", List.of("median", "successive_halving", "none"), "how poor trials are stopped early"),
                        ParamSpec.number("parallel", ParamSpec.Kind.INTEGER, 1, 1.0, 64.0, "trials run at once;"
                                + " TPE proposes in batches of this many (one seed and value give one study, without pruning)"),
                        ParamSpec.number("grid_points", ParamSpec.Kind.INTEGER, 5, 2.0, 100.0, "grid: values per numeric range"),
                        ParamSpec.optional("hyperparameters", ParamSpec.Kind.MAP, null, "fixed hyperparameters, besides those searched"),
                        ParamSpec.choice("task", "auto", List.of("auto", "classification", "regression"), "as for train"),
                        ParamSpec.optional("exclude", ParamSpec.Kind.COLUMNS, null, "columns not to learn from")));
    }

    private static List<String> metricChoices() {
        var choices = new ArrayList<String>();
        choices.add("auto");
        choices.addAll(METRICS);
        return choices;
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        Algorithm algorithm = Algorithms.find((String) params.get("algorithm")).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> space = (Map<String, Object>) params.get("space");
        SearchSpace.parse(space, algorithm);
        @SuppressWarnings("unchecked")
        Map<String, Object> fixed = params.get("hyperparameters") == null ? Map.of() : (Map<String, Object>) params.get("hyperparameters");
        algorithm.check(fixed);
    }

    @Override
    public List<String> trainingInputs() {
        return List.of("valid", "train");
    }

    @Override
    public String targetUsed(Map<String, Object> params) {
        return text(params, "target");
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        TuneSearch search = TuneSearch.of(context, (int) context.integer("parallel"));
        String metric = search.metric();
        int trials = search.settings().trials();
        Tuner.Study study;
        try {
            // trials run as separate processes left their study in the store; else the node runs its own
            study = context.environment().recordedStudy(context.nodeId(), search.space(), search.settings());
            if (study == null) {
                study = runStudy(context, search);
            }
        } catch (IllegalArgumentException e) {
            throw context.problem(null, e.getMessage());
        }
        context.progress((double) trials / (trials + 1), "refitting trial " + study.best().number() + " on all training rows");
        TrainedModel model = search.refit(context, study.best());
        context.metric("best_" + metric, 0, study.best().value());
        return Map.of("model", model, "trials", study);
    }

    private static Tuner.Study runStudy(NodeContext context, TuneSearch search) {
        String metric = search.metric();
        int trials = search.settings().trials();
        int[] done = new int[1];
        return Tuner.run(search.searchTrain(), search.searchValid(), search.base(), search.space(), search.settings(), new Tuner.Observer() {
            @Override
            public void trialDone(Tuner.Trial trial) {
                done[0]++;
                if (trial.value() != null) {
                    context.metric("trial_" + metric, trial.number(), trial.value());
                }
                context.environment().trial(context.nodeId(), search.algorithm().name(), trial, metric);
                context.trial(metric, !Tuner.lowerIsBetter(metric), trial.number(), trial.params(), trial.value(), trial.state());
                context.progress((double) done[0] / (trials + 1), "trial " + done[0] + " of " + trials + " (" + trial.state() + ")");
            }

            @Override
            public boolean cancelled() {
                return context.work().isCancelled();
            }
        });
    }
}
