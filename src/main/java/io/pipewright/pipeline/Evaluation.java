package io.pipewright.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What flows along a {@code metrics} connection: the model's metrics on a table, the same metrics
 * of the baselines beside it (majority class and stratified guessing, or the training mean), and,
 * for a classifier, the confusion matrix over its labels; in memory, the rows it was computed on ({@code holdout}).
 */
public record Evaluation(String task, Map<String, Double> metrics, Map<String, Map<String, Double>> baselines, List<String> labels,
                         long[][] confusion, long rows, Map<String, Curves> curves,
                         @com.fasterxml.jackson.annotation.JsonIgnore io.pipewright.pipeline.gate.Holdout holdout) {

    /** An evaluation without its rows (read back from JSON, or made outside a run). */
    public Evaluation(String task, Map<String, Double> metrics, Map<String, Map<String, Double>> baselines, List<String> labels,
                      long[][] confusion, long rows, Map<String, Curves> curves) {
        this(task, metrics, baselines, labels, confusion, rows, curves, null);
    }

    /**
     * The same evaluation carrying the rows it was computed on, which a register node downstream gates the model on
     * (the promotion gates score the alias's holder on the same rows). Kept in memory only: not written to JSON, so an
     * evaluation read back from a file ({@code <node>.evaluation.json}, a node run as its own process) has none.
     */
    public Evaluation withHoldout(io.pipewright.pipeline.gate.Holdout rows) {
        return new Evaluation(task, metrics, baselines, labels, confusion, this.rows, curves, rows);
    }

    /**
     * ROC and precision-recall points of one class against the rest (for two classes, of the second
     * label): false positive rate → true positive rate, recall → precision.
     */
    public record Curves(io.pipewright.train.Metrics.Curve roc, io.pipewright.train.Metrics.Curve precisionRecall) {
    }
}
