package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline whose xgboost node asks for {@code device: cuda}, on a machine where XGBoost would not use a GPU. */
class XGBoostDeviceCommandTest {
    @TempDir
    Path dir;

    private Path pipeline(String device) throws Exception {
        String yaml = """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: credit-gpu
                seed: 42
                nodes:
                  - id: read
                    type: read
                    params: {path: %s}
                  - id: split
                    type: split
                    inputs: {table: read.table}
                    params: {strategy: stratified, target: default, test: 0.2, valid: 0.1}
                  - id: train
                    type: train
                    inputs: {train: split.train, valid: split.valid}
                    params:
                      target: default
                      algorithm: xgboost
                      hyperparameters: {num_round: 20, max_depth: 3, device: %s}
                """.formatted(Path.of("sample-data/credit/credit.csv").toAbsolutePath(), device);
        return Files.writeString(dir.resolve("credit-" + device + ".yaml"), yaml);
    }

    @Test
    void trainingOnCudaWithoutAGpuFailsWithOneLineNamingTheNode() throws Exception {
        Path file = pipeline("cuda");
        CliRun validated = CliRun.in(dir.resolve("home"), "validate-pipeline", file.toString());
        assertThat(validated.code()).as(validated.err()).isZero();

        CliRun run = CliRun.in(dir.resolve("home"), "run", file.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        String refusal = "device cuda: XGBoost found no CUDA device or was built without CUDA (this XGBoost library was built without CUDA);"
                + " use device: cpu";
        assertThat(run.errLines()).filteredOn(line -> line.contains("device cuda")).containsExactly("✗ train: node 'train': " + refusal);
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
        assertThat(run.out()).startsWith("credit-gpu: failed").contains("  node 'train': " + refusal);
    }

    @Test
    void anotherDeviceIsRefusedBeforeAnythingRuns() throws Exception {
        CliRun run = CliRun.in(dir.resolve("home"), "run", pipeline("gpu").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("hyperparameter device must be one of cpu, cuda, not 'gpu'").doesNotContain("\tat ");
    }
}
