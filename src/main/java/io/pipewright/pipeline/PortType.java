package io.pipewright.pipeline;

import java.util.Locale;

/** What flows along a connection; an input accepts only an output of the same type. */
public enum PortType {
    /** A table of rows and typed columns. */
    TABLE,
    /** A trained model with its preprocessing. */
    MODEL,
    /** Evaluation metrics. */
    METRICS,
    /** A tuning study's trials: parameters, values and states. */
    TRIALS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
