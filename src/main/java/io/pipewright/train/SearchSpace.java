package io.pipewright.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The hyperparameters a tuning study varies, each a distribution:
 * {@code {int: [2, 8]}}, {@code {float: [0.01, 0.3], log: true}} or {@code {choice: [gbtree, dart]}}.
 * Names must be hyperparameters of the algorithm; bounds must lie within theirs.
 */
public record SearchSpace(Map<String, Dimension> dimensions) {

    /** One hyperparameter's range. {@code low}/{@code high} for int and float; {@code choices} for choice. */
    public record Dimension(String name, String kind, double low, double high, boolean log, List<Object> choices) {
        Object sample(Random random) {
            return switch (kind) {
                case "choice" -> choices.get(random.nextInt(choices.size()));
                case "int" -> (long) Math.floor(fromUnit(random.nextDouble() * (1 - 1e-12), low, high + 1, log && low > 0));
                default -> fromUnit(random.nextDouble(), low, high, log);
            };
        }

        /** The value's place on the search scale: log for log dimensions, the index for choices. */
        double internal(Object value) {
            if (kind.equals("choice")) {
                return choices.indexOf(value);
            }
            double number = ((Number) value).doubleValue();
            return log && low > 0 ? Math.log(Math.max(number, 1e-300)) : number;
        }

        Object external(double internal) {
            if (kind.equals("choice")) {
                return choices.get((int) Math.round(Math.max(0, Math.min(choices.size() - 1, internal))));
            }
            double value = log && low > 0 ? Math.exp(internal) : internal;
            if (kind.equals("int")) {
                return Math.max((long) low, Math.min((long) high, Math.round(value)));
            }
            return Math.max(low, Math.min(high, value));
        }

        double internalLow() {
            return kind.equals("choice") ? 0 : log && low > 0 ? Math.log(low) : low;
        }

        double internalHigh() {
            return kind.equals("choice") ? choices.size() - 1 : log && low > 0 ? Math.log(high) : high;
        }

        /** Evenly spaced values (on the log scale when log), for a grid. */
        List<Object> grid(int points) {
            if (kind.equals("choice")) {
                return choices;
            }
            var values = new ArrayList<Object>();
            int n = kind.equals("int") ? (int) Math.min(points, high - low + 1) : points;
            for (int i = 0; i < n; i++) {
                double share = n == 1 ? 0.5 : (double) i / (n - 1);
                Object value = external(internalLow() + share * (internalHigh() - internalLow()));
                if (!values.contains(value)) {
                    values.add(value);
                }
            }
            return values;
        }

        private static double fromUnit(double u, double low, double high, boolean log) {
            return log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        }
    }

    /** Reads a space from a pipeline's map; messages name the hyperparameter. */
    @SuppressWarnings("unchecked")
    public static SearchSpace parse(Map<String, Object> space, Algorithm algorithm) {
        var dimensions = new LinkedHashMap<String, Dimension>();
        var known = algorithm.hyperparameters().stream().map(Hyperparameter::name).toList();
        for (var entry : space.entrySet()) {
            String name = entry.getKey();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("space." + name + ": not a hyperparameter of " + algorithm.name()
                        + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")"));
            }
            if (!(entry.getValue() instanceof Map<?, ?> spec) || spec.isEmpty()) {
                throw new IllegalArgumentException("space." + name + ": expected {int: [low, high]}, {float: [low, high], log: true} or {choice: [...]}");
            }
            boolean log = Boolean.TRUE.equals(spec.get("log"));
            Dimension dimension;
            if (spec.containsKey("choice")) {
                if (!(spec.get("choice") instanceof List<?> choices) || choices.isEmpty()) {
                    throw new IllegalArgumentException("space." + name + ".choice: a list of values");
                }
                dimension = new Dimension(name, "choice", 0, 0, false, new ArrayList<>((List<Object>) choices));
            } else {
                String kind = spec.containsKey("int") ? "int" : spec.containsKey("float") ? "float" : null;
                if (kind == null || !(spec.get(kind) instanceof List<?> bounds) || bounds.size() != 2
                        || !(bounds.get(0) instanceof Number) || !(bounds.get(1) instanceof Number)) {
                    throw new IllegalArgumentException("space." + name + ": expected {int: [low, high]}, {float: [low, high], log: true} or {choice: [...]}");
                }
                double low = ((Number) bounds.get(0)).doubleValue();
                double high = ((Number) bounds.get(1)).doubleValue();
                if (!(low < high)) {
                    throw new IllegalArgumentException("space." + name + ": low must be below high, not [" + low + ", " + high + "]");
                }
                if (log && low <= 0) {
                    throw new IllegalArgumentException("space." + name + ": a log scale needs a low bound above 0");
                }
                dimension = new Dimension(name, kind, low, high, log, List.of());
            }
            // both ends must be acceptable values of the hyperparameter
            for (Object value : dimension.kind().equals("choice") ? dimension.choices()
                    : List.<Object>of(dimension.external(dimension.internalLow()), dimension.external(dimension.internalHigh()))) {
                try {
                    algorithm.check(Map.of(name, value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("space." + name + ": " + e.getMessage());
                }
            }
            dimensions.put(name, dimension);
        }
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("space: name at least one hyperparameter to vary");
        }
        return new SearchSpace(dimensions);
    }
}
