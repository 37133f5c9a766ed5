package io.pipewright.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluation metrics for the pipeline's {@code evaluate} node, defined as scikit-learn defines them so
 * that a figure shown here can be checked against the Python tool people already trust.
 *
 * <p>Class labels are {@code 0..classes-1}. Every method checks its arguments and throws
 * {@link IllegalArgumentException} with a message saying what is wrong and where.
 */
public final class Metrics {

    /** sklearn's clipping bound for log loss: keeps a confident wrong answer finite. */
    static final double LOG_LOSS_EPS = 1e-15;

    /** sklearn's guard against division by a zero target in MAPE: {@code np.finfo(np.float64).eps}. */
    static final double MAPE_EPS = 2.220446049250313e-16;

    private Metrics() {
    }

    /**
     * A curve through the points of a ranking, one point per distinct threshold.
     *
     * @param x          the abscissa of each point
     * @param y          the ordinate of each point
     * @param thresholds the score threshold of each point: a row counts as predicted positive when its score is
     *                   {@code >=} the threshold; same length as {@code x} and {@code y}
     */
    public record Curve(double[] x, double[] y, double[] thresholds) {
    }

    /**
     * {@link #classification} of a model's class probabilities: each row's {@code known} probabilities
     * (for the classes the model knows, zero for the rest of {@code classes}) and its likeliest class as
     * the prediction.
     */
    public static Map<String, Double> fromProbabilities(int[] truth, double[][] known, int classes) {
        var probabilities = new double[truth.length][classes];
        var predicted = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            System.arraycopy(known[i], 0, probabilities[i], 0, known[i].length);
            int best = 0;
            for (int k = 1; k < known[i].length; k++) {
                if (known[i][k] > known[i][best]) {
                    best = k;
                }
            }
            predicted[i] = best;
        }
        return classification(truth, predicted, probabilities, classes);
    }

    /**
     * Classification metrics, in this order: {@code accuracy, precision_macro, recall_macro, f1_macro,
     * f1_weighted, roc_auc, pr_auc, log_loss}.
     *
     * <ul>
     * <li>Precision, recall and F1 as scikit-learn with {@code zero_division=0}: a class never predicted has
     * precision 0. Macro averages are unweighted means over the classes present in {@code truth} or in
     * {@code predicted}; {@code f1_weighted} weights each class's F1 by its support in {@code truth}.</li>
     * <li>{@code roc_auc} and {@code pr_auc} (average precision, step-wise as sklearn's
     * {@code average_precision_score}): with two classes, class 1 is the positive one and its probability the
     * score; with more, one-vs-rest, macro-averaged over the classes that have both positive and negative rows
     * in {@code truth}. Where no class qualifies (every row of one class), the value is NaN.</li>
     * <li>{@code log_loss}: the mean of {@code -ln p}, where {@code p} is the probability given to the true
     * class clipped to {@code [1e-15, 1 - 1e-15]}. Rows are not renormalised.</li>
     * </ul>
     *
     * @param probabilities {@code probabilities[i][k]} is P(class k) for row i, each in [0, 1]; may be null,
     *                      and then {@code roc_auc}, {@code pr_auc} and {@code log_loss} are left out
     * @return a new {@link LinkedHashMap}
     */
    public static Map<String, Double> classification(int[] truth, int[] predicted, double[][] probabilities,
            int classes) {
        requireClasses(classes);
        requireSameLength("truth", truth, "predicted", predicted);
        requireLabels("truth", truth, classes);
        requireLabels("predicted", predicted, classes);
        if (probabilities != null) {
            requireProbabilities(probabilities, truth.length, classes);
        }
        int n = truth.length;
        long[][] confusion = count(truth, predicted, classes);

        long correct = 0;
        double precisionSum = 0;
        double recallSum = 0;
        double f1Sum = 0;
        double f1Weighted = 0;
        int labels = 0;
        for (int k = 0; k < classes; k++) {
            long tp = confusion[k][k];
            long support = 0; // rows whose truth is k
            long predictedAsK = 0;
            for (int j = 0; j < classes; j++) {
                support += confusion[k][j];
                predictedAsK += confusion[j][k];
            }
            correct += tp;
            if (support == 0 && predictedAsK == 0) {
                continue; // sklearn's labels are the union of the labels seen; an unseen class has no say
            }
            labels++;
            double precision = predictedAsK == 0 ? 0 : (double) tp / predictedAsK;
            double recall = support == 0 ? 0 : (double) tp / support;
            // 2tp / (2tp + fp + fn) equals 2PR / (P + R) and is 0, not 0/0, when tp is 0
            double f1 = tp == 0 ? 0 : 2.0 * tp / (support + predictedAsK);
            precisionSum += precision;
            recallSum += recall;
            f1Sum += f1;
            f1Weighted += f1 * support;
        }

        var result = new LinkedHashMap<String, Double>();
        result.put("accuracy", (double) correct / n);
        result.put("precision_macro", precisionSum / labels);
        result.put("recall_macro", recallSum / labels);
        result.put("f1_macro", f1Sum / labels);
        result.put("f1_weighted", f1Weighted / n);
        if (probabilities != null) {
            if (classes == 2) {
                double[] scores = column(probabilities, 1);
                RankCounts counts = RankCounts.of(truth, scores, 1);
                boolean defined = counts.positives() > 0 && counts.negatives() > 0;
                result.put("roc_auc", defined ? counts.rocAuc() : Double.NaN);
                result.put("pr_auc", defined ? counts.averagePrecision() : Double.NaN);
            } else {
                double rocSum = 0;
                double prSum = 0;
                int averaged = 0;
                for (int k = 0; k < classes; k++) {
                    RankCounts counts = RankCounts.of(truth, column(probabilities, k), k);
                    if (counts.positives() == 0 || counts.negatives() == 0) {
                        continue;
                    }
                    rocSum += counts.rocAuc();
                    prSum += counts.averagePrecision();
                    averaged++;
                }
                result.put("roc_auc", averaged == 0 ? Double.NaN : rocSum / averaged);
                result.put("pr_auc", averaged == 0 ? Double.NaN : prSum / averaged);
            }
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double p = Math.min(Math.max(probabilities[i][truth[i]], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
                loss -= Math.log(p);
            }
            result.put("log_loss", loss / n);
        }
        return result;
    }

    /**
     * Regression metrics, in this order: {@code rmse, mae, r2, mape}.
     *
     * <p>{@code r2} is {@code 1 - SSres/SStot}; when the truth is constant (SStot 0) it is 1.0 for a perfect
     * prediction and 0.0 otherwise, as sklearn. {@code mape} is sklearn's
     * {@code mean_absolute_percentage_error}: the mean of {@code |y - p| / max(|y|, 2.220446049250313e-16)}, a
     * fraction, not a percent, and huge where a truth is 0 and the prediction is not.
     *
     * @return a new {@link LinkedHashMap}
     * @throws IllegalArgumentException on unequal or zero lengths, or a NaN or infinite value (naming its index)
     */
    public static Map<String, Double> regression(double[] truth, double[] predicted) {
        if (truth == null || predicted == null) {
            throw new IllegalArgumentException("truth and predicted must not be null");
        }
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " values but predicted has "
                    + predicted.length);
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("truth and predicted are empty");
        }
        requireFinite("truth", truth);
        requireFinite("predicted", predicted);
        int n = truth.length;
        double mean = 0;
        for (double y : truth) {
            mean += y;
        }
        mean /= n;
        double squared = 0;
        double absolute = 0;
        double relative = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double error = truth[i] - predicted[i];
            squared += error * error;
            absolute += Math.abs(error);
            relative += Math.abs(error) / Math.max(Math.abs(truth[i]), MAPE_EPS);
            double deviation = truth[i] - mean;
            total += deviation * deviation;
        }
        double r2 = total == 0 ? (squared == 0 ? 1.0 : 0.0) : 1 - squared / total;

        var result = new LinkedHashMap<String, Double>();
        result.put("rmse", Math.sqrt(squared / n));
        result.put("mae", absolute / n);
        result.put("r2", r2);
        result.put("mape", relative / n);
        return result;
    }

    /** Counts of rows by true class (first index) and predicted class (second index). */
    public static long[][] confusionMatrix(int[] truth, int[] predicted, int classes) {
        requireClasses(classes);
        requireSameLength("truth", truth, "predicted", predicted);
        requireLabels("truth", truth, classes);
        requireLabels("predicted", predicted, classes);
        return count(truth, predicted, classes);
    }

    /**
     * The ROC curve, as sklearn's {@code roc_curve(..., drop_intermediate=False)}: {@code x} is the false
     * positive rate, {@code y} the true positive rate. The first point is (0, 0) at threshold
     * {@code +Infinity}; then one point per distinct score, thresholds descending, ending at (1, 1).
     *
     * @param truth    labels; a row is positive when its label equals {@code positive}, negative otherwise
     * @param scores   higher means more likely positive; finite
     * @throws IllegalArgumentException also when {@code truth} has no positive or no negative row, for which
     *                                  one of the rates is undefined
     */
    public static Curve roc(int[] truth, double[] scores, int positive) {
        RankCounts counts = RankCounts.of(truth, scores, positive);
        if (counts.positives() == 0 || counts.negatives() == 0) {
            throw new IllegalArgumentException("a ROC curve needs positive and negative rows, but truth has "
                    + counts.positives() + " rows labelled " + positive + " and " + counts.negatives() + " others");
        }
        int points = counts.thresholds().length;
        double[] fpr = new double[points];
        double[] tpr = new double[points];
        for (int i = 0; i < points; i++) {
            fpr[i] = (double) counts.falsePositives()[i] / counts.negatives();
            tpr[i] = (double) counts.truePositives()[i] / counts.positives();
        }
        return new Curve(fpr, tpr, counts.thresholds().clone());
    }

    /**
     * The precision-recall curve: {@code x} is recall, {@code y} precision. Points come by decreasing
     * threshold, which is the reverse of sklearn's {@code precision_recall_curve}, and with the same points:
     * the first point is sklearn's extra one, (recall 0, precision 1), given the threshold {@code +Infinity}
     * here; then one point per distinct score, thresholds descending, the last at recall 1. All three arrays
     * therefore have the same length (sklearn's thresholds array is one shorter).
     *
     * @param truth    labels; a row is positive when its label equals {@code positive}, negative otherwise
     * @param scores   higher means more likely positive; finite
     * @throws IllegalArgumentException also when {@code truth} has no positive row, for which recall is undefined
     */
    public static Curve precisionRecall(int[] truth, double[] scores, int positive) {
        RankCounts counts = RankCounts.of(truth, scores, positive);
        if (counts.positives() == 0) {
            throw new IllegalArgumentException("a precision-recall curve needs positive rows, but truth has no row"
                    + " labelled " + positive);
        }
        int points = counts.thresholds().length;
        double[] recall = new double[points];
        double[] precision = new double[points];
        recall[0] = 0;
        precision[0] = 1;
        for (int i = 1; i < points; i++) {
            long tp = counts.truePositives()[i];
            recall[i] = (double) tp / counts.positives();
            precision[i] = (double) tp / (tp + counts.falsePositives()[i]);
        }
        return new Curve(recall, precision, counts.thresholds().clone());
    }

    /**
     * Cumulative true and false positives at each distinct threshold, highest first, after a leading
     * threshold of +Infinity where both are 0. Both curves and both areas are read off these counts.
     */
    private record RankCounts(double[] thresholds, long[] truePositives, long[] falsePositives, long positives,
            long negatives) {

        static RankCounts of(int[] truth, double[] scores, int positive) {
            if (truth == null || scores == null) {
                throw new IllegalArgumentException("truth and scores must not be null");
            }
            if (truth.length != scores.length) {
                throw new IllegalArgumentException("truth has " + truth.length + " values but scores has "
                        + scores.length);
            }
            if (truth.length == 0) {
                throw new IllegalArgumentException("truth and scores are empty");
            }
            requireFinite("scores", scores);
            int positives = 0;
            for (int label : truth) {
                if (label == positive) {
                    positives++;
                }
            }
            // Sort each group's scores on its own and merge from the top: primitive sorts, no boxed indices.
            double[] pos = new double[positives];
            double[] neg = new double[truth.length - positives];
            int p = 0;
            int q = 0;
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] == positive) {
                    pos[p++] = scores[i];
                } else {
                    neg[q++] = scores[i];
                }
            }
            Arrays.sort(pos);
            Arrays.sort(neg);

            int capacity = truth.length + 1;
            double[] thresholds = new double[capacity];
            long[] tps = new long[capacity];
            long[] fps = new long[capacity];
            thresholds[0] = Double.POSITIVE_INFINITY;
            int points = 1;
            int pi = pos.length - 1;
            int ni = neg.length - 1;
            long tp = 0;
            long fp = 0;
            while (pi >= 0 || ni >= 0) {
                double threshold;
                if (pi < 0) {
                    threshold = neg[ni];
                } else if (ni < 0) {
                    threshold = pos[pi];
                } else {
                    threshold = Math.max(pos[pi], neg[ni]);
                }
                while (pi >= 0 && pos[pi] == threshold) {
                    tp++;
                    pi--;
                }
                while (ni >= 0 && neg[ni] == threshold) {
                    fp++;
                    ni--;
                }
                thresholds[points] = threshold;
                tps[points] = tp;
                fps[points] = fp;
                points++;
            }
            return new RankCounts(Arrays.copyOf(thresholds, points), Arrays.copyOf(tps, points),
                    Arrays.copyOf(fps, points), pos.length, neg.length);
        }

        /** Trapezoids between successive points: a tie between a positive and a negative counts half. */
        double rocAuc() {
            double area = 0;
            for (int i = 1; i < thresholds.length; i++) {
                area += (double) (falsePositives[i] - falsePositives[i - 1])
                        * (double) (truePositives[i] + truePositives[i - 1]);
            }
            return area / (2.0 * positives * negatives);
        }

        /** Sum over points of (recall gained) × (precision there): steps, not trapezoids, as sklearn. */
        double averagePrecision() {
            double sum = 0;
            for (int i = 1; i < thresholds.length; i++) {
                long gained = truePositives[i] - truePositives[i - 1];
                if (gained > 0) {
                    sum += (double) gained * truePositives[i] / (truePositives[i] + falsePositives[i]);
                }
            }
            return sum / positives;
        }
    }

    private static long[][] count(int[] truth, int[] predicted, int classes) {
        long[][] confusion = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
        }
        return confusion;
    }

    private static double[] column(double[][] rows, int k) {
        double[] column = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            column[i] = rows[i][k];
        }
        return column;
    }

    private static void requireClasses(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, was " + classes);
        }
    }

    private static void requireSameLength(String aName, int[] a, String bName, int[] b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException(aName + " and " + bName + " must not be null");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException(aName + " has " + a.length + " labels but " + bName + " has "
                    + b.length);
        }
        if (a.length == 0) {
            throw new IllegalArgumentException(aName + " and " + bName + " are empty");
        }
    }

    private static void requireLabels(String name, int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + labels[i] + ", outside the classes 0.."
                        + (classes - 1));
            }
        }
    }

    private static void requireProbabilities(double[][] probabilities, int rows, int classes) {
        if (probabilities.length != rows) {
            throw new IllegalArgumentException("probabilities has " + probabilities.length + " rows but truth has "
                    + rows);
        }
        for (int i = 0; i < rows; i++) {
            double[] row = probabilities[i];
            if (row == null || row.length != classes) {
                throw new IllegalArgumentException("probabilities[" + i + "] has "
                        + (row == null ? "no values" : row.length + " values") + " but there are " + classes
                        + " classes");
            }
            for (int k = 0; k < classes; k++) {
                // !(in range) also catches NaN
                if (!(row[k] >= 0 && row[k] <= 1)) {
                    throw new IllegalArgumentException("probabilities[" + i + "][" + k + "] is " + row[k]
                            + ", not a probability in [0, 1]");
                }
            }
        }
    }

    private static void requireFinite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " has " + values[i] + " at index " + i
                        + "; values must be finite numbers");
            }
        }
    }
}
