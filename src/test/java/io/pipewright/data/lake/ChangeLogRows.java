package io.pipewright.data.lake;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rows and change events of a captured {@code (id, name)} table, as the tests of change logs and of their views write them. */
public final class ChangeLogRows {
    private ChangeLogRows() {
    }

    /** A row of the table: its id and name as text (a null name stays null). */
    public static Map<String, String> row(Object id, String name) {
        var row = new LinkedHashMap<String, String>();
        row.put("id", String.valueOf(id));
        row.put("name", name);
        return row;
    }

    /** A change event, numbered when appended, at one commit time, position and transaction. */
    public static ChangeEvent event(String op, Map<String, String> before, Map<String, String> after) {
        return new ChangeEvent(0, op, "2026-12-07T10:00:00Z", 100, 7L, before, after);
    }
}
