package io.pipewright.pipeline;

import java.util.Collection;

/** Small helpers for messages: "did you mean", numbers without a needless ".0". */
public final class Names {
    private Names() {
    }

    /** " (did you mean 'x'?)" for the closest known name within a few edits, else "". */
    public static String didYouMean(String given, Collection<String> known) {
        return io.pipewright.work.Suggestions.didYouMean(given, known);
    }

    static String number(Double value) {
        if (value == null) {
            return "any";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue()) : value.toString();
    }
}
