package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake in an ARFF file's header is one line naming the file and the line, exit 2. */
class BadArffCommandTest {
    @TempDir
    Path dir;

    @Test
    void anAttributeWithAnUnclosedQuoteIsNamedWithItsFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("credit-g.arff"), "@relation credit\n@attribute checking_status {'<0','0<=X<200'}\n"
                + "@attribute 'duration numeric\n@data\n'<0',6\n");

        CliRun result = CliRun.in(dir.resolve("home"), "profile", file.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: credit-g.arff: line 3: a quoted value is never closed");
    }
}
