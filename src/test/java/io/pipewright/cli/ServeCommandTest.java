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
}
