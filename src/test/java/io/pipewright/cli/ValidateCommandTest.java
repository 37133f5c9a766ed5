package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipewright suite generate} and {@code pipewright validate}: exit codes, outputs, and one-line messages for bad input. */
class ValidateCommandTest {
    private static final Path CREDIT = Path.of("sample-data/credit/credit.csv");
    private static final Path CREDIT_SUITE = Path.of("sample-data/credit/credit.suite.yaml");

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    @Test
    void theSampleSuitePassesOnTheSampleData() throws Exception {
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        CliRun result = run("validate", CREDIT.toString(), "--suite", CREDIT_SUITE.toString(), "--json", json.toString(), "--html", html.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("PASSED: credit.csv against credit").contains("columns.age.max");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("dataset").path("rows").asLong()).isEqualTo(1000);
        assertThat(report.path("dataset").path("sha256").asText()).hasSize(64);
        assertThat(report.path("dataset").path("columns").get(0).path("name").asText()).isEqualTo("applicant_id");
        assertThat(report.path("threshold").asDouble()).isEqualTo(0.001);
        assertThat(report.path("results").get(0).fieldNames()).toIterable()
                .containsExactly("id", "column", "expectation", "scope", "expected", "passed", "failing", "fraction", "observed", "examples");
        assertThat(Files.readString(html)).contains("PASSED");

        JsonNode versions = new ObjectMapper().readTree(run("datasets", "list", "--json").out());
        assertThat(versions).as("the validated file is a dataset version").singleElement().satisfies(version -> {
            assertThat(version.path("readBy").asText()).isEqualTo("validation");
            assertThat(version.path("sha256").asText()).isEqualTo(report.path("dataset").path("sha256").asText());
        });
    }

    @Test
    void aTightenedSuiteFailsWithTheRealLinesOfTheFile() throws Exception {
        Path tight = dir.resolve("tight.yaml");
        Files.writeString(tight, Files.readString(CREDIT_SUITE).replace("    max: 78\n", "    max: 60\n"));
        Path json = dir.resolve("report.json");

        CliRun result = run("validate", CREDIT.toString(), "--suite", tight.toString(), "--json", json.toString());

        assertThat(result.code()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).contains("FAILED: credit.csv against credit");
        String firstLine = result.out().lines().skip(1).findFirst().orElseThrow();
        assertThat(firstLine).as("failing expectations first").startsWith("columns.age.max").contains("FAIL");
        JsonNode age = null;
        for (JsonNode r : new ObjectMapper().readTree(json.toFile()).path("results")) {
            if (r.path("id").asText().equals("columns.age.max")) {
                age = r;
            }
        }
        assertThat(age).isNotNull();
        JsonNode example = age.path("examples").get(0);
        long line = example.path("line").asLong();
        List<String> lines = Files.readAllLines(CREDIT);
        String[] cells = lines.get((int) line - 1).split(",");
        assertThat(cells[1]).as("the example's line in the file holds the failing age").isEqualTo(example.path("value").asText());
        assertThat(Integer.parseInt(cells[1])).isGreaterThan(60);
    }

    @Test
    void theThresholdOptionOverridesTheSuites() throws Exception {
        Path tight = dir.resolve("tight.yaml");
        Files.writeString(tight, Files.readString(CREDIT_SUITE).replace("    max: 78\n", "    max: 60\n"));
        CliRun result = run("validate", CREDIT.toString(), "--suite", tight.toString(), "--threshold", "0.5");
        assertThat(result.code()).as(result.out()).isZero();
        assertThat(result.out()).contains("threshold 50.00 %");
    }

