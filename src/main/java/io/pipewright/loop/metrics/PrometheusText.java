package io.pipewright.loop.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The samples of one scrape in Prometheus's text exposition format (version 0.0.4): {@code name{label="value",…} value [timestamp]}
 * lines, comments and blank lines skipped. Read as text so that the loop needs nothing of the serving runtime but its
 * documented {@code /metrics}. The cost estimate and the scorecard read every scrape through it.
 */
public record PrometheusText(List<Sample> samples) {
    /** Lines longer than this are not a metric a server of ours writes: refused rather than held. */
    private static final int MAX_LINE = 64 * 1024;

    public PrometheusText {
        samples = List.copyOf(samples);
    }

    /** One sample: the metric's name, its labels in the order written, and its value (NaN and ±Inf allowed). */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        public String label(String key) {
            return labels.get(key);
        }
    }

    /**
     * Parses a scrape; {@code where} names it in a message. Throws IllegalArgumentException naming the line and what is wrong
     * with it when the text is not the exposition format.
     */
    public static PrometheusText parse(String text, String where) {
        var samples = new ArrayList<Sample>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.length() > MAX_LINE) {
                throw new IllegalArgumentException(where + ": line " + number + " is longer than " + MAX_LINE + " characters: not Prometheus text");
            }
            try {
                samples.add(sample(trimmed));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": line " + number + " is not Prometheus text (" + e.getMessage() + "): "
                        + clip(trimmed), e);
            }
        }
        return new PrometheusText(samples);
    }

    /** The samples of a metric whose labels pass {@code labels}. */
    public List<Sample> samples(String name, Predicate<Map<String, String>> labels) {
        return samples.stream().filter(sample -> sample.name().equals(name) && labels.test(sample.labels())).toList();
    }

    /** The samples of a metric. */
    public List<Sample> samples(String name) {
        return samples(name, labels -> true);
    }

    /** The sum of a metric's samples whose labels pass {@code labels}; 0 when there are none. */
    public double sum(String name, Predicate<Map<String, String>> labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** True when some sample has this name. */
    public boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    /** The sum of every sample of this name that is a number (over all its labels), or null when there is none. */
    public Double total(String name) {
        Double total = null;
        for (Sample sample : samples(name)) {
            if (!Double.isNaN(sample.value())) {
                total = (total == null ? 0 : total) + sample.value();
            }
        }
        return total;
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && nameCharacter(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("no metric name");
        }
        String name = line.substring(0, i);
        var labels = new LinkedHashMap<String, String>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("no value");
        }
        if (rest.length > 2) {
            throw new IllegalArgumentException("more than a value and a timestamp after the labels");
        }
        return new Sample(name, labels, value(rest[0]));
    }

    /** Reads {@code key="value",…}} from {@code i}; returns the index after the closing brace. */
    private static int labels(String line, int i, Map<String, String> labels) {
        while (true) {
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < line.length() && nameCharacter(line.charAt(i), i == start) && line.charAt(i) != ':') {
                i++;
            }
            if (i == start || i >= line.length() || line.charAt(i) != '=') {
                throw new IllegalArgumentException("a label is not name=\"value\"");
            }
            String key = line.substring(start, i);
            i++;
            if (i >= line.length() || line.charAt(i) != '"') {
                throw new IllegalArgumentException("the value of label " + key + " is not quoted");
            }
            i++;
            var value = new StringBuilder();
            while (true) {
                if (i >= line.length()) {
                    throw new IllegalArgumentException("the value of label " + key + " is not closed");
                }
                char c = line.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && i < line.length()) {
                    char escaped = line.charAt(i++);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
        }
    }

    private static double value(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + clip(text) + "' is not a number");
                }
            }
        };
    }

    private static boolean nameCharacter(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || !first && c >= '0' && c <= '9';
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }
}
