package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.export.ExportFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pipewright export: a validated bundle from an artifact, a zip, and one line for each thing it cannot use. */
class ExportCommandTest {
    @TempDir
    Path home;

    @Test
    void exportsAValidatedBundleAsAFolderOrAZip() throws Exception {
        Path options = home.resolve("options.yaml");
        Files.writeString(options, "rollout: {strategy: canary}\nautoscaling: {mode: keda}\n");
        var run = CliRun.in(home, "export", "--artifact", ExportFixtures.classifierArtifact().toString(), "--out", home.resolve("out").toString(),
                "--options", options.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(Cli.OK);
        Path bundle = home.resolve("out/credit-scoring-bundle");
        assertThat(run.out().strip()).isEqualTo(bundle.toString());
        assertThat(run.errLines()).anyMatch(line -> line.startsWith("helm lint --strict: passed"))
                .anyMatch(line -> line.startsWith("helm template + manifest checks: passed"));
        assertThat(bundle.resolve("helm/credit-scoring/templates/rollout.yaml")).exists();
        assertThat(Files.readString(bundle.resolve("helm/credit-scoring/values.yaml"))).contains("strategy: canary", "mode: keda");

        var zipped = CliRun.in(home, "export", "--artifact", ExportFixtures.classifierArtifact().toString(), "--out", home.resolve("zip").toString(), "--zip");
        assertThat(zipped.code()).as(zipped.err()).isEqualTo(Cli.OK);
        assertThat(home.resolve("zip/credit-scoring-bundle.zip")).exists();
    }

    @Test
    void badOptionsAndUnknownModelsAreOneLine() throws Exception {
        Path options = home.resolve("options.yaml");
        Files.writeString(options, "replicas: 2\nrolout: {strategy: canary}\n");
        var run = CliRun.in(home, "export", "--artifact", ExportFixtures.classifierArtifact().toString(), "--out", home.resolve("out").toString(),
                "--options", options.toString());
        assertThat(run.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("pipewright: options.yaml: line 2: unknown field 'rolout' (did you mean 'rollout'?)");
        assertThat(home.resolve("out")).doesNotExist();

        var unknown = CliRun.in(home, "export", "--model", "nobody@champion", "--out", home.resolve("out").toString());
        assertThat(unknown.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(unknown.errLines()).containsExactly("pipewright: --model: no registered model version nobody@champion");
    }

    @Test
    void serveRefusesAnArtifactWhoseSha256DiffersFromTheOneGiven() {
        var run = CliRun.in(home, "serve", "--artifact", ExportFixtures.classifierArtifact().toString(), "--sha256", "ab".repeat(32), "--port", "0");
        assertThat(run.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().startsWith("pipewright: credit_scoring.pwmodel: SHA-256 ")
                .endsWith("does not match --sha256 " + "ab".repeat(32) + "; the model file was changed or replaced, it was not loaded");
    }
}