    @Test
    void aSuiteNamingAColumnThatDoesNotExistFailsWithAClearMessage() throws Exception {
        Path suite = dir.resolve("s.yaml");
        Files.writeString(suite, "suite: s\ncolumns:\n  incme: {type: numeric, min: 0}\n");
        CliRun result = run("validate", CREDIT.toString(), "--suite", suite.toString());
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).contains("columns.incme.exists").contains("column 'incme' is not in the file (did you mean 'income'?)");
    }

    @Test
    void aMalformedRegexIsBadInput() throws Exception {
        Path suite = dir.resolve("s.yaml");
        Files.writeString(suite, "suite: s\ncolumns:\n  purpose:\n    regex: \"(car\"\n");
        CliRun result = run("validate", CREDIT.toString(), "--suite", suite.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: s.yaml:4: columns.purpose.regex: Unclosed group at position 5");
    }

    @Test
    void aMalformedExpressionIsBadInput() throws Exception {
        Path suite = dir.resolve("s.yaml");
        Files.writeString(suite, "suite: s\ntable:\n  rules:\n    - name: r\n      expression: \"age >\"\n");
        CliRun result = run("validate", CREDIT.toString(), "--suite", suite.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.errLines().get(0)).startsWith("pipewright: s.yaml:5: table.rules[0].expression: ").contains("at position 6");
    }

    @Test
    void aRuleOnAColumnThatDoesNotExistFailsWithAClearMessage() throws Exception {
        Path suite = dir.resolve("s.yaml");
        Files.writeString(suite, "suite: s\ntable:\n  rules:\n    - name: r\n      expression: \"incme > 0\"\n");
        CliRun result = run("validate", CREDIT.toString(), "--suite", suite.toString());
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).contains("table.rules.r").contains("unknown column 'incme' at position 1 (did you mean 'income'?); the rule was not checked");
    }

    @Test
    void aMalformedSuiteIsBadInputWithTheLineAndField() throws Exception {
        Path suite = dir.resolve("s.yaml");
        Files.writeString(suite, "suite: s\ncolumns:\n  age:\n    type: numeric\n    mn: 18\n");
        CliRun result = run("validate", CREDIT.toString(), "--suite", suite.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: s.yaml:5: columns.age.mn: unknown field (did you mean 'min'?)");
    }

    @Test
    void aSuiteThatExpectsNothingIsRefusedNamingItsFile() throws Exception {
        Path named = Files.writeString(dir.resolve("empty.suite.yaml"), "suite: empty\n");
        Path listed = Files.writeString(dir.resolve("listed.suite.yaml"), "suite: listed\ncolumns:\n  age: {}\n  income: {notNull: false}\n");
        String refusal = ": the suite has no expectations, so nothing would be checked: add one (a column's type, range or allowed values, "
                + "the row count, a rule) before validating";

        for (Path suite : List.of(named, listed)) {
            CliRun result = run("validate", CREDIT.toString(), "--suite", suite.toString());
            // before: "PASSED: credit.csv against empty: 0 of 0 expectations failed" and exit 0
            assertThat(result.code()).as(suite.getFileName().toString()).isEqualTo(2);
            assertThat(result.errLines()).containsExactly("pipewright: " + suite.getFileName() + refusal);
            assertThat(result.out()).doesNotContain("PASSED");
        }
    }

    @Test
    void aSuiteOrFileThatIsNotThereIsBadInput() throws Exception {
        Path missing = dir.resolve("missing.yaml");
        CliRun result = run("validate", CREDIT.toString(), "--suite", missing.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: " + missing + ": no such file");

        Path noData = dir.resolve("nothing.csv");
        CliRun noFile = run("validate", noData.toString(), "--suite", CREDIT_SUITE.toString());
        assertThat(noFile.code()).isEqualTo(2);
        assertThat(noFile.errLines()).hasSize(1);
        assertThat(noFile.errLines().get(0)).contains("nothing.csv").contains("no such file");
    }

    @Test
    void generateWritesASuiteTheDataPassesAndTolerancesTightenIt() throws Exception {
        Path suite = dir.resolve("out/credit.yaml");
        CliRun generated = run("suite", "generate", CREDIT.toString(), "--out", suite.toString());
        assertThat(generated.code()).as(generated.err()).isZero();
        String text = Files.readString(suite);
        assertThat(text).startsWith("# Validation suite generated by pipewright").contains("# from credit.csv (1,000 rows, 10 columns, sha256 ")
                .contains("suite: credit").contains("unique: true");
        assertThat(run("validate", CREDIT.toString(), "--suite", suite.toString()).code()).isZero();

        Path strict = dir.resolve("strict.yaml");
        CliRun tight = run("suite", "generate", CREDIT.toString(), "--out", strict.toString(), "--tolerance-range", "0", "--tolerance-rows", "0");
        assertThat(tight.code()).isZero();
        assertThat(Files.readString(strict)).contains("min: 1000\n    max: 1000").contains("    min: 21\n    max: 75\n");
        assertThat(run("validate", CREDIT.toString(), "--suite", strict.toString()).code()).as("the data still passes its exact suite").isZero();
    }

    @Test
    void aNegativeToleranceIsBadUsage() {
        CliRun result = run("suite", "generate", CREDIT.toString(), "--out", dir.resolve("x.yaml").toString(), "--tolerance-range", "-1");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: --tolerance-range must be a number of at least 0, not -1.0");
    }
}
