package io.pipewright.ui.experiments;

import io.pipewright.track.RunPages.Column;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the Experiments workspace remembers: the columns chosen for each experiment. */
public record ExperimentsPreferences(Map<String, List<Column>> columns) {
    public static final String SECTION = "experiments";
    /** Experiments remembered at most; the oldest choice is forgotten first. */
    static final int REMEMBERED = 200;

    public ExperimentsPreferences {
        columns = columns == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public static ExperimentsPreferences empty() {
        return new ExperimentsPreferences(Map.of());
    }

    public ExperimentsPreferences with(String experiment, List<Column> chosen) {
        var next = new LinkedHashMap<>(columns);
        next.remove(experiment);
        next.put(experiment, List.copyOf(chosen));
        while (next.size() > REMEMBERED) {
            next.remove(next.keySet().iterator().next());
        }
        return new ExperimentsPreferences(next);
    }
}
