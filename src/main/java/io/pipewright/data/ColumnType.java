package io.pipewright.data;

import java.util.Locale;

/** What a column holds, as the profile and the JSON contract name it. */
public enum ColumnType {
    NUMERIC, BOOLEAN, DATETIME, CATEGORICAL, TEXT, IDENTIFIER;

    /** The lower-case name used in JSON and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ColumnType parse(String text) {
        for (ColumnType type : values()) {
            if (type.id().equalsIgnoreCase(text.strip())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown column type '" + text + "' (one of numeric, boolean, datetime, categorical, text, identifier)");
    }
}
