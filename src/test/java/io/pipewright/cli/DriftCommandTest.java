package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipewright drift}: the table, the JSON contract, the HTML page, exit codes and one-line errors. */
class DriftCommandTest {

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    /** price (normal, shifted by {@code shift}), region (4 levels; "west" boosted), returned (yes/no). */
    private Path dataset(String name, int rows, long seed, double shift, double west) throws IOException {
        Path file = dir.resolve(name);
        var random = new Random(seed);
        String[] regions = {"north", "south", "east", "west"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("price,region,returned\n");
            for (int i = 0; i < rows; i++) {
                out.write(String.format(Locale.ROOT, "%.2f,%s,%s%n", 50 + 10 * (random.nextGaussian() + shift),
                        random.nextDouble() < west ? "west" : regions[random.nextInt(4)], random.nextInt(10) == 0 ? "yes" : "no"));
            }
        }
        return file;
    }

    @Test
    void printsATableAndExitsZeroWhenDriftIsFound() throws IOException {
        Path ref = dataset("ref.csv", 900, 1, 0, 0);
        Path cur = dataset("cur.csv", 900, 2, 1, 0.5);

        CliRun result = run("drift", ref.toString(), cur.toString(), "--threads", "2");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst().orElseThrow()).matches("column +test +statistic +p-value +threshold +PSI +band +drifted");
        assertThat(result.out().lines().filter(line -> line.startsWith("price")).findFirst().orElseThrow()).contains("ks").endsWith("yes");
        assertThat(result.out().lines().filter(line -> line.startsWith("region")).findFirst().orElseThrow()).contains("chi_squared");
        assertThat(result.out().lines().filter(line -> line.startsWith("returned")).findFirst().orElseThrow()).contains(" z ").endsWith("no");
        assertThat(result.out().lines().toList()).last().isEqualTo("Dataset drift: 2 of 3 tested columns drifted (price, region), at or over the 50 % share");

