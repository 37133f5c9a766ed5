package io.pipewright.serve.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.serve.grpc.proto.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent implementation of the protocol: Node's @grpc/grpc-js with @grpc/proto-loader, loading the same
 * .proto, against a running server; its answers must equal grpc-java's. CI installs the packages
 * ({@code npm ci} in src/test/node, see .ci/run, which also makes their absence a failure); without them, locally, this
 * test is skipped.
 */
class NodeClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CLIENT = Path.of("src", "test", "node");

    @TempDir
    Path dir;

    @Test
    void nodesGrpcJsClientGetsTheAnswersGrpcJavaGets() throws Exception {
        boolean installed = Files.isDirectory(CLIENT.resolve("node_modules").resolve("@grpc").resolve("grpc-js"));
        assertThat(installed || !"required".equals(System.getenv("PIPEWRIGHT_NODE_CLIENT")))
                .as(".ci/run installs the Node client's packages (npm ci in src/test/node) and requires this test to run").isTrue();
        Assumptions.assumeTrue(installed, "the Node client's packages are not installed (npm ci in src/test/node)");
        try (ServedModel credit = ServedModel.start(ServedModel.credit(dir), io.pipewright.serve.ModelServer.DEFAULT_MAX_BODY)) {
            String address = "127.0.0.1:" + credit.grpcPort();
            JsonNode answer = node(address, "credit", """
                    {"id": "node-1", "inputs": [{"name": "x", "datatype": "FP64", "shape": [3], "data": [1.5, -2.0, 0.25]},
                                                {"name": "colour", "datatype": "BYTES", "shape": [3], "data": ["red", "blue", "green"]}]}""");
            ModelInferResponse java = credit.stub().modelInfer(GrpcServerTest.infer("credit", GrpcServerTest.fp64("x", 1.5, -2.0, 0.25),
                    GrpcServerTest.bytes("colour", "red", "blue", "green")).build());

            JsonNode metadata = answer.path("metadata");
            assertThat(metadata.path("name").asText()).isEqualTo("credit");
            assertThat(metadata.path("inputs")).extracting(input -> input.path("name").asText() + ":" + input.path("datatype").asText())
                    .containsExactly("x:FP64", "colour:BYTES");

            JsonNode infer = answer.path("infer");
            assertThat(infer.path("id").asText()).isEqualTo("node-1");
            assertThat(infer.path("model_version").asText()).isEqualTo("1");
            JsonNode predictions = infer.path("outputs").get(0);
            assertThat(predictions.path("name").asText()).isEqualTo("predictions");
            assertThat(StreamSupport.stream(predictions.path("data").spliterator(), false).map(JsonNode::asText).toList())
                    .containsExactlyElementsOf(java.getOutputs(0).getContents().getBytesContentsList().stream()
                            .map(com.google.protobuf.ByteString::toStringUtf8).toList());
            JsonNode probabilities = infer.path("outputs").get(1);
            assertThat(probabilities.path("shape")).extracting(JsonNode::asInt).containsExactly(3, 2);
            assertThat(probabilities.path("parameters").path("labels").asText()).isEqualTo("[\"no\",\"yes\"]");
            assertThat(StreamSupport.stream(probabilities.path("data").spliterator(), false).map(JsonNode::asDouble).toList())
                    .containsExactlyElementsOf(java.getOutputs(1).getContents().getFp64ContentsList());

            JsonNode refused = node(address, "credit", """
                    {"inputs": [{"name": "x", "datatype": "FP64", "shape": [1], "data": [1.5]}]}""").path("infer").path("error");
            assertThat(refused.path("code").asText()).isEqualTo("INVALID_ARGUMENT");
            assertThat(refused.path("details").asText()).isEqualTo("missing feature colour");
        }
    }

    /** Runs the Node client on a request; what it printed, as JSON. */
    private JsonNode node(String address, String model, String request) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "request", ".json"), request);
        Process process = new ProcessBuilder("node", "client.js", address, model, file.toAbsolutePath().toString())
                .directory(CLIENT.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the Node client finishes").isTrue();
        assertThat(process.exitValue()).as("the Node client's exit status; it printed: " + out).isZero();
        return JSON.readTree(out);
    }
}
