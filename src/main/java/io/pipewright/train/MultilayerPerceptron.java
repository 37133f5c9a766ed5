package io.pipewright.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multilayer perceptron ({@code mlp}): fully connected hidden layers (ReLU or tanh), then a softmax output
 * trained on cross-entropy (classification) or one linear output trained on squared error (regression), by
 * mini-batch Adam with an L2 penalty on the weights.
 *
 * <p>Inputs are standardised with the training rows' mean and standard deviation, and a regression target
 * likewise (so that one learning rate suits targets in cents and in millions); both scalings travel in the
 * payload. Weights start with He initialisation before ReLU and Glorot (Xavier) initialisation elsewhere, drawn
 * from {@code new Random(seed)}, and the same Random shuffles the rows every epoch: one seed gives the same
 * model bit for bit. With validation rows, each epoch's validation loss is published, and with
 * {@code early_stopping_rounds > 0} training stops when it has not improved for that many epochs and the best
 * epoch's weights are kept. The payload is JSON ({@link Model}): about 20 bytes per weight.
 */
final class MultilayerPerceptron implements Algorithm {
    static final String NAME = "mlp";
    static final List<String> SHAPES = List.of("32", "64", "128", "256", "64,32", "128,64", "256,128");

    private static final Logger LOG = LoggerFactory.getLogger(MultilayerPerceptron.class);
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Multilayer perceptron: a fully connected neural network trained by Adam";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(
                Hyperparameter.choice("hidden_layers", "64", SHAPES, "units in each hidden layer, first to last"),
                Hyperparameter.choice("activation", "relu", List.of("relu", "tanh"), "activation of the hidden units"),
                Hyperparameter.real("learning_rate", 0.001, 1e-6, 1, "Adam's step size"),
                Hyperparameter.integer("epochs", 100, 1, 100_000, "most passes over the training rows"),
                Hyperparameter.integer("batch_size", 64, 1, 1_000_000, "rows per Adam step"),
                Hyperparameter.real("l2", 1e-4, 0, 100, "L2 penalty on the weights, as scikit-learn's alpha: a batch's gradient gets l2·W / batch size"),
                Hyperparameter.integer("early_stopping_rounds", 10, 0, 10_000,
                        "with validation rows, stop when the validation loss has not improved for this many epochs and keep the best epoch; 0 never"));
    }

    @Override
    public Estimator fit(Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed, TrainingListener listener) {
        int width = MoreAlgorithms.requireTrainingData(this, task, train, "training");
        TrainingData validation = MoreAlgorithms.usableValidation(this, task, valid, width);
        Activation activation = Activation.of((String) params.get("activation"));
        int[] hidden = parseShape((String) params.get("hidden_layers"));
        double learningRate = (Double) params.get("learning_rate");
        int epochs = ((Long) params.get("epochs")).intValue();
        int batchSize = ((Long) params.get("batch_size")).intValue();
        double l2 = (Double) params.get("l2");
        int patience = ((Long) params.get("early_stopping_rounds")).intValue();

        boolean classification = task == Task.CLASSIFICATION;
        var scaler = SmileAlgorithms.Standardizer.fit(train.x());
        double[][] x = scaler.apply(train.x());
        double[][] xValid = validation == null ? null : scaler.apply(validation.x());
        double targetMean = 0;
        double targetScale = 1;
        double[] target = null;
        if (!classification) {
            var targetScaler = SmileAlgorithms.Standardizer.fit(column(train.values()));
            targetMean = targetScaler.mean()[0];
            targetScale = targetScaler.scale()[0];
            target = new double[train.rows()];
            for (int i = 0; i < target.length; i++) {
                target[i] = (train.values()[i] - targetMean) / targetScale;
            }
        }

        int[] sizes = new int[hidden.length + 2];
        sizes[0] = width;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = classification ? train.classCount() : 1;
        var random = new Random(seed);
        var network = Network.initialise(sizes, activation, random);
        var model = new Fitting(network, learningRate, l2);

        int n = train.rows();
        int[] order = MoreAlgorithms.identity(n);
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        Network best = null;
        boolean stopEarly = validation != null && patience > 0;
        int epoch = 0;
        while (epoch < epochs) {
            MoreAlgorithms.throwIfCancelled(listener);
            epoch++;
            MoreAlgorithms.shuffle(order, random);
            double lossSum = 0;
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                model.clearGradients();
                for (int r = start; r < end; r++) {
                    int row = order[r];
                    lossSum += classification ? model.addClassGradient(x[row], train.classes()[row]) : model.addValueGradient(x[row], target[row]);
                }
                model.step(end - start);
            }
            if (!Double.isFinite(lossSum)) {
                throw new IllegalArgumentException("the mlp diverged in epoch " + epoch + " (the training loss is " + lossSum
                        + "); lower the hyperparameter learning_rate (" + learningRate + ")");
            }
            var metrics = new LinkedHashMap<String, Double>();
            if (classification) {
                metrics.put("train_log_loss", lossSum / n);
            } else {
                metrics.put("train_rmse", Math.sqrt(2 * lossSum / n) * targetScale);
            }
            if (validation != null) {
                double validLoss = classification
                        ? validationLoss(network, xValid, validation.classes(), metrics)
                        : validationLoss(network, xValid, validation.values(), targetMean, targetScale, metrics);
                if (validLoss < bestLoss) {
                    bestLoss = validLoss;
                    bestEpoch = epoch;
                    if (stopEarly) {
                        best = network.copy();
                    }
                }
            }
            listener.iteration(epoch, epochs, metrics);
            if (stopEarly && epoch - bestEpoch >= patience) {
                break;
            }
        }
        if (best != null) {
            network = best;
            LOG.debug("mlp stopped after epoch {} of {}; kept epoch {} (validation loss {})", epoch, epochs, bestEpoch, bestLoss);
        }
        return new MlpEstimator(task, new Model(activation.id(), sizes, network.weights, network.biases, scaler.mean(), scaler.scale(),
                targetMean, targetScale));
    }

    @Override
    public Estimator load(Task task, int classCount, byte[] payload) {
        Model model = MoreAlgorithms.fromJson(payload, Model.class, NAME);
        int outputs = model.sizes()[model.sizes().length - 1];
        int expected = task == Task.CLASSIFICATION ? classCount : 1;
        if (outputs != expected) {
            throw new IllegalArgumentException("the mlp model has " + outputs + " outputs but " + task.id() + " with " + classCount
                    + " classes needs " + expected);
        }
        return new MlpEstimator(task, model);
    }

    /** "64,32" as {64, 32}. */
    static int[] parseShape(String shape) {
        return Arrays.stream(shape.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static double[][] column(double[] values) {
        var result = new double[values.length][1];
        for (int i = 0; i < values.length; i++) {
            result[i][0] = values[i];
        }
        return result;
    }

    /** Mean cross-entropy on the validation rows, which it returns; puts valid_log_loss and valid_accuracy. */
    private static double validationLoss(Network network, double[][] x, int[] classes, Map<String, Double> metrics) {
        double[][] activations = network.buffers();
        double[] probabilities = new double[network.outputs()];
        double loss = 0;
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            activations[0] = x[i];
            network.forward(activations);
            MoreAlgorithms.softmax(activations[activations.length - 1], probabilities);
            loss -= Math.log(Math.max(probabilities[classes[i]], MoreAlgorithms.LOG_LOSS_EPS));
            if (MoreAlgorithms.argmax(probabilities) == classes[i]) {
                right++;
            }
        }
        metrics.put("valid_log_loss", loss / x.length);
        metrics.put("valid_accuracy", (double) right / x.length);
        return loss / x.length;
    }

    /** Mean squared error of the standardised target, which it returns; puts valid_rmse in the target's units. */
    private static double validationLoss(Network network, double[][] x, double[] values, double targetMean, double targetScale,
            Map<String, Double> metrics) {
        double[][] activations = network.buffers();
        double squared = 0;
        for (int i = 0; i < x.length; i++) {
            activations[0] = x[i];
            network.forward(activations);
            double error = activations[activations.length - 1][0] - (values[i] - targetMean) / targetScale;
            squared += error * error;
        }
        metrics.put("valid_rmse", Math.sqrt(squared / x.length) * targetScale);
        return squared / x.length;
    }

    enum Activation {
        RELU, TANH;

        static Activation of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        double apply(double z) {
            return this == RELU ? (z > 0 ? z : 0) : Math.tanh(z);
        }

        /** The derivative, from the unit's output {@code a} rather than its input: all that backpropagation keeps. */
        double slopeAt(double a) {
            return this == RELU ? (a > 0 ? 1 : 0) : 1 - a * a;
        }
    }

    /**
     * The layers' weights (layer l: {@code sizes[l+1]} rows of {@code sizes[l]}, row-major, one flat array so the
     * inner loop walks memory in order) and biases.
     */
    static final class Network {
        final int[] sizes;
        final Activation activation;
        final double[][] weights;
        final double[][] biases;

        Network(int[] sizes, Activation activation, double[][] weights, double[][] biases) {
            this.sizes = sizes;
            this.activation = activation;
            this.weights = weights;
            this.biases = biases;
        }

        static Network initialise(int[] sizes, Activation activation, Random random) {
            int layers = sizes.length - 1;
            var weights = new double[layers][];
            var biases = new double[layers][];
            for (int l = 0; l < layers; l++) {
                int in = sizes[l];
                int out = sizes[l + 1];
                boolean intoRelu = activation == Activation.RELU && l < layers - 1;
                // He keeps a ReLU layer's output variance; Glorot suits tanh and the linear or softmax output
                double deviation = intoRelu ? Math.sqrt(2.0 / in) : Math.sqrt(2.0 / (in + out));
                weights[l] = new double[in * out];
                for (int j = 0; j < weights[l].length; j++) {
                    weights[l][j] = random.nextGaussian() * deviation;
                }
                biases[l] = new double[out];
            }
            return new Network(sizes, activation, weights, biases);
        }

        int outputs() {
            return sizes[sizes.length - 1];
        }

        /** One array per layer's output; {@code [0]} is for the input row, which {@link #forward} only reads. */
        double[][] buffers() {
            var activations = new double[sizes.length][];
            for (int l = 1; l < sizes.length; l++) {
                activations[l] = new double[sizes[l]];
            }
            return activations;
        }

        /** Fills {@code a[1..]} from the input {@code a[0]}; the last holds the output layer's raw scores. */
        void forward(double[][] a) {
            int layers = sizes.length - 1;
            for (int l = 0; l < layers; l++) {
                double[] in = a[l];
                double[] out = a[l + 1];
                double[] w = weights[l];
                double[] b = biases[l];
                int inputs = sizes[l];
                boolean hidden = l < layers - 1;
                for (int o = 0; o < out.length; o++) {
                    double sum = b[o];
                    int base = o * inputs;
                    for (int i = 0; i < inputs; i++) {
                        sum += w[base + i] * in[i];
                    }
                    out[o] = hidden ? activation.apply(sum) : sum;
                }
            }
        }

        Network copy() {
            var w = new double[weights.length][];
            var b = new double[biases.length][];
            for (int l = 0; l < weights.length; l++) {
                w[l] = weights[l].clone();
                b[l] = biases[l].clone();
            }
            return new Network(sizes, activation, w, b);
        }
    }

    /** Backpropagation into gradient sums over a batch, and Adam's steps with its moment estimates. */
    private static final class Fitting {
        private final Network network;
        private final double learningRate;
        private final double l2;
        private final double[][] activations;
        private final double[][] deltas;
        private final double[][] weightGradients;
        private final double[][] biasGradients;
        private final double[][] weightMoments;
        private final double[][] weightSquares;
        private final double[][] biasMoments;
        private final double[][] biasSquares;
        private final double[] probabilities;
        private int steps;

        Fitting(Network network, double learningRate, double l2) {
            this.network = network;
            this.learningRate = learningRate;
            this.l2 = l2;
            this.activations = network.buffers();
            this.deltas = network.buffers();
            this.weightGradients = shapeOf(network.weights);
            this.biasGradients = shapeOf(network.biases);
            this.weightMoments = shapeOf(network.weights);
            this.weightSquares = shapeOf(network.weights);
            this.biasMoments = shapeOf(network.biases);
            this.biasSquares = shapeOf(network.biases);
            this.probabilities = new double[network.outputs()];
        }

        private static double[][] shapeOf(double[][] arrays) {
            var result = new double[arrays.length][];
            for (int l = 0; l < arrays.length; l++) {
                result[l] = new double[arrays[l].length];
            }
            return result;
        }

        void clearGradients() {
            for (int l = 0; l < weightGradients.length; l++) {
                Arrays.fill(weightGradients[l], 0);
                Arrays.fill(biasGradients[l], 0);
            }
        }

        /** Adds one row's cross-entropy gradient; returns its loss. */
        double addClassGradient(double[] row, int label) {
            activations[0] = row;
            network.forward(activations);
            int last = activations.length - 1;
            MoreAlgorithms.softmax(activations[last], probabilities);
            for (int k = 0; k < probabilities.length; k++) {
                deltas[last][k] = probabilities[k] - (k == label ? 1 : 0);
            }
            backpropagate();
            return -Math.log(Math.max(probabilities[label], MoreAlgorithms.LOG_LOSS_EPS));
        }

        /** Adds one row's squared-error gradient; returns its loss, half the squared error. */
        double addValueGradient(double[] row, double target) {
            activations[0] = row;
            network.forward(activations);
            int last = activations.length - 1;
            double error = activations[last][0] - target;
            deltas[last][0] = error;
            backpropagate();
            return 0.5 * error * error;
        }

        private void backpropagate() {
            int[] sizes = network.sizes;
            for (int l = sizes.length - 2; l >= 0; l--) {
                double[] delta = deltas[l + 1];
                double[] in = activations[l];
                double[] w = network.weights[l];
                double[] gw = weightGradients[l];
                double[] gb = biasGradients[l];
                int inputs = sizes[l];
                for (int o = 0; o < delta.length; o++) {
                    double d = delta[o];
                    gb[o] += d;
                    int base = o * inputs;
                    for (int i = 0; i < inputs; i++) {
                        gw[base + i] += d * in[i];
                    }
                }
                if (l > 0) {
                    double[] back = deltas[l];
                    Arrays.fill(back, 0);
                    for (int o = 0; o < delta.length; o++) {
                        double d = delta[o];
                        int base = o * inputs;
                        for (int i = 0; i < inputs; i++) {
                            back[i] += w[base + i] * d;
                        }
                    }
                    for (int i = 0; i < inputs; i++) {
                        back[i] *= network.activation.slopeAt(in[i]);
                    }
                }
            }
        }

        /** One Adam step on the mean gradient of {@code rows} rows, with the L2 term on the weights only. */
        void step(int rows) {
            steps++;
            double size = learningRate * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
            for (int l = 0; l < network.weights.length; l++) {
                double[] w = network.weights[l];
                double[] g = weightGradients[l];
                double[] m = weightMoments[l];
                double[] v = weightSquares[l];
                for (int j = 0; j < w.length; j++) {
                    double gradient = (g[j] + l2 * w[j]) / rows;
                    m[j] = BETA1 * m[j] + (1 - BETA1) * gradient;
                    v[j] = BETA2 * v[j] + (1 - BETA2) * gradient * gradient;
                    w[j] -= size * m[j] / (Math.sqrt(v[j]) + ADAM_EPS);
                }
                double[] b = network.biases[l];
                double[] gb = biasGradients[l];
                double[] mb = biasMoments[l];
                double[] vb = biasSquares[l];
                for (int j = 0; j < b.length; j++) {
                    double gradient = gb[j] / rows;
                    mb[j] = BETA1 * mb[j] + (1 - BETA1) * gradient;
                    vb[j] = BETA2 * vb[j] + (1 - BETA2) * gradient * gradient;
                    b[j] -= size * mb[j] / (Math.sqrt(vb[j]) + ADAM_EPS);
                }
            }
        }
    }

    /**
     * The payload: the activation ("relu" or "tanh"), the layer sizes from inputs to outputs, each layer's
     * weights (row-major, {@code sizes[l+1] × sizes[l]}) and biases, the input scaling, and the target's
     * scaling (mean 0 and scale 1 for classification).
     */
    record Model(String activation, int[] sizes, double[][] weights, double[][] biases, double[] mean, double[] scale, double targetMean,
                 double targetScale) {
        Model {
            if (activation == null || !List.of("relu", "tanh").contains(activation)) {
                throw new IllegalArgumentException("activation must be relu or tanh, not " + activation);
            }
            if (sizes == null || sizes.length < 2 || Arrays.stream(sizes).anyMatch(size -> size < 1)) {
                throw new IllegalArgumentException("sizes must list at least two positive layer sizes, not " + Arrays.toString(sizes));
            }
            int layers = sizes.length - 1;
            if (weights == null || biases == null || weights.length != layers || biases.length != layers) {
                throw new IllegalArgumentException("weights and biases must have one entry per layer (" + layers + ")");
            }
            for (int l = 0; l < layers; l++) {
                MoreAlgorithms.requireLength("weights[" + l + "]", weights[l], sizes[l] * sizes[l + 1]);
                MoreAlgorithms.requireLength("biases[" + l + "]", biases[l], sizes[l + 1]);
            }
            MoreAlgorithms.requireLength("mean", mean, sizes[0]);
            MoreAlgorithms.requireLength("scale", scale, sizes[0]);
        }
    }

    private static final class MlpEstimator implements Estimator {
        private final Task task;
        private final Model model;
        private final Network network;

        MlpEstimator(Task task, Model model) {
            this.task = task;
            this.model = model;
            this.network = new Network(model.sizes(), Activation.of(model.activation()), model.weights(), model.biases());
        }

        /** The output layer's raw scores for each row. */
        private double[][] scores(double[][] x) {
            int width = model.sizes()[0];
            MoreAlgorithms.requireRows(x, width, "row");
            double[][] activations = network.buffers();
            double[] input = new double[width];
            var result = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < width; j++) {
                    input[j] = (x[i][j] - model.mean()[j]) / model.scale()[j];
                }
                activations[0] = input;
                network.forward(activations);
                result[i] = activations[activations.length - 1].clone();
            }
            return result;
        }

        @Override
        public double[][] probabilities(double[][] x) {
            if (task != Task.CLASSIFICATION) {
                throw new UnsupportedOperationException("this mlp does regression: it predicts values");
            }
            double[][] scores = scores(x);
            for (double[] row : scores) {
                MoreAlgorithms.softmax(row, row);
            }
            return scores;
        }

        @Override
        public double[] predict(double[][] x) {
            if (task != Task.REGRESSION) {
                throw new UnsupportedOperationException("this mlp classifies: it gives probabilities");
            }
            double[][] scores = scores(x);
            var result = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                result[i] = scores[i][0] * model.targetScale() + model.targetMean();
            }
            return result;
        }

        @Override
        public byte[] payload() {
            return MoreAlgorithms.toJson(model);
        }
    }
}
