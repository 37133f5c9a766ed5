package io.pipewright.train;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fitted linear regression: ordinary least squares, ridge, lasso or elastic net, with the objective and
 * the algorithm of scikit-learn's {@code ElasticNet}, so that coefficients can be compared with it. Fitting is
 * deterministic: the same input gives the same model, bit for bit.
 */
public final class LinearModel {

    private static final Logger LOG = LoggerFactory.getLogger(LinearModel.class);

    private final double[] coefficients;
    private final double intercept;
    private final int iterations;
    private final boolean converged;

    private LinearModel(double[] coefficients, double intercept, int iterations, boolean converged) {
        this.coefficients = coefficients;
        this.intercept = intercept;
        this.iterations = iterations;
        this.converged = converged;
    }

    /**
     * Fits {@code y ≈ x·w + b} by minimising
     * {@code 1/(2n) ||y - Xw - b||² + alpha·l1Ratio·||w||₁ + ½·alpha·(1 - l1Ratio)·||w||²}, with the intercept
     * {@code b} not penalised (x and y are centred first).
     *
     * <ul>
     * <li>{@code alpha == 0}: ordinary least squares, solved directly by a singular value decomposition of the
     * centred x; where columns are collinear, the least-squares solution of smallest norm (as sklearn's
     * {@code LinearRegression}, through LAPACK's {@code gelsd}). {@code iterations()} is then 0.</li>
     * <li>{@code alpha > 0}: cyclic coordinate descent as sklearn's {@code enet_coordinate_descent}: after a sweep
     * whose largest weight change is below {@code tolerance} times the largest weight, or after the last
     * allowed sweep, it stops if the duality gap is at most {@code tolerance · ||y - mean(y)||²}. With
     * {@code l1Ratio == 0} (ridge) the gap is ridge's own, since sklearn's lasso-style gap cannot reach 0
     * without an L1 term.</li>
     * <li>A column with zero variance (all values equal) gets weight 0.</li>
     * </ul>
     *
     * @param x             rows of features; all rows the same length; finite
     * @param y             the target of each row; finite
     * @param alpha         overall penalty strength, {@code >= 0}
     * @param l1Ratio       share of the L1 penalty, in [0, 1]: 0 is ridge, 1 is lasso
     * @param maxIterations most coordinate-descent sweeps, {@code >= 1}
     * @param tolerance     stopping tolerance as above, {@code >= 0}
     * @throws IllegalArgumentException on empty or ragged input, a NaN or infinite value (naming its row and
     *                                  column), or a parameter out of range
     */
    public static LinearModel fit(double[][] x, double[] y, double alpha, double l1Ratio, int maxIterations,
            double tolerance) {
        int features = requireMatrix(x, y);
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, was " + alpha);
        }
        if (!(l1Ratio >= 0 && l1Ratio <= 1)) {
            throw new IllegalArgumentException("l1Ratio must be in [0, 1], was " + l1Ratio);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, was " + maxIterations);
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite number >= 0, was " + tolerance);
        }

        int n = x.length;
        double[] xMean = new double[features];
        boolean[] varies = new boolean[features];
        int active = 0;
        for (int j = 0; j < features; j++) {
            double sum = 0;
            double min = x[0][j];
            double max = x[0][j];
            for (double[] row : x) {
                sum += row[j];
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            xMean[j] = sum / n;
            // min == max, not a small centred norm: a constant column centres to rounding noise, not to 0
            varies[j] = min != max;
            if (varies[j]) {
                active++;
            }
        }
        double yMean = 0;
        for (double v : y) {
            yMean += v;
        }
        yMean /= n;

        // Centred active columns, column-major: coordinate descent walks one column at a time.
        int[] columnOf = new int[active];
        double[][] columns = new double[active][n];
        int a = 0;
        for (int j = 0; j < features; j++) {
            if (!varies[j]) {
                continue;
            }
            columnOf[a] = j;
            for (int i = 0; i < n; i++) {
                columns[a][i] = x[i][j] - xMean[j];
            }
            a++;
        }
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) {
            yc[i] = y[i] - yMean;
        }

