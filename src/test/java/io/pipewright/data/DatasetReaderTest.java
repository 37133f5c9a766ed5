package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import blue.strategic.parquet.ParquetWriter;
import io.pipewright.profile.AlertType;
import io.pipewright.profile.DatasetProfile;
import io.pipewright.profile.Profiler;
import io.pipewright.work.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming readers: every format, the odd corners of CSV, and one-line messages for bad input. */
class DatasetReaderTest {

    @TempDir
    Path dir;

    /** Everything a source yields, read front to back on this thread. */
    record Read(List<String> columns, List<String[]> rows, List<Long> lines, List<String> notes, String encoding, int chunks,
                String sha256) {
        List<String> column(String name) {
            int c = columns.indexOf(name);
            assertThat(c).as("column %s in %s", name, columns).isNotNegative();
            return rows.stream().map(row -> row[c]).toList();
        }
    }

    static Read readAll(DatasetReader reader) throws IOException {
        try (RecordSource source = reader.source()) {
            var rows = new ArrayList<String[]>();
            var lines = new ArrayList<Long>();
            int chunks = 0;
            for (Chunk chunk = source.next(); chunk != null; chunk = source.next()) {
                Rows parsed = chunk.parse();
                chunks++;
                for (int i = 0; i < parsed.size(); i++) {
                    assertThat(parsed.values()[i]).hasSize(source.columns().size());
                    rows.add(parsed.values()[i]);
                    lines.add(parsed.lines()[i]);
                }
            }
            return new Read(source.columns(), rows, lines, List.copyOf(source.notes()), source.encoding(), chunks, source.sha256());
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        var buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        }
        return buffer.toByteArray();
    }

    /** The failure of {@code call}: a DatasetException whose message is one line. */
    private static String oneLineFailure(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(DatasetException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n").doesNotContain("\r").isNotBlank();
        return thrown.getMessage();
    }

    private static DatasetProfile profile(DatasetReader reader) {
        return new Profiler().profile(reader, Profiler.Options.defaults(), new Profiler.Listener() {
        }, Progress.NONE);
    }

    // ---------------------------------------------------------------- CSV and friends

    @Test
    void csvWithBomCrlfQuotedNewlinesAndDoubledQuotes() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String text = "id,text,n\r\n"
                + "1,\"hello\r\nworld\",3\r\n"
                + "2,\"say \"\"hi\"\"\",4\r\n"
                + "3,plain,5\r\n";
        var bytes = new ByteArrayOutputStream();
        bytes.write(bom);
        bytes.write(text.getBytes(StandardCharsets.UTF_8));
        Path file = writeBytes("quoted.csv", bytes.toByteArray());

        Read read = readAll(DatasetReader.open(file));

        assertThat(read.columns()).containsExactly("id", "text", "n"); // no BOM in the first name
        assertThat(read.rows()).hasSize(3);
        assertThat(read.column("text")).containsExactly("hello\r\nworld", "say \"hi\"", "plain");
        assertThat(read.column("n")).containsExactly("3", "4", "5"); // no stray \r
        assertThat(read.lines()).containsExactly(2L, 4L, 5L);
        assertThat(read.encoding()).isEqualTo("UTF-8");
        assertThat(read.notes()).isEmpty();
    }

    @Test
    void delimiterIsSniffedFromTheHeader() throws IOException {
        for (char delimiter : new char[] {';', '\t', '|', ','}) {
            String d = String.valueOf(delimiter);
            Path file = write("sniff" + (int) delimiter + ".csv", String.join(d, "a", "b", "c") + "\n"
                    + String.join(d, "1", "x,y", "3") + "\n" + String.join(d, "4", "5", "6") + "\n");
            if (delimiter == ',') {
                file = write("sniffcomma.csv", "a,b,c\n1,\"x;y\",3\n4,5,6\n");
            }
            Read read = readAll(DatasetReader.open(file));
            assertThat(read.columns()).as("delimiter %s", d).containsExactly("a", "b", "c");
            assertThat(read.column("a")).as("delimiter %s", d).containsExactly("1", "4");
            assertThat(read.column("b").get(0)).as("delimiter %s", d).isEqualTo(delimiter == ',' ? "x;y" : "x,y");
        }
    }

