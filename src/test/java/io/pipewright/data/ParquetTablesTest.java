package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** A table through Parquet and back, as nodes run one at a time pass tables to each other. */
class ParquetTablesTest {
    @TempDir
    Path dir;

    @Test
    void everyColumnTypeValueAndMissingValueComesBackAsItWas() throws IOException {
        Table table = Table.create("t",
                DoubleColumn.create("d", new double[] {0.1 + 0.2, Double.NaN, -1e-300}),
                IntColumn.create("i", new int[] {1, Integer.MIN_VALUE, -7}),
                LongColumn.create("l", new long[] {Long.MAX_VALUE, 0, -3}),
                StringColumn.create("s", new String[] {"ä €", "", "x"}),
                BooleanColumn.create("b", new boolean[] {true, false, true}),
                DateColumn.create("day", new LocalDate[] {LocalDate.of(2026, 12, 6), null, LocalDate.of(1970, 1, 1)}),
                DateTimeColumn.create("at", new LocalDateTime[] {LocalDateTime.of(2026, 12, 6, 6, 20, 1, 123_000_000), null, null}));
        table.stringColumn("s").setMissing(1);
        table.booleanColumn("b").setMissing(2);
        Path file = dir.resolve("t.parquet");
        ParquetTables.write(table, file);
        Table back = ParquetTables.read(file, "t", ParquetTables.types(table));
        assertThat(back.columnNames()).isEqualTo(table.columnNames());
        assertThat(ParquetTables.types(back)).isEqualTo(ParquetTables.types(table));
        for (int c = 0; c < table.columnCount(); c++) {
            for (int r = 0; r < table.rowCount(); r++) {
                assertThat(back.column(c).isMissing(r)).as("%s row %d missing", table.column(c).name(), r).isEqualTo(table.column(c).isMissing(r));
                if (!table.column(c).isMissing(r)) {
                    assertThat(back.column(c).get(r)).as("%s row %d", table.column(c).name(), r).isEqualTo(table.column(c).get(r));
                }
            }
        }
    }

    @Test
    void aFileThatIsNotParquetIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("table.parquet"), "not parquet");
        assertThatThrownBy(() -> ParquetTables.read(file, "t", java.util.List.of("DOUBLE")))
                .isInstanceOf(DatasetException.class).hasMessageStartingWith("table.parquet: not a readable Parquet table (");
    }
}
