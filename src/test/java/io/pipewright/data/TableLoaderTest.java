package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class TableLoaderTest {

    @Test
    void aSampleLoadsWithTypedColumns() {
        Table table = TableLoader.load(DatasetReader.open(Path.of("sample-data/credit/credit.csv")));
        assertThat(table.rowCount()).isEqualTo(1000);
        assertThat(table.columnCount()).isEqualTo(10);
        assertThat(table.column("income").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(table.column("income").countMissing()).isEqualTo(81);
        assertThat(table.column("home_ownership").type()).isEqualTo(ColumnType.STRING);
        assertThat(table.column("default").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(table.doubleColumn("age").get(0)).isEqualTo(46.0);
    }

    @Test
    void datesAndMissingValuesAndNaTokens(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("events.csv"), "when,amount\n2026-01-02,1.5\n2026-03-04T10:15:00,NA\n,3\n");
        Table table = TableLoader.load(DatasetReader.open(file).naTokens(java.util.List.of("NA")));
        assertThat(table.column("when").type()).isEqualTo(ColumnType.LOCAL_DATE_TIME);
        assertThat(table.dateTimeColumn("when").get(1)).isEqualTo(LocalDateTime.of(2026, 3, 4, 10, 15));
        assertThat(table.column("when").countMissing()).isEqualTo(1);
        assertThat(table.column("amount").countMissing()).isEqualTo(1);
    }
}