    @Test
    void explicitDelimiterWins() throws IOException {
        Path file = write("semi.csv", "a;b,c\n1;2,3\n");
        Read read = readAll(DatasetReader.csv(file).delimiter(';'));
        assertThat(read.columns()).containsExactly("a", "b,c");
        assertThat(read.rows().get(0)).containsExactly("1", "2,3");
    }

    @Test
    void tsvByExtensionAndByFactory() throws IOException {
        Path file = write("data.tsv", "name\tcity, country\nAda\tLondon, UK\nAlan\tWilmslow, UK\n");
        assertThat(DatasetReader.open(file).format()).isEqualTo(DatasetFormat.TSV);
        Read read = readAll(DatasetReader.open(file));
        assertThat(read.columns()).containsExactly("name", "city, country");
        assertThat(read.column("city, country")).containsExactly("London, UK", "Wilmslow, UK");

        Path other = write("other.txt", "x\ty\n1\t2\n");
        assertThat(readAll(DatasetReader.tsv(other)).rows().get(0)).containsExactly("1", "2");
    }

    @Test
    void gzippedCsv() throws IOException {
        var text = new StringBuilder("k,v\n");
        for (int i = 0; i < 1000; i++) {
            text.append(i).append(",\"v ").append(i).append("\"\n");
        }
        Path file = writeBytes("data.csv.gz", gzip(text.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(DatasetReader.open(file).format()).isEqualTo(DatasetFormat.CSV);

        Read read = readAll(DatasetReader.open(file));
        assertThat(read.columns()).containsExactly("k", "v");
        assertThat(read.rows()).hasSize(1000);
        assertThat(read.rows().get(999)).containsExactly("999", "v 999");
        assertThat(read.lines().get(999)).isEqualTo(1001L);
    }

    @Test
    void withoutHeaderTheFirstLineIsData() throws IOException {
        Path file = write("noheader.csv", "1,a\n2,b\n3,c\n");
        Read read = readAll(DatasetReader.csv(file).header(false));
        assertThat(read.columns()).containsExactly("column_1", "column_2");
        assertThat(read.rows()).hasSize(3);
        assertThat(read.rows().get(0)).containsExactly("1", "a");
        assertThat(read.lines()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void naTokensEmptyFieldsAndQuotedEmptyStrings() throws IOException {
        Path file = write("na.csv", "a,b,c\nNA,1,\"\"\n,NA,x\nna,2,\"NA\"\n");
        Read read = readAll(DatasetReader.csv(file).naTokens(List.of("NA")));
        assertThat(read.rows().get(0)).containsExactly(null, "1", "");      // a quoted empty string is a value
        assertThat(read.rows().get(1)).containsExactly(null, null, "x");   // an empty field is missing
        assertThat(read.rows().get(2)[0]).isEqualTo("na");                  // tokens match exactly
        // without tokens NA is a value
        Read plain = readAll(DatasetReader.csv(file));
        assertThat(plain.rows().get(0)[0]).isEqualTo("NA");
    }

    @Test
    void skippedColumnsAreOnlyPresentOrMissingAndTheOthersReadAsUsual() throws IOException {
        Path file = write("skip.csv", "id,n,when\nA1,1,2024-01-02\n,2,\"2024-01-03\"\nA3,x,\n");
        try (RecordSource source = DatasetReader.csv(file).source()) {
            source.columns();
            var plans = new ColumnPlan[] {ColumnPlan.text(), TypeInference.infer(List.of("1", "2"), null),
                TypeInference.infer(List.of("2024-01-02"), null)};
            ColumnBatch batch = source.next().parseColumns(plans, new boolean[] {true, false, true});

            assertThat(batch.size).isEqualTo(3);
            assertThat(java.util.Arrays.copyOf(batch.state[0], batch.size)).containsExactly(ColumnBatch.PRESENT, ColumnBatch.MISSING, ColumnBatch.PRESENT);
            assertThat(java.util.Arrays.copyOf(batch.strings[0], batch.size)).containsOnlyNulls();
            assertThat(java.util.Arrays.copyOf(batch.state[2], batch.size)).as("a quoted date is skipped too").containsExactly(ColumnBatch.PRESENT, ColumnBatch.PRESENT, ColumnBatch.MISSING);
            assertThat(batch.numbers[1][1]).isEqualTo(2.0);
            assertThat(batch.state[1][2]).as("the columns read are read as ever").isEqualTo(ColumnBatch.INVALID);
        }
    }

    @Test
    void chunksReadByHashIntoRecycledBatchesGiveTheSameCellsAsStrings() throws IOException {
        var text = new StringBuilder("id,city,n\n");
        for (int i = 0; i < 12_000; i++) {
            text.append(i % 11 == 0 ? "" : "C" + (i * 7919)).append(',').append(i % 5 == 0 ? "\"Zürich, CH\"" : "Oslo").append(',')
                    .append(i % 13 == 0 ? "x" : Integer.toString(i)).append('\n');
        }
        Path file = write("hashed.csv", text.toString());
        var plans = new ColumnPlan[] {ColumnPlan.text(), ColumnPlan.text(), TypeInference.infer(List.of("1", "2"), null)};
        var expected = new ArrayList<String[]>();
        try (RecordSource source = DatasetReader.open(file).chunkBytes(1024).source()) {
            source.columns();
            for (Chunk chunk = source.next(); chunk != null; chunk = source.next()) {
                Rows rows = chunk.parse();
                expected.addAll(Arrays.asList(rows.values()).subList(0, rows.size()));
            }
        }
        int row = 0;
        int chunks = 0;
        try (RecordSource source = DatasetReader.open(file).chunkBytes(1024).source()) {
            source.columns();
            for (Chunk chunk = source.next(); chunk != null; chunk = source.next()) {
                ColumnBatch batch = chunk.parseColumns(plans, null, new boolean[] {true, true, false});
                for (int i = 0; i < batch.size; i++, row++) {
                    String[] cells = expected.get(row);
                    assertThat(batch.state[0][i] == ColumnBatch.MISSING).isEqualTo(cells[0] == null);
                    if (cells[0] != null) {
                        assertThat(batch.strings[0][i]).as("an ASCII text is kept by hash, not as a String").isNull();
                        assertThat(batch.textHashes[0][i]).isEqualTo(cells[0].hashCode());
                        assertThat(batch.textLengths[0][i]).isEqualTo(cells[0].length());
                        assertThat(batch.text(0, i)).isEqualTo(cells[0]);
                    }
                    assertThat(batch.text(1, i)).as("a quoted or non-ASCII text is a String as ever").isEqualTo(cells[1]);
                    if (cells[2].equals("x")) {
                        assertThat(batch.state[2][i]).isEqualTo(ColumnBatch.INVALID);
                    } else {
                        assertThat(batch.state[2][i]).isEqualTo(ColumnBatch.PRESENT);
                        assertThat(batch.numbers[2][i]).isEqualTo(Double.parseDouble(cells[2]));
                    }
                }
                chunk.release();
                batch.recycle(); // the next chunk fills the same arrays: nothing of this one may show through
                chunks++;
            }
        }
        assertThat(chunks).isGreaterThan(10);
        assertThat(row).isEqualTo(12_000);
    }

    @Test
    void manySmallChunksKeepEveryRowAndItsLine() throws IOException {
        var random = new Random(7);
        var text = new StringBuilder("id,note,value\n");
        var expectedNotes = new ArrayList<String>();
        var expectedLines = new ArrayList<Long>();
        long line = 2;
        int rows = 4000;
        for (int i = 0; i < rows; i++) {
            String note;
            if (i % 3 == 0) {
                note = "multi\nline " + i + "\nwith \"quotes\", commas";
            } else if (i % 7 == 0) {
                note = "long " + "x".repeat(random.nextInt(1500));
            } else {
                note = "n" + i;
            }
            expectedNotes.add(note);
            expectedLines.add(line);
            text.append(i).append(",\"").append(note.replace("\"", "\"\"")).append("\",").append(random.nextInt(100)).append('\n');
            line += note.chars().filter(c -> c == '\n').count() + 1;
        }
        Path file = write("chunks.csv", text.toString());
        assertThat(Files.size(file)).isGreaterThan(200_000);

        Read read = readAll(DatasetReader.open(file).chunkBytes(1024));

        assertThat(read.chunks()).isGreaterThan(10);
        assertThat(read.rows()).hasSize(rows);
        assertThat(read.column("note")).containsExactlyElementsOf(expectedNotes);
        assertThat(read.column("id")).containsExactlyElementsOf(java.util.stream.IntStream.range(0, rows).mapToObj(Integer::toString).toList());
        assertThat(read.lines()).containsExactlyElementsOf(expectedLines);

        // the same as one big chunk
        Read whole = readAll(DatasetReader.open(file));
        assertThat(whole.lines()).isEqualTo(read.lines());
        assertThat(whole.sha256()).isEqualTo(read.sha256()).isEqualTo(sha256(file));
    }

    @Test
    void plainRowsWithAnOccasionalQuotedNewlineKeepTheirLineNumbersAcrossChunks() throws IOException {
        // most rows have no quote (the word-at-a-time scan); every 97th holds a quoted newline
        var text = new StringBuilder("id,note,n\n");
        var expectedLines = new ArrayList<Long>();
        long line = 2;
        for (int i = 0; i < 20_000; i++) {
            expectedLines.add(line);
            if (i % 97 == 5) {
                text.append(i).append(",\"two\nlines, \"\"quoted\"\"\",").append(i % 10).append('\n');
                line += 2;
            } else {
                text.append(i).append(",plain note ").append(i).append(',').append(i % 10).append('\n');
                line += 1;
            }
        }
        Path file = write("occasional-quotes.csv", text.toString());
        for (int chunk : new int[] {1024, 4099, 1 << 20}) {
            Read read = readAll(DatasetReader.open(file).chunkBytes(chunk));
            assertThat(read.lines()).as("chunk %d", chunk).containsExactlyElementsOf(expectedLines);
            assertThat(read.column("note").get(5)).isEqualTo("two\nlines, \"quoted\"");
            assertThat(read.column("n")).hasSize(20_000).doesNotContainNull();
        }
    }

    @Test
    void theFingerprintIsComputedBesideTheReadingAndStopsWhenTheSourceIsClosedEarly() throws Exception {
        var text = new StringBuilder("id,value\n");
        for (int i = 0; i < 400_000; i++) {
            text.append(i).append(',').append(i % 1000).append('\n');
        }
        Path file = write("fingerprinted.csv", text.toString());
        try (RecordSource source = DatasetReader.open(file).source()) {
            assertThat(source.next()).isNotNull(); // read a little, then stop
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("pipewright-fingerprint")) {
                thread.join(5_000);
            }
        }
        assertThat(fingerprintThreads()).as("fingerprint threads still running 5 s after the source closed").isZero();
        assertThat(readAll(DatasetReader.open(file)).sha256()).isEqualTo(sha256(file));
    }

    private static long fingerprintThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("pipewright-fingerprint")).count();
    }

    static String sha256(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- JSON, ARFF, Parquet

    @Test
    void jsonArrayFlattensObjectsKeepsArraysAndFindsLateKeys() throws IOException {
        Path file = write("people.json", """
                [
                  {"id": 1, "name": "Ada", "address": {"city": "London", "geo": {"lat": 51.5}}, "tags": ["a", "b"]},
                  {"id": 2, "name": null, "address": {"city": "Paris"}, "tags": []},
                  {"id": 3, "name": "Grace", "active": true}
                ]
                """);
        assertThat(DatasetReader.open(file).format()).isEqualTo(DatasetFormat.JSON);

        Read read = readAll(DatasetReader.open(file));

        assertThat(read.columns()).containsExactly("id", "name", "address.city", "address.geo.lat", "tags", "active");
        assertThat(read.rows()).hasSize(3);
        assertThat(read.column("address.city")).containsExactly("London", "Paris", null);
        assertThat(read.column("address.geo.lat")).containsExactly("51.5", null, null);
        assertThat(read.column("tags")).containsExactly("[\"a\",\"b\"]", "[]", null);
        assertThat(read.column("name")).containsExactly("Ada", null, "Grace");
        assertThat(read.column("active")).containsExactly(null, null, "true"); // first seen in the last record
        assertThat(read.lines()).containsExactly(2L, 3L, 4L);
        assertThat(read.sha256()).isEqualTo(sha256(file));
    }

    @Test
    void jsonLines() throws IOException {
        Path file = write("events.jsonl", "{\"a\": 1, \"b\": {\"c\": \"x\"}}\n\n{\"a\": 2, \"d\": [1, 2]}\n{\"a\": null}\n");
        assertThat(DatasetReader.open(file).format()).isEqualTo(DatasetFormat.JSON_LINES);

        Read read = readAll(DatasetReader.open(file));

        assertThat(read.columns()).containsExactly("a", "b.c", "d");
        assertThat(read.column("a")).containsExactly("1", "2", null);
        assertThat(read.column("b.c")).containsExactly("x", null, null);
        assertThat(read.column("d")).containsExactly(null, "[1,2]", null);
        assertThat(read.lines()).containsExactly(1L, 3L, 4L);
    }

    @Test
    void arffWithQuotedNamesAndMissingValues() throws IOException {
        Path file = write("iris.arff", """
                % a comment
                @RELATION iris

                @ATTRIBUTE 'sepal length' NUMERIC
                @attribute "class label" {setosa,'iris virginica'}
                @attribute plain string
                @data
                5.1,setosa,'hello, world'
                % another comment
                ?,'iris virginica',?
                4.9,setosa,plain
                """);
        assertThat(DatasetReader.open(file).format()).isEqualTo(DatasetFormat.ARFF);

        Read read = readAll(DatasetReader.open(file));

        assertThat(read.columns()).containsExactly("sepal length", "class label", "plain");
        assertThat(read.rows()).hasSize(3);
        assertThat(read.rows().get(0)).containsExactly("5.1", "setosa", "hello, world");
        assertThat(read.rows().get(1)).containsExactly(null, "iris virginica", null);
        assertThat(read.lines()).containsExactly(8L, 10L, 11L);
    }

    static final MessageType PARQUET_SCHEMA = Types.buildMessage()
            .optional(PrimitiveTypeName.INT32).named("id")
            .optional(PrimitiveTypeName.DOUBLE).named("x")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("s")
            .optional(PrimitiveTypeName.BOOLEAN).named("b")
            .optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("d")
            .named("test");
    static final String[] PARQUET_NAMES = {"id", "x", "s", "b", "d"};

    static void writeParquet(Path file, List<Object[]> rows) throws IOException {
        try (ParquetWriter<Object[]> writer = ParquetWriter.writeFile(PARQUET_SCHEMA, file.toFile(), (row, out) -> {
            for (int c = 0; c < row.length; c++) {
                if (row[c] != null) {
                    out.write(PARQUET_NAMES[c], row[c]);
                }
            }
        })) {
            for (Object[] row : rows) {
                writer.write(row);
            }
        }
    }

    @Test
    void parquetWithTypedColumnsAndNulls() throws IOException {
        Path file = dir.resolve("typed.parquet");
        int date = (int) LocalDate.of(2024, 2, 29).toEpochDay();
        writeParquet(file, List.of(
                new Object[] {1, 2.5, "hello", true, date},
                new Object[] {2, null, null, false, null},
                new Object[] {null, -1.0, "wörld", null, date + 1}));
        assertThat(DatasetReader.open(file).format()).isEqualTo(DatasetFormat.PARQUET);

        Read read = readAll(DatasetReader.open(file));

        assertThat(read.columns()).containsExactly("id", "x", "s", "b", "d");
        assertThat(read.rows()).hasSize(3);
        assertThat(read.rows().get(0)).containsExactly("1", "2.5", "hello", "true", "2024-02-29");
        assertThat(read.rows().get(1)).containsExactly("2", null, null, "false", null);
        assertThat(read.rows().get(2)).containsExactly(null, "-1.0", "wörld", null, "2024-03-01");
        assertThat(read.lines()).containsExactly(1L, 2L, 3L);
        assertThat(read.encoding()).isNull();
        assertThat(read.sha256()).isEqualTo(sha256(file));

        DatasetProfile profile = profile(DatasetReader.open(file));
        assertThat(profile.rows()).isEqualTo(3);
        assertThat(profile.column("x").type()).isEqualTo("numeric");
        assertThat(profile.column("x").missing()).isEqualTo(1);
        assertThat(profile.column("b").type()).isEqualTo("boolean");
        assertThat(profile.column("d").type()).isEqualTo("datetime");
        assertThat(profile.source().format()).isEqualTo("Parquet");
    }

    @Test
    void formatIsSniffedWhenTheNameSaysNothing() throws IOException {
        assertThat(DatasetReader.open(write("csvdata", "a,b\n1,2\n")).format()).isEqualTo(DatasetFormat.CSV);
        assertThat(DatasetReader.open(write("tsvdata.txt", "a\tb\n1\t2\n")).format()).isEqualTo(DatasetFormat.TSV);
        assertThat(DatasetReader.open(write("jsondata", "  [{\"a\": 1}]")).format()).isEqualTo(DatasetFormat.JSON);
        assertThat(DatasetReader.open(write("linesdata", "{\"a\": 1}\n{\"a\": 2}\n")).format()).isEqualTo(DatasetFormat.JSON_LINES);
        assertThat(DatasetReader.open(write("arffdata", "@relation r\n@attribute a numeric\n@data\n1\n")).format())
                .isEqualTo(DatasetFormat.ARFF);
        Path parquet = dir.resolve("typed.parquet");
        writeParquet(parquet, List.<Object[]>of(new Object[] {1, 1.0, "a", true, 0}));
        Path renamed = Files.copy(parquet, dir.resolve("parquetdata"));
        assertThat(DatasetReader.open(renamed).format()).isEqualTo(DatasetFormat.PARQUET);

        Read read = readAll(DatasetReader.open(dir.resolve("csvdata")));
        assertThat(read.columns()).containsExactly("a", "b");
        assertThat(readAll(DatasetReader.open(renamed)).rows()).hasSize(1);
        assertThat(readAll(DatasetReader.open(dir.resolve("linesdata"))).rows()).hasSize(2);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void missingFile() {
        Path missing = dir.resolve("nowhere.csv");
        String message = oneLineFailure(() -> readAll(DatasetReader.open(missing)));
        assertThat(message).contains("nowhere.csv").contains("no such file");
        String withoutExtension = oneLineFailure(() -> readAll(DatasetReader.open(dir.resolve("nowhere"))));
        assertThat(withoutExtension).contains("nowhere").contains("no such file");
    }

    @Test
    void folderInsteadOfAFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder.csv"));
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(folder)))).contains("folder.csv").contains("is a folder");
        Path plain = Files.createDirectories(dir.resolve("plainfolder"));
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(plain)))).contains("plainfolder").contains("is a folder");
    }

    @Test
    void emptyFile() throws IOException {
        for (String name : List.of("empty.csv", "empty.json", "empty.jsonl", "empty.arff", "empty")) {
            Path file = write(name, "");
            assertThat(oneLineFailure(() -> readAll(DatasetReader.open(file)))).as(name).contains(name).contains("empty");
        }
    }

    @Test
    void headerWithoutRowsIsAnEmptyDatasetNotAnError() throws IOException {
        Path file = write("header.csv", "a,b,c\n");
        Read read = readAll(DatasetReader.open(file));
        assertThat(read.columns()).containsExactly("a", "b", "c");
        assertThat(read.rows()).isEmpty();

        DatasetProfile profile = profile(DatasetReader.open(file));
        assertThat(profile.rows()).isZero();
        assertThat(profile.columns()).hasSize(3);
        assertThat(profile.alerts()).extracting(DatasetProfile.Alert::type).contains(AlertType.EMPTY);
        assertThat(profile.alerts()).filteredOn(alert -> alert.type() == AlertType.EMPTY).first()
                .extracting(DatasetProfile.Alert::column).isNull();
        assertThat(profile.complete()).isTrue();
        assertThat(profile.source().sha256()).isEqualTo(sha256(file));
    }

    @Test
    void raggedRowsNameTheLineAndTheCounts() throws IOException {
        Path short_ = write("short.csv", "a,b,c\n1,2,3\n\"x\ny\",5,6\n4,5\n7,8,9\n");
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(short_))))
                .startsWith("short.csv: line 5: expected 3 fields, found 2");
        Path long_ = write("long.csv", "a,b\n1,2\n3,4,5\n");
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(long_))))
                .startsWith("long.csv: line 3: expected 2 fields, found 3");
        // the same through the profiler
        assertThat(oneLineFailure(() -> profile(DatasetReader.open(short_)))).contains("line 5");
    }

    @Test
    void unclosedQuoteNamesTheLineWhereItOpened() throws IOException {
        Path file = write("unclosed.csv", "a,b\n1,2\n3,\"never closed\n4,5\n6,7\n");
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(file))))
                .contains("unclosed.csv").contains("line 3").contains("never closed");
    }

    @Test
    void unclosedQuoteInALargeFileNamesTheLineWhereItOpened() throws IOException {
        var text = new StringBuilder("a,b\n");
        for (int i = 0; i < 5000; i++) {
            text.append(i).append(",v").append(i).append('\n');
        }
        text.append("5000,\"oops\n");
        for (int i = 0; i < 5000; i++) {
            text.append(i).append(",w").append(i).append('\n');
        }
        Path file = write("unclosed-large.csv", text.toString());
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(file).chunkBytes(1024))))
                .contains("unclosed-large.csv").contains("line 5002");
    }

    @Test
    void invalidUtf8AfterTheSniffedPrefixIsAnErrorWithLineAndColumn() throws IOException {
        var bytes = new ByteArrayOutputStream();
        bytes.write("id,name,city\n".getBytes(StandardCharsets.UTF_8));
        int line = 1;
        while (bytes.size() < 100_000) {
            line++;
            bytes.write((line + ",café,Zürich\n").getBytes(StandardCharsets.UTF_8));
        }
        line++;
        bytes.write((line + ",").getBytes(StandardCharsets.UTF_8));
        bytes.write(new byte[] {'b', 'a', 'd', (byte) 0xE9, '!'}); // windows-1252 é
        bytes.write(",Bern\n".getBytes(StandardCharsets.UTF_8));
        Path file = writeBytes("late.csv", bytes.toByteArray());

        String message = oneLineFailure(() -> readAll(DatasetReader.open(file)));
        assertThat(message).startsWith("late.csv: line " + line + ", column 2: invalid UTF-8");
        assertThat(message).contains("0xE9");
    }

    @Test
    void invalidUtf8EarlyIsReadAsWindows1252WithANote() throws IOException {
        var bytes = new ByteArrayOutputStream();
        bytes.write("name,price\n".getBytes(StandardCharsets.US_ASCII));
        bytes.write(new byte[] {'c', 'a', 'f', (byte) 0xE9, ',', '3', '\n', (byte) 0x80, '5', ',', '4', '\n'});
        Path file = writeBytes("latin.csv", bytes.toByteArray());

        Read read = readAll(DatasetReader.open(file));
        assertThat(read.encoding()).isEqualTo("windows-1252");
        assertThat(read.column("name")).containsExactly("café", "€5");
        assertThat(read.notes()).anySatisfy(note -> assertThat(note).contains("windows-1252"));

        DatasetProfile profile = profile(DatasetReader.open(file));
        assertThat(profile.notes()).anySatisfy(note -> assertThat(note).contains("windows-1252"));
        assertThat(profile.source().encoding()).isEqualTo("windows-1252");
    }

    @Test
    void binaryJunkRenamedCsv() throws IOException {
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        junk[0] = 'x'; // no byte-order mark, no '[' or '{' by chance
        junk[1] = 'y';
        junk[10] = 0;
        Path file = writeBytes("junk.csv", junk);
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(file)))).contains("junk.csv").contains("not a text file");
        Path unnamed = writeBytes("junk", junk);
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(unnamed)))).contains("junk").contains("not a dataset");
    }

    @Test
    void tenMegabyteFieldIsRead() throws IOException {
        String big = "y".repeat(10 << 20);
        Path file = write("big.csv", "a,b\n1,\"" + big + "\"\n2," + big + "\n3,small\n");
        Read read = readAll(DatasetReader.open(file));
        assertThat(read.rows()).hasSize(3);
        assertThat(read.column("b").get(0)).hasSize(10 << 20);
        assertThat(read.column("b").get(1)).hasSize(10 << 20);
        assertThat(read.column("b").get(2)).isEqualTo("small");
        assertThat(read.lines()).containsExactly(2L, 3L, 4L);
    }

    @Test
    void thousandsSeparatorsInQuotesAreNumbers() throws IOException {
        Path file = write("money.csv", "item,amount\na,\"1,234,567\"\nb,\"2,000\"\nc,15\nd,\"-3,000.50\"\n");
        DatasetProfile profile = profile(DatasetReader.open(file));
        var amount = profile.column("amount");
        assertThat(amount.type()).isEqualTo("numeric");
        assertThat(((Number) amount.max()).doubleValue()).isEqualTo(1_234_567.0);
        assertThat(((Number) amount.min()).doubleValue()).isEqualTo(-3000.5);
        assertThat(amount.mean()).isCloseTo((1_234_567 + 2000 + 15 - 3000.5) / 4, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(amount.invalid()).isNull();
    }

    @Test
    void nanAndInfinityInANumericColumn() throws IOException {
        Path file = write("inf.csv", "x\n1\n2\nNaN\nInf\n-Infinity\n3\n");
        DatasetProfile profile = profile(DatasetReader.open(file));
        var x = profile.column("x");
        assertThat(x.type()).isEqualTo("numeric");
        assertThat(x.count()).isEqualTo(6);
        assertThat(x.infinite()).isEqualTo(2);
        assertThat(x.nan()).isEqualTo(1);
        assertThat(x.mean()).isEqualTo(2.0);
        assertThat(((Number) x.min()).doubleValue()).isEqualTo(1.0);
        assertThat(((Number) x.max()).doubleValue()).isEqualTo(3.0);
        assertThat(profile.alerts()).anySatisfy(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.INFINITE);
            assertThat(alert.column()).isEqualTo("x");
        });
    }

    @Test
    void mixedTypesNameTheFirstBadValueAndItsLine() throws IOException {
        var text = new StringBuilder("n,padding\n");
        for (int i = 0; i < 12_000; i++) {
            text.append(i == 11_000 ? "oops" : i == 11_500 ? "later" : Integer.toString(i % 97)).append(",some padding text\n");
        }
        Path file = write("mixed.csv", text.toString());
        for (int chunk : new int[] {1024, 1 << 20}) {
            DatasetProfile profile = profile(DatasetReader.open(file).chunkBytes(chunk));
            var n = profile.column("n");
            assertThat(n.type()).isEqualTo("numeric");
            assertThat(n.invalid()).isEqualTo(2);
            assertThat(n.invalidExample()).isEqualTo("'oops' on line 11002");
            assertThat(profile.alerts()).filteredOn(alert -> alert.type() == AlertType.MIXED).singleElement()
                    .satisfies(alert -> assertThat(alert.message()).contains("'oops'").contains("line 11002").doesNotContain("\n"));
        }
    }

    @Test
    void duplicateAndEmptyColumnNamesAreRenamedWithNotes() throws IOException {
        Path file = write("names.csv", "a,a, ,b,a\n1,2,3,4,5\n");
        Read read = readAll(DatasetReader.open(file));
        assertThat(read.columns()).containsExactly("a", "a_2", "column_3", "b", "a_3");
        assertThat(read.notes()).hasSize(3);
        assertThat(read.notes()).anySatisfy(note -> assertThat(note).contains("column 2").contains("'a'").contains("a_2"));
        assertThat(read.notes()).anySatisfy(note -> assertThat(note).contains("column 3").contains("column_3"));
        assertThat(profile(DatasetReader.open(file)).notes()).hasSize(3);
    }

    @Test
    void truncatedGzip() throws IOException {
        var text = new StringBuilder("a,b\n");
        var random = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            text.append(random.nextInt()).append(',').append(random.nextGaussian()).append('\n');
        }
        byte[] zipped = gzip(text.toString().getBytes(StandardCharsets.UTF_8));
        Path file = writeBytes("cut.csv.gz", Arrays.copyOf(zipped, zipped.length / 2));
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(file)))).contains("cut.csv.gz").contains("ends early");
    }

    @Test
    void corruptParquet() throws IOException {
        var junk = new ByteArrayOutputStream();
        junk.write("PAR1".getBytes(StandardCharsets.US_ASCII));
        byte[] middle = new byte[300];
        new Random(5).nextBytes(middle);
        junk.write(middle);
        junk.write("PAR1".getBytes(StandardCharsets.US_ASCII));
        Path file = writeBytes("corrupt.parquet", junk.toByteArray());
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(file)))).startsWith("corrupt.parquet: not a valid Parquet file");

        Path csv = write("actually.parquet", "a,b\n1,2\n");
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(csv))))
                .isEqualTo("actually.parquet: not a Parquet file (it must start and end with PAR1)");
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws IOException {
        Path array = write("bad.json", "[\n  {\"a\": 1},\n  {\"a\": 2,, \"b\": 3}\n]\n");
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(array)))).startsWith("bad.json: line 3, column ");

        Path lines = write("bad.jsonl", "{\"a\": 1}\n{\"a\": }\n");
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(lines)))).startsWith("bad.jsonl: line 2").contains("column");

        Path notRecords = write("numbers.json", "[1, 2, 3]");
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(notRecords)))).contains("numbers.json").contains("line 1");

        Path unclosed = write("unclosed.json", "[{\"a\": 1},\n{\"a\": 2}\n");
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(unclosed)))).contains("unclosed.json");
    }

    @Test
    void malformedArffNamesTheLine() throws IOException {
        Path file = write("bad.arff", "@relation r\n@attribute a numeric\n@attribute b numeric\n@data\n1,2\n3\n");
        assertThat(oneLineFailure(() -> readAll(DatasetReader.open(file)))).isEqualTo("bad.arff: line 6: expected 2 values, found 1");
    }
}
