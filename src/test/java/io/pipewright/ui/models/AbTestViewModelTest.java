package io.pipewright.ui.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.loop.ab.AbAnalysis;
import io.pipewright.loop.ab.ServedLogFixture;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The A/B test tab's state without a window: plans, analyses, and each mistake as a message naming the field. */
class AbTestViewModelTest {
    @TempDir
    Path dir;

    private final SimpleStringProperty chosen = new SimpleStringProperty("credit-risk");
    private final AbTestViewModel model = new AbTestViewModel(new SameThreadTaskExecutor(), chosen);

    @Test
    void aPlanOfAMeanWithTrafficHasItsDays() {
        model.baselineProperty().set("250");
        model.mdeProperty().set("-10");
        model.sdProperty().set("40");
        model.trafficProperty().set("100/day");
        model.plan();
        assertThat(model.planMessageProperty().get()).isEmpty();
        assertThat(model.planProperty().get().test()).isEqualTo("welch");
        assertThat(AbTestViewModel.describe(model.planProperty().get())).endsWith("days (Welch's t-test)");
    }

    @Test
    void aFieldThatIsNotANumberOrImpossibleIsNamed() {
        model.baselineProperty().set("0.1");
        model.mdeProperty().set("lots");
        model.plan();
        assertThat(model.planMessageProperty().get()).isEqualTo("MDE: 'lots' is not a number");
        model.mdeProperty().set("0");
        model.plan();
        assertThat(model.planMessageProperty().get()).isEqualTo("MDE must not be 0: an effect of 0 needs an infinite sample");
        model.mdeProperty().set("0.02");
        model.planSplitProperty().set("1");
        model.plan();
        assertThat(model.planMessageProperty().get()).isEqualTo("Split to b must be between 0 and 1 (exclusive), not 1");
        assertThat(model.planProperty().get()).isNull();
    }

    @Test
    void aServedLogIsAnalysedWithTheChosenModelsName() {
        Path served = ServedLogFixture.write(dir.resolve("served"), 1, 4000, 0.5, 0.70, 0.76);
        model.logFolderProperty().set(served.toString());
        model.analyze();
        AbAnalysis analysis = model.analysisProperty().get();
        assertThat(analysis.verdict()).isEqualTo(AbAnalysis.SWITCH);
        assertThat(analysis.b().version()).isEqualTo("credit-risk:3");
        assertThat(model.analysingProperty().get()).isFalse();
    }

    @Test
    void twoScoredFilesAreAnalysedWhenNoFolderIsGiven() throws Exception {
        model.analyze();
        assertThat(model.analysisMessageProperty().get()).isEqualTo("Choose a server's log folder, or a scored file for each of a and b");
        Path a = Files.writeString(dir.resolve("a.jsonl"), "{\"prediction\": \"yes\", \"label\": \"yes\"}\n".repeat(40)
                + "{\"prediction\": \"yes\", \"label\": \"no\"}\n".repeat(40));
        Path b = Files.writeString(dir.resolve("b.jsonl"), "{\"prediction\": \"no\", \"label\": \"no\"}\n{\"prediction\": \"no\", \"label\": }\n");
        model.fileAProperty().set(a.toString());
        model.fileBProperty().set(b.toString());
        model.analyze();
        assertThat(model.analysisMessageProperty().get()).startsWith(b + ", line 2: not a JSON object (");
        assertThat(model.analysisProperty().get()).isNull();
    }
}
