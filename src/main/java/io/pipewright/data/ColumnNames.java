package io.pipewright.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes header names usable: blanks get {@code column_N}, repeats get {@code _2}, {@code _3}… Linear in
 * the number of columns: each name remembers the next suffix to try, so thousands of repeats of one
 * name do not each count up from 2 again.
 */
final class ColumnNames {
    private ColumnNames() {
    }

    static List<String> clean(List<String> raw, List<String> notes) {
        var names = new ArrayList<String>(raw.size());
        var seen = new HashSet<String>();
        var nextSuffix = new HashMap<String, Integer>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i) == null ? "" : raw.get(i).strip();
            if (name.isEmpty()) {
                String generated = unique("column_" + (i + 1), seen, nextSuffix);
                notes.add("column " + (i + 1) + " has no name; called it " + generated);
                name = generated;
            } else if (seen.contains(name)) {
                String renamed = unique(name, seen, nextSuffix);
                notes.add("column " + (i + 1) + " repeats the name '" + name + "'; called it " + renamed);
                name = renamed;
            }
            seen.add(name);
            names.add(name);
        }
        return names;
    }

    /**
     * {@code base}, or {@code base_N} with the smallest N from where the last search for this base
     * stopped. A suffix skipped over is taken, and names are never removed, so it never needs trying
     * again: the searches for one base together try each N once.
     */
    private static String unique(String base, Set<String> seen, Map<String, Integer> nextSuffix) {
        if (!seen.contains(base)) {
            return base;
        }
        int n = nextSuffix.getOrDefault(base, 2);
        while (seen.contains(base + "_" + n)) {
            n++;
        }
        nextSuffix.put(base, n + 1);
        return base + "_" + n;
    }
}
