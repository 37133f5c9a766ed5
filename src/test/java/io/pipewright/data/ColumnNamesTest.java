package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {
    @Test
    void blanksAndRepeatsGetNamesThatAreNotTakenAndEachIsNoted() {
        var notes = new ArrayList<String>();
        List<String> names = ColumnNames.clean(java.util.Arrays.asList("a", "a", "a_2", "a", " ", null, "column_5", "a"), notes);
        assertThat(names).containsExactly("a", "a_2", "a_2_2", "a_3", "column_5", "column_6", "column_5_2", "a_4");
        assertThat(notes).containsExactly("column 2 repeats the name 'a'; called it a_2", "column 3 repeats the name 'a_2'; called it a_2_2",
                "column 4 repeats the name 'a'; called it a_3", "column 5 has no name; called it column_5",
                "column 6 has no name; called it column_6", "column 7 repeats the name 'column_5'; called it column_5_2",
                "column 8 repeats the name 'a'; called it a_4");
    }

    @Test
    void aSuffixTakenByAnotherColumnIsSkipped() {
        List<String> names = ColumnNames.clean(List.of("x_2", "x_3", "x", "x", "x", "x_5", "x"), new ArrayList<>());
        assertThat(names).containsExactly("x_2", "x_3", "x", "x_4", "x_5", "x_5_2", "x_6");
    }

    @Test
    void aHeaderOfOneNameRepeatedOneHundredThousandTimesIsMadeUniqueInLinearTime() {
        int count = 100_000;
        // each repeat resumes where the last stopped: 100,000 tries in all, where counting up from 2 each time was 5 billion
        List<String> names = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> ColumnNames.clean(Collections.nCopies(count, "amount"), new ArrayList<>()));
        assertThat(names).hasSize(count).startsWith("amount", "amount_2", "amount_3").endsWith("amount_" + count);
        assertThat(new HashSet<>(names)).hasSize(count);
    }
}
