package io.pipewright.serve.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.pipewright.serve.AbSplit;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import io.pipewright.serve.grpc.proto.GRPCInferenceServiceGrpc;
import io.pipewright.train.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --ab with --grpc-port: a gRPC answer says which variant answered, as REST's "variant" does, and the version is that variant's. */
class GrpcAbSplitTest {
    @TempDir
    Path dir;

    @Test
    void everyAnswerNamesItsVariantAndTheVersionThatAnswered() throws Exception {
        Predictor a = ServedModel.credit(dir);
        Path copy = Files.copy(dir.resolve("credit" + ModelArtifact.EXTENSION), dir.resolve("credit-b" + ModelArtifact.EXTENSION));
        Predictor b = Predictor.load("credit", "2", copy, 2);
        var scoring = new Scoring(a);
        scoring.ab(b, AbSplit.of(0.5, null, a));
        scoring.start();
        var grpc = new GrpcServer(scoring, 100_000);
        int port = grpc.start("127.0.0.1", 0);
        var channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
        try {
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                var answer = stub.modelInfer(GrpcServerTest.infer("credit", GrpcServerTest.fp64("x", 1.5), GrpcServerTest.bytes("colour", "red"))
                        .setId("user-" + i).build());
                String variant = answer.getParametersOrThrow("variant").getStringParam();
                assertThat(answer.getModelVersion()).isEqualTo(variant.equals(AbSplit.A) ? "1" : "2");
                seen.merge(variant, 1, Integer::sum);
            }
            // 200 ids split half and half: each side within 5 standard deviations (sd ≈ 7.1) of 100
            assertThat(seen.keySet()).containsExactlyInAnyOrder("a", "b");
            assertThat(seen.get("b")).isBetween(65, 135);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            grpc.close();
            scoring.close();
        }
    }
}
