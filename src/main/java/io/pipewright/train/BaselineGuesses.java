package io.pipewright.train;

import java.util.Random;

/**
 * The guesses a classifier's baselines make from the class shares alone: always the most common class (majority), or a
 * class drawn at its share for each row (stratified, seeded). The evaluate node and the promotion gates score the same
 * guesses, so a gate's baselines are the ones an evaluation reports.
 */
public final class BaselineGuesses {
    private BaselineGuesses() {
    }

    /** The index of the largest share or probability (the first of equals): the majority class of class shares. */
    public static int mostLikely(double[] shares) {
        int best = 0;
        for (int k = 1; k < shares.length; k++) {
            if (shares[k] > shares[best]) {
                best = k;
            }
        }
        return best;
    }

    /** One class a row, each drawn at its share from a generator seeded with {@code seed}. */
    public static int[] stratified(double[] shares, int rows, long seed) {
        var random = new Random(seed);
        var drawn = new int[rows];
        for (int i = 0; i < rows; i++) {
            drawn[i] = draw(shares, random);
        }
        return drawn;
    }

    private static int draw(double[] shares, Random random) {
        double u = random.nextDouble();
        double sum = 0;
        for (int k = 0; k < shares.length; k++) {
            sum += shares[k];
            if (u < sum) {
                return k;
            }
        }
        return shares.length - 1;
    }
}
