package io.pipewright.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What flows along a {@code metrics} connection: the model's metrics on a table, the same metrics
 * of the baselines beside it (majority class and stratified guessing, or the training mean), and,
 * for a classifier, the confusion matrix over its labels.
 */
public record Evaluation(String task, Map<String, Double> metrics, Map<String, Map<String, Double>> baselines, List<String> labels,
                         long[][] confusion, long rows, Map<String, Curves> curves) {

    /**
     * ROC and precision-recall points of one class against the rest (for two classes, of the second
     * label): false positive rate → true positive rate, recall → precision.
     */
    public record Curves(io.pipewright.train.Metrics.Curve roc, io.pipewright.train.Metrics.Curve precisionRecall) {
    }
}
