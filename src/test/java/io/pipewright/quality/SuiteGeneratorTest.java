package io.pipewright.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.data.DatasetReader;
import io.pipewright.profile.DatasetProfile;
import io.pipewright.profile.Profiler;
import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suites from profiles: each expectation as documented, tolerances that widen or tighten, and a suite its own data passes. */
class SuiteGeneratorTest {
    private static final Path CREDIT = Path.of("sample-data/credit/credit.csv");

    @TempDir
    Path dir;

    private static DatasetProfile profile(Path file) {
        return new Profiler().profile(DatasetReader.open(file), Profiler.Options.defaults().withThreads(1), new Profiler.Listener() {
        }, Progress.NONE);
    }

    @Test
    void eachColumnGetsTheExpectationsItsProfileSupports() {
        DatasetProfile profile = profile(CREDIT);
        Suite suite = SuiteGenerator.from(profile, Tolerance.defaults());

        assertThat(suite.suite()).isEqualTo("credit");
        assertThat(suite.threshold()).isEqualTo(0.001);
        assertThat(suite.table().rows()).isEqualTo(new Suite.Range(900L, 1100L));
        assertThat(suite.table().columns().exact()).hasSize(10).startsWith("applicant_id", "age");

        var id = suite.columns().get("applicant_id");
        assertThat(id.type()).isEqualTo("identifier");
        assertThat(id.unique()).isTrue();
        assertThat(id.notNull()).isTrue();
        assertThat(id.regex()).isEqualTo("^[A-Z]\\d{5}$");
        assertThat(id.length()).isEqualTo(new Suite.Range(6L, 6L));

        var age = suite.columns().get("age");
        var observed = profile.column("age");
        long lo = ((Number) observed.min()).longValue();
        long hi = ((Number) observed.max()).longValue();
        double margin = (hi - lo) * 0.05;
        assertThat(age.min()).isEqualTo((long) Math.floor(lo - margin));
        assertThat(age.max()).isEqualTo((long) Math.ceil(hi + margin));
        double se = observed.stddev() / Math.sqrt(observed.count());
        assertThat(age.mean().min().doubleValue()).isLessThanOrEqualTo(observed.mean() - 4 * se).isGreaterThan(observed.mean() - 4.1 * se);
        assertThat(age.stddev().min().doubleValue()).isLessThan(observed.stddev() * 0.91).isGreaterThan(observed.stddev() * 0.89);

        var income = suite.columns().get("income");
        assertThat(income.notNull()).isNull();
        assertThat(income.maxMissing()).as("8.1 %% missing × 1.5, rounded up").isEqualTo(0.13);
        assertThat(income.min()).as("never negative, so never below 0").isEqualTo(142.9);

        assertThat(suite.columns().get("home_ownership").allowed()).containsExactly("mortgage", "own", "rent");
        assertThat(suite.columns().get("default").type()).isEqualTo("boolean");
    }

    @Test
    void zeroToleranceDescribesTheDataExactlyAndTheDataStillPasses() {
        DatasetProfile profile = profile(CREDIT);
        Tolerance exact = new Tolerance(0, 0, 0, 0, 0, 10);
        Suite suite = SuiteGenerator.from(profile, exact);
        assertThat(suite.table().rows()).isEqualTo(new Suite.Range(1000L, 1000L));
        assertThat(suite.columns().get("age").min()).isEqualTo(profile.column("age").min());
        assertThat(suite.columns().get("income").maxMissing()).isEqualTo(0.081);
        ValidationReport report = Validator.validate(DatasetReader.open(CREDIT), suite, ValidationOptions.defaults(), Progress.NONE);
        assertThat(report.failures()).as("mean and stddev within rounding of themselves").isEmpty();
    }

    @Test
    void aPatternReadFromASampleThatDoesNotHoldEverywhereIsDropped() throws Exception {
        // the first values (the profile's top values all have count 1) share a shape; a later one does not
        var text = new StringBuilder("code,n\n");
        for (int i = 0; i < 30; i++) {
            text.append(i == 25 ? "a-123" : "A" + (1000 + i) / 10 % 10 + "-" + (100 + i)).append(',').append(i).append('\n');
        }
        Path file = dir.resolve("codes.csv");
        Files.writeString(file, text);
        DatasetProfile profile = profile(file);
        Suite raw = SuiteGenerator.from(profile, Tolerance.defaults());
        String rawRegex = raw.columns().get("code").regex();
        var generated = SuiteGenerator.generate(DatasetReader.open(file), Tolerance.defaults(), Progress.NONE);
        ValidationReport report = Validator.validate(DatasetReader.open(file), generated.suite(), ValidationOptions.defaults(), Progress.NONE);
        assertThat(report.passed()).isTrue();
        if (rawRegex != null) {
            assertThat(generated.suite().columns().get("code").regex()).isNull();
        }
        assertThat(generated.suite().columns().get("code").unique()).isTrue();
    }

    @Test
    void valuesThatDoNotReadAsTheColumnsTypeRaiseTheThresholdSoTheDataStillPasses() throws Exception {
        // 20,000 amounts, 40 of them "n/a" past the rows that decide the type: the column is numeric, 0.2 % of its values are not numbers
        var text = new StringBuilder("id,amount\n");
        var random = new java.util.Random(3);
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(',').append(i >= 10_000 && i % 250 == 7 ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", 100 + 10 * random.nextGaussian()))
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("amounts.csv"), text);

        var generated = SuiteGenerator.generate(DatasetReader.open(file), Tolerance.defaults(), Progress.NONE);
        ValidationReport report = Validator.validate(DatasetReader.open(file), generated.suite(), ValidationOptions.defaults(), Progress.NONE);

        assertThat(generated.suite().columns().get("amount").type()).isEqualTo("numeric");
        assertThat(generated.suite().threshold()).as("the 40 rows that fail the type, rounded up to 0.01 %").isEqualTo(0.002);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void shapesGeneraliseLettersAndDigits() {
        assertThat(SuiteGenerator.shape(List.of(new io.pipewright.profile.ColumnProfile.TopValue("AB-0012", 1),
                new io.pipewright.profile.ColumnProfile.TopValue("XY-9876", 1)))).isEqualTo("^[A-Z]{2}-\\d{4}$");
        assertThat(SuiteGenerator.shape(List.of(new io.pipewright.profile.ColumnProfile.TopValue("ab1", 1),
                new io.pipewright.profile.ColumnProfile.TopValue("AB1", 1)))).isNull();
    }
}
