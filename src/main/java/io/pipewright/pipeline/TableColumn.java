package io.pipewright.pipeline;

import java.util.List;

/**
 * A column of a table connection as known before anything runs: its name, what it holds, its
 * levels (text values seen in the file's first rows, most frequent first; empty when not known), and
 * the column it was made from when a node turned one column into others (a one-hot encoded
 * {@code class} gives {@code class=good} and {@code class=bad}, whose origin is {@code class}).
 */
public record TableColumn(String name, Kind kind, List<String> levels, String origin) {
    public enum Kind { NUMBER, BOOLEAN, DATETIME, TEXT, UNKNOWN }

    public TableColumn {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    public static TableColumn of(String name, Kind kind) {
        return new TableColumn(name, kind, List.of(), null);
    }

    public TableColumn withKind(Kind other) {
        return new TableColumn(name, other, other == Kind.TEXT ? levels : List.of(), origin);
    }
}
