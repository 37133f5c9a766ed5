package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.DatasetVersion;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.Store;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipewright profile}: outputs, exit codes and one-line errors. Every run has its own --home. */
class ProfileCommandTest {

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    private Path dataset() throws IOException {
        Path file = dir.resolve("sales.csv");
        var random = new Random(17);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,region,units,price,revenue,shipped\n");
            for (int i = 0; i < 500; i++) {
                int units = 1 + random.nextInt(20);
                double price = 5 + random.nextInt(100) / 4.0;
                out.write(String.format(Locale.ROOT, "%d,%s,%d,%.2f,%.2f,%s%n", i + 1,
                        new String[] {"north", "south", "east", "west"}[random.nextInt(4)], units, price, units * price,
                        random.nextBoolean() ? "yes" : "no"));
            }
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void jsonReportHasTheContractFields() throws Exception {
        Path data = dataset();
        Path json = dir.resolve("out/profile.json");

        CliRun result = run("profile", data.toString(), "--json", json.toString(), "--threads", "2");

        assertThat(result.code()).as(result.err()).isZero();
        JsonNode profile = new ObjectMapper().readTree(json.toFile());
        assertThat(profile.get("rows").asLong()).isEqualTo(500);
        assertThat(profile.at("/source/path").asText()).isEqualTo(data.toAbsolutePath().toString());
        assertThat(profile.at("/source/format").asText()).isEqualTo("CSV");
        assertThat(profile.at("/source/bytes").asLong()).isEqualTo(Files.size(data));
        assertThat(profile.at("/source/sha256").asText()).isEqualTo(sha256(data));
        assertThat(profile.get("duplicateRows").asLong()).isZero();
        assertThat(profile.get("columns")).hasSize(6);
        for (JsonNode column : profile.get("columns")) {
            for (String field : List.of("name", "type", "count", "missing", "distinct", "distinctExact")) {
                assertThat(column.has(field)).as("%s of %s", field, column.get("name")).isTrue();
            }
        }
        assertThat(profile.at("/columns/0/name").asText()).isEqualTo("id");
        assertThat(profile.at("/columns/0/type").asText()).isEqualTo("identifier");
        assertThat(profile.at("/columns/1/type").asText()).isEqualTo("categorical");
        assertThat(profile.at("/columns/2/type").asText()).isEqualTo("numeric");
        assertThat(profile.at("/columns/5/type").asText()).isEqualTo("boolean");
        assertThat(profile.at("/columns/2/count").asLong()).isEqualTo(500);
        assertThat(profile.get("alerts").isArray()).isTrue();
        JsonNode correlations = profile.get("correlations");
        assertThat(correlations.get("method").asText()).isEqualTo("pearson");
        assertThat(correlations.get("columns")).extracting(JsonNode::asText).contains("units", "price", "revenue");
        assertThat(correlations.get("matrix").size()).isEqualTo(correlations.get("columns").size());
        assertThat(Files.list(json.getParent())).as("no temporary file left").containsExactly(json);
    }

    @Test
    void aSuccessfulProfileIsRecordedAsADatasetVersion() throws Exception {
        Path data = dataset();
        CliRun result = run("profile", data.toString(), "--json", dir.resolve("p.json").toString());
        assertThat(result.code()).as(result.err()).isZero();
        try (Store store = Store.open(dir.resolve("home").resolve("store"), "test")) {
            List<DatasetVersion> versions = new DatasetVersions(store).list();
            assertThat(versions).singleElement().satisfies(version -> {
                assertThat(version.path()).isEqualTo(data.toAbsolutePath().toString());
                assertThat(version.sha256()).isEqualTo(sha256Unchecked(data));
                assertThat(version.rows()).isEqualTo(500);
                assertThat(version.columns()).isEqualTo(6);
                assertThat(version.sizeBytes()).isEqualTo(Files.size(data));
            });
        }
    }

    private static String sha256Unchecked(Path file) {
        try {
            return sha256(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void jsonToStandardOutput() throws Exception {
        CliRun result = run("profile", dataset().toString(), "--json", "-");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode profile = new ObjectMapper().readTree(result.out());
        assertThat(profile.get("rows").asLong()).isEqualTo(500);
    }

    @Test
    void summaryWithoutOutputs() throws Exception {
        CliRun result = run("profile", dataset().toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("sales.csv: 500 rows × 6 columns").contains("region").contains("categorical");
    }

    @Test
    void htmlReportIsSelfContained() throws Exception {
        Path html = dir.resolve("report.html");
        CliRun result = run("profile", dataset().toString(), "--html", html.toString());
        assertThat(result.code()).as(result.err()).isZero();
        String text = Files.readString(html);
        assertThat(text).startsWith("<!DOCTYPE html>").contains("sales.csv").contains("revenue");
        assertThat(text).doesNotContain("http://").doesNotContain("https://");
        assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("<script");
    }

    @Test
    void htmlReportOfAWideFileStaysUnderTwoMegabytes() throws Exception {
        Path wide = dir.resolve("wide.csv");
        var random = new Random(23);
        int columns = 3000;
        try (BufferedWriter out = Files.newBufferedWriter(wide, StandardCharsets.UTF_8)) {
            var header = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                header.append(c == 0 ? "" : ",").append("feature_").append(c);
            }
            out.write(header + "\n");
            for (int r = 0; r < 50; r++) {
                var row = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    row.append(c == 0 ? "" : ",");
                    switch (c % 3) {
                        case 0 -> row.append(String.format(Locale.ROOT, "%.3f", random.nextGaussian()));
                        case 1 -> row.append("level").append(random.nextInt(4));
                        default -> row.append(random.nextInt(10) == 0 ? "" : Integer.toString(random.nextInt(1000)));
                    }
                }
                out.write(row + "\n");
            }
        }
        Path html = dir.resolve("wide.html");
        Path json = dir.resolve("wide.json");

        CliRun result = run("profile", wide.toString(), "--html", html.toString(), "--json", json.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(Files.size(html)).isLessThan(2L * 1024 * 1024);
        String text = Files.readString(html);
        assertThat(text).doesNotContain("http://").doesNotContain("https://");
        assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("<script");
        assertThat(text).contains("feature_2999"); // every column is at least listed
        JsonNode profile = new ObjectMapper().readTree(json.toFile());
        assertThat(profile.get("columns")).hasSize(columns);
        assertThat(profile.get("rows").asLong()).isEqualTo(50);
    }

    @Test
    void missingFileExitsTwoWithOneLine() {
        Path missing = dir.resolve("missing.csv");
        CliRun result = run("profile", missing.toString(), "--json", dir.resolve("x.json").toString());
        assertThat(result.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(result.errLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("pipewright: ").contains("missing.csv").contains("no such file"));
        assertThat(dir.resolve("x.json")).doesNotExist();
    }

    @Test
    void missingFileWithoutExtensionExitsTwoWithOneLine() {
        CliRun result = run("profile", dir.resolve("nothing-here").toString());
        assertThat(result.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(result.errLines()).singleElement().satisfies(line -> assertThat(line).contains("nothing-here"));
    }

    @Test
    void targetThatIsNotAColumnExitsTwoWithOneLine() throws Exception {
        CliRun result = run("profile", dataset().toString(), "--target", "profit");
        assertThat(result.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(result.errLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("pipewright: sales.csv: --target 'profit' is not a column").contains("region"));
    }

    @Test
    void targetIsReportedInTheJson() throws Exception {
        Path json = dir.resolve("target.json");
        CliRun result = run("profile", dataset().toString(), "--target", "revenue", "--json", json.toString());
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode profile = new ObjectMapper().readTree(json.toFile());
        assertThat(profile.at("/target/column").asText()).isEqualTo("revenue");
        assertThat(profile.at("/target/associations")).isNotEmpty();
    }

    @Test
    void unknownTypeExitsTwoWithOneLine() throws Exception {
        CliRun result = run("profile", dataset().toString(), "--type", "units=bogus");
        assertThat(result.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(result.errLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("pipewright: ").contains("units=bogus").contains("unknown column type"));
    }

    @Test
    void typeOfAColumnThatDoesNotExistExitsTwoWithOneLine() throws Exception {
        CliRun result = run("profile", dataset().toString(), "--type", "nope=numeric");
        assertThat(result.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(result.errLines()).singleElement().satisfies(line -> assertThat(line).contains("'nope'").contains("no such column"));
    }

    @Test
    void typeOverrideShowsInTheJson() throws Exception {
        Path json = dir.resolve("typed.json");
        CliRun result = run("profile", dataset().toString(), "--type", "units=categorical", "--json", json.toString());
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode units = new ObjectMapper().readTree(json.toFile()).at("/columns/2");
        assertThat(units.get("name").asText()).isEqualTo("units");
        assertThat(units.get("type").asText()).isEqualTo("categorical");
        assertThat(units.path("inferredType").asText()).as("inferredType").isEqualTo("numeric");
    }

    @Test
    void jsonAndJsonLinesDatasetsProfile() throws Exception {
        Path array = Files.writeString(dir.resolve("people.json"), "[{\"name\": \"Ada\", \"age\": 36}, {\"name\": \"Alan\", \"age\": 41}]");
        Path lines = Files.writeString(dir.resolve("people.jsonl"), "{\"name\": \"Ada\", \"age\": 36}\n{\"name\": \"Alan\", \"age\": 41}\n");
        for (Path data : List.of(array, lines)) {
            Path json = dir.resolve(data.getFileName() + ".profile.json");
            CliRun result = run("profile", data.toString(), "--json", json.toString());
            assertThat(result.code()).as("%s: %s", data.getFileName(), result.err()).isZero();
            JsonNode profile = new ObjectMapper().readTree(json.toFile());
            assertThat(profile.get("rows").asLong()).isEqualTo(2);
            assertThat(profile.at("/source/sha256").asText()).isEqualTo(sha256(data));
        }
    }

    @Test
    void badDataExitsTwoWithTheLine() throws Exception {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b\n1,2\n3\n");
        CliRun result = run("profile", ragged.toString());
        assertThat(result.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(result.errLines()).singleElement()
                .isEqualTo("pipewright: ragged.csv: line 3: expected 2 fields, found 1");
    }

    @Test
    void aReportNamedAsAPipeOrDeviceIsWrittenIntoItNotMovedOverIt() throws Exception {
        // --json /dev/stdout, or a named pipe: moving a finished file over it replaced the device itself
        Path fifo = dir.resolve("report.pipe");
        var read = io.pipewright.NamedPipes.readAll(fifo);

        CliRun result = run("profile", dataset().toString(), "--json", fifo.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(new ObjectMapper().readTree(read.get(30, java.util.concurrent.TimeUnit.SECONDS)).get("rows").asLong()).isEqualTo(500);
        assertThat(Files.isRegularFile(fifo)).as("still a pipe").isFalse();
        assertThat(Files.exists(fifo)).isTrue();
        try (var left = Files.list(dir)) {
            assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }
}
