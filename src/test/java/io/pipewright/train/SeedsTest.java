package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Random search and random forests draw from independent streams of their seed, so their samples spread over the whole range. */
class SeedsTest {
    private static final Algorithm XGBOOST = Algorithms.find("xgboost").orElseThrow();

    @Test
    void fiftyRandomTrialsOverFiveDepthsTakeEveryDepth() {
        var space = SearchSpace.parse(Map.of("max_depth", Map.of("int", List.of(2, 6))), XGBOOST);
        var request = new Trainer.Request("label", "xgboost", Map.of("num_round", 3, "nthread", 1), null, List.of(), 3, null, List.of(), null);
        for (long seed : new long[] {0, 7, 42}) {
            var study = Tuner.run(TunerTest.data(120, 1), TunerTest.data(60, 2), request, space,
                    new Tuner.Settings("random", 50, "accuracy", "none", 1, 5, seed), Tuner.Observer.NONE);
            var depths = new TreeSet<Object>();
            study.trials().forEach(trial -> depths.add(trial.params().get("max_depth")));
            assertThat(depths).as("depths drawn with seed %d", seed).containsExactly(2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void theFirstDrawOfConsecutiveTrialsIsUniform() {
        // Kolmogorov–Smirnov: with n = 1000 draws, D stays under 1.63/√n ≈ 0.052 at the 1 % level
        var space = SearchSpace.parse(Map.of("eta", Map.of("float", List.of(0.001, 1.0))), XGBOOST);
        int n = 1000;
        for (long seed : new long[] {0, 1, 12345}) {
            double[] draws = new double[n];
            for (int trial = 0; trial < n; trial++) {
                draws[trial] = ((Double) TrialProposals.random(space, Seeds.random(seed, trial)).get("eta") - 0.001) / 0.999;
            }
            Arrays.sort(draws);
            double d = 0;
            for (int i = 0; i < n; i++) {
                d = Math.max(d, Math.max((i + 1.0) / n - draws[i], draws[i] - (double) i / n));
            }
            assertThat(d).as("KS distance of 1000 first draws, seed %d", seed).isLessThan(1.63 / Math.sqrt(n));
        }
    }

    @Test
    void streamsAreDistinctAndStable() {
        var seen = new HashSet<Long>();
        for (long seed = 0; seed < 50; seed++) {
            for (long index = 0; index < 50; index++) {
                assertThat(seen.add(Seeds.stream(seed, index))).isTrue();
            }
        }
        assertThat(Seeds.stream(9, 3)).isEqualTo(Seeds.stream(9, 3));
    }

    @Test
    void theTreesOfARandomForestDiffer() {
        double[][] x = interactions(300);
        var data = new TrainingData(x, classesOf(x), null, 2);
        var forest = new SmileAlgorithms.RandomForest();
        var params = defaults(forest);
        params.put("trees", 20L);
        var estimator = (SmileAlgorithms.FrameEstimator) forest.fit(Task.CLASSIFICATION, data, null, params, 11, TrainingListener.NONE);
        var model = (smile.classification.RandomForest) estimator.model();
        var schema = SmileAlgorithms.schema(4);
        var votes = new HashSet<String>();
        for (var tree : model.trees()) {
            var predictions = new StringBuilder();
            for (double[] row : x) {
                predictions.append(tree.predict(smile.data.Tuple.of(row, schema)));
            }
            votes.add(predictions.toString());
        }
        // each tree grows on its own bootstrap sample: no two of the 20 should vote alike on all 300 rows
        // (Smile seeds a Mersenne Twister per tree, whose initialisation mixes the seed; this guards the seeds we hand it)
        assertThat(votes).hasSize(20);
    }

    @Test
    void aForestIsTheSameWhateverThreadsBuildItsTrees() throws Exception {
        // a cluster pod and a laptop differ in cores; the same seed must give the same forest on both
        double[][] x = interactions(300);
        var data = new TrainingData(x, classesOf(x), null, 2);
        var forest = new SmileAlgorithms.RandomForest();
        var params = defaults(forest);
        params.put("trees", 40L);
        var probabilities = new java.util.ArrayList<double[][]>();
        for (int threads : new int[] {1, 4, 1, 3}) {
            var pool = new java.util.concurrent.ForkJoinPool(threads);
            try {
                // Smile's trees are built by a parallel stream, which runs in the pool of the thread that starts it
                var estimator = pool.submit(() -> forest.fit(Task.CLASSIFICATION, data, null, params, 7, TrainingListener.NONE)).get();
                probabilities.add(estimator.probabilities(x));
            } finally {
                pool.shutdown();
            }
        }
        for (int run = 1; run < probabilities.size(); run++) {
            assertThat(probabilities.get(run)).as("run %d against the first", run).isDeepEqualTo(probabilities.get(0));
        }
    }

    /** Four seeded Gaussian features per row. */
    private static double[][] interactions(int rows) {
        var random = new Random(5);
        double[][] x = new double[rows][4];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = random.nextGaussian();
            }
        }
        return x;
    }

    /** A class from an interaction of the features, with seeded noise. */
    private static int[] classesOf(double[][] x) {
        var noise = new Random(6);
        int[] classes = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            classes[i] = x[i][0] + x[i][1] * x[i][2] + 0.5 * noise.nextGaussian() > 0 ? 1 : 0;
        }
        return classes;
    }

    private static java.util.Map<String, Object> defaults(Algorithm algorithm) {
        var params = new java.util.LinkedHashMap<String, Object>();
        algorithm.hyperparameters().forEach(h -> params.put(h.name(), h.defaultValue()));
        return params;
    }
}
