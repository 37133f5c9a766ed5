package io.pipewright.pipeline;

import java.util.Locale;

/** What flows along a connection; an input accepts only an output of the same type. */
public enum PortType {
    /** A table of rows and typed columns. */
    TABLE,
    /** A trained model with its preprocessing. */
    MODEL,
    /** Evaluation metrics. */
    METRICS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
