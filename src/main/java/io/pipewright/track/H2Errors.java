package io.pipewright.track;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * H2's errors in words. H2's text quotes the SQL statement, its own error code and build, and
 * advice about its tools ("use the recovery tool [90030-252]"): none of that helps a person, who
 * gets what went wrong in the store's terms instead.
 */
final class H2Errors {
    /** H2's "Value too long for column "PARAM_VALUE CHARACTER VARYING(8000)": "'xxx...' (9000)"". */
    private static final Pattern TOO_LONG = Pattern.compile("Value too long for column \"(\\w+) [^\"]*?\\((\\d+)\\)\": .*\\((\\d+)\\)\"");
    private static final Pattern NULL_COLUMN = Pattern.compile("NULL not allowed for column \"(\\w+)\"");

    private H2Errors() {
    }

    /** What an H2 error in the chain means, in words; null when the chain holds none. */
    static String inWords(Throwable cause) {
        int depth = 0;
        for (Throwable error = cause; error != null && depth < 20; error = error.getCause(), depth++) {
            if (error instanceof SQLException sql && sql.getClass().getName().startsWith("org.h2.")) {
                return inWords(sql);
            }
        }
        return null;
    }

    static String inWords(SQLException error) {
        String text = error.getMessage() == null ? "" : error.getMessage();
        return switch (error.getErrorCode()) {
            case 22001 -> {
                Matcher tooLong = TOO_LONG.matcher(text);
                yield tooLong.find() ? "a value of " + tooLong.group(3) + " characters is longer than the " + tooLong.group(2) + " the store keeps for "
                        + column(tooLong.group(1)) : "a value is longer than the store keeps";
            }
            case 22003 -> "a number is beyond the range the store keeps";
            case 22018 -> "a value cannot be stored as the type its field holds";
            case 23502 -> {
                Matcher column = NULL_COLUMN.matcher(text);
                yield "a required value is missing" + (column.find() ? " (" + column(column.group(1)) + ")" : "");
            }
            case 23505 -> "an entry with the same name is already in the store";
            case 23503, 23506 -> "it refers to an entry that is not in the store, or an entry still referred to";
            case 50200 -> "the store is busy (another task holds what this one needs): try again";
            case 57014 -> "the operation was cancelled";
            case 90020 -> "the store is in use by another Pipewright";
            case 90030 -> "the file cannot be read as a store (restore a backup, or move the file away to start a new store)";
            case 90098 -> "the store was closed";
            case 90108 -> "the store ran out of memory";
            case 42101, 42102, 42103, 42104, 42122 -> "the store's tables are not the ones this Pipewright expects (a store of another version?)";
            default -> "the store failed (error " + error.getErrorCode() + "; the log has the details)";
        };
    }

    /** "PARAM_VALUE" as "param value". */
    private static String column(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
