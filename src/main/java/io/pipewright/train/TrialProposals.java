package io.pipewright.train;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What a study's trials try: grid points in order, random draws from each trial's own seed stream
 * ({@link Seeds}), or TPE. TPE proposes in the batches of {@link TrialBatches}: every member of a
 * batch sees the trials finished before the batch, plus the batch's earlier members' proposals scored
 * with a constant lie, the worst value finished so far (Optuna's constant liar), so that the members
 * of one batch spread out instead of proposing the same point. A batch's proposals depend only on the
 * trials before it and the seed, so the in-process study and trials run as separate processes propose
 * the same points; with batches of one this is sequential TPE.
 */
public final class TrialProposals {
    private TrialProposals() {
    }

    /** How many trials the study has: as asked, or the grid's size when smaller. */
    public static int count(SearchSpace space, Tuner.Settings settings) {
        return settings.strategy().equals("grid") ? grid(space, settings.gridPoints(), settings.trials()).size() : settings.trials();
    }

    /**
     * Trial {@code number}'s hyperparameters, its batch taken from {@code settings.parallel()}; {@code before}
     * holds (at least) every trial numbered before the batch's first, in any state.
     */
    public static Map<String, Object> propose(SearchSpace space, Tuner.Settings settings, int number, List<Tuner.Trial> before) {
        var batch = TrialBatches.batchOf(settings.strategy(), settings.pruner(), count(space, settings), Math.max(1, settings.parallel()), number);
        return batch(space, settings, batch.first(), number + 1, before).get(number - batch.first());
    }

    /**
     * The proposals of trials {@code first} to {@code end - 1}, members of one batch: grid and random trials
     * each on their own; TPE after the start-up trials from the complete trials numbered before
     * {@code first}, each member also seeing the members before it, scored with the lie.
     */
    static List<Map<String, Object>> batch(SearchSpace space, Tuner.Settings settings, int first, int end, List<Tuner.Trial> before) {
        var proposals = new ArrayList<Map<String, Object>>();
        if (settings.strategy().equals("grid")) {
            List<Map<String, Object>> grid = grid(space, settings.gridPoints(), settings.trials());
            for (int number = first; number < end; number++) {
                proposals.add(grid.get(number));
            }
            return proposals;
        }
        boolean maximize = !Tuner.lowerIsBetter(settings.metric());
        // ordered by number: sequential TPE saw its trials in the order they finished, which one at a time is this order
        var complete = new ArrayList<>(before.stream().filter(trial -> trial.number() < first && trial.state().equals("complete"))
                .sorted(java.util.Comparator.comparingInt(Tuner.Trial::number)).toList());
        // pruned trials count among the bad ones (as Optuna's TPE ranks them after every complete trial): else TPE,
        // seeing only what survived, proposes the region the pruner keeps stopping again and again
        List<Tuner.Trial> pruned = before.stream().filter(trial -> trial.number() < first && trial.state().equals("pruned"))
                .sorted(java.util.Comparator.comparingInt(Tuner.Trial::number)).toList();
        boolean startup = settings.strategy().equals("random") || complete.size() < Tuner.STARTUP_TRIALS;
        double lie = startup ? Double.NaN : complete.stream().mapToDouble(Tuner.Trial::value)
                .reduce(maximize ? Double::min : Double::max).orElseThrow();
        for (int number = first; number < end; number++) {
            Random random = Seeds.random(settings.seed(), number);
            Map<String, Object> params = startup ? random(space, random) : tpe(space, complete, pruned, maximize, random);
            proposals.add(params);
            if (!startup) {
                complete.add(new Tuner.Trial(number, params, lie, "complete", 0, null, Map.of()));
            }
        }
        return proposals;
    }

    /** The value a store's text of a hyperparameter names (a trial's param recorded as text): a long, a double or one of the choices. */
    public static Object valueOf(SearchSpace.Dimension dimension, String text) {
        return switch (dimension.kind()) {
            case "int" -> Long.parseLong(text);
            case "float" -> Double.parseDouble(text);
            default -> dimension.choices().stream().filter(choice -> String.valueOf(choice).equals(text)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(dimension.name() + ": '" + text + "' is not one of " + dimension.choices()));
        };
    }

    public static Map<String, Object> random(SearchSpace space, Random random) {
        var params = new LinkedHashMap<String, Object>();
        space.dimensions().forEach((name, dimension) -> params.put(name, dimension.sample(random)));
        return params;
    }

    public static List<Map<String, Object>> grid(SearchSpace space, int points, int limit) {
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
     * min(⌈0.1 n⌉, 25) of the complete ones) and one of the rest (the pruned trials among them),
     * each with a prior over the whole range; of 24 values drawn from the good one, the one with the
     * highest good/bad density ratio.
     */
    private static Map<String, Object> tpe(SearchSpace space, List<Tuner.Trial> completed, List<Tuner.Trial> pruned, boolean maximize,
                                           Random random) {
        var sorted = new ArrayList<>(completed);
        sorted.sort((a, b) -> maximize ? Double.compare(b.value(), a.value()) : Double.compare(a.value(), b.value()));
        int good = Math.max(1, Math.min(Math.min((int) Math.ceil(0.1 * (sorted.size() + pruned.size())), 25), sorted.size()));
        sorted.addAll(pruned);
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
                for (int c = 0; c < Tuner.EI_CANDIDATES; c++) {
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
                for (int c = 0; c < Tuner.EI_CANDIDATES; c++) {
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

}
