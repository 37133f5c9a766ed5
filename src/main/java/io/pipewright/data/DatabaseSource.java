package io.pipewright.data;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A table or a query of a database, read as a dataset: the database's JDBC URL (PostgreSQL or H2), the
 * table ({@code schema.table} or {@code table}) or the query (one {@code SELECT}), and the name of the
 * credentials to log in with ({@link DatabaseCredentials}), or null to log in as the URL says. A password
 * never travels in the URL: pipeline files and the store keep what a source is, not how to log in.
 */
public record DatabaseSource(String url, String table, String query, String credentials) {
    /** The checks of a source, compiled when the first source is made (not when a command asks whether an argument is one). */
    private static final class Rules {
        static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
        static final Pattern PASSWORD = Pattern.compile("(?i)[;?&]password=");
        static final Pattern CREDENTIALS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    }

    /** Checks what a person wrote; each problem is a one-line {@link IllegalArgumentException} naming the field. */
    public DatabaseSource {
        if (!isDatabase(url)) {
            throw new IllegalArgumentException(url + ": not a database URL (jdbc:postgresql://HOST[:PORT]/DATABASE or jdbc:h2:…)");
        }
        if (Rules.PASSWORD.matcher(url).find()) {
            throw new IllegalArgumentException(redact(url) + ": a password in the URL would be kept wherever the source is written; "
                    + "name credentials instead (--credentials NAME: PIPEWRIGHT_DB_NAME_USER and _PASSWORD, or NAME.user and NAME.password "
                    + "in the home's secrets.properties)");
        }
        table = blankToNull(table);
        query = blankToNull(query);
        credentials = blankToNull(credentials);
        if ((table == null) == (query == null)) {
            throw new IllegalArgumentException(redact(url) + ": name a table or a query to read (one of them)");
        }
        if (table != null && !Rules.TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("table " + table + ": not a table name (letters, digits and _, as schema.table or table)");
        }
        if (query != null && !query.strip().toLowerCase(Locale.ROOT).matches("(?s)(select|with)\\b.*")) {
            throw new IllegalArgumentException("query: reads with one SELECT (or WITH … SELECT), not " + firstWord(query));
        }
        if (credentials != null && !Rules.CREDENTIALS.matcher(credentials).matches()) {
            throw new IllegalArgumentException("credentials " + credentials + ": a name of letters, digits, - and _ (the password itself goes in the "
                    + "environment or the home's secrets.properties)");
        }
    }

    /** Whether an argument names a database rather than a file. */
    public static boolean isDatabase(String argument) {
        return argument != null && (argument.startsWith("jdbc:postgresql:") || argument.startsWith("jdbc:h2:"));
    }

    /**
     * Opens a connection to the source's database, logged in as its credentials say (or as the URL says); one that
     * cannot be made is a one-line {@link DatasetException} naming the database.
     */
    public java.sql.Connection connect(DatabaseCredentials logins) {
        return DatabaseRecordSource.connect(this, login(logins));
    }

    /** The login the source names, or null when it logs in as its URL says. */
    public DatabaseCredentials.Login login(DatabaseCredentials logins) {
        return credentials == null ? null : logins.login(credentials);
    }

    /** The database's kind, as the dataset's format reads: "PostgreSQL" or "H2". */
    public String kind() {
        return url.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "H2";
    }

    /** A short name for messages and labels: the table's, or "query". */
    public String name() {
        return table != null ? table : "query";
    }

    /** Where the data comes from, for reports and the store: the URL without anything secret, then the table or the query. */
    public String location() {
        return redact(url) + (table != null ? "#" + table : "#query:" + query.strip().replaceAll("\\s+", " "));
    }

    /** The short name of a dataset's location as reports give it: a file's name, a database source's table, or "query". */
    public static String nameIn(String location) {
        if (location.startsWith("jdbc:")) {
            String what = location.substring(location.indexOf('#') + 1);
            return what.startsWith("query:") ? "query" : what;
        }
        try {
            var file = java.nio.file.Path.of(location).getFileName();
            return file == null ? location : file.toString();
        } catch (java.nio.file.InvalidPathException e) {
            return location;
        }
    }

    /** What the source reads, as SQL. */
    String select() {
        return table != null ? "SELECT * FROM " + table : query.strip().replaceAll(";\\s*$", "");
    }

    /**
     * The URL without a user's password or H2's file password, should one slip into a message or a record (a
     * parameter ends at {@code &}, H2's at {@code ;}, a source's table name after {@code #}).
     */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;#]*", "$1…");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String firstWord(String text) {
        String stripped = text.strip();
        int space = stripped.indexOf(' ');
        return space < 0 ? stripped : stripped.substring(0, space);
    }
}
