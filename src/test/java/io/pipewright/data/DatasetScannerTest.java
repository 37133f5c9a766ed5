package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.work.CancelledException;
import io.pipewright.work.Progress;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
    private final DatasetScanner scanner = new DatasetScanner();

    @TempDir
    Path folder;

    private Path write(String name, String content) throws Exception {
        return Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void csvCountsRecordsNotLines() throws Exception {
        Path file = write("quoted.csv", "\uFEFFid,comment,score\r\n1,\"two\nlines, and a comma\",3.5\r\n2,\"say \"\"hi\"\"\",4\r\n\r\n");
        DatasetSummary summary = scanner.scan(file, Progress.NONE);
        assertThat(summary.format()).isEqualTo(DatasetFormat.CSV);
        assertThat(summary.rows()).hasValue(2);
        assertThat(summary.columns()).hasValue(3);
    }

    @Test
    void semicolonCsvAndTsvAreRecognised() throws Exception {
        assertThat(scanner.scan(write("semi.csv", "a;b;c;d\n1;2;3;4\n"), Progress.NONE).columns()).hasValue(4);
        DatasetSummary tsv = scanner.scan(write("t.tsv", "a\tb\n1\t2\n3\t4\n5\t6"), Progress.NONE);
        assertThat(tsv.rows()).hasValue(3);
        assertThat(tsv.columns()).hasValue(2);
    }

    @Test
    void gzipIsReadTransparently() throws Exception {
        Path file = folder.resolve("big.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("x,y\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 5000; i++) {
                out.write((i + "," + i * 2 + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        DatasetSummary summary = scanner.scan(file, Progress.NONE);
        assertThat(summary.format()).isEqualTo(DatasetFormat.CSV);
        assertThat(summary.rows()).hasValue(5000);
    }

    @Test
    void jsonArrayAndJsonLines() throws Exception {
        DatasetSummary array = scanner.scan(write("r.json", "[{\"a\": 1, \"b\": {\"c\": [1,2]}}, {\"a\": 2}, {\"a\": 3, \"b\": null}]"), Progress.NONE);
        assertThat(array.rows()).hasValue(3);
        assertThat(array.columns()).hasValue(2);
        DatasetSummary lines = scanner.scan(write("r.jsonl", "{\"a\":1,\"b\":2,\"c\":3}\n\n{\"a\":4}\n"), Progress.NONE);
        assertThat(lines.format()).isEqualTo(DatasetFormat.JSON_LINES);
        assertThat(lines.rows()).hasValue(2);
        assertThat(lines.columns()).hasValue(3);
    }

    @Test
    void arffCountsAttributesAndData() throws Exception {
        Path file = write("w.arff", "% weather\n@relation weather\n@attribute outlook {sunny,rainy}\n@attribute temp numeric\n"
                + "@attribute play {yes,no}\n\n@data\nsunny,85,no\n% a comment\nrainy,?,yes\n");
        DatasetSummary summary = scanner.scan(file, Progress.NONE);
        assertThat(summary.rows()).hasValue(2);
        assertThat(summary.columns()).hasValue(3);
    }

    @Test
    void parquetIsCheckedByItsMagicBytes() throws Exception {
        Path good = folder.resolve("ok.parquet");
        Files.write(good, new byte[] {'P', 'A', 'R', '1', 0, 0, 0, 0, 0, 0, 0, 0, 'P', 'A', 'R', '1'});
        DatasetSummary summary = scanner.scan(good, Progress.NONE);
        assertThat(summary.format()).isEqualTo(DatasetFormat.PARQUET);
        assertThat(summary.rows()).isEmpty();
        Path bad = write("fake.parquet", "id,name\n1,x\n");
        assertThatThrownBy(() -> scanner.scan(bad, Progress.NONE))
                .isInstanceOf(DatasetException.class)
                .hasMessage("fake.parquet: not a Parquet file (it must start and end with PAR1)");
    }

    @Test
    void anUnclosedQuoteNamesTheLineWhereItOpened() throws Exception {
        Path file = write("broken.csv", "a,b\n1,2\n3,\"never closed\n4,5\n");
        assertThatThrownBy(() -> scanner.scan(file, Progress.NONE))
                .isInstanceOf(DatasetException.class)
                .hasMessage("broken.csv: line 3: a quoted field opened here is never closed");
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws Exception {
        Path file = write("bad.json", "[\n  {\"a\": 1},\n  {\"a\": 2,,}\n]");
        assertThatThrownBy(() -> scanner.scan(file, Progress.NONE))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("bad.json: line 3, column ");
        Path notRecords = write("scalar.json", "42");
        assertThatThrownBy(() -> scanner.scan(notRecords, Progress.NONE))
                .hasMessage("scalar.json: line 1: expected a JSON array of records, found a number");
        Path badLine = write("bad.jsonl", "{\"a\": 1}\n");
        Files.writeString(badLine, "[1,2]\n");
        assertThatThrownBy(() -> scanner.scan(badLine, Progress.NONE))
                .hasMessage("bad.jsonl: line 1: expected a record (JSON object), found an array");
    }

    @Test
    void badGzipEmptyFilesAndUnknownTypesAreExplained() throws Exception {
        Path notGzip = write("plain.csv.gz", "a,b\n1,2\n");
        assertThatThrownBy(() -> scanner.scan(notGzip, Progress.NONE))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("plain.csv.gz: not a valid gzip file");
        Path empty = write("empty.csv", "");
        assertThatThrownBy(() -> scanner.scan(empty, Progress.NONE))
                .hasMessage("empty.csv: the file is empty (no header line)");
        Path word = write("notes.docx", "hello");
        assertThatThrownBy(() -> scanner.scan(word, Progress.NONE))
                .hasMessage("notes.docx: not a dataset Pipewright can open (CSV, TSV, JSON, JSON Lines, Parquet, ARFF)");
        assertThatThrownBy(() -> scanner.scan(folder.resolve("gone.csv"), Progress.NONE))
                .hasMessageEndingWith("gone.csv: no such file");
        Path noData = write("h.arff", "@relation r\n@attribute a numeric\n");
        assertThatThrownBy(() -> scanner.scan(noData, Progress.NONE)).hasMessage("h.arff: no @data section");
    }

    @Test
    void truncatedGzipIsReported() throws Exception {
        Path file = folder.resolve("cut.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < 20000; i++) {
                out.write((i + ",value " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> scanner.scan(file, Progress.NONE))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("cut.csv.gz: the file ends early");
    }

    @Test
    void scanningStopsWhenCancelled() throws Exception {
        Path file = folder.resolve("large.csv");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("a,b,c\n");
            for (int i = 0; i < 600_000; i++) {
                out.write(i + ",some text," + i + "\n");
            }
        }
        var progress = new Progress() {
            int updates;

            @Override
            public void update(long done, long total, String message) {
                updates++;
            }

            @Override
            public boolean isCancelled() {
                return updates >= 1;
            }
        };
        assertThatThrownBy(() -> scanner.scan(file, progress)).isInstanceOf(CancelledException.class);
        assertThat(progress.updates).isEqualTo(1);
    }

    @Test
    void formatsAreDetectedByName() {
        assertThat(DatasetFormat.detect(Path.of("a.CSV"))).contains(DatasetFormat.CSV);
        assertThat(DatasetFormat.detect(Path.of("a.tsv.gz"))).contains(DatasetFormat.TSV);
        assertThat(DatasetFormat.detect(Path.of("a.ndjson"))).contains(DatasetFormat.JSON_LINES);
        assertThat(DatasetFormat.detect(Path.of("a.parquet.gz"))).isEmpty();
        assertThat(DatasetFormat.detect(Path.of("README"))).isEmpty();
    }
}
