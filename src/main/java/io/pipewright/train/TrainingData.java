package io.pipewright.train;

/** Encoded rows and their target: class indexes (classification) or values (regression). */
public record TrainingData(double[][] x, int[] classes, double[] values, int classCount) {
    public int rows() {
        return x.length;
    }

    public double[] targetAsDouble() {
        if (values != null) {
            return values;
        }
        var result = new double[classes.length];
        for (int i = 0; i < classes.length; i++) {
            result[i] = classes[i];
        }
        return result;
    }
}
