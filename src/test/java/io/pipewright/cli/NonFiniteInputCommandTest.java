package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.train.HostileModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pipewright score` on rows with a number that is not finite: one line naming the file, the line and the feature, exit 2, no output left. */
class NonFiniteInputCommandTest {
    @TempDir
    static Path home;

    @Test
    void anInfiniteNumberIsRefusedNamingTheLineAndTheFeature() throws Exception {
        Path model = HostileModels.forest(home);
        for (String infinite : new String[] {"1e999", "-inf", "Infinity"}) {
            Path rows = Files.writeString(home.resolve("rows.csv"), "x,colour\n1.0,red\n" + infinite + ",blue\n");
            Path output = home.resolve("scored.csv");
            var score = CliRun.in(home, "score", "--artifact", model.toString(), "--input", rows.toString(), "--output", output.toString());
            assertThat(score.code()).as(infinite).isEqualTo(Cli.BAD_INPUT);
            assertThat(score.errLines()).containsExactly("pipewright: rows.csv: line 3: x: '" + infinite + "' is not a finite number; leave the value"
                    + " empty for a missing value");
            assertThat(output).doesNotExist();
        }
    }

    @Test
    void nanIsAMissingValueAsInTrainingAndIsScored() throws Exception {
        Path model = HostileModels.forest(home);
        Path rows = Files.writeString(home.resolve("with-nan.csv"), "x,colour\n1.0,red\nNaN,blue\n,blue\n");
        Path output = home.resolve("nan-scored.csv");
        var score = CliRun.in(home, "score", "--artifact", model.toString(), "--input", rows.toString(), "--output", output.toString());
        assertThat(score.code()).isEqualTo(Cli.OK);
        assertThat(score.err()).contains("scored 3 rows");
        var lines = Files.readAllLines(output);
        assertThat(lines).hasSize(4);
        // a NaN reads as missing, as it did in training: it is scored exactly as the empty value is
        assertThat(lines.get(2)).startsWith("NaN,blue,");
        assertThat(lines.get(2).substring("NaN".length())).isEqualTo(lines.get(3));
    }
}
