package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Run ids: the start time, then six random hex digits that tell apart runs started in the same second. */
class RunIdTest {
    @Test
    void theSuffixIsSixHexDigitsSpreadOverTheirWholeRange() {
        Set<Character> firstDigits = new HashSet<>();
        Set<String> suffixes = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String id = RecordedRun.newRunId();
            assertThat(id).matches("\\d{8}-\\d{6}-[0-9a-f]{6}");
            String suffix = id.substring(id.length() - 6);
            firstDigits.add(suffix.charAt(0));
            suffixes.add(suffix);
        }
        // 2,000 draws of 24 bits: every leading hex digit appears (P(a digit missing) < 1e-54), few or no repeats
        assertThat(firstDigits).hasSize(16);
        assertThat(suffixes.size()).isGreaterThan(1990);
    }
}
