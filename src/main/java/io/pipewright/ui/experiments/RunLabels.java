package io.pipewright.ui.experiments;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Short labels that tell compared runs apart where a whole run id does not fit (a column header, a legend): the
 * runs' names when each has its own, else the part of the ids that differs between them. Ids are like
 * {@code 20261205-231045-3fe0b5}: runs of one day are told apart by their time ({@code 231045}), runs of the same
 * second by their time and suffix ({@code 231045-3fe0b5}).
 */
final class RunLabels {
    /** A label shorter than this is widened to it (from the start of the differing part) when the ids are long. */
    private static final int SHORTEST = 6;
    /** A differing part longer than this (an imported id of 32 hex digits, say) is cut to the shortest unique prefix. */
    private static final int LONGEST = 16;

    private RunLabels() {
    }

    /**
     * One label per run, in order. {@code names} may hold nulls (runs without a name); {@code keys} are the runs' ids,
     * each different.
     */
    static List<String> of(List<String> keys, List<String> names) {
        if (names.size() == keys.size() && names.stream().allMatch(name -> name != null && !name.isBlank())
                && new HashSet<>(names).size() == names.size()) {
            return List.copyOf(names);
        }
        return differingParts(keys);
    }

    /** The shortest distinct labels made of whole dash-separated segments, from the first segment that is not common to all. */
    static List<String> differingParts(List<String> keys) {
        if (keys.size() <= 1) {
            return keys.stream().map(RunLabels::shortened).toList();
        }
        int common = commonPrefix(keys);
        // back to the start of the segment the ids first differ in; further back while an id would be left with nothing
        // (a run and its trials: 20261205-231045-3fe0b5 and 20261205-231045-3fe0b5-train-3)
        int start = common == 0 ? 0 : keys.get(0).lastIndexOf('-', common - 1) + 1;
        while (start > 0 && shortest(keys) <= start) {
            start = start < 2 ? 0 : keys.get(0).lastIndexOf('-', start - 2) + 1;
        }
        int from = start;
        var rests = keys.stream().map(key -> key.substring(Math.min(from, key.length()))).toList();
        for (int segments = 1; ; segments++) {
            var labels = new ArrayList<String>(rests.size());
            boolean whole = true;
            for (String rest : rests) {
                String label = firstSegments(rest, segments);
                whole &= label.length() == rest.length();
                labels.add(label);
            }
            if (new HashSet<>(labels).size() == labels.size() || whole) {
                return labels.stream().anyMatch(label -> label.length() > LONGEST) ? uniquePrefixes(labels) : List.copyOf(labels);
            }
        }
    }

    private static String shortened(String key) {
        int last = key.lastIndexOf('-');
        return key.length() > LONGEST && last > 0 ? key.substring(0, last) : key;
    }

    private static int shortest(List<String> keys) {
        return keys.stream().mapToInt(String::length).min().orElse(0);
    }

    private static int commonPrefix(List<String> keys) {
        String first = keys.get(0);
        int length = first.length();
        for (String key : keys) {
            int i = 0;
            while (i < Math.min(length, key.length()) && key.charAt(i) == first.charAt(i)) {
                i++;
            }
            length = i;
        }
        return length;
    }

    private static String firstSegments(String text, int segments) {
        int at = -1;
        for (int i = 0; i < segments; i++) {
            at = text.indexOf('-', at + 1);
            if (at < 0) {
                return text;
            }
        }
        return text.substring(0, at);
    }

    /** Each label cut to the shortest prefix (at least {@link #SHORTEST} characters) that no other label starts with. */
    private static List<String> uniquePrefixes(List<String> labels) {
        for (int length = SHORTEST; ; length++) {
            int cut = length;
            var prefixes = labels.stream().map(label -> label.length() <= cut ? label : label.substring(0, cut) + "…").toList();
            if (new HashSet<>(prefixes).size() == prefixes.size()) {
                return prefixes;
            }
        }
    }
}