        double[] activeWeights;
        int iterations;
        boolean converged;
        if (active == 0) {
            activeWeights = new double[0];
            iterations = 0;
            converged = true;
        } else if (alpha == 0) {
            activeWeights = leastSquares(columns, yc);
            iterations = 0;
            converged = true;
        } else {
            var descent = new CoordinateDescent(columns, yc, alpha * l1Ratio * n, alpha * (1 - l1Ratio) * n);
            descent.run(maxIterations, tolerance);
            activeWeights = descent.weights;
            iterations = descent.iterations;
            converged = descent.converged;
            if (!converged) {
                LOG.warn("Coordinate descent did not converge in {} iterations (duality gap {}, wanted <= {});"
                        + " raise maxIterations or tolerance", maxIterations, descent.gap, descent.gapTolerance);
            }
        }

        double[] weights = new double[features];
        double intercept = yMean;
        for (int k = 0; k < active; k++) {
            weights[columnOf[k]] = activeWeights[k];
            intercept -= xMean[columnOf[k]] * activeWeights[k];
        }
        return new LinearModel(weights, intercept, iterations, converged);
    }

    /** The weight of each feature column, in column order; a copy. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    public double intercept() {
        return intercept;
    }

    /** Coordinate-descent sweeps made; 0 when solved directly (OLS, or no column varies). */
    public int iterations() {
        return iterations;
    }

    /** Whether the stopping criterion was met within the allowed sweeps; always true when solved directly. */
    public boolean converged() {
        return converged;
    }

    /** The prediction for one row, which must have one value per feature. */
    public double predict(double[] row) {
        if (row == null || row.length != coefficients.length) {
            throw new IllegalArgumentException("a row must have " + coefficients.length + " values, this one has "
                    + (row == null ? "none" : row.length));
        }
        double sum = intercept;
        for (int j = 0; j < row.length; j++) {
            sum += coefficients[j] * row[j];
        }
        return sum;
    }

    /** The prediction for each row. */
    public double[] predict(double[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows must not be null");
        }
        double[] predictions = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != coefficients.length) {
                throw new IllegalArgumentException("row " + i + " must have " + coefficients.length
                        + " values, has " + (rows[i] == null ? "none" : rows[i].length));
            }
            predictions[i] = predict(rows[i]);
        }
        return predictions;
    }

    @Override
    public String toString() {
        return "LinearModel[coefficients=" + Arrays.toString(coefficients) + ", intercept=" + intercept
                + ", iterations=" + iterations + ", converged=" + converged + "]";
    }

    /** Least squares of smallest norm; SVD rather than QR so that collinear columns do not blow up. */
    private static double[] leastSquares(double[][] columns, double[] y) {
        int n = y.length;
        int p = columns.length;
        double[][] rows = new double[n][p];
        for (int k = 0; k < p; k++) {
            for (int i = 0; i < n; i++) {
                rows[i][k] = columns[k][i];
            }
        }
        var svd = new SingularValueDecomposition(new Array2DRowRealMatrix(rows, false));
        // commons-math drops singular values below max(n, p)·σmax·ulp(1), as numpy's lstsq default rcond
        return svd.getSolver().solve(new ArrayRealVector(y, false)).toArray();
    }

    private static int requireMatrix(double[][] x, double[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("x and y must not be null");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("x has no rows");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length + " values");
        }
        if (x[0] == null) {
            throw new IllegalArgumentException("row 0 of x is null");
        }
        int features = x[0].length;
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (row == null || row.length != features) {
                throw new IllegalArgumentException("row " + i + " of x has " + (row == null ? "no" : row.length)
                        + " values but row 0 has " + features);
            }
            for (int j = 0; j < features; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("x has " + row[j] + " at row " + i + ", column " + j
                            + "; values must be finite numbers");
                }
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("y has " + y[i] + " at row " + i
                        + "; values must be finite numbers");
            }
        }
        return features;
    }

    /**
     * sklearn's {@code enet_coordinate_descent} on centred data, with the penalties scaled by n:
     * minimises {@code ½||y - Xw||² + l1·||w||₁ + ½·l2·||w||²}.
     */
    private static final class CoordinateDescent {
        final double[][] columns;
        final double[] y;
        final double l1;
        final double l2;
        final double[] weights;
        final double[] residual;
        final double[] squaredNorms;
        int iterations;
        boolean converged;
        double gap = Double.NaN;
        double gapTolerance;

        CoordinateDescent(double[][] columns, double[] y, double l1, double l2) {
            this.columns = columns;
            this.y = y;
            this.l1 = l1;
            this.l2 = l2;
            this.weights = new double[columns.length];
            this.residual = y.clone(); // y - Xw with w = 0
            this.squaredNorms = new double[columns.length];
            for (int k = 0; k < columns.length; k++) {
                squaredNorms[k] = dot(columns[k], columns[k]);
            }
        }

        void run(int maxIterations, double tolerance) {
            gapTolerance = tolerance * dot(y, y);
            for (int sweep = 0; sweep < maxIterations; sweep++) {
                double largestChange = 0;
                double largestWeight = 0;
                for (int k = 0; k < columns.length; k++) {
                    double[] column = columns[k];
                    double old = weights[k];
                    if (old != 0) {
                        axpy(old, column, residual);
                    }
                    double rho = dot(column, residual);
                    double updated = Math.signum(rho) * Math.max(Math.abs(rho) - l1, 0) / (squaredNorms[k] + l2);
                    weights[k] = updated;
                    if (updated != 0) {
                        axpy(-updated, column, residual);
                    }
                    largestChange = Math.max(largestChange, Math.abs(updated - old));
                    largestWeight = Math.max(largestWeight, Math.abs(updated));
                }
                iterations = sweep + 1;
                if (largestWeight == 0 || largestChange / largestWeight < tolerance || sweep == maxIterations - 1) {
                    gap = dualityGap();
                    if (gap <= gapTolerance) {
                        converged = true;
                        return;
                    }
                }
            }
        }

        private double dualityGap() {
            double residualNorm2 = dot(residual, residual);
            double weightNorm2 = dot(weights, weights);
            double residualDotY = dot(residual, y);
            if (l1 == 0) {
                // Ridge: the dual is unconstrained; at θ = R the gap is
                // ||R||² - R·y + ½·l2·||w||² + ||XᵀR||² / (2·l2), zero exactly at the optimum XᵀR = l2·w.
                double xtr2 = 0;
                for (double[] column : columns) {
                    double c = dot(column, residual);
                    xtr2 += c * c;
                }
                return residualNorm2 - residualDotY + 0.5 * l2 * weightNorm2 + xtr2 / (2 * l2);
            }
            double dualNorm = 0; // max |Xᵀ R - l2 w|
            for (int k = 0; k < columns.length; k++) {
                dualNorm = Math.max(dualNorm, Math.abs(dot(columns[k], residual) - l2 * weights[k]));
            }
            double scale;
            double gap;
            if (dualNorm > l1) {
                scale = l1 / dualNorm;
                gap = 0.5 * (residualNorm2 + residualNorm2 * scale * scale);
            } else {
                scale = 1;
                gap = residualNorm2;
            }
            double l1Norm = 0;
            for (double w : weights) {
                l1Norm += Math.abs(w);
            }
            return gap + l1 * l1Norm - scale * residualDotY + 0.5 * l2 * (1 + scale * scale) * weightNorm2;
        }

        private static double dot(double[] a, double[] b) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += a[i] * b[i];
            }
            return sum;
        }

        /** target += factor · source */
        private static void axpy(double factor, double[] source, double[] target) {
            for (int i = 0; i < source.length; i++) {
                target[i] += factor * source[i];
            }
        }
    }
}
