package io.pipewright.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The columns flowing along a table connection as known before anything runs (see {@link ColumnFlow}):
 * what the validator checks targets against and the editor's column pickers offer. Empty when not
 * known (a file not read yet, or unreadable).
 */
public record TableColumns(List<TableColumn> columns) {
    public static final TableColumns UNKNOWN = new TableColumns(List.of());

    public TableColumns {
        columns = List.copyOf(columns);
    }

    public boolean has(String name) {
        return find(name).isPresent();
    }

    public Optional<TableColumn> find(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return columns.stream().map(TableColumn::name).toList();
    }

    /** Without these columns. */
    public TableColumns without(Collection<String> names) {
        return new TableColumns(columns.stream().filter(column -> !names.contains(column.name())).toList());
    }

    /** With this column in place of the one of its name, or added at the end. */
    public TableColumns with(TableColumn column) {
        var changed = new ArrayList<TableColumn>();
        boolean replaced = false;
        for (TableColumn each : columns) {
            if (each.name().equals(column.name())) {
                changed.add(column);
                replaced = true;
            } else {
                changed.add(each);
            }
        }
        if (!replaced) {
            changed.add(column);
        }
        return new TableColumns(changed);
    }

    /** The columns made from {@code name} (its one-hot columns, say). */
    public List<String> madeFrom(String name) {
        return columns.stream().filter(column -> name.equals(column.origin())).map(TableColumn::name).toList();
    }
}
