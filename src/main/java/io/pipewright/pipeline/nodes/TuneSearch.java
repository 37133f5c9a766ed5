package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.train.Algorithm;
import io.pipewright.train.Algorithms;
import io.pipewright.train.SearchSpace;
import io.pipewright.train.Task;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import io.pipewright.train.TrialProposals;
import io.pipewright.train.Tuner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import tech.tablesaw.api.Table;

/**
 * The search a tune node's parameters and inputs describe: the rows that fit and score the trials, the
 * base request, the space and the study's settings. One setup for the trials run in the node's own
 * process, a trial run as a separate process, and the selection that refits the best of those.
 */
public record TuneSearch(Algorithm algorithm, SearchSpace space, Task task, Trainer.Request base, DataTable train, DataTable valid,
                         Table searchTrain, Table searchValid, Tuner.Settings settings) {

    /** The search of a running tune node, its trials run {@code parallel} at a time (the node's own, or a workflow's parallelism). */
    public static TuneSearch of(NodeContext context, int parallel) {
        DataTable train = context.input("train");
        DataTable valid = context.input("valid");
        String target = context.string("target");
        Tables.requireColumns(context, "target", train.table(), List.of(target));
        Algorithm algorithm = Algorithms.find(context.string("algorithm")).orElseThrow();
        SearchSpace space = SearchSpace.parse(context.map("space"), algorithm);
        String taskName = context.string("task");
        Task task = taskName.equals("auto") ? Trainer.taskOf(train.table().column(target)) : Task.valueOf(taskName.toUpperCase(Locale.ROOT));
        String metric = context.string("metric");
        if (metric.equals("auto")) {
            metric = task == Task.CLASSIFICATION ? "accuracy" : "rmse";
        }
        var base = new Trainer.Request(target, algorithm.name(), context.map("hyperparameters"), task, context.columns("exclude"), context.seed(),
                train.sources().isEmpty() ? null : train.sources().get(0), train.steps(), train.origin());
        Table searchTrain = train.table();
        Table searchValid = valid == null ? null : valid.table();
        if (searchValid == null) {
            // a seeded fifth of the training rows scores the trials
            int n = searchTrain.rowCount();
            var order = new ArrayList<Integer>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(context.seed() ^ 0x5DEECE66DL));
            int holdout = Math.max(1, n / 5);
            searchValid = searchTrain.rows(order.subList(0, holdout).stream().mapToInt(Integer::intValue).toArray());
            searchTrain = searchTrain.rows(order.subList(holdout, n).stream().mapToInt(Integer::intValue).toArray());
        }
        var settings = new Tuner.Settings(context.string("strategy"), (int) context.integer("trials"), metric, context.string("pruner"), parallel,
                (int) context.integer("grid_points"), context.seed());
        return new TuneSearch(algorithm, space, task, base, train, valid, searchTrain, searchValid, settings);
    }

    /**
     * How many trials a tune node's study has, from its parameters alone (defaults filled in): its
     * {@code trials}, or the grid's size when smaller. Refused (IllegalArgumentException) for a bad space.
     */
    @SuppressWarnings("unchecked")
    public static int trialCount(Map<String, Object> params) {
        Algorithm algorithm = Algorithms.find((String) params.get("algorithm")).orElseThrow();
        SearchSpace space = SearchSpace.parse((Map<String, Object>) params.get("space"), algorithm);
        var settings = new Tuner.Settings((String) params.get("strategy"), ((Number) params.get("trials")).intValue(), "accuracy", "none", 1,
                ((Number) params.get("grid_points")).intValue(), 0);
        return TrialProposals.count(space, settings);
    }

    /** The metric the trials are scored on ({@code auto} made concrete). */
    public String metric() {
        return settings.metric();
    }

    /** Trial {@code number} of the study, fitted on the search's rows with these hyperparameters. */
    public Tuner.Trial trial(int number, Map<String, Object> params, io.pipewright.train.Pruners.Steps steps, Tuner.Observer observer) {
        return Tuner.trial(number, params, searchTrain, searchValid, base, settings, steps, observer);
    }

    /** The best trial's hyperparameters refitted on all training rows; the refit's learning curve is reported as the node's metrics. */
    public TrainedModel refit(NodeContext context, Tuner.Trial best) {
        var hyperparameters = new LinkedHashMap<String, Object>(base.hyperparameters() == null ? Map.of() : base.hyperparameters());
        hyperparameters.putAll(best.params());
        var refit = new Trainer.Request(base.target(), algorithm.name(), hyperparameters, task, base.exclude(), base.seed(), base.trainingData(),
                base.steps(), base.origin());
        // the refit's learning curve is the one the tuned model has: reported like a train node's
        return Trainer.fit(train.table(), valid == null ? null : valid.table(), refit, new TrainingListener() {
            @Override
            public void iteration(int step, int total, Map<String, Double> metrics) {
                metrics.forEach((key, value) -> context.metric(key, step, value));
            }

            @Override
            public boolean cancelled() {
                return context.work().isCancelled();
            }
        });
    }
}
