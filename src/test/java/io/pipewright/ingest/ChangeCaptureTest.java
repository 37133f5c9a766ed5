package io.pipewright.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.data.DatasetException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** What needs no database: the refusal of a server that cannot decode its log, and values as the change log writes them. */
class ChangeCaptureTest {

    @Test
    void aServerWithoutLogicalDecodingIsRefusedNamingTheSettingToChange() {
        assertThatThrownBy(() -> ChangeCapture.checkWalLevel("replica", "jdbc:postgresql://db/shop")).isInstanceOf(DatasetException.class)
                .hasMessage("jdbc:postgresql://db/shop: PostgreSQL must run with wal_level=logical to capture changes (it is replica; "
                        + "set it in postgresql.conf and restart the server)");
        ChangeCapture.checkWalLevel("logical", "jdbc:postgresql://db/shop");
    }

    @Test
    void valuesAreTheTextATableReadGives() {
        assertThat(ChangeRecords.text(SchemaBuilder.int32().name("io.debezium.time.Date").build(), 20_000)).isEqualTo("2024-10-04");
        assertThat(ChangeRecords.text(SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build(), 1_700_000_000_123_456L))
                .isEqualTo("2023-11-14T22:13:20.123456");
        assertThat(ChangeRecords.text(SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build(), "2026-12-07T05:11:00.658468+01:00"))
                .isEqualTo("2026-12-07T04:11:00.658468Z");
        assertThat(ChangeRecords.text(Decimal.schema(2), new BigDecimal("1500.50"))).isEqualTo("1500.50");
        Schema variable = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").field("scale", Schema.INT32_SCHEMA)
                .field("value", Schema.BYTES_SCHEMA).build();
        assertThat(ChangeRecords.text(variable, new Struct(variable).put("scale", 3).put("value", new java.math.BigInteger("-12345").toByteArray())))
                .isEqualTo("-12.345");
        assertThat(ChangeRecords.text(Schema.FLOAT32_SCHEMA, 0.1f)).as("a real as PostgreSQL prints it, not widened").isEqualTo("0.1");
        assertThat(ChangeRecords.text(Schema.FLOAT64_SCHEMA, Double.NaN)).isNull();
        assertThat(ChangeRecords.text(Schema.BYTES_SCHEMA, ByteBuffer.wrap(new byte[] {1, (byte) 0xab}))).isEqualTo("\\x01ab");
        assertThat(ChangeRecords.kind(SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build())).isEqualTo("DATETIME");
        assertThat(ChangeRecords.kind(Schema.BOOLEAN_SCHEMA)).isEqualTo("BOOLEAN");
    }
}
