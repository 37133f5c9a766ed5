package io.pipewright.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.data.DatasetReader;
import io.pipewright.work.CancelledException;
import io.pipewright.work.Progress;
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

/** Streaming validation: counts, first examples with their file lines, uniqueness, rules, table-level checks, threads. */
class ValidatorTest {

    @TempDir
    Path dir;

    /**
     * 20,000 rows (several chunks): id unique except row 15,000 repeats id 7; age 18–90 except every 1000th row is 150;
     * grade A–D except rows 500 and 12,000 ("Z"); start ≤ end except row 3,000; score missing on every 100th row.
     */
    private Path dataset() throws IOException {
        Path file = dir.resolve("people.csv");
        var random = new Random(7);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,age,grade,score,start,end\n");
            for (int row = 1; row <= 20_000; row++) {
                int id = row == 15_000 ? 7 : row;
                int age = row % 1000 == 0 ? 150 : 18 + random.nextInt(73);
                String grade = row == 500 || row == 12_000 ? "Z" : String.valueOf((char) ('A' + random.nextInt(4)));
                String score = row % 100 == 0 ? "" : String.format(Locale.ROOT, "%.3f", random.nextGaussian() * 10 + 50);
                String start = "2024-01-" + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(10));
                String end = row == 3000 ? "2023-12-31" : "2024-02-" + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(20));
                out.write(id + "," + age + "," + grade + "," + score + "," + start + "," + end + "\n");
            }
        }
        return file;
    }

    private static final String SUITE = """
            suite: people
            table:
              rows: {min: 19000, max: 21000}
              columns: {exact: [id, age, grade, score, start, end]}
              rules:
                - name: end after start
                  expression: "end >= start"
            columns:
              id: {type: identifier, notNull: true, unique: true}
              age: {type: numeric, min: 18, max: 99}
              grade: {allowed: [A, B, C, D], regex: "^[A-D]$", length: {min: 1, max: 1}}
              score: {type: numeric, maxMissing: 0.02, mean: {min: 49, max: 51}, stddev: {min: 9, max: 11}}
              start: {type: datetime, min: 2024-01-01, max: 2024-01-31}
            """;

    @Test
    void aBoundOfTheWrongKindFailsSayingSoAndTextChecksStillRunBesideNumberChecks() throws IOException {
        Path file = Files.writeString(dir.resolve("mixed.csv"), "amount,code\n10,A1\n20,B22\n30,C3\n");
        ValidationReport report = validate(file, """
                suite: mixed
                columns:
                  amount: {min: 2024-01-01}
                  code: {min: 1, regex: '^[A-Z]\\d$'}
                """, 1);

        var bound = report.result("columns.amount.min");
        assertThat(bound.passed()).isFalse();
        assertThat(bound.message()).isEqualTo("column 'amount' is read as numbers, so its min must be a number, not '2024-01-01'; nothing was checked");
        var regex = report.result("columns.code.regex");
        assertThat(regex.passed()).as("B22 breaks the pattern, though the column also asks for a minimum").isFalse();
        assertThat(regex.examples()).singleElement().satisfies(example -> assertThat(example.value()).isEqualTo("B22"));
    }

    private ValidationReport validate(Path file, String suite, int threads) {
        return Validator.validate(DatasetReader.open(file).chunkBytes(64 * 1024), Suite.parse(suite, "people.suite.yaml"),
                ValidationOptions.defaults().withThreads(threads), Progress.NONE);
    }

    @Test
    void countsEachExpectationAndKeepsTheFirstFailingLines() throws IOException {
        ValidationReport report = validate(dataset(), SUITE, 2);

        assertThat(report.dataset().rows()).isEqualTo(20_000);
        assertThat(report.dataset().format()).isEqualTo("CSV");
        assertThat(report.dataset().sha256()).hasSize(64);
        assertThat(report.result("table.rows").passed()).isTrue();
        assertThat(report.result("table.columns").passed()).isTrue();

        var age = report.result("columns.age.max");
        assertThat(age.failing()).isEqualTo(20);
        assertThat(age.fraction()).isEqualTo(20 / 20_000.0);
        assertThat(age.observed()).isEqualTo(150L);
        assertThat(age.examples()).hasSize(20);
        // row 1000 of the data is on line 1001 of the file (the header is line 1)
        assertThat(age.examples().get(0)).isEqualTo(new ValidationReport.Example(1001, "150"));
        assertThat(age.examples().get(19).line()).isEqualTo(20_001);

        var unique = report.result("columns.id.unique");
        assertThat(unique.failing()).isEqualTo(1);
        assertThat(unique.examples()).containsExactly(new ValidationReport.Example(15_001, "7"));
        assertThat(unique.message()).contains("64-bit hashes").contains("all 20,000 values");

        assertThat(report.result("columns.grade.allowed").examples()).extracting(ValidationReport.Example::line).containsExactly(501L, 12_001L);
        assertThat(report.result("columns.grade.regex").failing()).isEqualTo(2);
        assertThat(report.result("columns.grade.length").passed()).isTrue();

        var rule = report.result("table.rules.end after start");
        assertThat(rule.failing()).isEqualTo(1);
        assertThat(rule.examples().get(0).line()).isEqualTo(3001);
        assertThat(rule.examples().get(0).value()).contains("end=2023-12-31");

        assertThat(report.result("columns.score.maxMissing").passed()).isTrue();
        assertThat((double) report.result("columns.score.maxMissing").observed()).isEqualTo(0.01);
        assertThat(report.result("columns.score.mean").passed()).as("mean %s", report.result("columns.score.mean").observed()).isTrue();
        assertThat(report.result("columns.score.stddev").passed()).isTrue();
        assertThat(report.result("columns.start.min").passed()).isTrue();
        assertThat(report.result("columns.start.max").observed()).isEqualTo("2024-01-10");

        // rows with at least one row-level failure: the 20 ages; the duplicate (row 15,000), grade Z on row 12,000 and the
        // rule on row 3,000 are on rows whose age fails too; grade Z on row 500 is one more
        assertThat(report.failingRows()).isEqualTo(21);
        assertThat(report.issueFraction()).isEqualTo(21 / 20_000.0);
        assertThat(report.threshold()).isEqualTo(0.001);
        assertThat(report.passed()).as("0.105 % of rows fail, above 0.1 %").isFalse();
    }

    @Test
    void aLooserThresholdPassesAndTheResultDoesNotDependOnThreads() throws IOException {
        Path file = dataset();
        ValidationReport one = validate(file, SUITE + "threshold: 0.002\n", 1);
        ValidationReport four = validate(file, SUITE + "threshold: 0.002\n", 4);
        assertThat(one.passed()).isTrue();
        assertThat(four.results()).isEqualTo(one.results());
        assertThat(four.failingRows()).isEqualTo(one.failingRows());
    }

    @Test
    void aTableLevelFailureFailsTheSuiteWhateverTheIssueFraction() throws IOException {
        ValidationReport report = validate(dataset(), SUITE.replace("{min: 49, max: 51}", "{min: 60, max: 70}") + "threshold: 0.5\n", 2);
        assertThat(report.result("columns.score.mean").passed()).isFalse();
        assertThat(report.issueFraction()).isLessThan(0.5);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void aColumnThatIsNotInTheFileIsAFailedExpectationWithAClearMessage() throws IOException {
        ValidationReport report = validate(dataset(), SUITE + "  agee: {type: numeric, min: 0}\n", 2);
        var exists = report.result("columns.agee.exists");
        assertThat(exists.passed()).isFalse();
        assertThat(exists.message()).isEqualTo("column 'agee' is not in the file (did you mean 'age'?); its other expectations were not checked");
        assertThat(report.passed()).isFalse();
        assertThat(report.results()).extracting(ValidationReport.Result::id).doesNotContain("columns.agee.min");
    }

    @Test
    void aRuleThatDoesNotFitTheFileIsAFailedExpectationSayingWhy() throws IOException {
        Path file = dataset();
        ValidationReport missing = validate(file, SUITE.replace("end >= start", "ende >= start"), 2);
        var rule = missing.result("table.rules.end after start");
        assertThat(rule.passed()).isFalse();
        assertThat(rule.scope()).isEqualTo(ValidationReport.Scope.TABLE);
        assertThat(rule.message()).isEqualTo("unknown column 'ende' at position 1 (did you mean 'end'?); the rule was not checked");
        assertThat(missing.passed()).isFalse();

        ValidationReport mismatch = validate(file, SUITE.replace("end >= start", "grade > 3"), 2);
        assertThat(mismatch.result("table.rules.end after start").message()).contains("at position").endsWith("; the rule was not checked");
    }

    @Test
    void aRuleThatDoesNotParseIsBadInputNamingItsField() {
        var suite = new Suite("s", null, null, new Suite.TableExpectations(null, null, List.of(new Suite.Rule("r", "age >"))), java.util.Map.of());
        assertThatThrownBy(() -> Validator.validate(DatasetReader.open(dataset()), suite, ValidationOptions.defaults(), Progress.NONE))
                .isInstanceOf(SuiteException.class).hasMessageStartingWith("table.rules[0].expression: ")
                .extracting(e -> ((SuiteException) e).field()).isEqualTo("table.rules[0].expression");
    }

    @Test
    void valuesOfTheWrongTypeFailTheTypeExpectation() throws IOException {
        Path file = dir.resolve("mixed.csv");
        Files.writeString(file, "n\n1\n2\nthree\n4\n");
        ValidationReport report = validate(file, "columns:\n  n: {type: numeric, notNull: true}\n", 1);
        var type = report.result("columns.n.type");
        assertThat(type.failing()).isEqualTo(1);
        assertThat(type.examples()).containsExactly(new ValidationReport.Example(4, "three"));
        assertThat(report.result("columns.n.notNull").passed()).isTrue();
    }

    @Test
    void theReportRoundTripsThroughJsonAndTheHtmlIsSelfContained() throws IOException {
        ValidationReport report = validate(dataset(), SUITE, 2);
        String json = report.toJson();
        assertThat(json).contains("\"issueFraction\"", "\"failingRows\"", "\"examples\"", "\"sha256\"");
        ValidationReport again = ValidationReport.readJson(json);
        assertThat(again.failingRows()).isEqualTo(report.failingRows());
        assertThat(again.results()).hasSameSizeAs(report.results());

        String html = ValidationHtml.render(report);
        assertThat(html).contains("FAILED", "columns.age.max", "line 1001").doesNotContain("<script", "http://", "https://");
        assertThat(html.indexOf("columns.age.max")).as("failing expectations first").isLessThan(html.indexOf("columns.grade.length"));
    }

    @Test
    void cancellingStopsTheWork() throws IOException {
        Path file = dataset();
        var cancelled = new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> Validator.validate(DatasetReader.open(file), Suite.parse(SUITE, "s.yaml"), ValidationOptions.defaults(), cancelled))
                .isInstanceOf(CancelledException.class);
    }

    @Test
    void uniquenessPastItsLimitSaysOnHowManyValuesItWasChecked() throws IOException {
        Path file = dataset();
        ValidationReport report = Validator.validate(DatasetReader.open(file), Suite.parse(SUITE, "s.yaml"),
                ValidationOptions.defaults().withUniqueLimit(10_000), Progress.NONE);
        var unique = report.result("columns.id.unique");
        assertThat(unique.passed()).as("the repeat on row 15,000 is past the limit").isTrue();
        assertThat(unique.message()).contains("the first 10,000 values only");
        assertThat(List.of(unique.failing())).containsExactly(0L);
    }
}
