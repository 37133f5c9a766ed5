package io.pipewright.track;

import java.util.Locale;
import java.util.Map;

/**
 * The longest text each column of a run keeps. Every write of a run checks its text against these
 * first, so a value that does not fit is refused in words, before anything is written, rather than
 * failing inside the database halfway through a run.
 */
public final class StoreLimits {
    /** A param's or tag's value: well above MLflow's own limits (6,000 characters for a param, 8,000 for a tag). */
    public static final int VALUE = 1_000_000;
    /** A param's, tag's or metric's key, as in MLflow. */
    public static final int KEY = 250;
    /** A run's id (ours are 22 characters; an imported MLflow run's is its folder's name). */
    public static final int RUN_ID = 250;
    /** A run's name. */
    public static final int RUN_NAME = 1_000;
    /** An experiment's name (a pipeline's name). */
    public static final int EXPERIMENT = 200;

    private StoreLimits() {
    }

    /** Text longer than the store keeps; the message names it and both lengths. */
    public static final class TooLongException extends IllegalArgumentException {
        TooLongException(String message) {
            super(message);
        }
    }

    /** Refuses {@code value} (described as {@code what}, e.g. "param 'derive.expression'") when it is longer than {@code limit}. */
    static void check(String what, String value, int limit) {
        String tooLong = tooLong(value, limit);
        if (tooLong != null) {
            throw new TooLongException(what + " " + tooLong);
        }
    }

    /** "is 1,200,000 characters long; the store keeps at most 1,000,000" when the value is longer than the limit, else null. */
    public static String tooLong(String value, int limit) {
        if (value == null || value.length() <= limit) {
            return null;
        }
        return "is " + count(value.length()) + " characters long; the store keeps at most " + count(limit);
    }

    /** Each key and value of a run's params or tags ({@code kind} is "param" or "tag"). */
    static void checkPairs(String kind, Map<String, String> pairs) {
        for (var entry : pairs.entrySet()) {
            check("the " + kind + " key '" + shortened(entry.getKey()) + "'", entry.getKey(), KEY);
            check("the " + kind + " '" + shortened(entry.getKey()) + "'", entry.getValue(), VALUE);
        }
    }

    /** A run's id, name and experiment. */
    static void checkRun(String experiment, String key, String name) {
        checkExperiment(experiment);
        checkRunIdAndName(key, name);
    }

    static void checkExperiment(String experiment) {
        check("the experiment name '" + shortened(experiment) + "'", experiment, EXPERIMENT);
    }

    static void checkRunIdAndName(String key, String name) {
        check("the run id '" + shortened(key) + "'", key, RUN_ID);
        check("the run name '" + shortened(name) + "'", name, RUN_NAME);
    }

    /** A metric's key. */
    static void checkMetric(String key) {
        check("the metric key '" + shortened(key) + "'", key, KEY);
    }

    /** Long text cut for a message: its start, an ellipsis and its end. */
    static String shortened(String text) {
        if (text == null || text.length() <= 60) {
            return text;
        }
        return text.substring(0, 40) + "…" + text.substring(text.length() - 12);
    }

    private static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }
}
