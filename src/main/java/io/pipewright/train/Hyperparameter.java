package io.pipewright.train;

import java.util.List;
import java.util.Locale;

/** One hyperparameter of an algorithm: its kind, default, bounds and documentation. */
public record Hyperparameter(String name, Kind kind, Object defaultValue, Double min, Double max, List<String> choices, String description) {

    public enum Kind {
        INT, FLOAT, CHOICE, BOOLEAN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Hyperparameter {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    static Hyperparameter integer(String name, int defaultValue, double min, double max, String description) {
        return new Hyperparameter(name, Kind.INT, (long) defaultValue, min, max, null, description);
    }

    static Hyperparameter real(String name, double defaultValue, double min, double max, String description) {
        return new Hyperparameter(name, Kind.FLOAT, defaultValue, min, max, null, description);
    }

    static Hyperparameter choice(String name, String defaultValue, List<String> choices, String description) {
        return new Hyperparameter(name, Kind.CHOICE, defaultValue, null, null, choices, description);
    }

    /** The value checked and normalised (Long, Double, String or Boolean); the message names the hyperparameter. */
    Object check(Object value) {
        String prefix = "hyperparameter " + name + " ";
        switch (kind) {
            case INT -> {
                if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                    throw new IllegalArgumentException(prefix + "must be a whole number, not " + value);
                }
                bounds(number.doubleValue(), prefix);
                return number.longValue();
            }
            case FLOAT -> {
                if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                    throw new IllegalArgumentException(prefix + "must be a number, not " + value);
                }
                bounds(number.doubleValue(), prefix);
                return number.doubleValue();
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean bool)) {
                    throw new IllegalArgumentException(prefix + "must be true or false, not " + value);
                }
                return bool;
            }
            default -> {
                String text = String.valueOf(value);
                if (!choices.contains(text)) {
                    throw new IllegalArgumentException(prefix + "must be one of " + String.join(", ", choices) + ", not '" + text + "'");
                }
                return text;
            }
        }
    }

    private void bounds(double value, String prefix) {
        if (min != null && value < min || max != null && value > max) {
            throw new IllegalArgumentException(prefix + "must be between " + show(min) + " and " + show(max) + ", not " + show(value));
        }
    }

    private static String show(Double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue()) : value.toString();
    }
}
