package io.pipewright.train;

import java.util.Locale;

/** What a model predicts: a class among labels, or a number. */
public enum Task {
    CLASSIFICATION, REGRESSION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
