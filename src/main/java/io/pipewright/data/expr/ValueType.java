package io.pipewright.data.expr;

/** What an expression or one of its parts gives per row. */
public enum ValueType {
    NUMBER("number"), STRING("string"), BOOLEAN("boolean"), DATETIME("date-time"),
    /** The literal {@code null}: fits wherever a value of any type does. */
    NULL("null");

    private final String id;

    ValueType(String id) {
        this.id = id;
    }

    /** The name used in messages. */
    public String id() {
        return id;
    }
}
