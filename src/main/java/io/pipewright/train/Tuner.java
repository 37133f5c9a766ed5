package io.pipewright.train;

import io.pipewright.work.CancelledException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tech.tablesaw.api.Table;

/**
 * A hyperparameter search: trials sampled by grid, random or TPE (Optuna's defaults: 10 random
 * start-up trials, then 24 candidates drawn from the good trials' Parzen estimator, the one with the
 * best ratio of good to bad density taken), each fitted on the training rows and scored on the
 * validation rows; poor trials stopped early by the median rule or successive halving, on the
 * validation metric the algorithm reports per iteration ({@link Pruners}). Trials run in parallel up to
 * a limit, in the batches of {@link TrialBatches} ({@link TrialProposals} says what each proposes): the
 * same seed and limit give the same proposals, and without pruning the same study, whether the trials run
 * here or as separate processes.
 */
public final class Tuner {
    public static final int STARTUP_TRIALS = 10;
    public static final int EI_CANDIDATES = 24;

    private Tuner() {
    }

    public record Settings(String strategy, int trials, String metric, String pruner, int parallel, int gridPoints, long seed) {
    }

    /** One trial: its number, hyperparameters, objective value, state (complete, pruned, failed), time, and its validation curve. */
    public record Trial(int number, Map<String, Object> params, Double value, String state, double seconds, String message,
                        Map<Long, Double> intermediate) {
    }

    /** The study: every trial, the best one, the metric and whether higher is better. */
    public record Study(List<Trial> trials, Trial best, String metric, boolean maximize) {
    }

    /** Hears each trial as it ends. */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        default void trialDone(Trial trial) {
        }

        default boolean cancelled() {
            return false;
        }
    }

    /** Metrics where lower is better. */
    public static boolean lowerIsBetter(String metric) {
        return metric.contains("loss") || metric.equals("rmse") || metric.equals("mae") || metric.equals("mape");
    }

    public static Study run(Table train, Table valid, Trainer.Request base, SearchSpace space, Settings settings, Observer observer) {
        int parallel = Math.max(1, settings.parallel());
        int total = TrialProposals.count(space, settings);
        var trials = Collections.synchronizedList(new ArrayList<Trial>());
        var counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, runnable -> {
            var thread = new Thread(runnable, "pipewright-trial-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        var completion = new ExecutorCompletionService<Trial>(pool);
        List<TrialBatches.Batch> batches = TrialBatches.of(settings.strategy(), settings.pruner(), total, parallel);
        Pruners.Steps steps = Pruners.inMemory(number -> batches.stream().filter(batch -> batch.contains(number)).findFirst().orElseThrow().first());
        try {
            // batch by batch, as trials run as separate processes do: a batch's proposals and pruning depend only on the trials before it
            for (TrialBatches.Batch batch : batches) {
                List<Map<String, Object>> proposals = TrialProposals.batch(space, settings, batch.first(), batch.end(), List.copyOf(trials));
                int submitted = 0;
                int running = 0;
                while (submitted < batch.count() || running > 0) {
                    while (submitted < batch.count() && running < parallel) {
                        if (observer.cancelled()) {
                            throw new CancelledException();
                        }
                        int number = batch.first() + submitted;
                        Map<String, Object> params = proposals.get(submitted);
                        completion.submit(() -> trial(number, params, train, valid, base, settings, steps, observer));
                        submitted++;
                        running++;
                    }
                    Future<Trial> done = completion.poll(200, TimeUnit.MILLISECONDS);
                    if (done == null) {
                        if (observer.cancelled()) {
                            throw new CancelledException();
                        }
                        continue;
                    }
                    running--;
                    Trial trial = done.get();
                    trials.add(trial);
                    observer.trialDone(trial);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return study(trials, settings.metric());
    }

    /**
     * The study of these trials: ordered by number, the best the complete trial with the best value (ties
     * to the lower number); refused when no trial completed.
     */
    public static Study study(List<Trial> trials, String metric) {
        boolean maximize = !lowerIsBetter(metric);
        var ordered = new ArrayList<>(trials);
        ordered.sort(Comparator.comparingInt(Trial::number));
        Trial best = ordered.stream().filter(trial -> trial.state().equals("complete"))
                .min((a, b) -> maximize ? Double.compare(b.value(), a.value()) : Double.compare(a.value(), b.value())).orElse(null);
        if (best == null) {
            String reason = ordered.stream().map(Trial::message).filter(message -> message != null).findFirst().orElse("every trial was pruned");
            throw new IllegalArgumentException("no trial completed: " + reason);
        }
        return new Study(ordered, best, metric, maximize);
    }

    /**
     * One trial: fitted on the training rows with the base request's hyperparameters and {@code params},
     * scored on the validation rows; its validation values per step go to {@code steps}, whose pruner may
     * stop it (state pruned); a fit that refuses its hyperparameters ends it as failed.
     */
    public static Trial trial(int number, Map<String, Object> params, Table train, Table valid, Trainer.Request base, Settings settings,
                              Pruners.Steps steps, Observer observer) {
        long started = System.nanoTime();
        var hyperparameters = new LinkedHashMap<String, Object>(base.hyperparameters() == null ? Map.of() : base.hyperparameters());
        hyperparameters.putAll(params);
        var request = new Trainer.Request(base.target(), base.algorithm(), hyperparameters, base.task(), base.exclude(), base.seed(),
                base.trainingData(), base.steps(), base.origin());
        var curve = new LinkedHashMap<Long, Double>();
        boolean[] pruned = new boolean[1];
        try {
            TrainedModel model = Trainer.fit(train, valid, request, new TrainingListener() {
                @Override
                public void iteration(int step, int total, Map<String, Double> metrics) {
                    var key = metrics.keySet().stream().filter(name -> name.startsWith("valid_")).findFirst();
                    if (key.isEmpty()) {
                        return;
                    }
                    double value = metrics.get(key.get());
                    boolean higher = !lowerIsBetter(key.get().substring("valid_".length()));
                    curve.put((long) step, value);
                    if (steps.reached(settings.pruner(), number, step, value, higher)) {
                        pruned[0] = true;
                    }
                }

                @Override
                public boolean cancelled() {
                    return pruned[0] || observer.cancelled();
                }
            });
            double value = score(model, valid, settings.metric());
            steps.completed(number);
            return new Trial(number, params, value, "complete", (System.nanoTime() - started) / 1e9, null, curve);
        } catch (CancelledException e) {
            if (observer.cancelled()) {
                throw e;
            }
            return new Trial(number, params, null, "pruned", (System.nanoTime() - started) / 1e9, null, curve);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Trial(number, params, null, "failed", (System.nanoTime() - started) / 1e9, e.getMessage(), curve);
        }
    }

    /** The metric of a model on the validation rows (rows with a missing target are left out). */
    public static double score(TrainedModel model, Table valid, String metric) {
        Map<String, Double> metrics = Trainer.metrics(model, valid);
        Double value = metrics.get(metric);
        if (value == null) {
            throw new IllegalArgumentException("metric '" + metric + "' is not one of " + String.join(", ", metrics.keySet()));
        }
        return value;
    }
}
