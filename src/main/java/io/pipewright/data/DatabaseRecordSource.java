package io.pipewright.data;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * Streams a {@link DatabaseSource}'s rows in chunks of {@link #FETCH_ROWS}: the driver fetches that
 * many at a time (a cursor on PostgreSQL, inside a read-only transaction), so a table of any size is
 * read in the memory of a few chunks. Values arrive as the text the file readers give (numbers plain,
 * dates and times in ISO 8601, booleans as true/false, NULL as missing), and each column's kind is
 * the database's type, not a guess from its first rows ({@link #storedKind}). Progress counts rows
 * against a {@code COUNT(*)} made first; the fingerprint is a SHA-256 of the rows as read.
 */
final class DatabaseRecordSource implements RecordSource {
    static final int FETCH_ROWS = 4_096;

    private final DatabaseSource source;
    private final IncrementalRead incremental;
    /** The watermark column's index (-1 for a whole read), and the highest value read so far with its text. */
    private int watermarkColumn = -1;
    private Comparable<Object> highest;
    private String highestText;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final List<String> columns;
    private final int[] sqlTypes;
    /** Whether a TIMESTAMP column holds a zone (PostgreSQL's driver reports timestamptz as TIMESTAMP). */
    private final boolean[] zoned;
    private final long total;
    private final RowFingerprint fingerprint;
    private long read;
    private boolean done;
    private String sha256;

    DatabaseRecordSource(DatabaseSource source, DatabaseCredentials.Login login, IncrementalRead incremental) {
        this.source = source;
        this.incremental = incremental;
        Connection opened = connect(source, login);
        try {
            opened.setAutoCommit(false); // PostgreSQL fetches by cursor only inside a transaction
            opened.setReadOnly(true);
            String select = source.select();
            int markType = Types.NULL;
            if (incremental != null) {
                markType = markType(opened, select, incremental.column());
                if (incremental.after() != null) {
                    select = "SELECT * FROM (" + select + ") source_rows WHERE " + incremental.column() + " > ?";
                }
            }
            total = count(opened, select, incremental, markType);
            statement = opened.prepareStatement(select, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH_ROWS);
            bindMark(statement, incremental, markType);
            rows = statement.executeQuery();
            ResultSetMetaData meta = rows.getMetaData();
            var names = new ArrayList<String>(meta.getColumnCount());
            sqlTypes = new int[meta.getColumnCount()];
            zoned = new boolean[sqlTypes.length];
            for (int c = 0; c < sqlTypes.length; c++) {
                names.add(meta.getColumnLabel(c + 1));
                if (incremental != null && meta.getColumnLabel(c + 1).equalsIgnoreCase(incremental.column())) {
                    watermarkColumn = c;
                }
                sqlTypes[c] = meta.getColumnType(c + 1);
                String typeName = String.valueOf(meta.getColumnTypeName(c + 1)).toLowerCase(java.util.Locale.ROOT);
                zoned[c] = sqlTypes[c] == Types.TIMESTAMP_WITH_TIMEZONE || typeName.equals("timestamptz") || typeName.contains("with time zone");
            }
            columns = Collections.unmodifiableList(names);
            fingerprint = new RowFingerprint(columns);
        } catch (SQLException e) {
            closeQuietly(opened);
            throw problem(source, e);
        } catch (RuntimeException e) {
            closeQuietly(opened); // a watermark column refused by name: the connection goes with it
            throw e;
        }
        connection = opened;
    }