        String versions = run("datasets", "list", "--json").out();
        assertThat(versions).as("both files are dataset versions, read by drift").contains(ref.getFileName().toString(),
                cur.getFileName().toString()).contains("\"readBy\" : \"drift\"");
    }

    @Test
    void noDriftAlsoExitsZero() throws IOException {
        Path ref = dataset("ref.csv", 3000, 1, 0, 0);
        Path cur = dataset("cur.csv", 3000, 2, 0, 0);

        CliRun result = run("drift", ref.toString(), cur.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out().lines().toList()).last().isEqualTo("No drift: none of the 3 tested columns drifted");
        // a distance has no p-value: its threshold is on the statistic, and says so
        assertThat(result.out().lines().filter(line -> line.startsWith("price")).findFirst().orElseThrow())
                .matches("price +wasserstein +\\d\\.\\d{4} +– +stat ≥ 0\\.1 +.*");
        assertThat(result.out()).contains("jensen_shannon");
    }

    @Test
    void eachTestsPValueIsPrintedBesideItsThreshold() throws IOException {
        Path ref = dataset("ref.csv", 900, 1, 0, 0);
        Path cur = dataset("cur.csv", 900, 2, 1, 0.5);
        Path json = dir.resolve("drift.json");

        CliRun result = run("drift", ref.toString(), cur.toString(), "--threads", "2", "--json", json.toString());

        JsonNode returned = new ObjectMapper().readTree(json.toFile()).get("columns").get(2);
        assertThat(returned.get("name").asText()).isEqualTo("returned");
        String pValue = String.format(Locale.ROOT, "%.4f", returned.get("pValue").asDouble());
        String statistic = String.format(Locale.ROOT, "%.4f", returned.get("statistic").asDouble());
        String line = result.out().lines().filter(text -> text.startsWith("returned")).findFirst().orElseThrow();
        // before: the statistic, then 0.0500 as if it were the statistic's threshold; the p-value was not printed
        assertThat(line).matches("returned +z +" + java.util.regex.Pattern.quote(statistic) + " +" + java.util.regex.Pattern.quote(pValue)
                + " +p < 0\\.05 +\\d\\.\\d{4} +\\w+ +no");
    }

    @Test
    void columnsThatDriftUnderTheShareAreNamed() throws IOException {
        Path ref = dataset("ref.csv", 900, 1, 0, 0);
        Path cur = dataset("cur.csv", 900, 2, 1, 0.5);

        CliRun result = run("drift", ref.toString(), cur.toString(), "--threads", "2", "--drift-share", "0.9");

        assertThat(result.code()).as(result.err()).isZero();
        // before: "no dataset drift: 2 of 3 tested columns drifted (67%; dataset drift at 90% or more)", naming none
        assertThat(result.out().lines().toList()).last().isEqualTo("2 of 3 tested columns drifted (price, region), under the 90 % share");
    }

    @Test
    void jsonAndHtmlFollowTheContract() throws IOException {
        Path ref = dataset("ref.csv", 2000, 1, 0, 0);
        Path cur = dataset("cur.csv", 1500, 2, 0.8, 0);
        Path json = dir.resolve("out/drift.json");
        Path html = dir.resolve("out/drift.html");

        CliRun result = run("drift", ref.toString(), cur.toString(), "--json", json.toString(), "--html", html.toString(),
                "--target", "returned", "--drift-share", "0.4");

        assertThat(result.code()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("datasetDrift").isBoolean()).isTrue();
        assertThat(report.get("datasetDrift").asBoolean()).isTrue();
        assertThat(report.get("driftShare").asDouble()).isEqualTo(0.4);
        assertThat(report.get("testedColumns").asInt()).isEqualTo(2);
        assertThat(report.get("driftedColumns").asInt()).isEqualTo(1);
        assertThat(report.at("/reference/rows").asLong()).isEqualTo(2000);
        assertThat(report.at("/current/bytes").asLong()).isEqualTo(Files.size(cur));
        assertThat(report.at("/current/sha256").asText()).hasSize(64);
        assertThat(report.at("/reference/columns/0/name").asText()).isEqualTo("price");
        assertThat(report.at("/reference/columns/0/type").asText()).isEqualTo("numeric");
        for (String field : List.of("onlyInReference", "onlyInCurrent", "typeMismatches")) {
            assertThat(report.get("schema").get(field).isArray()).as(field).isTrue();
        }
        JsonNode price = report.get("columns").get(0);
        for (String field : List.of("name", "type", "test", "statistic", "pValue", "threshold", "drifted", "psi", "psiBand", "reason",
                "reference", "current", "histogram")) {
            assertThat(price.has(field)).as(field).isTrue();
        }
        assertThat(price.get("name").asText()).isEqualTo("price");
        assertThat(price.get("test").asText()).isEqualTo("wasserstein");
        assertThat(price.get("pValue").isNull()).isTrue();
        assertThat(price.get("drifted").isBoolean()).isTrue();
        assertThat(price.at("/histogram/edges")).hasSize(21);
        assertThat(price.at("/histogram/reference")).hasSize(20);
        assertThat(price.at("/reference/mean").asDouble()).isBetween(49.0, 51.0);
        assertThat(report.at("/target/name").asText()).isEqualTo("returned");
        assertThat(report.get("skipped").isArray()).isTrue();
        assertThat(report.get("seconds").isNumber()).isTrue();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("Dataset drift: 1 of 2 tested columns drifted (price), at or over the 40 % share")
                .contains("<svg");
        var fields = new java.util.ArrayList<String>();
        report.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("the --json shape").containsExactly("datasetDrift", "driftShare", "driftedColumns", "testedColumns", "reference", "current",
                "schema", "columns", "skipped", "target", "seconds");
        var columnFields = new java.util.ArrayList<String>();
        price.fieldNames().forEachRemaining(columnFields::add);
        assertThat(columnFields).containsExactly("name", "type", "test", "statistic", "pValue", "threshold", "drifted", "psi", "psiBand", "reason",
                "reference", "current", "histogram");
    }

    @Test
    void differentSchemasAreReportedWithExitZero() throws IOException {
        Path ref = dataset("ref.csv", 500, 1, 0, 0);
        Path cur = Files.writeString(dir.resolve("cur.csv"), "price,channel\ncheap,web\n12.5,store\nfree,web\n");
        Path json = dir.resolve("drift.json");

        CliRun result = run("drift", ref.toString(), cur.toString(), "--json", json.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("only in the reference: region, returned").contains("only in the current data: channel")
                .contains("type mismatch: price is numeric in the reference, text in the current data (66.7% of its values do not fit)");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.at("/schema/typeMismatches/0/column").asText()).isEqualTo("price");
        assertThat(report.at("/schema/typeMismatches/0/invalidShare").asDouble()).isCloseTo(2 / 3.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void anEmptyCurrentFileIsBadInput() throws IOException {
        Path ref = dataset("ref.csv", 100, 1, 0, 0);
        Path headerOnly = Files.writeString(dir.resolve("new.csv"), "price,region,returned\n");
        Path zero = Files.writeString(dir.resolve("zero.csv"), "");

        CliRun header = run("drift", ref.toString(), headerOnly.toString());
        CliRun empty = run("drift", ref.toString(), zero.toString());

        assertThat(header.code()).isEqualTo(2);
        assertThat(header.errLines()).containsExactly("pipewright: new.csv: no rows to compare (the current data is empty)");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.errLines()).containsExactly("pipewright: zero.csv: the file is empty");
    }

    @Test
    void aMissingFileIsBadInput() throws IOException {
        Path ref = dataset("ref.csv", 100, 1, 0, 0);
        Path missing = dir.resolve("nowhere.csv");

        CliRun result = run("drift", ref.toString(), missing.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: " + missing + ": no such file or folder");
    }

    @Test
    void aFolderWithoutRequestLogsIsBadInput() throws IOException {
        Path ref = dataset("ref.csv", 100, 1, 0, 0);
        Path folder = Files.createDirectories(dir.resolve("served"));

        CliRun result = run("drift", ref.toString(), folder.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: served: no request log in this folder (no requests*.jsonl file)");
    }

    @Test
    void badOptionsAreBadUsage() throws IOException {
        Path ref = dataset("ref.csv", 100, 1, 0, 0);

        CliRun share = run("drift", ref.toString(), ref.toString(), "--drift-share", "1.5");
        CliRun target = run("drift", ref.toString(), ref.toString(), "--target", "nope");

        assertThat(share.code()).isEqualTo(2);
        assertThat(share.errLines()).containsExactly(
                "pipewright: --drift-share must be above 0 and at most 1, not 1.5 (see 'pipewright drift --help')");
        assertThat(target.code()).isEqualTo(2);
        assertThat(target.errLines()).containsExactly("pipewright: ref.csv: --target 'nope' is not a column (columns: price, region, returned)");
    }
}
