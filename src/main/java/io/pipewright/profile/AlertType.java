package io.pipewright.profile;

/** The alerts of ydata-profiling, with its default thresholds (see the README), plus MIXED. */
public enum AlertType {
    CONSTANT, ZEROS, HIGH_CORRELATION, HIGH_CARDINALITY, DUPLICATES, SKEWED, IMBALANCE, MISSING, INFINITE, UNIQUE,
    UNIFORM, EMPTY, TYPE_DATE,
    /** Values that do not fit the column's type (numbers with a few words among them). */
    MIXED
}
