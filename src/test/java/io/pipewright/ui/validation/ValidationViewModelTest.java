package io.pipewright.ui.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.quality.Suite;
import io.pipewright.quality.ValidationReport;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Validation view's model, driven as a person would: generate, edit, validate, read the report; bad fields block validation. */
class ValidationViewModelTest {
    private static final Path CREDIT = Path.of("sample-data/credit/credit.csv");

    @TempDir
    Path dir;

    private final Notifications notifications = new Notifications();
    private final ValidationViewModel model = new ValidationViewModel(new SameThreadTaskExecutor(), Optional::empty, notifications);

    @Test
    void generateEditABoundValidateAndReadTheExamples() throws Exception {
        assertThat(model.validatableProperty().get()).as("no dataset yet").isFalse();
        assertThat(model.messageProperty().get()).startsWith("Choose a dataset");
        model.datasetProperty().set(CREDIT);
        assertThat(model.messageProperty().get()).as("what comes next for the chosen file").isEqualTo("credit.csv: generate a suite from it, or open one.");
        model.generate();

        assertThat(model.columns()).startsWith("applicant_id", "age", "income");
        assertThat(model.selectedColumnProperty().get()).isEqualTo("applicant_id");
        assertThat(model.uniqueProperty().get()).isTrue();
        assertThat(model.rowsMinProperty().get()).isEqualTo("900");
        assertThat(model.columnsModeProperty().get()).isEqualTo("exact");
        assertThat(model.validatableProperty().get()).isTrue();

        model.validate();
        assertThat(model.reportProperty().get().passed()).isTrue();
        assertThat(model.bannerProperty().get()).startsWith("PASSED");

        model.selectedColumnProperty().set("age");
        assertThat(model.typeProperty().get()).isEqualTo("numeric");
        assertThat(model.maxProperty().get()).isEqualTo("78");
        model.maxProperty().set("60");
        assertThat(model.problems()).isEmpty();
        model.validate();

        ValidationReport report = model.reportProperty().get();
        assertThat(report.passed()).isFalse();
        assertThat(model.bannerProperty().get()).startsWith("FAILED").contains("> threshold 0.10 %");
        assertThat(model.results().get(0).id()).as("failing first").isEqualTo("columns.age.max");
        assertThat(model.selectedResultProperty().get().id()).isEqualTo("columns.age.max");
        ValidationReport.Example first = model.examples().get(0);
        assertThat(Files.readAllLines(CREDIT).get((int) first.line() - 1).split(",")[1]).isEqualTo(first.value());

        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        model.saveReportJson(json);
        model.saveReportHtml(html);
        assertThat(ValidationReport.readJson(Files.readString(json)).passed()).isFalse();
        assertThat(Files.readString(html)).contains("columns.age.max");
    }

    @Test
    void aBadRegexShowsBesideItsFieldAndDisablesValidate() {
        model.datasetProperty().set(CREDIT);
        model.generate();
        model.selectedColumnProperty().set("purpose");
        model.regexProperty().set("^(car");
        assertThat(model.problems()).containsEntry("regex", "Unclosed group at position 6");
        assertThat(model.validatableProperty().get()).isFalse();
        assertThat(model.suite()).isEmpty();

        model.regexProperty().set("^[a-z_]+$");
        assertThat(model.problems()).isEmpty();
        assertThat(model.validatableProperty().get()).isTrue();
        model.validate();
        assertThat(model.reportProperty().get().result("columns.purpose.regex").passed()).isTrue();
    }

    @Test
    void aBadRuleExpressionOrNumberIsShownByItsField() {
        model.datasetProperty().set(CREDIT);
        model.generate();
        model.addRule("adult", "age >= ");
        assertThat(model.problems().get("rules")).startsWith("rule 1: ").contains("at position");
        assertThat(model.validatableProperty().get()).isFalse();
        model.setRule(0, "adult", "age >= 18");
        assertThat(model.problems()).doesNotContainKey("rules");

        model.selectedColumnProperty().set("income");
        model.meanMinProperty().set("abc");
        assertThat(model.problems()).containsEntry("mean", "'abc' is not a number");
        model.meanMinProperty().set("1");
        model.thresholdProperty().set("2");
        assertThat(model.problems()).containsEntry("threshold", "must be between 0 and 1, not 2");
        model.thresholdProperty().set("0.01");
        assertThat(model.validatableProperty().get()).isTrue();
    }

    @Test
    void saveAndOpenKeepTheEdits() throws Exception {
        model.datasetProperty().set(CREDIT);
        model.generate();
        model.selectedColumnProperty().set("age");
        model.minProperty().set("21");
        Path file = dir.resolve("credit.suite.yaml");
        model.save(file);
        assertThat(model.modifiedProperty().get()).isFalse();
        assertThat(Suite.read(file).columns().get("age").min()).isEqualTo(21);

        var other = new ValidationViewModel(new SameThreadTaskExecutor(), Optional::empty, notifications);
        other.open(file);
        other.selectedColumnProperty().set("age");
        assertThat(other.minProperty().get()).isEqualTo("21");
        assertThat(other.suiteFileProperty().get()).isEqualTo(file);
    }

    @Test
    void aSuiteThatCannotBeOpenedIsSaidInOneLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "columns:\n  age:\n    mn: 1\n");
        model.open(file);
        assertThat(notifications.latestProperty().get().text()).isEqualTo("Cannot open the suite: bad.yaml:3: columns.age.mn: unknown field (did you mean 'min'?)");
    }
}
