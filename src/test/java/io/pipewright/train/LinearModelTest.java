package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Linear models on seeded data. Tolerances: OLS on noise-free data 1e-9; ridge against its closed form 1e-6;
 * optimality (KKT) conditions of penalised fits 1e-6.
 */
class LinearModelTest {

    /** Rows of standard normal features from a seeded generator. */
    static double[][] normalRows(Random random, int n, int p) {
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    /** y = x·w + b + noise·N(0, 1). */
    static double[] linear(double[][] x, double[] w, double b, double noise, Random random) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = b + noise * random.nextGaussian();
            for (int j = 0; j < w.length; j++) {
                y[i] += w[j] * x[i][j];
            }
        }
        return y;
    }

    @Test
    void ordinaryLeastSquaresRecoversExactCoefficients() {
        var random = new Random(42);
        double[][] x = new double[50][4];
        for (double[] row : x) {
            row[0] = 10 * random.nextDouble();
            row[1] = random.nextGaussian();
            row[2] = 7; // constant: weight 0
            row[3] = -5 + random.nextDouble();
        }
        double[] y = linear(x, new double[] {1.5, -2, 0, 0.5}, 4, 0, random);

        LinearModel model = LinearModel.fit(x, y, 0, 0.5, 1000, 1e-4);

        assertThat(model.coefficients()).containsExactly(new double[] {1.5, -2, 0, 0.5}, within(1e-9));
        assertThat(model.coefficients()[2]).isEqualTo(0.0);
        assertThat(model.intercept()).isCloseTo(4, within(1e-9));
        assertThat(model.iterations()).isZero();
        assertThat(model.converged()).isTrue();
        assertThat(model.predict(new double[] {2, 1, 7, -4})).isCloseTo(1.5 * 2 - 2 + 0.5 * -4 + 4, within(1e-9));
        assertThat(model.predict(x)).containsExactly(y, within(1e-9));
    }

    @Test
    void ordinaryLeastSquaresWithCollinearColumnsGivesTheSmallestSolution() {
        // x1 = 2·x0 and y = 3·x0 + 1: every w with w0 + 2·w1 = 3 fits; the smallest is 3/5·(1, 2)
        double[][] x = {{1, 2}, {2, 4}, {3, 6}, {5, 10}};
        double[] y = {4, 7, 10, 16};

        LinearModel model = LinearModel.fit(x, y, 0, 0, 1, 0);

        assertThat(model.coefficients()).containsExactly(new double[] {0.6, 1.2}, within(1e-9));
        assertThat(model.intercept()).isCloseTo(1, within(1e-9));
    }

    @Test
    void ridgeMatchesItsClosedFormAndShrinks() {
        var random = new Random(42);
        int n = 100;
        double[][] x = normalRows(random, n, 3);
        double[] y = linear(x, new double[] {2, -1, 0.5}, 3, 0.1, random);
        double alpha = 0.5;

        LinearModel ridge = LinearModel.fit(x, y, alpha, 0, 100_000, 1e-12);
        LinearModel ols = LinearModel.fit(x, y, 0, 0, 1, 0);

        // sklearn's objective gives (XcᵀXc + n·alpha·I) w = Xcᵀyc
        double[][] xc = centred(x);
        double[] yc = centred(y);
        double[][] gram = new double[3][3];
        double[] xty = new double[3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                xty[j] += xc[i][j] * yc[i];
                for (int k = 0; k < 3; k++) {
                    gram[j][k] += xc[i][j] * xc[i][k];
                }
            }
        }
        for (int j = 0; j < 3; j++) {
            gram[j][j] += n * alpha;
        }
        double[] expected = solve(gram, xty);

        assertThat(ridge.converged()).isTrue();
        assertThat(ridge.coefficients()).containsExactly(expected, within(1e-6));
        assertThat(norm(ridge.coefficients())).isLessThan(norm(ols.coefficients()));
        for (int j = 0; j < 3; j++) {
            assertThat(Math.abs(ridge.coefficients()[j])).isLessThan(Math.abs(ols.coefficients()[j]));
        }
    }

    @Test
    void lassoZeroesAnIrrelevantFeature() {
        var random = new Random(42);
        double[][] x = normalRows(random, 200, 3);
        double[] y = linear(x, new double[] {3, -2, 0}, 1, 0.5, random);

        LinearModel lasso = LinearModel.fit(x, y, 0.1, 1, 10_000, 1e-10);

        assertThat(lasso.converged()).isTrue();
        assertThat(lasso.coefficients()[2]).isEqualTo(0.0);
        // each relevant weight shrinks toward 0 by about alpha / var(x) = 0.1
        assertThat(lasso.coefficients()[0]).isCloseTo(2.9, within(0.2));
        assertThat(lasso.coefficients()[1]).isCloseTo(-1.9, within(0.2));
        assertOptimal(lasso, x, y, 0.1, 1);
    }

    @Test
    void anAlphaAboveTheLargestUsefulOneGivesAllZerosAtOnce() {
        var random = new Random(42);
        double[][] x = normalRows(random, 50, 2);
        double[] y = linear(x, new double[] {1, 1}, 5, 0.1, random);
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }

        LinearModel model = LinearModel.fit(x, y, 1000, 1, 100, 1e-4);

        assertThat(model.coefficients()).containsExactly(0.0, 0.0);
        assertThat(model.intercept()).isCloseTo(mean, within(1e-12));
        assertThat(model.iterations()).isEqualTo(1);
        assertThat(model.converged()).isTrue();
    }

    @Test
    void elasticNetConvergesToItsOptimum() {
        var random = new Random(42);
        double[][] x = normalRows(random, 150, 4);
        for (double[] row : x) {
            row[1] = row[0] + 0.3 * row[1]; // correlated columns: more sweeps needed
        }
        double[] y = linear(x, new double[] {1, 2, 0, -1}, -2, 0.3, random);

        LinearModel model = LinearModel.fit(x, y, 0.1, 0.5, 10_000, 1e-10);

        assertThat(model.converged()).isTrue();
        assertThat(model.iterations()).isBetween(2, 9_999);
        assertOptimal(model, x, y, 0.1, 0.5);
        // deterministic: a second fit is identical
        assertThat(LinearModel.fit(x, y, 0.1, 0.5, 10_000, 1e-10).coefficients()).isEqualTo(model.coefficients());
    }

    @Test
    void tooFewIterationsIsReportedAsNotConverged() {
        var random = new Random(42);
        double[][] x = normalRows(random, 100, 2);
        for (double[] row : x) {
            row[1] = row[0] + 0.05 * row[1];
        }
        double[] y = linear(x, new double[] {1, 1}, 0, 0.1, random);

        LinearModel model = LinearModel.fit(x, y, 0.01, 0.5, 1, 1e-12);

        assertThat(model.converged()).isFalse();
        assertThat(model.iterations()).isEqualTo(1);
    }

    @Test
    void badInputIsNamed() {
        double[][] x = {{1, 2}, {3, 4}, {5, Double.NaN}};
        double[] y = {1, 2, 3};
        assertThatThrownBy(() -> LinearModel.fit(x, y, 0, 0, 10, 1e-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x has NaN at row 2, column 1; values must be finite numbers");
        assertThatThrownBy(() -> LinearModel.fit(new double[][] {{1}, {2}}, new double[] {1, Double.POSITIVE_INFINITY},
                0, 0, 10, 1e-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("y has Infinity at row 1; values must be finite numbers");
        double[][] good = {{1}, {2}};
        double[] goodY = {1, 2};
        assertThatThrownBy(() -> LinearModel.fit(good, goodY, -0.1, 0, 10, 1e-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be a finite number >= 0, was -0.1");
        assertThatThrownBy(() -> LinearModel.fit(good, goodY, 1, 1.5, 10, 1e-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("l1Ratio must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> LinearModel.fit(good, goodY, 1, Double.NaN, 10, 1e-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("l1Ratio must be in [0, 1], was NaN");
        assertThatThrownBy(() -> LinearModel.fit(good, goodY, 1, 0.5, 0, 1e-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxIterations must be at least 1, was 0");
        assertThatThrownBy(() -> LinearModel.fit(good, goodY, 1, 0.5, 10, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tolerance must be a finite number >= 0, was -1.0");
        assertThatThrownBy(() -> LinearModel.fit(new double[][] {{1, 2}, {3}}, goodY, 0, 0, 10, 1e-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 1 of x has 1 values but row 0 has 2");
        assertThatThrownBy(() -> LinearModel.fit(good, new double[] {1}, 0, 0, 10, 1e-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x has 2 rows but y has 1 values");
        assertThatThrownBy(() -> LinearModel.fit(new double[0][], new double[0], 0, 0, 10, 1e-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x has no rows");
        LinearModel model = LinearModel.fit(good, goodY, 0, 0, 10, 1e-4);
        assertThatThrownBy(() -> model.predict(new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row must have 1 values, this one has 2");
    }

    /**
     * The optimality conditions of the elastic net: with g = (1/n)·Xcᵀ(y - ŷ) - alpha·(1 - l1Ratio)·w,
     * g_j = alpha·l1Ratio·sign(w_j) where w_j ≠ 0, and |g_j| <= alpha·l1Ratio where w_j = 0.
     */
    static void assertOptimal(LinearModel model, double[][] x, double[] y, double alpha, double l1Ratio) {
        int n = x.length;
        double[][] xc = centred(x);
        double[] predicted = model.predict(x);
        double[] w = model.coefficients();
        for (int j = 0; j < w.length; j++) {
            double g = 0;
            for (int i = 0; i < n; i++) {
                g += xc[i][j] * (y[i] - predicted[i]) / n;
            }
            g -= alpha * (1 - l1Ratio) * w[j];
            if (w[j] != 0) {
                assertThat(g).as("gradient of weight %d", j).isCloseTo(alpha * l1Ratio * Math.signum(w[j]),
                        within(1e-6));
            } else {
                assertThat(Math.abs(g)).as("gradient of zero weight %d", j).isLessThanOrEqualTo(alpha * l1Ratio + 1e-6);
            }
        }
    }

    static double[][] centred(double[][] x) {
        int p = x[0].length;
        double[][] result = new double[x.length][p];
        for (int j = 0; j < p; j++) {
            double[] column = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                column[i] = x[i][j];
            }
            column = centred(column);
            for (int i = 0; i < x.length; i++) {
                result[i][j] = column[i];
            }
        }
        return result;
    }

    static double[] centred(double[] v) {
        double mean = 0;
        for (double value : v) {
            mean += value / v.length;
        }
        double[] result = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            result[i] = v[i] - mean;
        }
        return result;
    }

    static double norm(double[] v) {
        double sum = 0;
        for (double value : v) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }

    /** Gaussian elimination with partial pivoting, for the small symmetric positive definite systems here. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = col + 1; r < n; r++) {
                double factor = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= factor * m[col][c];
                }
            }
        }
        double[] solution = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = m[r][n];
            for (int c = r + 1; c < n; c++) {
                sum -= m[r][c] * solution[c];
            }
            solution[r] = sum / m[r][r];
        }
        return solution;
    }
}
