package io.pipewright.serve;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The check every input of features calls (REST, batch scoring, and the inputs to come: gRPC,
 * streams): a feature's number must be finite. NaN and infinities are no value a model was trained
 * on (JSON's {@code 1e999} is valid and overflows to Infinity; a JSON NaN or Infinity literal, a
 * protobuf double, a stream's text may carry one), and a learner that meets one fails inside, or
 * answers nonsense. A missing value is null; saying so is part of the refusal.
 */
public final class FiniteNumbers {
    /** What every refusal adds: how to send a missing value. */
    public static final String MISSING = "send null for a missing value";

    private FiniteNumbers() {
    }

    /** Whether {@code value} is usable: anything but a number that is NaN, infinite, or too large for a double. */
    public static boolean finite(Object value) {
        if (value instanceof Double number) {
            return Double.isFinite(number);
        }
        if (value instanceof Float number) {
            return Float.isFinite(number);
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return Double.isFinite(((Number) value).doubleValue());
        }
        return true;
    }

    /**
     * Refuses a non-finite value of {@code field}: "x: Infinity is not a finite number (a number
     * beyond ±1.8e308 overflows to it); send null for a missing value".
     */
    public static void require(String field, Object value) {
        if (!finite(value)) {
            throw new Predictor.InvalidInput(field + ": " + describe(value) + "; " + MISSING);
        }
    }

    /** "NaN is not a number a model can use" or "Infinity is not a finite number (…)". */
    static String describe(Object value) {
        double number = ((Number) value).doubleValue();
        if (Double.isNaN(number)) {
            return "NaN is not a number a model can use";
        }
        return (number > 0 ? "Infinity" : "-Infinity") + " is not a finite number (a number beyond ±1.8e308 overflows to it)";
    }
}
