package io.pipewright.loop.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a Prometheus text exposition ({@code /metrics}, format 0.0.4): each line {@code name{labels} value [timestamp]},
 * comments and blank lines skipped. Read as text so that the cost estimate depends on what a server exposes, not on its code.
 */
public final class PrometheusText {

    /** One sample: the metric's name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** Parses an exposition; a line that is not a sample is one line naming its number. */
    public static PrometheusText parse(String text) {
        var samples = new ArrayList<Sample>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(sample(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": not a Prometheus sample: " + abbreviate(line));
            }
        }
        return new PrometheusText(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** True when some sample has this name. */
    public boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    /** The sum of every sample of this name (over all its labels), or null when there is none. */
    public Double sum(String name) {
        return sum(name, null, null);
    }

    /** The sum of the samples of this name whose label {@code key} is {@code value} (any labels when key is null); null when none. */
    public Double sum(String name, String key, String value) {
        Double total = null;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && (key == null || value.equals(sample.labels().get(key))) && !Double.isNaN(sample.value())) {
                total = (total == null ? 0 : total) + sample.value();
            }
        }
        return total;
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty() || !name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("name");
        }
        var labels = new LinkedHashMap<String, String>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                while (line.charAt(i) == ' ' || line.charAt(i) == ',') {
                    i++;
                }
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int equals = line.indexOf('=', i);
                String key = line.substring(i, equals).strip();
                i = equals + 1;
                if (line.charAt(i) != '"') {
                    throw new IllegalArgumentException("label value");
                }
                i++;
                var value = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\') {
                        char next = line.charAt(++i);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    i++;
                }
                i++;
                labels.put(key, value.toString());
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        return new Sample(name, labels, number(rest[0]));
    }

    private static double number(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "…";
    }
}
