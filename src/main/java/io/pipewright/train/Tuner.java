package io.pipewright.train;

import io.pipewright.work.CancelledException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * validation metric the algorithm reports per iteration. Trials run in parallel up to a limit; with
 * one at a time, the same seed gives the same study.
 */
public final class Tuner {
    public static final int STARTUP_TRIALS = 10;
    public static final int EI_CANDIDATES = 24;
    private static final int WARMUP_STEPS = 5;
    private static final int MIN_TRIALS_FOR_PRUNING = 5;

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
        boolean maximize = !lowerIsBetter(settings.metric());
        var trials = Collections.synchronizedList(new ArrayList<Trial>());
        List<Map<String, Object>> grid = settings.strategy().equals("grid") ? grid(space, settings.gridPoints(), settings.trials()) : null;
        int total = grid == null ? settings.trials() : Math.min(settings.trials(), grid.size());
        var counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.parallel()), runnable -> {
            var thread = new Thread(runnable, "pipewright-trial-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        var completion = new ExecutorCompletionService<Trial>(pool);
        var intermediate = new ConcurrentSteps();
        try {
            int submitted = 0;
            int running = 0;
            while (submitted < total || running > 0) {
                while (submitted < total && running < Math.max(1, settings.parallel())) {
                    if (observer.cancelled()) {
                        throw new CancelledException();
                    }
                    int number = submitted;
                    Map<String, Object> params = grid != null ? grid.get(number)
                            : settings.strategy().equals("random") || completed(trials) < STARTUP_TRIALS
                            ? random(space, Seeds.random(settings.seed(), number))
                            : tpe(space, completedTrials(trials), maximize, Seeds.random(settings.seed(), number));
                    completion.submit(() -> trial(number, params, train, valid, base, settings, maximize, intermediate, observer));
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        var ordered = new ArrayList<>(trials);
        ordered.sort(Comparator.comparingInt(Trial::number));
        Trial best = ordered.stream().filter(trial -> trial.state().equals("complete"))
                .min((a, b) -> maximize ? Double.compare(b.value(), a.value()) : Double.compare(a.value(), b.value())).orElse(null);
        if (best == null) {
            String reason = ordered.stream().map(Trial::message).filter(message -> message != null).findFirst().orElse("every trial was pruned");
            throw new IllegalArgumentException("no trial completed: " + reason);
        }
        return new Study(ordered, best, settings.metric(), maximize);
    }

    private static Trial trial(int number, Map<String, Object> params, Table train, Table valid, Trainer.Request base, Settings settings,
                               boolean maximize, ConcurrentSteps steps, Observer observer) {
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
                    steps.add(number, step, higher ? value : -value);
                    if (!settings.pruner().equals("none") && steps.shouldPrune(settings.pruner(), number, step, higher ? value : -value)) {
                        pruned[0] = true;
                    }
                }

                @Override
                public boolean cancelled() {
                    return pruned[0] || observer.cancelled();
                }
            });
            double value = score(model, valid, settings.metric());
            steps.finish(number);
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

    private static int completed(List<Trial> trials) {
        synchronized (trials) {
            return (int) trials.stream().filter(trial -> trial.state().equals("complete")).count();
        }
    }

    private static List<Trial> completedTrials(List<Trial> trials) {
        synchronized (trials) {
            return trials.stream().filter(trial -> trial.state().equals("complete")).toList();
        }
    }

    static Map<String, Object> random(SearchSpace space, Random random) {
        var params = new LinkedHashMap<String, Object>();
        space.dimensions().forEach((name, dimension) -> params.put(name, dimension.sample(random)));
        return params;
    }

    static List<Map<String, Object>> grid(SearchSpace space, int points, int limit) {
        List<Map<String, Object>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (var dimension : space.dimensions().values()) {
            var next = new ArrayList<Map<String, Object>>();
            for (Map<String, Object> partial : combinations) {
                for (Object value : dimension.grid(points)) {
                    var extended = new LinkedHashMap<>(partial);
                    extended.put(dimension.name(), value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations.subList(0, Math.min(limit, combinations.size()));
    }

    /**
     * Univariate TPE: per hyperparameter, a Parzen estimator of the good trials (the best
     * min(⌈0.1 n⌉, 25)) and one of the rest, each with a prior over the whole range; of 24 values
     * drawn from the good one, the one with the highest good/bad density ratio.
     */
    static Map<String, Object> tpe(SearchSpace space, List<Trial> completed, boolean maximize, Random random) {
        var sorted = new ArrayList<>(completed);
        sorted.sort((a, b) -> maximize ? Double.compare(b.value(), a.value()) : Double.compare(a.value(), b.value()));
        int good = Math.max(1, Math.min((int) Math.ceil(0.1 * sorted.size()), 25));
        var params = new LinkedHashMap<String, Object>();
        for (var dimension : space.dimensions().values()) {
            var below = new ArrayList<Double>();
            var above = new ArrayList<Double>();
            for (int i = 0; i < sorted.size(); i++) {
                double value = dimension.internal(sorted.get(i).params().get(dimension.name()));
                (i < good ? below : above).add(value);
            }
            if (dimension.kind().equals("choice")) {
                int k = dimension.choices().size();
                double[] l = categorical(below, k);
                double[] g = categorical(above, k);
                double best = Double.NEGATIVE_INFINITY;
                int chosen = 0;
                for (int c = 0; c < EI_CANDIDATES; c++) {
                    int candidate = draw(l, random);
                    double score = Math.log(l[candidate]) - Math.log(g[candidate]);
                    if (score > best) {
                        best = score;
                        chosen = candidate;
                    }
                }
                params.put(dimension.name(), dimension.choices().get(chosen));
            } else {
                var l = Parzen.of(below, dimension.internalLow(), dimension.internalHigh());
                var g = Parzen.of(above, dimension.internalLow(), dimension.internalHigh());
                double best = Double.NEGATIVE_INFINITY;
                double chosen = l.sample(random);
                for (int c = 0; c < EI_CANDIDATES; c++) {
                    double candidate = l.sample(random);
                    double score = l.logDensity(candidate) - g.logDensity(candidate);
                    if (score > best) {
                        best = score;
                        chosen = candidate;
                    }
                }
                params.put(dimension.name(), dimension.external(chosen));
            }
        }
        return params;
    }

    private static double[] categorical(List<Double> observed, int k) {
        var weights = new double[k];
        java.util.Arrays.fill(weights, 1.0); // the prior: each choice counts once
        for (double value : observed) {
            weights[(int) Math.round(value)] += 1;
        }
        double sum = java.util.Arrays.stream(weights).sum();
        for (int i = 0; i < k; i++) {
            weights[i] /= sum;
        }
        return weights;
    }

    private static int draw(double[] weights, Random random) {
        double u = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            if (u < sum) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A mixture of Gaussians at the observations plus a wide prior, truncated to the range. */
    private record Parzen(double[] means, double[] sigmas, double low, double high) {
        static Parzen of(List<Double> observed, double low, double high) {
            double range = high - low;
            var points = new ArrayList<>(observed);
            points.add((low + high) / 2); // the prior's centre
            double[] means = points.stream().mapToDouble(Double::doubleValue).toArray();
            double[] sigmas = new double[means.length];
            double[] sorted = means.clone();
            java.util.Arrays.sort(sorted);
            double minimum = range / Math.min(100.0, 1.0 + means.length);
            for (int i = 0; i < means.length - 1; i++) {
                int at = java.util.Arrays.binarySearch(sorted, means[i]);
                double left = at > 0 ? means[i] - sorted[at - 1] : means[i] - low;
                double right = at < sorted.length - 1 ? sorted[at + 1] - means[i] : high - means[i];
                sigmas[i] = Math.max(minimum, Math.min(range, Math.max(left, right)));
            }
            sigmas[means.length - 1] = range; // the prior
            return new Parzen(means, sigmas, low, high);
        }

        double sample(Random random) {
            int component = random.nextInt(means.length);
            for (int attempt = 0; attempt < 100; attempt++) {
                double value = means[component] + sigmas[component] * random.nextGaussian();
                if (value >= low && value <= high) {
                    return value;
                }
            }
            return Math.max(low, Math.min(high, means[component]));
        }

        double logDensity(double x) {
            double sum = 0;
            for (int i = 0; i < means.length; i++) {
                double z = (x - means[i]) / sigmas[i];
                sum += Math.exp(-0.5 * z * z) / sigmas[i];
            }
            return Math.log(sum / means.length + 1e-300);
        }
    }

    /** Each trial's intermediate values by step (oriented so that higher is better), for the pruners. */
    private static final class ConcurrentSteps {
        private final Map<Integer, Map<Integer, Double>> byTrial = new HashMap<>();
        private final java.util.Set<Integer> finished = new java.util.HashSet<>();

        synchronized void add(int trial, int step, double value) {
            byTrial.computeIfAbsent(trial, key -> new HashMap<>()).merge(step, value, Math::max);
        }

        synchronized void finish(int trial) {
            finished.add(trial);
        }

        /**
         * median: after the warm-up steps, prune when this trial's best value so far is below the
         * median of the finished trials' best values up to the same step. successive_halving: at
         * rungs 1, 3, 9, 27, … (×3) steps, keep only the top third of the values seen at that rung.
         */
        synchronized boolean shouldPrune(String pruner, int trial, int step, double value) {
            if (pruner.equals("median")) {
                if (step < WARMUP_STEPS || finished.size() < MIN_TRIALS_FOR_PRUNING) {
                    return false;
                }
                double best = bestUpTo(byTrial.get(trial), step);
                var others = new ArrayList<Double>();
                for (int other : finished) {
                    var curve = byTrial.get(other);
                    if (curve != null && curve.keySet().stream().anyMatch(s -> s <= step)) {
                        others.add(bestUpTo(curve, step));
                    }
                }
                if (others.size() < MIN_TRIALS_FOR_PRUNING) {
                    return false;
                }
                Collections.sort(others);
                double median = others.size() % 2 == 1 ? others.get(others.size() / 2)
                        : (others.get(others.size() / 2 - 1) + others.get(others.size() / 2)) / 2;
                return best < median;
            }
            // successive halving with a reduction factor of 3
            int rung = 1;
            while (rung < step) {
                rung *= 3;
            }
            if (rung != step) {
                return false;
            }
            var atRung = new ArrayList<Double>();
            for (var curve : byTrial.values()) {
                Double seen = curve.get(step);
                if (seen != null) {
                    atRung.add(seen);
                }
            }
            if (atRung.size() < 3) {
                return false;
            }
            atRung.sort(Collections.reverseOrder());
            double cutoff = atRung.get(Math.max(0, atRung.size() / 3 - 1));
            return value < cutoff;
        }

        private static double bestUpTo(Map<Integer, Double> curve, int step) {
            double best = Double.NEGATIVE_INFINITY;
            for (var entry : curve.entrySet()) {
                if (entry.getKey() <= step) {
                    best = Math.max(best, entry.getValue());
                }
            }
            return best;
        }
    }
}
