package io.pipewright.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.data.ColumnType;
import io.pipewright.profile.DatasetProfile;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataViewModelTest {
    @TempDir
    Path folder;

    private Store store;
    private final Notifications notifications = new Notifications();
    private DataViewModel model;
    private final ArrayList<DatasetProfile> profiled = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = Store.open(folder.resolve("store"), "test");
        model = new DataViewModel(new SameThreadTaskExecutor(), Runnable::run, notifications, () -> Optional.of(store),
                Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC));
        model.setOnProfiled(profiled::add);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void openingAFileShowsItsProfilePreviewAndRecordsAVersion() {
        Path credit = Path.of("sample-data/credit/credit.csv");
        model.open(credit);

        DatasetProfile profile = model.profileProperty().get();
        assertThat(profile.rows()).isEqualTo(1000);
        assertThat(profile.complete()).isTrue();
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.statusProperty().get()).isEqualTo("1,000 rows × 10 columns");
        assertThat(model.selectedColumnProperty().get().name()).isEqualTo("applicant_id");
        assertThat(model.previewColumns()).startsWith("applicant_id", "age");
        assertThat(model.previewRows()).hasSize(200);
        assertThat(model.previewRows().get(0)[0]).isEqualTo("A00001");
        assertThat(profiled).hasSize(1);
        assertThat(notifications.latestProperty().get().text()).startsWith("Profiled credit.csv: 1,000 rows × 10 columns");
        assertThat(new DatasetVersions(store).list()).singleElement()
                .satisfies(version -> {
                    assertThat(version.rows()).isEqualTo(1000);
                    assertThat(version.sha256()).isEqualTo(profile.source().sha256()).hasSize(64);
                });
    }

    @Test
    void naTokensTypesAndTargetProfileAgain() throws Exception {
        Path file = Files.writeString(folder.resolve("grades.csv"), "student,score,passed\na,12,yes\nb,NA,no\nc,15,yes\nd,NA,yes\ne,9,no\n");
        model.open(file);
        assertThat(model.profileProperty().get().column("score").type()).isEqualTo("categorical");
        assertThat(model.profileProperty().get().column("score").naSuggestions()).containsExactly("NA");

        model.addNaToken("NA");
        assertThat(model.naTokens()).containsExactly("NA");
        var score = model.profileProperty().get().column("score");
        assertThat(score.type()).isEqualTo("numeric");
        assertThat(score.missing()).isEqualTo(2);

        model.setType("student", ColumnType.CATEGORICAL);
        assertThat(model.profileProperty().get().column("student").type()).isEqualTo("categorical");
        assertThat(model.profileProperty().get().column("student").inferredType()).isEqualTo("identifier");
        assertThat(model.naTokens()).as("a type change keeps the NA tokens").containsExactly("NA");

        model.setTarget("passed");
        assertThat(model.profileProperty().get().target().column()).isEqualTo("passed");

        model.setNaTokens("NA, -");
        assertThat(model.naTokens()).containsExactly("NA", "-");
    }

    @Test
    void aBrokenFileIsReportedAndRecordsNothing() throws Exception {
        Path file = Files.writeString(folder.resolve("ragged.csv"), "a,b\n1,2\n3,4,5\n");
        model.open(file);
        assertThat(model.errorProperty().get()).isEqualTo("ragged.csv: line 3: expected 2 fields, found 3 (a delimiter inside an unquoted value?)");
        assertThat(notifications.latestProperty().get().level()).isEqualTo(Notifications.Level.ERROR);
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(new DatasetVersions(store).list()).isEmpty();
        assertThat(profiled).isEmpty();
    }

    @Test
    void anUnexpectedFailureSaysWhatWentWrongInWordsAndClearsTheProfile() throws Exception {
        model.open(Path.of("sample-data/credit/credit.csv"));
        assertThat(model.profileProperty().get()).isNotNull();
        // what a pool makes of a class missing from the class path (Futures.await wraps an Error so)
        var broken = new DataViewModel(new SameThreadTaskExecutor(), Runnable::run, notifications, () -> {
            throw new IllegalStateException(new NoClassDefFoundError("shaded/parquet/com/fasterxml/jackson/databind/ObjectMapper"));
        }, Clock.systemUTC());

        broken.open(Path.of("sample-data/housing/housing.csv"));

        assertThat(broken.errorProperty().get()).isEqualTo("could not read housing.csv: a library it needs is missing from this installation "
                + "or launch (class shaded.parquet.com.fasterxml.jackson.databind.ObjectMapper not found)");
        assertThat(broken.profileProperty().get()).as("no profile stays on screen after a failure").isNull();
        assertThat(broken.previewRows()).isEmpty();
        assertThat(broken.selectedColumnProperty().get()).isNull();
    }

    @Test
    void aFailedOpenAfterAGoodOneLeavesNothingOfTheFirstFile() throws Exception {
        model.open(Path.of("sample-data/credit/credit.csv"));
        assertThat(model.profileProperty().get().rows()).isEqualTo(1000);
        Path ragged = Files.writeString(folder.resolve("ragged.csv"), "a,b\n1,2\n3,4,5\n");

        model.open(ragged);

        assertThat(model.fileProperty().get()).isEqualTo(ragged);
        assertThat(model.profileProperty().get()).isNull();
        assertThat(model.previewColumns()).isEmpty();
        assertThat(model.previewRows()).isEmpty();
        assertThat(model.selectedColumnProperty().get()).isNull();
        assertThat(model.errorProperty().get()).startsWith("ragged.csv: line 3");
    }

    @Test
    void reportsAreExported() throws Exception {
        model.open(Path.of("sample-data/housing/housing.csv"));
        Path html = folder.resolve("out/housing.html");
        Path json = folder.resolve("out/housing.json");
        model.exportHtml(html);
        model.exportJson(json);
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("housing.csv").doesNotContain("<script");
        assertThat(Files.readString(json)).contains("\"rows\" : 1200");
        assertThat(notifications.latestProperty().get().text()).isEqualTo("Profile written to " + json);
    }
}
