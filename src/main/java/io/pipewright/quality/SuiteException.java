package io.pipewright.quality;

/**
 * A suite that cannot be read or used: one line for a person, naming the file, the line where known and the field
 * ({@code credit.suite.yaml:14: columns.grade.regex: Unclosed character class at position 5}). Bad input: the
 * command line answers it with exit code 2.
 */
public final class SuiteException extends IllegalArgumentException {
    private final String field;

    public SuiteException(String message) {
        this(message, null);
    }

    public SuiteException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** The field at fault ({@code columns.grade.regex}), or null. */
    public String field() {
        return field;
    }
}
