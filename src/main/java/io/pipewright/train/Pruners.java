package io.pipewright.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How poor trials are stopped early, from the validation values they report per step. The rule is
 * one; where the other trials' values come from is not: from memory when the trials run in one
 * process, from the store when each runs in its own ({@link Steps}).
 */
public final class Pruners {
    static final int WARMUP_STEPS = 5;
    static final int MIN_TRIALS_FOR_PRUNING = 5;

    private Pruners() {
    }

    /** Where a trial's values go, and where the pruner reads the other trials' values from. */
    public interface Steps {
        /**
         * Trial {@code trial} reached {@code step} with the validation value {@code value} ({@code higher}: higher
         * is better); returns whether {@code pruner} stops it there ("none" never does).
         */
        boolean reached(String pruner, int trial, int step, double value, boolean higher);

        /** The trial completed: its values now count for the median rule. */
        void completed(int trial);
    }

    /**
     * The trials of one process: their values kept in memory; {@code batchFirst} gives the first trial of a
     * trial's batch, and a trial is compared with the trials before it only ({@link TrialBatches}).
     */
    public static Steps inMemory(java.util.function.IntUnaryOperator batchFirst) {
        return new InMemory(batchFirst);
    }

    /**
     * median: after the warm-up steps, prune when this trial's best value so far is below the median of
     * the completed trials' best values up to the same step. successive_halving: at rungs 1, 3, 9, 27, …
     * (×3) steps, keep only the top third of the values seen at that rung. Curves map a step to a value
     * oriented so that higher is better; {@code all} holds every trial's curve seen, this one's included.
     */
    public static boolean shouldPrune(String pruner, Map<Integer, Double> own, int step, double value, Collection<Map<Integer, Double>> completed,
                                      Collection<Map<Integer, Double>> all) {
        if (pruner.equals("none")) {
            return false;
        }
        if (pruner.equals("median")) {
            if (step < WARMUP_STEPS || completed.size() < MIN_TRIALS_FOR_PRUNING) {
                return false;
            }
            double best = bestUpTo(own, step);
            var others = new ArrayList<Double>();
            for (var curve : completed) {
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
        if (!isRung(step)) {
            return false;
        }
        var atRung = new ArrayList<Double>();
        for (var curve : all) {
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

    /** Whether successive halving compares trials at this step (1, 3, 9, 27, …). */
    public static boolean isRung(int step) {
        int rung = 1;
        while (rung < step) {
            rung *= 3;
        }
        return rung == step;
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

    /** Each trial's values by step (oriented so that higher is better), shared by the trials running in this process. */
    private static final class InMemory implements Steps {
        private final Map<Integer, Map<Integer, Double>> byTrial = new HashMap<>();
        private final Set<Integer> completed = new HashSet<>();
        private final java.util.function.IntUnaryOperator batchFirst;

        InMemory(java.util.function.IntUnaryOperator batchFirst) {
            this.batchFirst = batchFirst;
        }

        @Override
        public synchronized boolean reached(String pruner, int trial, int step, double value, boolean higher) {
            double oriented = higher ? value : -value;
            Map<Integer, Double> own = byTrial.computeIfAbsent(trial, key -> new HashMap<>());
            own.merge(step, oriented, Math::max);
            // the trials of earlier batches only: the batch's own are still running here, and not yet at all elsewhere
            int before = batchFirst.applyAsInt(trial);
            List<Map<Integer, Double>> done = completed.stream().filter(number -> number < before).map(byTrial::get).toList();
            var seen = new java.util.ArrayList<Map<Integer, Double>>();
            byTrial.forEach((number, curve) -> {
                if (number < before || number == trial) {
                    seen.add(curve);
                }
            });
            return shouldPrune(pruner, own, step, oriented, done, seen);
        }

        @Override
        public synchronized void completed(int trial) {
            completed.add(trial);
        }
    }
}
