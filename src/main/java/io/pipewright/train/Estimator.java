package io.pipewright.train;

/** A fitted learner over encoded features. */
public interface Estimator {
    /** Class probabilities per row (classification). */
    double[][] probabilities(double[][] x);

    /** Predicted values per row (regression). */
    double[] predict(double[][] x);

    /** The fitted model's bytes, for the artifact; {@link Algorithm#load} reads them back. */
    byte[] payload();
}
