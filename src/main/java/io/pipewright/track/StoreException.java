package io.pipewright.track;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The store could not be opened or used; the message is one line meant for a person. A full or
 * read-only disk is said in those words, in place of the SQL or I/O error that carried it, whichever
 * code built the message.
 */
public class StoreException extends RuntimeException {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreException.class);
    /** H2's "The database is read only". */
    private static final int H2_READ_ONLY = 90097;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(inWords(message, cause), cause);
    }

    /**
     * The message with the raw error (the cause's text in it, or appended) put in words: a full or
     * read-only disk, or any error of H2's, whose text carries SQL, H2's error codes and its advice
     * about its own tools (that text goes to the log).
     */
    static String inWords(String message, Throwable cause) {
        String trouble = diskTrouble(cause);
        if (trouble == null) {
            trouble = H2Errors.inWords(cause);
            if (trouble != null) {
                LOG.info("{}: {}", message, cause.toString());
            }
        }
        if (trouble == null || message == null) {
            return message;
        }
        String raw = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("").strip();
        int at = raw.isEmpty() ? -1 : message.indexOf(raw);
        return at >= 0 ? message.substring(0, at) + trouble : message + ": " + trouble;
    }

    /** The error's cause; for a batch's error, which carries none, the error of the statement that failed in it. */
    private static Throwable next(Throwable error) {
        if (error.getCause() == null && error instanceof SQLException sql) {
            return sql.getNextException();
        }
        return error.getCause();
    }

    /** "the store's disk is full …" or "the store is read-only …" when that is what went wrong; else null. */
    static String diskTrouble(Throwable cause) {
        int depth = 0;
        for (Throwable error = cause; error != null && depth < 20; error = next(error), depth++) {
            String text = error instanceof FileSystemException files ? files.getReason() : error.getMessage();
            String file = error instanceof FileSystemException files ? files.getFile() : null;
            String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
            if (error instanceof SQLException sql && "53100".equals(sql.getSQLState())
                    || error instanceof IOException && (lower.contains("no space left on device") || lower.contains("not enough space on the disk"))) {
                return "the store's disk is full" + (file == null ? "" : " (writing " + file + ")") + ": free some space, then try again";
            }
            if (error instanceof AccessDeniedException || error instanceof IOException && lower.contains("read-only file system")
                    || error instanceof SQLException sql && (sql.getErrorCode() == H2_READ_ONLY || "25006".equals(sql.getSQLState()))) {
                return "the store is read-only" + (file == null ? "" : " (cannot write " + file + ")")
                        + ": make it writable, or use another store";
            }
        }
        return null;
    }
}
