package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `pipewright serve` says when it cannot serve (the endpoints themselves: ModelServerTest). */
class ServeCommandTest {
    @TempDir
    Path home;

    @Test
    void aMissingOrBrokenArtifactAndAnUnknownModelAreRefusedInOneLine() throws Exception {
        var missing = CliRun.in(home, "serve", "--artifact", home.resolve("nope.pwmodel").toString());
        assertThat(missing.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(missing.errLines()).containsExactly("pipewright: " + home.resolve("nope.pwmodel") + ": no such file");

        Path broken = Files.writeString(home.resolve("broken.pwmodel"), "not a zip");
        var notModel = CliRun.in(home, "serve", "--artifact", broken.toString());
        assertThat(notModel.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(notModel.errLines()).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("pipewright: broken.pwmodel: not a Pipewright model file"));

        var unknown = CliRun.in(home, "serve", "--model", "credit-risk@champion");
        assertThat(unknown.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(unknown.errLines()).containsExactly("pipewright: --model: no registered model version credit-risk@champion");

        var neither = CliRun.in(home, "serve");
        assertThat(neither.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(neither.err()).contains("--artifact").contains("--model");
    }

    @Test
    void batchAndDriftOptionsOutOfRangeAreRefusedBeforeTheModelIsRead() throws Exception {
        String artifact = home.resolve("nope.pwmodel").toString();
        var batch = CliRun.in(home, "serve", "--artifact", artifact, "--max-batch", "0");
        assertThat(batch.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(batch.errLines()).containsExactly("pipewright: --max-batch must be at least 1, not 0");

        var latency = CliRun.in(home, "serve", "--artifact", artifact, "--max-latency-ms", "-1");
        assertThat(latency.errLines()).containsExactly("pipewright: --max-latency-ms must be between 0 and 60000, not -1.0");

        var window = CliRun.in(home, "serve", "--artifact", artifact, "--drift-window", "0");
        assertThat(window.errLines()).containsExactly("pipewright: --drift-window must be between 1 and 10000000 rows, not 0");
    }
}
