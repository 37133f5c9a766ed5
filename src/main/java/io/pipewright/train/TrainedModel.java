package io.pipewright.train;

import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * A model as a whole: the target and task, the class labels, the preprocessing steps fitted before
 * training, the fitted feature encoding, the
 * algorithm with its hyperparameters, the fitted estimator, and how the training rows spread over
 * each feature's bins (the reference a server's drift gauges compare inputs with; empty for models
 * written before it was kept). What it predicts from a table is
 * the same at training, evaluation and serving time.
 */
public record TrainedModel(String algorithm, Task task, String target, List<String> labels, List<Step> steps, FeatureEncoding encoding,
                           List<ModelArtifact.Input> inputs, Map<String, Object> hyperparameters, Estimator estimator, String trainingData, long trainingRows,
                           double[] priors, List<FeatureBins> reference) {
    public TrainedModel {
        reference = reference == null ? List.of() : List.copyOf(reference);
    }

    /** Class probabilities per row of a raw table (the preprocessing steps are applied first). */
    public double[][] probabilities(Table table) {
        return probabilities(table, 0);
    }

    /** The same for a table that already went through the first {@code applied} preprocessing steps. */
    public double[][] probabilities(Table table, int applied) {
        if (task != Task.CLASSIFICATION) {
            throw new IllegalStateException("a regression model has no class probabilities");
        }
        return estimator.probabilities(encoding.transform(Step.applyAll(steps.subList(applied, steps.size()), table)));
    }

    /** The most probable class index per row. */
    public int[] classes(Table table) {
        double[][] probabilities = probabilities(table);
        var result = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            int best = 0;
            for (int k = 1; k < probabilities[i].length; k++) {
                if (probabilities[i][k] > probabilities[i][best]) {
                    best = k;
                }
            }
            result[i] = best;
        }
        return result;
    }

    public double[] values(Table table) {
        return values(table, 0);
    }

    public double[] values(Table table, int applied) {
        if (task != Task.REGRESSION) {
            throw new IllegalStateException("a classifier predicts classes");
        }
        return estimator.predict(encoding.transform(Step.applyAll(steps.subList(applied, steps.size()), table)));
    }
}
