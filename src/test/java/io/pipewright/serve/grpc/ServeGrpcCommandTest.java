package io.pipewright.serve.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.pipewright.serve.grpc.proto.GRPCInferenceServiceGrpc;
import io.pipewright.serve.grpc.proto.ModelInferResponse;
import io.pipewright.serve.grpc.proto.ServerReadyRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pipewright serve --grpc-port 0` as its own process: it says where gRPC listens, answers there as REST does, and stops on SIGTERM. */
class ServeGrpcCommandTest {
    @TempDir
    Path dir;

    /** A gRPC port that cannot be bound stops the command in one line (exit 2), REST included. */
    @Test
    void aGrpcPortInUseOrOutOfRangeIsRefusedInOneLine() throws Exception {
        ServedModel.credit(dir);
        String artifact = dir.resolve("credit" + io.pipewright.train.ModelArtifact.EXTENSION).toString();
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var inUse = io.pipewright.cli.CliRun.in(dir.resolve("home"), "serve", "--artifact", artifact, "--port", "0", "--grpc-port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(inUse.code()).isEqualTo(2);
            assertThat(inUse.errLines()).last().asString().startsWith("pipewright: --grpc-port: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (");
        }
        var outOfRange = io.pipewright.cli.CliRun.in(dir.resolve("home"), "serve", "--artifact", artifact, "--port", "0", "--grpc-port", "70000");
        assertThat(outOfRange.code()).isEqualTo(2);
        assertThat(outOfRange.errLines()).last().isEqualTo("pipewright: --grpc-port must be between 0 and 65535, not 70000");
    }

    @Test
    void serveWithAGrpcPortPrintsItsLineAnswersLikeRestAndStopsOnSigterm() throws Exception {
        ServedModel.credit(dir); // writes credit.pwmodel
        Path artifact = dir.resolve("credit" + io.pipewright.train.ModelArtifact.EXTENSION);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.pipewright.Main", "--home", dir.resolve("home").toString(),
                "serve", "--artifact", artifact.toString(), "--port", "0", "--grpc-port", "0").redirectErrorStream(true).start();
        try {
            var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var http = Pattern.compile("^serving credit \\(random_forest\\) on http://127\\.0\\.0\\.1:(\\d+) ");
            var grpc = Pattern.compile("^gRPC \\(Open Inference Protocol\\) on 127\\.0\\.0\\.1:(\\d+)$");
            int httpPort = -1;
            int grpcPort = -1;
            var seen = new StringBuilder();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                seen.append(line).append('\n');
                var found = http.matcher(line);
                if (found.find()) {
                    httpPort = Integer.parseInt(found.group(1));
                }
                var grpcFound = grpc.matcher(line);
                if (grpcFound.find()) {
                    grpcPort = Integer.parseInt(grpcFound.group(1));
                    break;
                }
            }
            CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
            assertThat(httpPort).as("the HTTP line; it printed:\n" + seen).isPositive();
            assertThat(grpcPort).as("the gRPC line after it; it printed:\n" + seen).isPositive().isNotEqualTo(httpPort);

            var channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort, InsecureChannelCredentials.create()).build();
            try {
                var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
                ModelInferResponse answer = stub.modelInfer(GrpcServerTest.infer("credit", GrpcServerTest.fp64("x", 1.5, -0.5),
                        GrpcServerTest.bytes("colour", "red", "blue")).setId("cli-1").build());
                String rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v2/models/credit/infer"))
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"inputs": [{"name": "x", "data": [1.5, -0.5]}, {"name": "colour", "data": ["red", "blue"]}]}""")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                var restJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rest);
                assertThat(answer.getId()).isEqualTo("cli-1");
                assertThat(answer.getModelVersion()).isEqualTo("1");
                assertThat(answer.getOutputs(0).getContents().getBytesContentsList()).extracting(com.google.protobuf.ByteString::toStringUtf8)
                        .containsExactly(restJson.path("outputs").get(0).path("data").get(0).asText(), restJson.path("outputs").get(0).path("data").get(1).asText());

                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).as("gRPC calls on REST's /metrics").contains("pipewright_grpc_requests_seconds_count{code=\"OK\",method=\"ModelInfer\"} 1");
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process stops after draining both servers").isTrue();
            assertThat(process.exitValue()).isIn(0, 143);
        } finally {
            process.destroyForcibly();
        }
    }
}