    static Connection connect(DatabaseSource source, DatabaseCredentials.Login login) {
        var properties = new Properties();
        if (login != null) {
            properties.setProperty("user", login.user());
            if (login.password() != null) {
                properties.setProperty("password", login.password());
            }
        }
        // a database that does not answer is named within seconds, not after the driver's default of minutes
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "10");
        try {
            if (source.kind().equals("H2")) {
                // a source only reads: a mistyped file name must not make an empty database there
                String url = source.url().toUpperCase(java.util.Locale.ROOT).contains(";IFEXISTS=") || source.url().startsWith("jdbc:h2:mem:") ? source.url()
                        : source.url() + ";IFEXISTS=TRUE";
                return DriverManager.getConnection(url, login(properties));
            }
            return DriverManager.getConnection(source.url(), properties);
        } catch (SQLException e) {
            throw new DatasetException(DatabaseSource.redact(source.url()) + ": cannot connect: " + firstLine(e));
        }
    }

    /** H2 takes only the user and the password as properties; the others are settings it would reject. */
    private static Properties login(Properties all) {
        var only = new Properties();
        for (String key : new String[] {"user", "password"}) {
            if (all.getProperty(key) != null) {
                only.setProperty(key, all.getProperty(key));
            }
        }
        return only;
    }

    private static long count(Connection connection, String select, IncrementalRead incremental, int markType) throws SQLException {
        try (var counting = connection.prepareStatement("SELECT COUNT(*) FROM (" + select + ") counted")) {
            bindMark(counting, incremental, markType);
            try (var result = counting.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        }
    }

    /** The SQL type of the watermark column; a column the source does not have, or one that cannot be ordered, is refused naming it. */
    private int markType(Connection connection, String select, String column) throws SQLException {
        try (var probe = connection.prepareStatement("SELECT * FROM (" + select + ") source_rows WHERE 1 = 0"); var result = probe.executeQuery()) {
            ResultSetMetaData meta = result.getMetaData();
            var names = new ArrayList<String>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                names.add(meta.getColumnLabel(c));
                if (meta.getColumnLabel(c).equalsIgnoreCase(column)) {
                    int type = meta.getColumnType(c);
                    String typeName = String.valueOf(meta.getColumnTypeName(c)).toLowerCase(java.util.Locale.ROOT);
                    if (type == Types.TIMESTAMP && (typeName.equals("timestamptz") || typeName.contains("with time zone"))) {
                        return Types.TIMESTAMP_WITH_TIMEZONE;
                    }
                    ColumnPlan.Kind kind = kindOfType(type);
                    if (kind != ColumnPlan.Kind.NUMBER && kind != ColumnPlan.Kind.DATETIME) {
                        throw new DatasetException(source.name() + ": incremental.column " + column + " is " + meta.getColumnTypeName(c)
                                + "; a high-water mark needs a number, a date or a timestamp");
                    }
                    return type;
                }
            }
            throw new DatasetException(source.name() + ": incremental.column " + column + " is not a column (columns: " + String.join(", ", names) + ")");
        }
    }

    /** Binds where the read starts, typed as the column is (a timestamp as a timestamp, not as text). */
    private static void bindMark(PreparedStatement statement, IncrementalRead incremental, int markType) throws SQLException {
        if (incremental == null || incremental.after() == null) {
            return;
        }
        String after = incremental.after();
        switch (markType) {
            case Types.TIMESTAMP -> statement.setObject(1, LocalDateTime.parse(after));
            case Types.TIMESTAMP_WITH_TIMEZONE -> statement.setObject(1, OffsetDateTime.parse(after));
            case Types.DATE -> statement.setObject(1, LocalDate.parse(after));
            default -> statement.setBigDecimal(1, new BigDecimal(after));
        }
    }

    /** The watermark column's value of the current row as something to compare, read typed (not parsed back from its text): numbers by value, times by instant. */
    @SuppressWarnings("unchecked")
    private Comparable<Object> comparable() throws SQLException {
        int column = watermarkColumn + 1;
        Comparable<?> value = switch (zoned[watermarkColumn] ? Types.TIMESTAMP_WITH_TIMEZONE : sqlTypes[watermarkColumn]) {
            case Types.TIMESTAMP -> rows.getObject(column, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> rows.getObject(column, OffsetDateTime.class).toInstant();
            case Types.DATE -> rows.getObject(column, LocalDate.class);
            default -> rows.getBigDecimal(column);
        };
        return (Comparable<Object>) value;
    }

    /** The kind the database stores a column as; null where its type says nothing (text: the values decide between categories, text and ids). */
    ColumnPlan.Kind kindOf(int column) {
        return kindOfType(sqlTypes[column]);
    }

    private static ColumnPlan.Kind kindOfType(int sqlType) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC, Types.REAL, Types.FLOAT, Types.DOUBLE ->
                    ColumnPlan.Kind.NUMBER;
            case Types.BOOLEAN, Types.BIT -> ColumnPlan.Kind.BOOLEAN;
            case Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> ColumnPlan.Kind.DATETIME;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB -> ColumnPlan.Kind.STRING;
            default -> null;
        };
    }

    @Override
    public ColumnPlan.Kind storedKind(int column) {
        return kindOf(column);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Chunk next() {
        if (done) {
            return null;
        }
        String[][] values = new String[FETCH_ROWS][];
        long[] lines = new long[FETCH_ROWS];
        int n = 0;
        try {
            while (n < FETCH_ROWS && rows.next()) {
                String[] row = new String[sqlTypes.length];
                for (int c = 0; c < row.length; c++) {
                    row[c] = text(c + 1, zoned[c] ? Types.TIMESTAMP_WITH_TIMEZONE : sqlTypes[c]);
                }
                fingerprint.add(row);
                if (watermarkColumn >= 0 && row[watermarkColumn] != null) {
                    Comparable<Object> value = comparable();
                    if (highest == null || value.compareTo(highest) > 0) {
                        highest = value;
                        highestText = row[watermarkColumn];
                    }
                }
                values[n] = row;
                lines[n] = ++read;
                n++;
            }
        } catch (SQLException e) {
            throw problem(source, e);
        }
        if (n < FETCH_ROWS) {
            done = true;
            sha256 = fingerprint.finish();
            if (incremental != null) {
                incremental.finished(highestText, read);
            }
            if (n == 0) {
                return null;
            }
        }
        return Chunk.of(new Rows(values, lines, n));
    }

    private String text(int column, int type) throws SQLException {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                long value = rows.getLong(column);
                yield rows.wasNull() ? null : Long.toString(value);
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal value = rows.getBigDecimal(column);
                yield value == null ? null : value.toPlainString();
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                double value = rows.getDouble(column);
                yield rows.wasNull() || !Double.isFinite(value) ? null : Double.toString(value);
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean value = rows.getBoolean(column);
                yield rows.wasNull() ? null : Boolean.toString(value);
            }
            case Types.DATE -> {
                LocalDate value = rows.getObject(column, LocalDate.class);
                yield value == null ? null : value.toString();
            }
            case Types.TIMESTAMP -> {
                LocalDateTime value = rows.getObject(column, LocalDateTime.class);
                yield value == null ? null : value.toString();
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
                yield value == null ? null : value.toString();
            }
            default -> rows.getString(column);
        };
    }

    @Override
    public long bytesRead() {
        return read;
    }

    @Override
    public long totalBytes() {
        return Math.max(total, read);
    }

    /** The text of the rows read, in UTF-8 bytes: what the table would take as a CSV file, near enough. */
    @Override
    public long sizeBytes() {
        return fingerprint.textBytes();
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public String encoding() {
        return null;
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public void close() {
        try {
            rows.close();
            statement.close();
            connection.rollback(); // it only read
        } catch (SQLException ignored) {
            // closing anyway
        } finally {
            closeQuietly(connection);
        }
    }

    private static DatasetException problem(DatabaseSource source, SQLException e) {
        return new DatasetException(source.name() + " (" + DatabaseSource.redact(source.url()) + "): " + firstLine(e), e);
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }
}
