package io.pipewright.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.work.CancelledException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

/**
 * Learners written here in plain Java, with no native code and no Java serialization: a multilayer
 * perceptron, k nearest neighbours, Gaussian naive Bayes and a linear support vector machine. Each
 * stores its model as JSON, is deterministic for a seed, and checks its input the same way (the
 * helpers below), so that a bad table fails with one message that names the row, column or
 * hyperparameter.
 */
final class MoreAlgorithms {
    /** A probability below this counts as this in a log loss: as {@link Metrics}, so curves and final metrics agree. */
    static final double LOG_LOSS_EPS = 1e-15;

    private static final ObjectMapper JSON = new ObjectMapper();

    private MoreAlgorithms() {
    }

    static List<Algorithm> all() {
        return List.of(new MultilayerPerceptron(), new NearestNeighbours(), new GaussianNaiveBayes(), new LinearSvm());
    }

    /**
     * Checks rows and target before fitting and returns the number of features: at least one row, all rows
     * of one width and finite, class indexes within the class count (classification) or finite values
     * (regression), and a task the algorithm does.
     */
    static int requireTrainingData(Algorithm algorithm, Task task, TrainingData data, String role) {
        if (!algorithm.tasks().contains(task)) {
            throw new IllegalArgumentException(algorithm.name() + " does not do " + task.id());
        }
        if (data == null || data.x() == null || data.rows() == 0) {
            throw new IllegalArgumentException("the " + role + " data has no rows");
        }
        int width = data.x()[0] == null ? 0 : data.x()[0].length;
        if (width == 0) {
            throw new IllegalArgumentException("the " + role + " data has no features");
        }
        requireRows(data.x(), width, role + " row");
        if (task == Task.CLASSIFICATION) {
            if (data.classes() == null || data.classes().length != data.rows()) {
                throw new IllegalArgumentException("the " + role + " data has no class for every row");
            }
            if (data.classCount() < 2) {
                throw new IllegalArgumentException("the " + role + " data has " + data.classCount() + " class; at least 2 are needed");
            }
            for (int i = 0; i < data.classes().length; i++) {
                int k = data.classes()[i];
                if (k < 0 || k >= data.classCount()) {
                    throw new IllegalArgumentException(role + " row " + i + " has class " + k + ", outside 0.." + (data.classCount() - 1));
                }
            }
        } else {
            if (data.values() == null || data.values().length != data.rows()) {
                throw new IllegalArgumentException("the " + role + " data has no target value for every row");
            }
            for (int i = 0; i < data.values().length; i++) {
                if (!Double.isFinite(data.values()[i])) {
                    throw new IllegalArgumentException(role + " row " + i + " has target " + data.values()[i] + "; values must be finite numbers");
                }
            }
        }
        return width;
    }

    /** The validation rows, or null when there are none; checked like the training rows and of the same width. */
    static TrainingData usableValidation(Algorithm algorithm, Task task, TrainingData valid, int width) {
        if (valid == null || valid.x() == null || valid.rows() == 0) {
            return null;
        }
        int validWidth = requireTrainingData(algorithm, task, valid, "validation");
        if (validWidth != width) {
            throw new IllegalArgumentException("validation rows have " + validWidth + " features but training rows have " + width);
        }
        return valid;
    }

    /** Every row has {@code width} finite values; {@code what} names a row in the message ("row", "training row"). */
    static void requireRows(double[][] x, int width, String what) {
        if (x == null) {
            throw new IllegalArgumentException("no rows were given");
        }
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (row == null || row.length != width) {
                throw new IllegalArgumentException(what + " " + i + " has " + (row == null ? 0 : row.length) + " features, not " + width);
            }
            for (int j = 0; j < width; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException(what + " " + i + " has " + row[j] + " in feature " + j + "; features must be finite numbers");
                }
            }
        }
    }

    static void throwIfCancelled(TrainingListener listener) {
        if (listener.cancelled()) {
            throw new CancelledException();
        }
    }

    /** Fisher-Yates with the caller's seeded random: the same seed gives the same order on every machine. */
    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    static int[] identity(int n) {
        var order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Softmax of {@code scores} into {@code into}, shifted by the largest score so that no exponent overflows. */
    static void softmax(double[] scores, double[] into) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < scores.length; k++) {
            into[k] = Math.exp(scores[k] - max);
            sum += into[k];
        }
        for (int k = 0; k < scores.length; k++) {
            into[k] /= sum;
        }
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }

    static byte[] toJson(Object model) {
        try {
            return JSON.writeValueAsBytes(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload read back; a payload of another algorithm or a damaged one is refused with the reason. */
    static <T> T fromJson(byte[] payload, Class<T> type, String algorithm) {
        try {
            return JSON.readValue(payload, type);
        } catch (JsonProcessingException e) {
            // a model record's own check says best what is wrong; Jackson's wrapper adds only its location
            String reason = e.getCause() instanceof IllegalArgumentException invalid ? invalid.getMessage() : io.pipewright.work.JsonErrors.plain(e);
            throw new IllegalArgumentException("the " + algorithm + " model cannot be read: " + reason, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + algorithm + " model cannot be read: " + e.getMessage(), e);
        }
    }

    /** Arrays read from a payload: present, and of the lengths the rest of the model says. */
    static void requireLength(String field, double[] values, int length) {
        if (values == null || values.length != length) {
            throw new IllegalArgumentException(field + " must have " + length + " values, not " + (values == null ? "none" : values.length));
        }
    }
}
