package io.pipewright.ingest;

import io.pipewright.data.lake.ChangeEvent;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's change records as the change log keeps them. A value becomes the text a read of the table gives
 * ({@code DatasetReader.database}): whole numbers as digits, decimals in plain notation, dates and times in
 * ISO form, {@code timestamptz} as an instant with its offset, {@code bytea} as {@code \x} and hex; so the
 * Silver layer of a table reads as {@code SELECT *} of it does.
 */
final class ChangeRecords {
    private ChangeRecords() {
    }

    /** The prefix of the logical decoding messages a capture writes to know when it has caught up. */
    static final String MARKER_PREFIX = "pipewright";

    /** Whether a record is a change of the table (not a heartbeat or a logical decoding message). */
    static boolean isChange(SourceRecord record) {
        return record.value() instanceof Struct value && value.schema().field("op") != null && !"m".equals(value.getString("op"));
    }

    /** Whether a record is a logical decoding message of a capture's own prefix. */
    static boolean isMarker(SourceRecord record) {
        return record.value() instanceof Struct value && value.schema().field("op") != null && "m".equals(value.getString("op"))
                && value.schema().field("message") != null && MARKER_PREFIX.equals(value.getStruct("message").getString("prefix"));
    }

    /** The token a marker carries. */
    static String markerToken(SourceRecord record) {
        Object content = ((Struct) record.value()).getStruct("message").get("content");
        byte[] bytes = content instanceof ByteBuffer buffer ? bytes(buffer) : (byte[]) content;
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    static ChangeEvent event(SourceRecord record) {
        Struct value = (Struct) record.value();
        String op = value.getString("op");
        Struct source = value.schema().field("source") == null ? null : value.getStruct("source");
        String commit = null;
        long lsn = 0;
        Long txId = null;
        if (source != null) {
            Long ts = source.getInt64("ts_ms");
            commit = ts == null ? null : Instant.ofEpochMilli(ts).toString();
            Long position = source.schema().field("lsn") == null ? null : source.getInt64("lsn");
            lsn = position == null ? 0 : position;
            txId = source.schema().field("txId") == null ? null : source.getInt64("txId");
        }
        return new ChangeEvent(0, op, commit, lsn, txId, row(value, "before"), row(value, "after"));
    }

    private static Map<String, String> row(Struct value, String field) {
        if (value.schema().field(field) == null) {
            return null;
        }
        Struct row = value.getStruct(field);
        if (row == null) {
            return null;
        }
        var cells = new LinkedHashMap<String, String>();
        for (Field column : row.schema().fields()) {
            cells.put(column.name(), text(column.schema(), row.get(column)));
        }
        return cells;
    }

    /** The kind a column of this schema reads as (the names of {@code ColumnPlan.Kind}); null where the values decide. */
    static String kind(Schema schema) {
        String logical = schema.name();
        if (logical != null) {
            return switch (logical) {
                case "io.debezium.time.Date", "io.debezium.time.Timestamp", "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp",
                     "io.debezium.time.ZonedTimestamp" -> "DATETIME";
                case Decimal.LOGICAL_NAME, "io.debezium.data.VariableScaleDecimal" -> "NUMBER";
                default -> null;
            };
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> "NUMBER";
            case BOOLEAN -> "BOOLEAN";
            case STRING -> "STRING";
            default -> null;
        };
    }

    static String text(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case "io.debezium.time.Date":
                    return LocalDate.ofEpochDay(((Number) value).longValue()).toString();
                case "io.debezium.time.Timestamp":
                    return LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC).toString();
                case "io.debezium.time.MicroTimestamp": {
                    long micros = ((Number) value).longValue();
                    return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC)
                            .toString();
                }
                case "io.debezium.time.NanoTimestamp": {
                    long nanos = ((Number) value).longValue();
                    return LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC)
                            .toString();
                }
                case "io.debezium.time.ZonedTimestamp":
                    return OffsetDateTime.parse(value.toString()).withOffsetSameInstant(ZoneOffset.UTC).toString();
                case "io.debezium.time.MicroTime":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1000).toString();
                case "io.debezium.time.Time":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000).toString();
                case Decimal.LOGICAL_NAME:
                    return ((BigDecimal) value).toPlainString();
                case "io.debezium.data.VariableScaleDecimal": {
                    Struct decimal = (Struct) value;
                    Object digits = decimal.get("value");
                    byte[] unscaled = digits instanceof ByteBuffer buffer ? bytes(buffer) : (byte[]) digits;
                    return new BigDecimal(new java.math.BigInteger(unscaled), decimal.getInt32("scale")).toPlainString();
                }
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case FLOAT32 -> {
                float f = (Float) value;
                yield Float.isFinite(f) ? Double.toString(Double.parseDouble(Float.toString(f))) : null;
            }
            case FLOAT64 -> {
                double d = (Double) value;
                yield Double.isFinite(d) ? Double.toString(d) : null;
            }
            case BYTES -> "\\x" + HexFormat.of().formatHex(value instanceof ByteBuffer buffer ? bytes(buffer) : (byte[]) value);
            default -> value.toString();
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
