package io.pipewright.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parameter of a node type: its kind, default, bounds or choices, and documentation. It checks
 * and normalises a value from a pipeline file (numbers as Double or Long, lists of strings, maps).
 */
public record ParamSpec(String name, Kind kind, boolean required, Object defaultValue, Double min, Double max, List<String> choices,
                        String description) {

    public enum Kind {
        STRING, INTEGER, NUMBER, BOOLEAN, CHOICE, COLUMN, COLUMNS, MAP, PATH;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ParamSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static ParamSpec required(String name, Kind kind, String description) {
        return new ParamSpec(name, kind, true, null, null, null, null, description);
    }

    public static ParamSpec optional(String name, Kind kind, Object defaultValue, String description) {
        return new ParamSpec(name, kind, false, defaultValue, null, null, null, description);
    }

    public static ParamSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParamSpec(name, Kind.CHOICE, false, defaultValue, null, null, choices, description);
    }

    public static ParamSpec number(String name, Kind kind, Number defaultValue, Double min, Double max, String description) {
        return new ParamSpec(name, kind, false, defaultValue, min, max, null, description);
    }

    /** The value normalised to this parameter's kind, or an error message (without the node's name). */
    public Object check(Object value) {
        return switch (kind) {
            case STRING, PATH, COLUMN -> {
                if (!(value instanceof String text) || text.isBlank()) {
                    throw new IllegalArgumentException("must be " + (kind == Kind.COLUMN ? "a column name" : "text") + ", not " + show(value));
                }
                yield text;
            }
            case CHOICE -> {
                String text = String.valueOf(value);
                if (!choices.contains(text)) {
                    throw new IllegalArgumentException("must be one of " + String.join(", ", choices) + ", not " + show(value)
                            + Names.didYouMean(text, choices));
                }
                yield text;
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean bool)) {
                    throw new IllegalArgumentException("must be true or false, not " + show(value));
                }
                yield bool;
            }
            case INTEGER -> {
                if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                    throw new IllegalArgumentException("must be a whole number, not " + show(value));
                }
                bounds(number.doubleValue());
                yield number.longValue();
            }
            case NUMBER -> {
                if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                    throw new IllegalArgumentException("must be a number, not " + show(value));
                }
                bounds(number.doubleValue());
                yield number.doubleValue();
            }
            case COLUMNS -> {
                var names = new ArrayList<String>();
                if (value instanceof String single) {
                    names.add(single);
                } else if (value instanceof List<?> list) {
                    for (Object item : list) {
                        if (!(item instanceof String text)) {
                            throw new IllegalArgumentException("must be a list of column names, not " + show(value));
                        }
                        names.add(text);
                    }
                } else {
                    throw new IllegalArgumentException("must be a list of column names, not " + show(value));
                }
                yield List.copyOf(names);
            }
            case MAP -> {
                if (!(value instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException("must be a map of names to values, not " + show(value));
                }
                var copy = new LinkedHashMap<String, Object>();
                map.forEach((key, item) -> copy.put(String.valueOf(key), item));
                yield copy;
            }
        };
    }

    private void bounds(double value) {
        if (min != null && value < min || max != null && value > max) {
            throw new IllegalArgumentException("must be between " + Names.number(min) + " and " + Names.number(max) + ", not "
                    + Names.number(value));
        }
    }

    static String show(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String text) {
            return "'" + text + "'";
        }
        return value.toString();
    }
}
