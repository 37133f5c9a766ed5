package io.pipewright.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Makes header names usable: blanks get {@code column_N}, repeats get {@code _2}, {@code _3}… */
final class ColumnNames {
    private ColumnNames() {
    }

    static List<String> clean(List<String> raw, List<String> notes) {
        var names = new ArrayList<String>(raw.size());
        var seen = new HashSet<String>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i) == null ? "" : raw.get(i).strip();
            if (name.isEmpty()) {
                String generated = unique("column_" + (i + 1), seen);
                notes.add("column " + (i + 1) + " has no name; called it " + generated);
                name = generated;
            } else if (seen.contains(name)) {
                String renamed = unique(name, seen);
                notes.add("column " + (i + 1) + " repeats the name '" + name + "'; called it " + renamed);
                name = renamed;
            }
            seen.add(name);
            names.add(name);
        }
        return names;
    }

    private static String unique(String base, java.util.Set<String> seen) {
        if (!seen.contains(base)) {
            return base;
        }
        int n = 2;
        while (seen.contains(base + "_" + n)) {
            n++;
        }
        return base + "_" + n;
    }
}
