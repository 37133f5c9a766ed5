package io.pipewright.profile;

/**
 * Mean and central moments up to the fourth, updated one value at a time and merged across chunks
 * (Pébay, "Formulas for robust, one-pass parallel computation of covariances and arbitrary-order
 * statistical moments", 2008), so parallel chunks give the same result as one pass.
 */
final class Moments {
    long n;
    double mean;
    double m2;
    double m3;
    double m4;

    void add(double x) {
        long n1 = n;
        n++;
        double delta = x - mean;
        double deltaN = delta / n;
        double deltaN2 = deltaN * deltaN;
        double term1 = delta * deltaN * n1;
        mean += deltaN;
        m4 += term1 * deltaN2 * ((double) n * n - 3.0 * n + 3) + 6 * deltaN2 * m2 - 4 * deltaN * m3;
        m3 += term1 * deltaN * (n - 2) - 3 * deltaN * m2;
        m2 += term1;
    }

    void merge(Moments other) {
        if (other.n == 0) {
            return;
        }
        if (n == 0) {
            n = other.n;
            mean = other.mean;
            m2 = other.m2;
            m3 = other.m3;
            m4 = other.m4;
            return;
        }
        double na = n;
        double nb = other.n;
        double total = na + nb;
        double delta = other.mean - mean;
        double delta2 = delta * delta;
        double delta3 = delta2 * delta;
        double delta4 = delta2 * delta2;
        double newMean = mean + delta * nb / total;
        double newM2 = m2 + other.m2 + delta2 * na * nb / total;
        double newM3 = m3 + other.m3 + delta3 * na * nb * (na - nb) / (total * total)
                + 3.0 * delta * (na * other.m2 - nb * m2) / total;
        double newM4 = m4 + other.m4 + delta4 * na * nb * (na * na - na * nb + nb * nb) / (total * total * total)
                + 6.0 * delta2 * (na * na * other.m2 + nb * nb * m2) / (total * total)
                + 4.0 * delta * (na * other.m3 - nb * m3) / total;
        n += other.n;
        mean = newMean;
        m2 = newM2;
        m3 = newM3;
        m4 = newM4;
    }

    /** Sample standard deviation (n − 1), as pandas reports it. */
    Double stddev() {
        return n < 2 ? null : Math.sqrt(m2 / (n - 1));
    }

    /** Adjusted Fisher–Pearson skewness, as pandas' {@code skew()}. */
    Double skewness() {
        if (n < 3 || m2 == 0) {
            return n < 3 ? null : 0.0;
        }
        double g1 = Math.sqrt((double) n) * m3 / Math.pow(m2, 1.5);
        return g1 * Math.sqrt((double) n * (n - 1)) / (n - 2);
    }

    /** Excess kurtosis with bias correction, as pandas' {@code kurt()}. */
    Double kurtosis() {
        if (n < 4 || m2 == 0) {
            return n < 4 ? null : 0.0;
        }
        double g2 = n * m4 / (m2 * m2) - 3.0;
        return ((n + 1.0) * g2 + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0));
    }
}
