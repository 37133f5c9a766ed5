package io.pipewright.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Short labels that tell compared runs apart. */
class RunLabelsTest {

    private static List<String> nulls(int n) {
        return Arrays.asList(new String[n]);
    }

    @Test
    void runsOfOneDayAreToldApartByTheirTime() {
        assertThat(RunLabels.of(List.of("20261205-231045-3fe0b5", "20261205-231112-3fd9a1"), List.of("credit-risk.yaml", "credit-risk.yaml")))
                .as("the same name tells nothing").containsExactly("231045", "231112");
    }

    @Test
    void runsOfTheSameSecondKeepTheirSuffix() {
        assertThat(RunLabels.differingParts(List.of("20261205-231045-3fe0b5", "20261205-231045-3fd9a1", "20261205-231112-3fc001")))
                .containsExactly("231045-3fe0b5", "231045-3fd9a1", "231112-3fc001");
    }

    @Test
    void runsOfDifferentDaysKeepTheDate() {
        assertThat(RunLabels.differingParts(List.of("20261204-231045-3fe0b5", "20261205-231045-3fd9a1")))
                .containsExactly("20261204", "20261205");
    }

    @Test
    void namesOfTheirOwnAreUsed() {
        assertThat(RunLabels.of(List.of("20261205-231045-3fe0b5-train-1", "20261205-231045-3fe0b5-train-2"), List.of("train trial 1", "train trial 2")))
                .containsExactly("train trial 1", "train trial 2");
        assertThat(RunLabels.of(List.of("a-1", "a-2"), nulls(2))).containsExactly("1", "2");
    }

    @Test
    void aRunAndItsTrialsAreNeverLabelledWithNothing() {
        assertThat(RunLabels.differingParts(List.of("20261205-231045-3fe0b5", "20261205-231045-3fe0b5-train-3")))
                .doesNotContain("").doesNotHaveDuplicates();
    }

    @Test
    void longImportedIdsAreCutToAUniquePrefix() {
        var labels = RunLabels.of(List.of("4f1c8a2b9e3d4c7a8b6e5f4d3c2b1a09", "4f1c8a2b11111111aaaaaaaabbbbbbbb"), nulls(2));
        assertThat(labels).containsExactly("4f1c8a2b9…", "4f1c8a2b1…");
    }
}
