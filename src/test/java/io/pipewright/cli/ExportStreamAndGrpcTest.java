package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.export.ExportFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pipewright export with the streaming mode and the gRPC port in its options file: the bundle they add, and one line for a mistake. */
class ExportStreamAndGrpcTest {
    @TempDir
    Path home;

    @Test
    void theOptionsFileAddsTheStreamingScorerAndTheGrpcPort() throws Exception {
        Path options = home.resolve("options.yaml");
        Files.writeString(options, "grpc: {enabled: true}\nstream: {enabled: true, bootstrap: 'kafka:9092', in: loans, out: loan-scores, dlq: loans-dlq}\n");
        var run = CliRun.in(home, "export", "--artifact", ExportFixtures.classifierArtifact().toString(), "--out", home.resolve("out").toString(),
                "--options", options.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(Cli.OK);
        assertThat(run.errLines()).anyMatch(line -> line.startsWith("helm template + manifest checks: passed (9 renders"));
        Path bundle = home.resolve("out/credit-scoring-bundle");
        assertThat(Files.readString(bundle.resolve("helm/credit-scoring/values.yaml"))).contains("grpc:\n  enabled: true\n  port: 8081",
                "stream:\n  enabled: true", "  in: loans", "  group: pipewright-credit_scoring");
        assertThat(bundle.resolve("runbooks/streaming.md")).exists();
        assertThat(Files.readString(bundle.resolve("monitoring/prometheus/alerts.yaml"))).contains("alert: PipewrightStreamLag",
                "alert: PipewrightStreamDeadLetters");
    }

    @Test
    void aStreamingModeWithoutItsBrokersIsOneLineNamingTheOption() throws Exception {
        Path options = home.resolve("options.yaml");
        Files.writeString(options, "stream: {enabled: true, in: loans, out: loan-scores}\n");
        var run = CliRun.in(home, "export", "--artifact", ExportFixtures.classifierArtifact().toString(), "--out", home.resolve("out").toString(),
                "--options", options.toString());
        assertThat(run.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(run.errLines()).containsExactly(
                "pipewright: options.yaml: stream.bootstrap: the streaming mode needs the Kafka brokers to start from, like kafka.example.com:9092");
        assertThat(home.resolve("out")).doesNotExist();
    }
}
