package io.pipewright.loop.ab;

import java.util.Locale;

/**
 * What an A/B analysis compares: accuracy (the share of labelled predictions that were right, higher
 * is better) for class labels, or the mean absolute error (|prediction − label|, lower is better) for
 * numbers. Each labelled row becomes one observation: 1 or 0 for accuracy, the absolute error for mae.
 */
public enum AbMetric {
    ACCURACY("accuracy", false),
    MAE("mae", true);

    private final String id;
    private final boolean lowerIsBetter;

    AbMetric(String id, boolean lowerIsBetter) {
        this.id = id;
        this.lowerIsBetter = lowerIsBetter;
    }

    public String id() {
        return id;
    }

    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** The metric named on the command line (accuracy, mae); IllegalArgumentException naming --metric otherwise. */
    public static AbMetric parse(String text) {
        for (AbMetric metric : values()) {
            if (metric.id.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return metric;
            }
        }
        throw new IllegalArgumentException("--metric must be accuracy or mae, not '" + text + "'");
    }
}
