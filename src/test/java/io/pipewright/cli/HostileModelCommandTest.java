package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pipewright.train.HostileModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `score` and `serve` given model files built to attack the reader: one line naming the file and what was refused, exit 2, never a hang. */
class HostileModelCommandTest {
    @TempDir
    static Path home;

    @Test
    void aHashCodeBombIsRefusedByScoreAndServeInsteadOfHanging() throws Exception {
        Path bomb = HostileModels.smile(home, "laughs.pwmodel", HostileModels.hashBomb(40));
        Path rows = Files.writeString(home.resolve("rows.csv"), "x,colour\n1.0,red\n");
        String refusal = "pipewright: laughs.pwmodel: the model payload uses a java.util.HashMap as the key of a java.util.HashMap, which no model"
                + " does (a payload built to hang the reader); it was not loaded";
        var score = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.in(home, "score", "--artifact", bomb.toString(),
                "--input", rows.toString(), "--output", home.resolve("scored.csv").toString()));
        assertThat(score.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(score.errLines()).containsExactly(refusal);
        assertThat(home.resolve("scored.csv")).doesNotExist();

        var serve = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.in(home, "serve", "--artifact", bomb.toString(), "--host",
                "127.0.0.1", "--port", "0"));
        assertThat(serve.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(serve.errLines()).containsExactly(refusal);
    }

    @Test
    void aUrlGadgetIsRefusedNamingTheFileAndTheClass() {
        Path gadget = HostileModels.smile(home, "gadget.pwmodel", HostileModels.urlGadget());
        var serve = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.in(home, "serve", "--artifact", gadget.toString(), "--host",
                "127.0.0.1", "--port", "0"));
        assertThat(serve.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(serve.errLines()).containsExactly("pipewright: gadget.pwmodel: the model payload holds a java.net.URL, which a model may not"
                + " contain; it was not loaded");
    }

    @Test
    void aModelWhosePayloadExpandsPastItsManifestIsRefusedByScore() throws Exception {
        Path bomb = HostileModels.inflating(HostileModels.forest(home), home.resolve("bomb.pwmodel"), 1L << 30);
        Path rows = Files.writeString(home.resolve("more-rows.csv"), "x,colour\n1.0,red\n");
        var score = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.in(home, "score", "--artifact", bomb.toString(),
                "--input", rows.toString(), "--output", home.resolve("out.csv").toString()));
        assertThat(score.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(score.errLines()).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("pipewright: bomb.pwmodel: payload.bin expands past the ")
                .endsWith(" bytes its manifest declares (the file was changed or damaged); it was not loaded"));
    }
}
