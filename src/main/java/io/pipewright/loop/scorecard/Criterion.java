package io.pipewright.loop.scorecard;

import java.util.Locale;

/**
 * One success criterion of a model as measured: {@code measured} is null when nothing measured it (status
 * {@link Status#UNKNOWN}), never a number made up to fill the row; {@code detail} says what was measured, or why not.
 *
 * @param id          stable key: data_issues, degradation, p99_latency, rollback, spot, waste
 * @param criterion   what a person reads ("p99 latency")
 * @param target      the target as written ("&lt; 200 ms")
 * @param threshold   the target's number, in {@code unit}
 * @param below       whether the measured value must be below the threshold (else above it)
 * @param measured    the measured value in {@code unit}, or null
 * @param unit        "%", "ms" or "s"
 * @param source      where the value came from (validation report, monitor checks, server /metrics, alias history, cost)
 */
public record Criterion(String id, String criterion, String target, double threshold, boolean below, Double measured, String unit, String source,
                        Status status, String detail) {

    /** pass: the measured value meets the target; fail: it does not; unknown: nothing measured it. */
    public enum Status {
        PASS, FAIL, UNKNOWN;

        /** As JSON and the table write it. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Criterion {
        if (measured != null && (measured.isNaN() || measured.isInfinite())) {
            throw new IllegalArgumentException(id + ": a measured value must be finite, not " + measured);
        }
    }

    /** The row with a measured value; its status follows from the target (strictly below or above it). */
    static Criterion measured(Target target, double value, String source, String detail) {
        boolean met = target.below() ? value < target.threshold() : value > target.threshold();
        return new Criterion(target.id(), target.criterion(), target.text(), target.threshold(), target.below(), value, target.unit(), source,
                met ? Status.PASS : Status.FAIL, detail);
    }

    /** The row when nothing measured it, with why. */
    static Criterion unknown(Target target, String source, String detail) {
        return new Criterion(target.id(), target.criterion(), target.text(), target.threshold(), target.below(), null, target.unit(), source,
                Status.UNKNOWN, detail);
    }

    /** The measured value with its unit ("0.04 %", "12.5 ms", "3.2 s"), or "–". */
    public String measuredText() {
        return measured == null ? "–" : format(measured, unit);
    }

    /** A value with its unit: 4 decimals under 0.01, 2 under 10, else 1. */
    static String format(double value, String unit) {
        double magnitude = Math.abs(value);
        String number = magnitude == 0 ? "0" : magnitude < 0.01 ? String.format(Locale.ROOT, "%.4f", value)
                : magnitude < 10 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + unit;
    }

    /** The users' targets: what each row is measured against. */
    enum Target {
        DATA_ISSUES("data_issues", "Data issues", "< 0.1 %", 0.1, true, "%"),
        DEGRADATION("degradation", "Degradation before retraining", "< 5 %", 5, true, "%"),
        P99_LATENCY("p99_latency", "p99 latency", "< 200 ms", 200, true, "ms"),
        ROLLBACK("rollback", "Rollback time", "< 5 min", 300, true, "s"),
        SPOT("spot", "Spot share", "> 60 %", 60, false, "%"),
        WASTE("waste", "Waste", "< 20 %", 20, true, "%");

        private final String id;
        private final String criterion;
        private final String text;
        private final double threshold;
        private final boolean below;
        private final String unit;

        Target(String id, String criterion, String text, double threshold, boolean below, String unit) {
            this.id = id;
            this.criterion = criterion;
            this.text = text;
            this.threshold = threshold;
            this.below = below;
            this.unit = unit;
        }

        String id() {
            return id;
        }

        String criterion() {
            return criterion;
        }

        String text() {
            return text;
        }

        double threshold() {
            return threshold;
        }

        boolean below() {
            return below;
        }

        String unit() {
            return unit;
        }
    }
}
